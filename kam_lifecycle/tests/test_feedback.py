# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, tagged
from odoo.tools import mute_logger
from odoo.tools.translate import PoFileReader

from odoo.addons.kam_lifecycle.models.kam_feedback import (
    rating_satisfaction,
    rating_satisfaction_sql,
    trend,
)

from .feedback_common import KamFeedbackCommon


def _zh_cn_terms():
    """{msgid: msgstr} of the addon's zh_CN.po."""
    po_path = os.path.join(get_module_path("kam_lifecycle"), "i18n", "zh_CN.po")
    return {entry["src"]: entry["value"] for entry in PoFileReader(po_path)}


@tagged("post_install", "-at_install")
class TestFeedbackDefinitions(KamFeedbackCommon):
    def test_rating_satisfaction(self):
        """A visit rating in %: 5 is 100, 3 is 50, 1 is 0, in Python and in SQL."""
        self.assertEqual(
            [rating_satisfaction(r) for r in (5, 3, 1)], [100.0, 50.0, 0.0]
        )
        self.env.cr.execute(
            fields.SQL(
                "SELECT %s, %s, %s",
                rating_satisfaction_sql(fields.SQL("5")),
                rating_satisfaction_sql(fields.SQL("3")),
                rating_satisfaction_sql(fields.SQL("1")),
            )
        )
        self.assertEqual([float(v) for v in self.env.cr.fetchone()], [100, 50, 0])

    def test_trend(self):
        """A trend needs both periods; it says which way the score went."""
        self.assertEqual(trend(4.0, 3.0), "up")
        self.assertEqual(trend(3.0, 4.0), "down")
        self.assertEqual(trend(3.0, 3.0), "stable")
        self.assertFalse(trend(None, 3.0))
        self.assertFalse(trend(3.0, None))


