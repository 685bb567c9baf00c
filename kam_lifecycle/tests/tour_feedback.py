# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourFeedback(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls._user("demo", "kam_lifecycle.group_kam_user", "Marc Demo")
        cls.account = cls._key_account("Tour Feedback Feedmill", cls.demo)
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Gao Yan",
                "parent_id": cls.account.id,
                "type": "contact",
                "email": "gao.yan@tourfeedmill.example.com",
                "kam_role": "decision_maker",
            }
        )
        today = fields.Date.today()
        cls.visit = cls.env["kam.visit"].create(
            {
                "partner_id": cls.account.id,
                "date": today - timedelta(days=5),
                "summary": "Tour visit",
                "user_ids": [fields.Command.set(cls.demo.ids)],
            }
        )
        cls.rating = cls.env["rating.rating"].search(
            [("res_model", "=", "kam.visit"), ("res_id", "=", cls.visit.id)]
        )
        cls.plan = cls.env["kam.account.plan"].create(
            {"partner_id": cls.account.id, "year": today.year}
        )

    def test_feedback_tour(self):
        """The KAM user reads the account's Feedback section, then sends the
        satisfaction survey from the account plan to its decision unit."""
        self.visit.rating_apply(5, token=self.rating.access_token)
        self.start_tour("/odoo", "kam_tour_feedback", login="demo")
        answers = self.env["survey.user_input"].search(
            [("kam_partner_id", "=", self.account.id)]
        )
        self.assertEqual(answers.partner_id, self.buyer)
        self.assertEqual(answers.kam_year, self.plan.year)

    def test_rate_page_lands_on_the_visit(self):
        """The client follows the mail's link: Odoo's /rate page takes the rating
        and the comment for the visit, and a dissatisfied one gives an activity."""
        token = self.rating.access_token
        page = self.url_open(f"/rate/{token}/1")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
        answer = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 1, "feedback": "Nobody called back", "csrf_token": csrf},
        )
        self.assertEqual(answer.status_code, 200)
        self.rating.invalidate_recordset()
        self.assertTrue(self.rating.consumed)
        self.assertEqual(self.rating.rating, 1)
        self.assertEqual(self.rating.feedback, "Nobody called back")
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.account.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("kam_lifecycle.mail_activity_type_kam_low_score").id,
                ),
            ]
        )
        self.assertEqual(activity.user_id, self.demo)
        with mute_logger("odoo.http"):
            bad = self.url_open(f"/rate/{token}/4")
        self.assertNotEqual(bad.status_code, 200, "only the 5 / 3 / 1 faces")
