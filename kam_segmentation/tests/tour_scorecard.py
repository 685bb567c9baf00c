# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourScorecard(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._user(
            "kam_tour_scorecard", "kam_lifecycle.group_kam_manager", "Zhao Min"
        )
        account = cls._key_account("Tour Scorecard Client", cls.manager)
        today = fields.Date.today()
        cls._confirmed_order(account, today - timedelta(days=1), qty=20.0)
        cls.env["kam.complaint"].create(
            {"partner_id": account.id, "category": "packaging", "severity": "low"}
        )
        cls.env["kam.scorecard"]._kam_recompute_scorecards()

    def test_scorecard_tour(self):
        """A KAM manager opens KAM Scorecard, recomputes, switches to the pivot and
        opens his quarter, whose figures explain where they come from."""
        self.start_tour("/odoo", "kam_tour_scorecard", login="kam_tour_scorecard")
        card = self.env["kam.scorecard"].search(
            [("manager_id", "=", self.manager.id), ("period_type", "=", "quarter")],
            order="date_start desc",
            limit=1,
        )
        self.assertEqual(card.complaint_count, 1)
        self.assertEqual(card.order_count, 1)
