# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import date

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..models.kam_scorecard import scorecard_period, scorecard_periods
from .common import KamSegmentCommon

Q2 = date(2026, 4, 1)


@tagged("post_install", "-at_install")
class TestScorecard(KamSegmentCommon):
    """The KAM scorecard on hand-made data in an isolated company (today:
    2026-06-15, the running quarter is 2026 Q2, 76 days counted)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.kam_user, cls.kam_user_2, cls.kam_manager):
            user.company_ids |= cls.seg_company
        # the common world's key account goes to the manager (no business here)
        cls.customer.kam_manager_id = cls.kam_manager
        cls.client_a = cls._client(
            "Scorecard Feedmill", requirement=400.0, kam_manager_id=cls.kam_user.id
        )
        cls.client_b = cls._client("Scorecard Pharma", kam_manager_id=cls.kam_user_2.id)
        cls.not_key = cls._client("Scorecard Trader", kam_is_key_account=False)
        # orders: 2 x 10 t in Q2, 20 t in Q1, one order of a non-key account
        cls._order(cls.client_a, days_ago=10, qty=10.0, price=5000.0)
        cls._order(cls.client_a, days_ago=30, qty=10.0, price=5000.0)
        cls._order(cls.client_a, days_ago=100, qty=20.0, price=5000.0)
        cls._order(cls.client_b, days_ago=20, qty=1.0, price=5000.0)
        cls._order(cls.not_key, days_ago=5, qty=50.0, price=5000.0)
        # complaints: one approved (cost 300) and one cancelled in Q2
        complaints = cls.env["kam.complaint"].create(
            [
                {
                    "partner_id": cls.client_a.id,
                    "company_id": cls.seg_company.id,
                    "date_received": "2026-05-10 09:00:00",
                    "resolution_cost": 300.0,
                },
                {
                    "partner_id": cls.client_a.id,
                    "company_id": cls.seg_company.id,
                    "date_received": "2026-05-11 09:00:00",
                    "resolution_cost": 999.0,
                },
            ]
        )
        complaints[0].write({"state": "approved"})
        complaints[1].write({"state": "cancelled"})
        # the 2026 plan: 1,000 of revenue and 0.2 t a day, visits every 30 days
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "partner_id": cls.client_a.id,
                "company_id": cls.seg_company.id,
                "year": 2026,
                "uom_id": cls.uom_ton.id,
                "target_revenue": 365000.0,
                "target_qty": 73.0,
                "visit_cycle_days": 30,
                "exec_visit_cycle_days": 180,
            }
        )
        cls.plan.action_agree()
        cls.plan.action_activate()
        # visits: 3 sales visits in Q2 (2 planned), one in Q1
        Visit = cls.env["kam.visit"].with_company(cls.seg_company)
        with freeze_time("2026-06-15"):
            cls.visits = Visit.create(
                [
                    {
                        "partner_id": cls.client_a.id,
                        "company_id": cls.seg_company.id,
                        "date": day,
                        "visit_type": "sales",
                        "summary": "Visit",
                    }
                    for day in ("2026-04-10", "2026-05-10", "2026-06-10", "2026-02-10")
                ]
            )
        # ratings 5 and 3 answered in Q2 (100 % and 50 %), one not answered
        cls._rating(cls.visits[0], 5, "2026-04-12 10:00:00")
        cls._rating(cls.visits[1], 3, "2026-05-12 10:00:00")
        cls._rating(cls.visits[2], 1, "2026-06-12 10:00:00", consumed=False)
        # the 2026 survey: one answer at 80 %, one unfinished
        cls._answer(cls.client_a, 2026, 80.0)
        cls._answer(cls.client_a, 2026, 10.0, state="in_progress")
        # phase moves in Q2: reached stability
        cls.env["kam.lifecycle.event"].create(
            {
                "partner_id": cls.client_a.id,
                "company_id": cls.seg_company.id,
                "date": "2026-05-20",
                "phase_from": "formation",
                "phase_to": "stability",
                "source": "computed",
            }
        )
        cls.Card = cls.senv["kam.scorecard"]

    @classmethod
    def _rating(cls, visit, value, when, consumed=True):
        rating = cls.env["rating.rating"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("kam.visit"),
                "res_id": visit.id,
                "parent_res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "parent_res_id": visit.partner_id.id,
                "rated_partner_id": visit.partner_id.kam_manager_id.partner_id.id,
                "rating": value,
                "consumed": consumed,
            }
        )
        rating.flush_recordset()
        # the contract's row: the parent is the account (kam_lifecycle's rating
        # mixin on the visit says so; without it rating.create clears the parent)
        cls.env.cr.execute(
            SQL(
                "UPDATE rating_rating SET write_date = %s, parent_res_model_id = %s, "
                "parent_res_model = 'res.partner', parent_res_id = %s WHERE id = %s",
                when,
                cls.env["ir.model"]._get_id("res.partner"),
                visit.partner_id.id,
                rating.id,
            )
        )
        rating.invalidate_recordset()
        return rating

    @classmethod
    def _answer(cls, partner, year, score, state="done"):
        survey = cls.env["survey.survey"].create({"title": f"Satisfaction {year}"})
        answer = cls.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "kam_partner_id": partner.id,
                "kam_year": year,
                "state": state,
            }
        )
        answer.flush_recordset()
        cls.env.cr.execute(
            SQL(
                "UPDATE survey_user_input SET scoring_percentage = %s WHERE id = %s",
                score,
                answer.id,
            )
        )
        answer.invalidate_recordset()
        return answer

    def _recompute(self, today=date(2026, 6, 15), **kw):
        return self.Card._kam_recompute_scorecards(today=today, **kw)

    def _card(self, manager, start=Q2, period_type="quarter", company=None):
        return self.Card.search(
            [
                ("manager_id", "=", manager.id),
                ("period_type", "=", period_type),
                ("date_start", "=", start),
                ("company_id", "=", (company or self.seg_company).id),
            ]
        )

    # ---- periods --------------------------------------------------------------
    def test_periods(self):
        """The nightly run covers the running and 4 previous quarters, the running
        and the previous year; the running period counts up to today."""
        periods = scorecard_periods(date(2026, 6, 15))
        self.assertEqual(
            [(p["period_type"], p["date_start"]) for p in periods],
            [
                ("quarter", date(2026, 4, 1)),
                ("quarter", date(2026, 1, 1)),
                ("quarter", date(2025, 10, 1)),
                ("quarter", date(2025, 7, 1)),
                ("quarter", date(2025, 4, 1)),
                ("year", date(2026, 1, 1)),
                ("year", date(2025, 1, 1)),
            ],
        )
        q2 = periods[0]
        self.assertEqual(q2["date_end"], date(2026, 6, 30))
        self.assertEqual(q2["upto"], date(2026, 6, 15))
        self.assertEqual(q2["days"], 76)
        self.assertEqual(q2["prev_start"], date(2026, 1, 1))
        q1 = scorecard_period("quarter", date(2026, 1, 1), date(2026, 6, 15))
        self.assertEqual((q1["days"], q1["upto"]), (90, date(2026, 3, 31)))

    # ---- figures ----------------------------------------------------------------
    def test_figures_of_the_quarter(self):
        """Each figure of the KAM's running quarter comes from his key accounts'
        ratings, answers, complaints, orders, plan, visits and phase moves."""
        self.assertGreater(self._recompute(), 0)
        card = self._card(self.kam_user)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.name, "2026 Q2")
        self.assertEqual(card.date_upto, date(2026, 6, 15))
        self.assertEqual(card.account_count, 1, "an account without manager is out")
        # satisfaction: (100 + 50 + 80) / 3, unanswered ones left out
        self.assertEqual((card.rating_count, card.survey_count), (2, 1))
        self.assertAlmostEqual(card.rating_satisfaction, 75.0)
        self.assertAlmostEqual(card.survey_satisfaction, 80.0)
        self.assertAlmostEqual(card.satisfaction, 76.67, places=2)
        # complaints: the cancelled one does not count
        self.assertEqual((card.order_count, card.complaint_count), (2, 1))
        self.assertAlmostEqual(card.complaint_rate, 0.5)
        self.assertAlmostEqual(card.complaint_cost, 300.0)
        # visits: 3 done, floor(76 / 30) = 2 planned, 2 on the cycle
        self.assertEqual(
            (card.visits_done, card.visits_planned, card.visits_on_cycle), (3, 2, 2)
        )
        self.assertAlmostEqual(card.visit_rate, 100.0)
        # plan: 100,000 against 76,000 pro rata; 20 t against 15.2 t
        self.assertEqual(card.plan_count, 1)
        self.assertAlmostEqual(card.revenue_actual, 100000.0)
        self.assertAlmostEqual(card.revenue_target, 76000.0)
        self.assertAlmostEqual(card.revenue_achievement, 131.58, places=2)
        self.assertAlmostEqual(card.qty_achievement, 131.58, places=2)
        self.assertAlmostEqual(card.plan_achievement, 131.58, places=2)
        # share of wallet: 20 t of 400 t x 76/365 against 20 t of 400 x 90/365
        self.assertEqual(card.sow_account_count, 1)
        self.assertAlmostEqual(card.share_of_wallet, 0.2401, places=4)
        self.assertAlmostEqual(card.share_of_wallet_prev, 0.2028, places=4)
        change = 20 / (400 * 76 / 365) - 20 / (400 * 90 / 365)
        self.assertAlmostEqual(card.share_of_wallet_change, change, delta=0.0001)
        self.assertEqual((card.stability_reached, card.stability_left), (1, 0))

    def test_scores_and_weights(self):
        """Sub-scores are normalised to 0..100 and the overall score is their
        weighted mean with the company's weights."""
        self._recompute()
        card = self._card(self.kam_user)
        self.assertAlmostEqual(card.score_satisfaction, 76.67, places=2)
        self.assertAlmostEqual(card.score_complaints, 0.0, msg="0.5 per order >= 0.10")
        self.assertAlmostEqual(card.score_visits, 100.0)
        self.assertAlmostEqual(card.score_plan, 100.0, msg="capped at 100")
        sow_score = 50 + 50 * (20 / (400 * 76 / 365) - 20 / (400 * 90 / 365)) / 0.2
        self.assertAlmostEqual(card.score_sow, sow_score, delta=0.02)
        self.assertAlmostEqual(card.score_phase, 100.0)
        expected = (
            76.67 * 30 + 0 * 25 + 100 * 15 + 100 * 15 + sow_score * 10 + 100 * 5
        ) / 100
        self.assertAlmostEqual(card.score, expected, places=1)
        # only satisfaction weighs: the score is the satisfaction
        self.seg_company.write(
            {
                "kam_score_weight_satisfaction": 1.0,
                "kam_score_weight_complaints": 0.0,
                "kam_score_weight_visits": 0.0,
                "kam_score_weight_plan": 0.0,
                "kam_score_weight_sow": 0.0,
                "kam_score_weight_phase": 0.0,
                "kam_score_complaint_rate_max": 1.0,
            }
        )
        self.assertGreater(self._recompute(), 0)
        card.invalidate_recordset()
        self.assertAlmostEqual(card.score, 76.67, places=2)
        self.assertAlmostEqual(card.score_complaints, 50.0, msg="0.5 of 1.0 per order")

    def test_empty_satisfaction_is_not_zero(self):
        """A manager without ratings or answers has no satisfaction and no
        satisfaction score: it leaves the overall score instead of pulling it to 0."""
        self._recompute()
        card = self._card(self.kam_user_2)
        self.assertEqual((card.rating_count, card.survey_count), (0, 0))
        self.env.cr.execute(
            SQL(
                "SELECT satisfaction, score_satisfaction, score_complaints, score "
                "FROM kam_scorecard WHERE id = %s",
                card.id,
            )
        )
        satisfaction, score_sat, score_compl, score = self.env.cr.fetchone()
        self.assertIsNone(satisfaction)
        self.assertIsNone(score_sat)
        self.assertEqual(score_compl, 100.0)
        self.assertEqual(score, 100.0, "only the complaint score has data")
        self.assertIn("No visit rating or survey answer", card.satisfaction_explanation)

    def test_explanations(self):
        """Every figure says where it comes from, with its numbers."""
        self._recompute()
        card = self._card(self.kam_user)
        self.assertIn("2 visit ratings", card.satisfaction_explanation)
        self.assertIn("2026 satisfaction survey", card.satisfaction_explanation)
        self.assertIn("1 complaints received", card.complaint_explanation)
        self.assertIn("2 confirmed orders", card.complaint_explanation)
        self.assertIn("3 visits done", card.visit_explanation)
        self.assertIn("ask for 2 up to 2026-06-15", card.visit_explanation)
        self.assertIn("reached stability", card.phase_explanation)
        self.assertIn("Weighted mean of satisfaction 77 × 30", card.score_explanation)
        self.assertIn("24.0%", card.sow_explanation)

    def test_second_run_writes_nothing_and_changes_are_picked_up(self):
        """A run with nothing changed writes no row; a new complaint changes the
        manager's quarter and year, nobody else's."""
        self._recompute()
        self.assertEqual(self._recompute(), 0)
        self.env["kam.complaint"].create(
            {
                "partner_id": self.client_a.id,
                "company_id": self.seg_company.id,
                "date_received": "2026-06-01 09:00:00",
            }
        )
        self.assertEqual(self._recompute(), 2, "Q2 and 2026 of the KAM")
        self.assertEqual(self._card(self.kam_user).complaint_count, 2)

    def test_manager_change_moves_the_account(self):
        """The accounts are those a manager manages now; a manager left without
        key accounts loses the scorecards of the recomputed periods."""
        self._recompute()
        self.client_b.kam_manager_id = self.kam_user
        self._recompute()
        self.assertEqual(self._card(self.kam_user).account_count, 2)
        self.assertFalse(self._card(self.kam_user_2))

    # ---- cron ---------------------------------------------------------------------
    def test_cron_with_frozen_time(self):
        """The nightly cron takes today from the clock: on 2026-06-15 it fills
        5 quarters and 2 years per manager; in July the new quarter appears."""
        with freeze_time("2026-06-15 10:00:00"):
            self.Card._cron_kam_scorecard_recompute()
        cards = self.Card.search([("manager_id", "=", self.kam_user.id)])
        self.assertEqual(
            sorted(set(cards.mapped(lambda c: (c.period_type, str(c.date_start))))),
            [
                ("quarter", "2025-04-01"),
                ("quarter", "2025-07-01"),
                ("quarter", "2025-10-01"),
                ("quarter", "2026-01-01"),
                ("quarter", "2026-04-01"),
                ("year", "2025-01-01"),
                ("year", "2026-01-01"),
            ],
        )
        q1 = self._card(self.kam_user, start=date(2026, 1, 1))
        self.assertEqual((q1.order_count, q1.visits_done), (1, 1))
        self.assertEqual(q1.date_upto, date(2026, 3, 31))
        with freeze_time("2026-07-02 10:00:00"):
            self.Card._cron_kam_scorecard_recompute()
        q3 = self._card(self.kam_user, start=date(2026, 7, 1))
        self.assertEqual(q3.date_upto, date(2026, 7, 2))
        self.assertEqual((q3.order_count, q3.visits_planned), (0, 0))
        q2 = self._card(self.kam_user)
        self.assertEqual(q2.date_upto, date(2026, 6, 30))
        self.assertEqual(q2.visits_planned, 3, "floor(91 / 30) once the quarter ends")

    # ---- set-based ---------------------------------------------------------------
    def test_query_count_does_not_grow(self):
        """One statement for every manager and account (and two that set and
        restore the planner's settings): 2 or 6 managers, same number of queries."""
        self.env.flush_all()
        with self.assertQueryCount(3):
            self._recompute()
        for n in range(4):
            manager = new_test_user(
                self.env,
                login=f"kam_score_{n}",
                groups="kam_lifecycle.group_kam_user",
                company_ids=[(6, 0, [self.env.company.id, self.seg_company.id])],
            )
            for m in range(3):
                client = self._client(
                    f"Score client {n}-{m}", requirement=10.0, kam_manager_id=manager.id
                )
                self._order(client, days_ago=5 + m)
        self.env.flush_all()
        with self.assertQueryCount(3):
            written = self._recompute()
        self.assertEqual(written, 4 * 7)
        self.assertEqual(
            self.Card.search_count([("company_id", "=", self.seg_company.id)]), 6 * 7
        )

    # ---- settings ------------------------------------------------------------------
    def test_bad_weights(self):
        """Negative weights, all weights zero or zero thresholds are refused."""
        with self.assertRaises(ValidationError) as caught:
            self.seg_company.kam_score_weight_visits = -1.0
        self.assertIn("cannot be negative", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.seg_company.write(
                {
                    "kam_score_weight_satisfaction": 0.0,
                    "kam_score_weight_complaints": 0.0,
                    "kam_score_weight_visits": 0.0,
                    "kam_score_weight_plan": 0.0,
                    "kam_score_weight_sow": 0.0,
                    "kam_score_weight_phase": 0.0,
                }
            )
        self.assertIn("at least one must be above zero", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.seg_company.kam_score_complaint_rate_max = 0.0
        self.assertIn("greater than zero", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.seg_company.kam_score_sow_span = -0.1
        self.seg_company.invalidate_recordset()
        self.assertEqual(self.seg_company.kam_score_weight_visits, 15.0)

    def test_settings_show_the_weights(self):
        """An administrator sets the weights in the settings of the company."""
        settings = (
            self.env["res.config.settings"]
            .with_company(self.seg_company)
            .create({"kam_score_weight_phase": 12.0})
        )
        settings.execute()
        self.assertEqual(self.seg_company.kam_score_weight_phase, 12.0)

    # ---- access --------------------------------------------------------------
    def test_access_per_role(self):
        """A KAM user reads his own scorecards, a KAM manager everyone's, a plain
        salesman none; nobody writes, creates or deletes a row by hand."""
        self._recompute()
        own = self.Card.with_user(self.kam_user).search([])
        self.assertTrue(own)
        self.assertEqual(own.manager_id, self.kam_user)
        self.assertEqual(
            set(
                self.Card.with_user(self.kam_manager)
                .search([("company_id", "=", self.seg_company.id)])
                .manager_id.ids
            ),
            {self.kam_user.id, self.kam_user_2.id},
        )
        with self.assertRaises(AccessError):
            self.Card.with_user(self.salesman).search([])
        card = self._card(self.kam_user)
        other = self._card(self.kam_user_2)
        with self.assertRaises(AccessError):
            other.with_user(self.kam_user).read(["score"])
        for user in (self.kam_user, self.kam_manager, self.kam_admin):
            with self.assertRaises(AccessError):
                card.with_user(user).write({"score": 100.0})
            with self.assertRaises(AccessError):
                card.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.Card.with_user(user).create(
                    {
                        "manager_id": user.id,
                        "company_id": self.seg_company.id,
                        "period_type": "quarter",
                        "date_start": "2020-01-01",
                    }
                )
        self.env.invalidate_all()
        self.assertEqual(card.score, self._card(self.kam_user).score)
        self.assertTrue(card.exists())

    def test_other_company_hidden(self):
        """Scorecards of a company the user may not work in stay out of sight,
        as do those of a company not selected."""
        self._recompute()
        self.assertTrue(self._card(self.kam_user).sudo().exists())
        cards = self.env["kam.scorecard"].with_user(self.kam_admin).search([])
        self.assertFalse(cards.filtered(lambda c: c.company_id == self.seg_company))
        cards = (
            self.env["kam.scorecard"]
            .with_user(self.kam_manager)
            .with_context(allowed_company_ids=self.env.company.ids)
            .search([])
        )
        self.assertFalse(cards.filtered(lambda c: c.company_id == self.seg_company))

    def test_recompute_button(self):
        """Managers may recompute now; a KAM user may not."""
        with self.assertRaises(AccessError):
            self.Card.with_user(self.kam_user).action_kam_recompute()
        with freeze_time("2026-06-15 12:00:00"):
            action = self.Card.with_user(self.kam_manager).action_kam_recompute()
        self.assertEqual(action["params"]["type"], "success")
        card = self._card(self.kam_user)
        self.assertTrue(card)
        # the list's header button sends the selected rows: the same refusal
        with self.assertRaises(AccessError):
            card.with_user(self.kam_user).action_kam_recompute()
        with freeze_time("2026-06-15 12:00:00"):
            card.with_user(self.kam_manager).action_kam_recompute()

    # ---- workbook ------------------------------------------------------------
    def test_review_workbook_sheet(self):
        """The quarterly review workbook has a Scorecard sheet with the managers'
        quarters of the review period."""
        self.senv["res.partner"].browse()._kam_recompute_segmentation(
            today=date(2026, 6, 15)
        )
        with freeze_time("2026-06-15 12:00:00"):
            wizard = (
                self.env["kam.review.wizard"]
                .with_user(self.kam_manager)
                .with_company(self.seg_company)
                .create(
                    {
                        "date_from": date(2026, 1, 1),
                        "date_to": date(2026, 6, 30),
                        "manager_ids": [(6, 0, self.kam_user.ids)],
                    }
                )
            )
            wizard.action_generate()
        book = load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        self.assertIn("Scorecard", book.sheetnames)
        rows = [list(r) for r in book["Scorecard"].iter_rows(values_only=True)]
        self.assertEqual(
            rows[0][:4], ["Period", "Manager", "Accounts", "Satisfaction (%)"]
        )
        self.assertEqual([r[0] for r in rows[1:]], ["2026 Q1", "2026 Q2"])
        q1, q2 = rows[1], rows[2]
        self.assertEqual(q1[3], 80.0, "the year's survey counts in each quarter")
        self.assertEqual(q1[4], 0)
        self.assertAlmostEqual(q2[3], 76.67, places=2)
        self.assertEqual(q2[1], self.kam_user.name)
        self.assertEqual(q2[7], 1)
        self.assertAlmostEqual(q2[-1], self._card(self.kam_user).score, places=2)


@tagged("post_install", "-at_install")
class TestScorecardDemo(KamSegmentCommon):
    def test_demo_managers_have_scorecards(self):
        """The demo managers' key accounts fill their scorecards: orders, plans,
        visits and complaints of the running year; satisfaction only from answers
        that exist."""
        account = self.env.ref("kam_lifecycle.res_partner_huanong_demo")
        manager = account.kam_manager_id
        self.env["kam.scorecard"]._kam_recompute_scorecards()
        cards = self.env["kam.scorecard"].search(
            [("manager_id", "=", manager.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(set(cards.mapped("period_type")), {"quarter", "year"})
        year = cards.filtered(lambda c: c.period_type == "year").sorted("date_start")[
            -1
        ]
        self.assertGreater(year.account_count, 0)
        self.assertGreater(year.order_count, 0)
        self.assertGreater(year.plan_count, 0)
        self.assertTrue(year.score)
        self.env.cr.execute(
            "SELECT COUNT(*) FROM rating_rating WHERE res_model = 'kam.visit' "
            "AND consumed"
        )
        if not self.env.cr.fetchone()[0]:
            self.assertFalse(year.rating_count)
