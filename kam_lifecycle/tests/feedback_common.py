# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields

from .common import KamCommon


class KamFeedbackCommon(KamCommon):
    """Two key accounts of two KAM users, with decision units that have emails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.kam_feedback_low_rating = 1
        cls.company.kam_feedback_low_survey = 60.0
        cls.contact.write(
            {"email": "li.wei@feedmill.example.com", "kam_role": "decision_maker"}
        )
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Zhou Min",
                "parent_id": cls.customer.id,
                "type": "contact",
                "email": "zhou.min@feedmill.example.com",
                "kam_role": "purchaser",
            }
        )
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Other Pharma Co",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user_2.id,
            }
        )
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Ma Lin",
                "parent_id": cls.other.id,
                "type": "contact",
                "email": "ma.lin@otherpharma.example.com",
                "kam_role": "decision_maker",
            }
        )
        cls.survey = cls.env.ref("kam_lifecycle.survey_kam_satisfaction")
        cls.year = fields.Date.today().year
        cls.low_type = cls.env.ref("kam_lifecycle.mail_activity_type_kam_low_score")

    @classmethod
    def _visit(cls, partner, user=None, **vals):
        user = user or partner.kam_manager_id
        return (
            cls.env["kam.visit"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "summary": "Quarterly review",
                    "user_ids": [fields.Command.set(user.ids)],
                    **vals,
                }
            )
            .sudo()
        )

    def _request(self, visit):
        """The open rating request of ``visit``."""
        return self.env["rating.rating"].search(
            [
                ("res_model", "=", "kam.visit"),
                ("res_id", "=", visit.id),
                ("consumed", "=", False),
            ]
        )

    def _rate(self, visit, value, feedback=None):
        """The client clicks ``value`` in the mail: the flow of the /rate page."""
        rating = self._request(visit)
        self.assertEqual(len(rating), 1, "one open request")
        visit.sudo().rating_apply(value, token=rating.access_token, feedback=feedback)
        return rating

    def _low_activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.low_type.id),
            ]
        )

    def _answer(self, partner, contact, choices, year=None, company=None, done=True):
        """A survey answer of ``contact`` for the account ``partner``: ``choices``
        is the answer chosen per rated question (5 very satisfied .. 1 very
        dissatisfied), in the order quality, delivery, technical, sales."""
        answer = self.survey._create_answer(
            partner=contact,
            check_attempts=False,
            kam_partner_id=partner.id,
            kam_year=year or self.year,
            kam_company_id=(company or self.company).id,
        )
        for key, choice in zip(
            ("quality", "delivery", "technical", "sales"), choices, strict=True
        ):
            question = self.env.ref(f"kam_lifecycle.survey_kam_satisfaction_q_{key}")
            suggestion = self.env.ref(
                f"kam_lifecycle.survey_kam_satisfaction_q_{key}_a{choice}"
            )
            answer._save_lines(question, suggestion.id)
        if done:
            answer._mark_done()
        return answer
