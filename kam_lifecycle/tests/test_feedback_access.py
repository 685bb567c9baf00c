# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KamAttackMixin
from .feedback_common import KamFeedbackCommon


@tagged("post_install", "-at_install")
class TestFeedbackAccess(KamAttackMixin, KamFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit = cls._visit(cls.customer)
        cls.other_visit = cls._visit(cls.other)
        cls.rating = cls.env["rating.rating"].search(
            [("res_model", "=", "kam.visit"), ("res_id", "=", cls.visit.id)]
        )
        cls.other_rating = cls.env["rating.rating"].search(
            [("res_model", "=", "kam.visit"), ("res_id", "=", cls.other_visit.id)]
        )
        for rating in cls.rating | cls.other_rating:
            rating.write({"rating": 3, "consumed": True})
        # a rating of another model, which the rules must leave alone
        cls.partner_rating = cls.env["rating.rating"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "res_id": cls.customer.id,
                "partner_id": cls.contact.id,
                "rating": 5,
                "consumed": True,
            }
        )
        cls.answer = cls._answer_cls(cls.customer, cls.contact)
        cls.other_answer = cls._answer_cls(cls.other, cls.other_contact)
        cls.plain_answer = cls.env.ref(
            "kam_lifecycle.survey_kam_satisfaction"
        )._create_answer(email="anyone@example.com", check_attempts=False)
        cls.survey_officer = new_test_user(
            cls.env, login="kam_survey_officer", groups="survey.group_survey_user"
        )

    @classmethod
    def _answer_cls(cls, partner, contact):
        return cls.env.ref("kam_lifecycle.survey_kam_satisfaction")._create_answer(
            partner=contact,
            check_attempts=False,
            kam_partner_id=partner.id,
            kam_year=fields.Date.today().year,
            kam_company_id=cls.env.company.id,
        )

    def _visible_ratings(self, user):
        ids = (self.rating | self.other_rating | self.partner_rating).ids
        return self.env["rating.rating"].with_user(user).search([("id", "in", ids)])

    def _visible_answers(self, user):
        ids = (self.answer | self.other_answer | self.plain_answer).ids
        return self.env["survey.user_input"].with_user(user).search([("id", "in", ids)])

    def test_kam_user_reads_own_ratings_only(self):
        """A KAM user reads the ratings of his accounts' visits, not another
        manager's; other models' ratings stay as Odoo has them."""
        self.assertEqual(
            self._visible_ratings(self.kam_user), self.rating | self.partner_rating
        )
        with self.assertRaises(AccessError):
            self.other_rating.with_user(self.kam_user).read(["rating", "feedback"])
        self.assertEqual(
            self.other.with_user(self.kam_user).kam_rating_count, 0, "no leak"
        )
        self.assertEqual(self.customer.with_user(self.kam_user).kam_rating_count, 1)

    def test_kam_manager_reads_all_ratings(self):
        """A KAM manager reads the ratings of every key account."""
        self.assertEqual(
            self._visible_ratings(self.kam_manager),
            self.rating | self.other_rating | self.partner_rating,
        )
        self.assertEqual(self.other.with_user(self.kam_manager).kam_rating_count, 1)

    def test_salesman_reads_no_visit_rating(self):
        """A salesman without KAM groups reads no visit rating (he may not read
        visits) but still the ratings of other models."""
        self.assertEqual(self._visible_ratings(self.salesman), self.partner_rating)
        with self.assertRaises(AccessError):
            self.rating.with_user(self.salesman).read(["rating"])

    def test_kam_user_cannot_write_another_managers_rating(self):
        """Writing the rating of another manager's visit is refused."""
        self.assertRefused(
            AccessError,
            self.other_rating,
            self.rpc,
            self.kam_user,
            "rating.rating",
            "write",
            self.other_rating.ids,
            {"rating": 5},
        )

    def test_ratings_follow_the_visit_company(self):
        """A visit rating of another company is out of a manager's sight when that
        company is not among his companies."""
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        manager_b = new_test_user(
            self.env,
            login="kam_manager_b",
            groups="kam_lifecycle.group_kam_manager",
            company_id=company_b.id,
            company_ids=[fields.Command.set(company_b.ids)],
        )
        self.assertEqual(self._visible_ratings(manager_b), self.partner_rating)
        self.assertFalse(self._visible_answers(manager_b) & self.answer)

    def test_kam_user_reads_own_answers_only(self):
        """A KAM user reads the survey answers of his accounts, with their lines,
        not those of another manager's account."""
        visible = self._visible_answers(self.kam_user)
        self.assertIn(self.answer, visible)
        self.assertNotIn(self.other_answer, visible)
        with self.assertRaises(AccessError):
            self.other_answer.with_user(self.kam_user).read(["scoring_percentage"])
        question = self.env.ref("kam_lifecycle.survey_kam_satisfaction_q_quality")
        self.other_answer._save_lines(
            question,
            self.env.ref("kam_lifecycle.survey_kam_satisfaction_q_quality_a5").id,
        )
        line = self.other_answer.user_input_line_ids
        self.assertTrue(line)
        with self.assertRaises(AccessError):
            line.with_user(self.kam_user).read(["answer_score"])
        self.assertEqual(self.other.with_user(self.kam_user).kam_survey_answer_count, 0)

    def test_kam_manager_reads_all_answers(self):
        """A KAM manager reads the answers of every key account."""
        visible = self._visible_answers(self.kam_manager)
        self.assertIn(self.answer, visible)
        self.assertIn(self.other_answer, visible)

    def test_survey_officer_without_kam_reads_no_key_account_answer(self):
        """A survey officer without KAM groups keeps his other answers but not
        those of key accounts."""
        self.assertEqual(self._visible_answers(self.survey_officer), self.plain_answer)

    def test_salesman_reads_no_answer(self):
        """A plain salesman has no access to survey answers at all (Odoo's rule)."""
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.salesman).search([])
        self.assertEqual(
            self.customer.with_user(self.salesman).sudo(False).name, self.customer.name
        )

    def test_kam_user_cannot_invite_another_managers_account(self):
        """A KAM user can neither create answers for another manager's account nor
        have its existing answers sent again."""
        for year in (fields.Date.today().year + 1, fields.Date.today().year):
            action = self.other.action_kam_send_survey(year=year)
            invite = (
                self.env["survey.invite"]
                .with_user(self.kam_user)
                .with_context(**action["context"])
                .create({})
            )
            with self.subTest(year=year), self.assertRaises(AccessError):
                invite.action_invite()
        self.assertEqual(
            self.env["survey.user_input"].search_count(
                [("kam_partner_id", "=", self.other.id)]
            ),
            1,
        )

    def test_kam_user_cannot_move_an_answer_to_another_account(self):
        """Re-linking an answer to another manager's account is refused."""
        self.assertRefused(
            AccessError,
            self.answer,
            self.rpc,
            self.kam_user,
            "survey.user_input",
            "write",
            self.answer.ids,
            {"kam_partner_id": self.other.id},
        )