@tagged("post_install", "-at_install")
class TestVisitRating(KamFeedbackCommon):
    def test_logged_visit_sends_the_rating_request(self):
        """Logging a visit asks the client attendee to rate it: a rating row on the
        visit, its account and the key-account manager, and a mail with the
        5 / 3 / 1 links."""
        visit = self._visit(
            self.customer, contact_ids=[fields.Command.set(self.buyer.ids)]
        )
        rating = self._request(visit)
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.buyer, "the attendee rates")
        self.assertEqual(rating.rated_partner_id, self.kam_user.partner_id)
        self.assertEqual(rating.parent_res_model, "res.partner")
        self.assertEqual(rating.parent_res_id, self.customer.id)
        self.assertEqual(rating.kam_partner_id, self.customer)
        self.assertEqual(rating.kam_visit_id, visit)
        self.assertFalse(rating.consumed)
        message = visit.message_ids.filtered(
            lambda m: f"/rate/{rating.access_token}/5" in m.body
        )
        self.assertEqual(len(message), 1, "the request is in the chatter")
        self.assertIn(f"/rate/{rating.access_token}/1", message.body)
        self.assertIn(self.buyer, message.partner_ids, "sent to the attendee")
        self.assertIn(self.kam_user.name, message.body, "the visitors are named")

    def test_who_rates(self):
        """The attendee with an email, else the decision unit (decision maker
        first), else the account itself, else nobody."""
        visit = self._visit(self.customer)
        self.assertEqual(visit._rating_get_partner(), self.contact, "decision maker")
        self.contact.email = False
        self.assertEqual(visit._rating_get_partner(), self.buyer, "next role")
        self.buyer.email = False
        self.assertFalse(visit._rating_get_partner())
        self.customer.email = "info@feedmill.example.com"
        self.assertEqual(visit._rating_get_partner(), self.customer)
        self.assertEqual(visit._rating_get_operator(), self.kam_user.partner_id)
        self.assertEqual(visit._rating_get_parent_field_name(), "partner_id")

    def test_no_request_without_email_or_with_opt_out(self):
        """No rating request when nobody has an email, or the account opted out."""
        self.other_contact.email = False
        self.assertFalse(self._request(self._visit(self.other)))
        self.customer.kam_feedback_opt_out = True
        self.assertFalse(self._request(self._visit(self.customer)))
        self.customer.kam_feedback_opt_out = False
        self.assertTrue(self._request(self._visit(self.customer)))

    def test_rating_lands_on_visit_account_and_manager(self):
        """The client's rating lands on the visit, the account's Feedback section and
        the key-account manager, with the comment in the visit's chatter."""
        visit = self._visit(self.customer)
        rating = self._rate(visit, 5, feedback="Very well prepared")
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(visit.rating_count, 1)
        self.assertEqual(visit.rating_avg, 5)
        self.assertIn("Very well prepared", visit.message_ids[0].body)
        self.assertEqual(rating.rated_partner_id, self.kam_user.partner_id)
        customer = self.customer.with_user(self.kam_user)
        self.assertEqual(customer.kam_rating_avg_12m, 5.0)
        self.assertEqual(customer.kam_rating_satisfaction_12m, 100.0)
        self.assertEqual(customer.kam_rating_count_12m, 1)
        self.assertFalse(self._low_activities(self.customer), "5 is not low")

    def test_low_rating_gives_one_activity(self):
        """A dissatisfied rating gives the key-account manager one to-do; a second
        one while it is open adds none."""
        self._rate(self._visit(self.customer), 1, feedback="Nobody listened")
        activity = self._low_activities(self.customer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.kam_user)
        self.assertIn("1/5", activity.summary)
        self.assertIn("Nobody listened", activity.note)
        self._rate(self._visit(self.customer), 1)
        self.assertEqual(self._low_activities(self.customer), activity, "no double")
        activity.action_feedback(feedback="Called the buyer")
        self._rate(self._visit(self.customer), 1)
        self.assertEqual(len(self._low_activities(self.customer)), 1, "a new one")

    def test_low_rating_limit_is_configurable(self):
        """At or below the company's low rating; 0 switches it off."""
        self.company.kam_feedback_low_rating = 0
        self._rate(self._visit(self.customer), 1)
        self.assertFalse(self._low_activities(self.customer))
        self.company.kam_feedback_low_rating = 3
        self._rate(self._visit(self.customer), 5)
        self.assertFalse(self._low_activities(self.customer))
        self._rate(self._visit(self.customer), 3)
        self.assertEqual(len(self._low_activities(self.customer)), 1)

    def test_bad_limits_refused(self):
        """Limits out of range are refused with a clear message."""
        for vals in (
            {"kam_feedback_low_rating": 6},
            {"kam_feedback_low_rating": -1},
            {"kam_feedback_low_survey": 101.0},
            {"kam_feedback_low_survey": -5.0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.company.write(vals)

    def test_settings_show_the_limits(self):
        """Settings > Sales > Key Accounts sets the limits of the company."""
        with Form(self.env["res.config.settings"]) as settings:
            settings.kam_feedback_low_rating = 3
            settings.kam_feedback_low_survey = 70.0
        self.assertEqual(self.company.kam_feedback_low_rating, 3)
        self.assertEqual(self.company.kam_feedback_low_survey, 70.0)

    def test_rating_apply_refuses_bad_values(self):
        """A rating out of 0..5 or a wrong token is refused."""
        visit = self._visit(self.customer)
        token = self._request(visit).access_token
        with self.assertRaises(ValueError):
            visit.rating_apply(7, token=token)
        with self.assertRaises(ValueError):
            visit.rating_apply(5, token="not-a-token")
        self.assertTrue(self._request(visit), "still open")

    def test_rating_trend_over_two_windows(self):
        """The last 12 months' average against the 12 before, by the visit date."""
        today = fields.Date.today()
        old = self._visit(self.customer, date=today - timedelta(days=400))
        self._rate(old, 1)
        self._rate(self._visit(self.customer, date=today - timedelta(days=10)), 5)
        self._rate(self._visit(self.customer, date=today - timedelta(days=20)), 3)
        self._rate(self._visit(self.customer, date=today - timedelta(days=800)), 5)
        customer = self.customer.with_user(self.kam_user)
        self.assertEqual(customer.kam_rating_avg_12m, 4.0)
        self.assertEqual(customer.kam_rating_avg_prev_12m, 1.0)
        self.assertEqual(customer.kam_rating_trend, "up")
        self.assertEqual(customer.kam_rating_count_12m, 2)
        self.assertEqual(customer.kam_rating_count, 4, "all ratings, any date")

    def test_feedback_stats_are_set_based(self):
        """The Feedback section of many accounts costs the same few queries."""
        partners = self.customer | self.other
        for partner in partners:
            self._rate(self._visit(partner), 3)
            self._answer(partner, partner.child_ids[0], [4, 4, 4, 4])
        extra = self.env["res.partner"].create(
            [
                {
                    "name": f"Account {n}",
                    "is_company": True,
                    "kam_is_key_account": True,
                    "kam_manager_id": self.kam_manager.id,
                }
                for n in range(5)
            ]
        )
        names = [
            "kam_rating_avg_12m",
            "kam_rating_trend",
            "kam_survey_score",
            "kam_survey_trend",
        ]
        few = partners.with_user(self.kam_manager)
        many = (partners | extra).with_user(self.kam_manager)
        self.env.invalidate_all()
        few.read(names)  # warm the caches of the rules and the user
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            few.read(names)
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            many.read(names)
        self.assertEqual(few.mapped("kam_rating_avg_12m"), [3.0, 3.0])

    def test_annual_meeting_conclusions(self):
        """The annual meeting records its conclusions; the form shows the field for
        that type only; the account lists its annual meetings."""
        meeting = self._visit(
            self.customer,
            visit_type="annual_meeting",
            conclusions="<p>Faster complaint answers</p>",
        )
        self._visit(self.customer)
        self.assertEqual(self.customer.kam_annual_meeting_ids, meeting)
        self.assertIn("Faster complaint answers", meeting.conclusions)
        arch = self.env["kam.visit"].get_view(
            self.env.ref("kam_lifecycle.kam_visit_view_form").id
        )["arch"]
        self.assertIn("invisible=\"visit_type != 'annual_meeting'\"", arch)


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(KamFeedbackCommon):
    def test_shipped_survey_is_scored(self):
        """Four rated topics whose best answer scores most, two open questions that
        score nothing: the answer's score in % is the satisfaction."""
        self.assertEqual(self.survey.scoring_type, "scoring_without_answers")
        self.assertEqual(self.survey.access_mode, "token")
        rated = self.survey.question_ids.filtered(
            lambda q: q.question_type == "simple_choice"
        )
        self.assertEqual(len(rated), 4)
        for question in rated:
            scores = question.suggested_answer_ids.sorted("sequence").mapped(
                "answer_score"
            )
            self.assertEqual(scores, [4, 3, 2, 1, 0])
            self.assertTrue(question.constr_mandatory)
        texts = self.survey.question_ids - rated
        self.assertEqual(texts.mapped("question_type"), ["text_box", "text_box"])
        best = self._answer(self.customer, self.contact, [5, 5, 5, 5])
        neutral = self._answer(self.customer, self.buyer, [3, 3, 3, 3])
        self.assertEqual(best.scoring_percentage, 100.0)
        self.assertEqual(neutral.scoring_percentage, 50.0)
        worst = self._answer(self.other, self.other_contact, [1, 1, 1, 1])
        self.assertEqual(worst.scoring_percentage, 0.0)

    def test_survey_texts_have_chinese(self):
        """Every text of the shipped survey has its Simplified Chinese translation
        in the addon's zh_CN.po."""
        known = _zh_cn_terms()
        texts = [self.survey.title, *self.survey.question_ids.mapped("title")]
        texts += self.survey.question_ids.suggested_answer_ids.mapped("value")
        missing = sorted({text for text in texts if not known.get(text)})
        self.assertFalse(missing, "survey texts without a Chinese translation")

    def _invite(self, action, user, **vals):
        invite = (
            self.env["survey.invite"]
            .with_user(user)
            .with_context(**action["context"])
            .create(vals)
        )
        invite.action_invite()
        return invite

    def _answers(self, partner=None):
        domain = [("survey_id", "=", self.survey.id)]
        if partner:
            domain.append(("kam_partner_id", "=", partner.id))
        return self.env["survey.user_input"].search(domain)

    def test_send_from_the_plan(self):
        """The plan's button opens Odoo's invitation with the decision unit and the
        plan's year; each answer is linked to the account and the year."""
        plan = self.env["kam.account.plan"].create(
            {"partner_id": self.customer.id, "year": self.year - 1}
        )
        action = plan.with_user(self.kam_user).action_kam_send_survey()
        self.assertEqual(action["res_model"], "survey.invite")
        context = action["context"]
        self.assertEqual(
            set(context["default_partner_ids"]), {self.contact.id, self.buyer.id}
        )
        self.assertEqual(context["default_kam_year"], self.year - 1)
        self.assertEqual(context["default_survey_id"], self.survey.id)
        invite = self._invite(action, self.kam_user)
        self.assertTrue(invite.kam_is_satisfaction)
        answers = self._answers(self.customer)
        self.assertEqual(answers.partner_id, self.contact | self.buyer)
        self.assertEqual(set(answers.mapped("kam_year")), {self.year - 1})
        self.assertEqual(answers.kam_company_id, self.company)
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.contact.ids)]
        )
        self.assertTrue(mails, "the invitation is mailed")

    def test_no_double_invitation_per_year(self):
        """Inviting again the same year re-sends the open answer, makes no second
        one, and skips a finished one; a new year makes new answers."""
        action = self.customer.with_user(self.kam_user).action_kam_send_survey()
        self._invite(action, self.kam_user)
        first = self._answers(self.customer)
        self.assertEqual(len(first), 2)
        first.filtered(lambda a: a.partner_id == self.contact)._mark_done()
        self._invite(action, self.kam_user, existing_mode="new")
        self.assertEqual(self._answers(self.customer), first)
        action = self.customer.with_user(self.kam_user).action_kam_send_survey(
            year=self.year + 1
        )
        self._invite(action, self.kam_user)
        self.assertEqual(len(self._answers(self.customer)), 4)

    def test_bulk_send_to_selected_key_accounts(self):
        """The action on the key-account list invites the decision units of all the
        selected accounts, each answer linked to its own account."""
        accounts = (self.customer | self.other).with_user(self.kam_manager)
        action = accounts.action_kam_send_survey()
        self._invite(action, self.kam_manager)
        self.assertEqual(
            self._answers(self.customer).partner_id, self.contact | self.buyer
        )
        self.assertEqual(self._answers(self.other).partner_id, self.other_contact)
        server_action = self.env.ref("kam_lifecycle.res_partner_action_kam_send_survey")
        self.assertEqual(server_action.binding_model_id.model, "res.partner")
        result = server_action.with_context(
            active_model="res.partner", active_ids=accounts.ids
        ).run()
        self.assertEqual(result["res_model"], "survey.invite")

    def test_bad_sending_refused(self):
        """No key account, no decision-unit email, loose emails, a contact of
        another company or a wrong year: each refused with a message."""
        plain = self.env["res.partner"].create({"name": "Walk-in", "is_company": True})
        with self.assertRaises(UserError):
            plain.action_kam_send_survey()
        with self.assertRaises(UserError):
            self.env["res.partner"].action_kam_send_survey()
        self.other_contact.email = False
        with self.assertRaises(UserError):
            self.other.action_kam_send_survey()
        action = self.customer.action_kam_send_survey()
        with self.assertRaises(UserError):
            self._invite(action, self.env.user, emails="someone@example.com")
        walk_in = self.env["res.partner"].create(
            {"name": "Jo", "parent_id": plain.id, "email": "jo@example.com"}
        )
        with self.assertRaises(UserError):
            self._invite(
                action, self.env.user, partner_ids=[fields.Command.set(walk_in.ids)]
            )
        with self.assertRaises(ValidationError):
            self._invite(action, self.env.user, kam_year=1066)
        with self.assertRaises(UserError):
            self._invite(action, self.env.user, kam_year=0)
        self.assertFalse(self._answers(self.customer) | self._answers(self.other))

    def test_survey_scores_on_the_account(self):
        """The latest survey year's average score and the year before, with trend."""
        self._answer(self.customer, self.contact, [3, 3, 3, 3], year=self.year - 1)
        self._answer(self.customer, self.contact, [5, 5, 5, 5])
        self._answer(self.customer, self.buyer, [4, 4, 4, 4])
        self._answer(
            self.customer, self.contact, [1, 1, 1, 1], year=self.year + 1, done=False
        )
        customer = self.customer.with_user(self.kam_user)
        self.assertEqual(customer.kam_survey_year, self.year, "finished answers only")
        self.assertEqual(customer.kam_survey_score, 87.5)
        self.assertEqual(customer.kam_survey_score_prev, 50.0)
        self.assertEqual(customer.kam_survey_trend, "up")
        self.assertEqual(customer.kam_survey_answer_count, 4)
        action = customer.action_kam_open_survey_answers()
        self.assertEqual(
            self.env["survey.user_input"]
            .with_user(self.kam_user)
            .search_count(action["domain"]),
            4,
        )

    def test_low_survey_score_gives_one_activity(self):
        """A finished answer scoring below the limit gives the manager one to-do."""
        self._answer(self.customer, self.contact, [3, 3, 3, 3])
        activity = self._low_activities(self.customer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.kam_user)
        self.assertIn("50 %", activity.summary)
        self._answer(self.customer, self.buyer, [1, 1, 1, 1])
        self.assertEqual(self._low_activities(self.customer), activity)
        self._answer(self.other, self.other_contact, [4, 4, 4, 4])
        self.assertFalse(self._low_activities(self.other), "75 % is fine")
        self.company.kam_feedback_low_survey = 0
        other_contact = self.env["res.partner"].create(
            {"name": "Xu", "parent_id": self.other.id, "email": "xu@example.com"}
        )
        self._answer(self.other, other_contact, [1, 1, 1, 1])
        self.assertFalse(self._low_activities(self.other), "switched off")

    def test_one_answer_per_contact_and_year(self):
        """The database refuses a second answer of a contact for the same year."""
        self._answer(self.customer, self.contact, [4, 4, 4, 4], done=False)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self._answer(self.customer, self.contact, [4, 4, 4, 4], done=False)


@tagged("post_install", "-at_install")
class TestFeedbackWindow(KamFeedbackCommon):
    def test_window_follows_today(self):
        """The 12-month window is taken from today (frozen): a rating leaves it."""
        with freeze_time("2026-03-01"):
            visit = self._visit(self.customer, date=date(2026, 2, 20))
            self._rate(visit, 5)
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.kam_rating_count_12m, 1)
        with freeze_time("2027-03-01"):
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.kam_rating_count_12m, 0)
            self.assertEqual(self.customer.kam_rating_avg_prev_12m, 5.0)
