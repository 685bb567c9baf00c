# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KAM scorecard: per key-account manager, company and period (quarter, year),
the figures the appraisal is tied to (seed 002: satisfaction and complaint rate),
their sub-scores and a weighted overall score.

One SQL statement computes every row of every manager and period and upserts the
rows whose figures changed (:meth:`KamScorecard._kam_recompute_scorecards`); the
explanations are computed on reading, in the user's language."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.kam_lifecycle.models.kam_account_plan import (
    EXECUTIVE_VISITS,
    SALES_VISITS,
)
from odoo.addons.kam_lifecycle.models.kam_feedback import (
    RATING_MAX,
    rating_satisfaction_sql,
)
from odoo.addons.kam_lifecycle.models.kam_partner_figure import (
    counted_line_sql,
    timed_part,
)
from odoo.addons.kam_lifecycle.tools import kam_format

PERIOD_TYPES = [("quarter", "Quarter"), ("year", "Year")]
# the plan states whose targets and visit cycles count (a draft is no commitment)
PLAN_STATES = ("agreed", "active", "closed")
# the columns the recompute writes, after the key (manager, company, type, start)
FIGURE_COLUMNS = [
    "name",
    "date_end",
    "date_upto",
    "account_count",
    "rating_count",
    "rating_satisfaction",
    "survey_count",
    "survey_satisfaction",
    "satisfaction",
    "order_count",
    "complaint_count",
    "complaint_rate",
    "complaint_cost",
    "visits_done",
    "visits_planned",
    "visits_on_cycle",
    "visit_rate",
    "plan_count",
    "revenue_actual",
    "revenue_target",
    "revenue_achievement",
    "qty_achievement",
    "plan_achievement",
    "sow_account_count",
    "share_of_wallet",
    "share_of_wallet_prev",
    "share_of_wallet_change",
    "stability_reached",
    "stability_left",
    "score_satisfaction",
    "score_complaints",
    "score_visits",
    "score_plan",
    "score_sow",
    "score_phase",
    "score",
]
# sub-score column -> weight field on res.company
WEIGHTS = {
    "score_satisfaction": "kam_score_weight_satisfaction",
    "score_complaints": "kam_score_weight_complaints",
    "score_visits": "kam_score_weight_visits",
    "score_plan": "kam_score_weight_plan",
    "score_sow": "kam_score_weight_sow",
    "score_phase": "kam_score_weight_phase",
}


def quarter_start(day):
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def _year_days(year):
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def scorecard_period(period_type, start, today):
    """One period as the recompute reads it: its bounds, the day it is counted up
    to (today in the running period), its days so far and its year's days, and
    the period before (same length) for the share-of-wallet change."""
    months = 3 if period_type == "quarter" else 12
    end = start + relativedelta(months=months) - timedelta(days=1)
    prev_start = start - relativedelta(months=months)
    upto = min(end, today)
    label = (
        f"{start.year} Q{(start.month - 1) // 3 + 1}"
        if period_type == "quarter"
        else str(start.year)
    )
    return {
        "period_type": period_type,
        "name": label,
        "date_start": start,
        "date_end": end,
        "upto": upto,
        "prev_start": prev_start,
        "year": start.year,
        "days": (upto - start).days + 1,
        "year_days": _year_days(start.year),
        "prev_days": (start - prev_start).days,
        "prev_year_days": _year_days(prev_start.year),
    }


def scorecard_periods(today, quarters=5, years=2):
    """The periods the nightly recompute refreshes: the running quarter and the
    ``quarters - 1`` before, the running year and the ``years - 1`` before."""
    first = quarter_start(today)
    periods = [
        scorecard_period("quarter", first - relativedelta(months=3 * n), today)
        for n in range(quarters)
    ]
    periods += [
        scorecard_period("year", date(today.year - n, 1, 1), today)
        for n in range(years)
    ]
    return periods


class KamScorecard(models.Model):
    _name = "kam.scorecard"
    _description = "KAM Scorecard"
    _order = "date_start desc, period_type, manager_id"
    _rec_name = "name"
    _log_access = False
    _check_company_auto = True

    # ---- fields --------------------------------------------------------------
    manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Key-Account Manager",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(selection=PERIOD_TYPES, required=True, readonly=True)
    date_start = fields.Date(string="Period Start", required=True, readonly=True)
    date_end = fields.Date(string="Period End", readonly=True)
    date_upto = fields.Date(
        string="Counted Up To",
        readonly=True,
        help="The last day counted: the period's end, or the day of the last "
        "recompute while the period runs (targets and visit cycles pro rata).",
    )
    name = fields.Char(string="Period", readonly=True, help="2026 Q2, 2026.")
    account_count = fields.Integer(
        string="Accounts",
        readonly=True,
        help="Key accounts (companies) this manager manages now.",
    )
    # satisfaction
    rating_count = fields.Integer(string="Visit Ratings", readonly=True)
    rating_satisfaction = fields.Float(
        string="Visit Rating Satisfaction (%)", readonly=True, aggregator="avg"
    )
    survey_count = fields.Integer(string="Survey Answers", readonly=True)
    survey_satisfaction = fields.Float(
        string="Survey Satisfaction (%)", readonly=True, aggregator="avg"
    )
    satisfaction = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Mean of the visit ratings ((rating - 1) / 4) and the survey scores "
        "of the period, each answer once; empty without any answer.",
    )
    # complaints
    order_count = fields.Integer(string="Orders", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    complaint_rate = fields.Float(
        string="Complaints per Order",
        readonly=True,
        aggregator="avg",
        digits=(16, 3),
    )
    complaint_cost = fields.Monetary(readonly=True, currency_field="currency_id")
    # visits
    visits_done = fields.Integer(readonly=True)
    visits_planned = fields.Integer(
        readonly=True,
        help="What the account plans' visit cycles ask for in the period so far.",
    )
    visits_on_cycle = fields.Integer(
        string="Planned Visits Made",
        readonly=True,
        help="Visits done, up to the planned number per account and kind (an "
        "account visited twice as often does not make up for one left alone).",
    )
    visit_rate = fields.Float(
        string="Visits Done / Planned (%)", readonly=True, aggregator="avg"
    )
    # plans
    plan_count = fields.Integer(string="Account Plans", readonly=True)
    revenue_actual = fields.Monetary(
        string="Planned Accounts' Revenue", readonly=True, currency_field="currency_id"
    )
    revenue_target = fields.Monetary(
        string="Revenue Target (pro rata)",
        readonly=True,
        currency_field="currency_id",
    )
    revenue_achievement = fields.Float(
        string="Revenue Achieved (%)", readonly=True, aggregator="avg"
    )
    qty_achievement = fields.Float(
        string="Quantity Achieved (%)", readonly=True, aggregator="avg"
    )
    plan_achievement = fields.Float(
        string="Plan Achievement (%)", readonly=True, aggregator="avg"
    )
    # share of wallet
    sow_account_count = fields.Integer(
        string="Accounts with a Requirement", readonly=True
    )
    share_of_wallet = fields.Float(
        string="Share of Wallet", readonly=True, aggregator="avg", digits=(16, 4)
    )
    share_of_wallet_prev = fields.Float(
        string="Share of Wallet Before", readonly=True, aggregator="avg", digits=(16, 4)
    )
    share_of_wallet_change = fields.Float(
        string="Share-of-Wallet Change", readonly=True, aggregator="avg", digits=(16, 4)
    )
    # phases
    stability_reached = fields.Integer(string="Reached Stability", readonly=True)
    stability_left = fields.Integer(string="Left Stability", readonly=True)
    # scores (0..100, empty without data)
    score_satisfaction = fields.Float(
        string="Satisfaction Score", readonly=True, aggregator="avg"
    )
    score_complaints = fields.Float(
        string="Complaint Score", readonly=True, aggregator="avg"
    )
    score_visits = fields.Float(string="Visit Score", readonly=True, aggregator="avg")
    score_plan = fields.Float(string="Plan Score", readonly=True, aggregator="avg")
    score_sow = fields.Float(
        string="Share-of-Wallet Score", readonly=True, aggregator="avg"
    )
    score_phase = fields.Float(string="Phase Score", readonly=True, aggregator="avg")
    score = fields.Float(
        string="Overall Score",
        readonly=True,
        aggregator="avg",
        help="The weighted mean (weights in the settings) of the sub-scores that "
        "have data; a sub-score without data leaves the mean.",
    )
    # explanations (in the reader's language)
    satisfaction_explanation = fields.Text(compute="_compute_explanations")
    complaint_explanation = fields.Text(compute="_compute_explanations")
    visit_explanation = fields.Text(compute="_compute_explanations")
    plan_explanation = fields.Text(compute="_compute_explanations")
    sow_explanation = fields.Text(
        string="Share-of-Wallet Explanation", compute="_compute_explanations"
    )
    phase_explanation = fields.Text(compute="_compute_explanations")
    score_explanation = fields.Text(compute="_compute_explanations")

    _sql_constraints = [
        (
            "manager_company_period_uniq",
            "UNIQUE (manager_id, company_id, period_type, date_start)",
            "A manager has one scorecard per company and period.",
        ),
    ]

    # ---- compute -------------------------------------------------------------
    @api.depends_context("lang")
    @api.depends(*FIGURE_COLUMNS)
    def _compute_explanations(self):
        for card in self:
            for field_name, text in card._kam_explanations().items():
                card[field_name] = text

    def _kam_explanations(self):
        """``{explanation field: text}`` of this row: each figure with where it
        comes from."""
        self.ensure_one()
        env = self.env
        currency = self.currency_id or env.company.currency_id

        def num(value, digits=0):
            return kam_format.kam_number(env, value, digits)

        def pct(value, digits=1):  # value in %
            return kam_format.kam_percent(env, (value or 0.0) / 100.0, digits)

        def amount(value):
            return kam_format.kam_amount(env, value, currency)

        nothing = env._("no data in the period")
        return {
            "satisfaction_explanation": (
                env._(
                    "%(satisfaction)s from %(ratings)s visit ratings (%(rating)s: "
                    "rating 1 to 5 as (rating - 1) / 4, by the day answered) and "
                    "%(surveys)s answers to the %(year)s satisfaction survey "
                    "(%(survey)s), each answer once.",
                    satisfaction=pct(self.satisfaction),
                    ratings=num(self.rating_count),
                    rating=pct(self.rating_satisfaction) if self.rating_count else "-",
                    surveys=num(self.survey_count),
                    year=self.date_start.year if self.date_start else "",
                    survey=pct(self.survey_satisfaction) if self.survey_count else "-",
                )
                if self.rating_count or self.survey_count
                else env._(
                    "No visit rating or survey answer: %(nothing)s.", nothing=nothing
                )
            ),
            "complaint_explanation": env._(
                "%(count)s complaints received (not cancelled) for %(orders)s "
                "confirmed orders of the %(accounts)s accounts: %(rate)s per order; "
                "cost of approved resolutions %(cost)s.",
                count=num(self.complaint_count),
                orders=num(self.order_count),
                accounts=num(self.account_count),
                rate=num(self.complaint_rate, 3),
                cost=amount(self.complaint_cost),
            ),
            "visit_explanation": env._(
                "%(done)s visits done; the %(plans)s account plans' cycles ask "
                "for %(planned)s up to %(upto)s, of which %(made)s made "
                "(%(rate)s).",
                done=num(self.visits_done),
                plans=num(self.plan_count),
                planned=num(self.visits_planned),
                upto=self.date_upto and fields.Date.to_string(self.date_upto) or "",
                made=num(self.visits_on_cycle),
                rate=pct(self.visit_rate) if self.visits_planned else "-",
            ),
            "plan_explanation": env._(
                "Revenue %(actual)s against the plans' target %(target)s pro rata "
                "(%(revenue)s); quantity %(qty)s of target (mean of the plans); "
                "achievement %(plan)s.",
                actual=amount(self.revenue_actual),
                target=amount(self.revenue_target),
                revenue=pct(self.revenue_achievement) if self.revenue_target else "-",
                qty=pct(self.qty_achievement) if self.plan_count else "-",
                plan=pct(self.plan_achievement) if self.plan_count else "-",
            ),
            "sow_explanation": env._(
                "Mean share of wallet of the %(accounts)s accounts with a "
                "requirement: %(sow)s against %(prev)s in the period before "
                "(quantity of the period / the annual requirement pro rata); "
                "change %(change)s.",
                accounts=num(self.sow_account_count),
                sow=kam_format.kam_percent(env, self.share_of_wallet),
                prev=kam_format.kam_percent(env, self.share_of_wallet_prev),
                change=kam_format.kam_percent(env, self.share_of_wallet_change),
            ),
            "phase_explanation": env._(
                "Lifecycle changes of the period: %(reached)s accounts reached "
                "stability, %(left)s left it.",
                reached=num(self.stability_reached),
                left=num(self.stability_left),
            ),
            "score_explanation": self._kam_score_sentence(),
        }

    def _kam_score_sentence(self):
        env = self.env
        company = self.company_id or env.company
        labels = {
            "score_satisfaction": env._("satisfaction"),
            "score_complaints": env._("complaints"),
            "score_visits": env._("visits"),
            "score_plan": env._("plan"),
            "score_sow": env._("share of wallet"),
            "score_phase": env._("phases"),
        }
        parts = [
            env._(
                "%(label)s %(score)s × %(weight)s",
                label=labels[column],
                score=kam_format.kam_number(env, self[column], 0),
                weight=kam_format.kam_number(env, company[weight], 0),
            )
            for column, weight in WEIGHTS.items()
            if self._kam_has_score(column)
        ]
        if not parts:
            return env._("No sub-score has data in the period.")
        return env._(
            "Weighted mean of %(parts)s = %(score)s (sub-scores without data "
            "leave the mean).",
            parts=", ".join(parts),
            score=kam_format.kam_number(env, self.score, 1),
        )

    def _kam_has_score(self, column):
        """Whether the sub-score ``column`` has data (stored NULL reads 0)."""
        return {
            "score_satisfaction": bool(self.rating_count or self.survey_count),
            "score_complaints": bool(self.order_count or self.complaint_count),
            "score_visits": bool(self.visits_planned),
            "score_plan": bool(self.plan_count),
            "score_sow": bool(self.sow_account_count),
            "score_phase": bool(self.stability_reached or self.stability_left),
        }[column]

    # ---- actions -------------------------------------------------------------
    def action_kam_recompute(self):
        """Button of the list (managers; called with the selected rows, if any):
        recompute every scorecard now."""
        if not self.env.user.has_group("kam_lifecycle.group_kam_manager"):
            raise AccessError(
                self.env._("Only key-account managers may recompute the scorecards.")
            )
        self.sudo()._kam_recompute_scorecards()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._(
                    "Scorecards recomputed: every manager's quarters and years are "
                    "up to date."
                ),
                "type": "success",
                "sticky": False,
                "next": self.env["ir.actions.act_window"]._for_xml_id(
                    "kam_segmentation.kam_scorecard_action"
                ),
            },
        }

    @api.model
    def _cron_kam_scorecard_recompute(self):
        """Nightly: the running and recent quarters and years of every manager."""
        return self._kam_recompute_scorecards()

    @api.model
    def _kam_review_scorecards(self, managers, date_from, date_to):
        """The quarterly scorecards of ``managers`` for the quarters that the
        review period ``date_from``..``date_to`` touches, in the current company,
        recomputed first (the review may go back further than the nightly run)."""
        today = fields.Date.context_today(self)
        starts = []
        start = quarter_start(date_from)
        while start <= min(date_to, today):
            starts.append(start)
            start += relativedelta(months=3)
        if not starts or not managers:
            return self.browse()
        self.sudo()._kam_recompute_scorecards(
            today=today,
            periods=[scorecard_period("quarter", day, today) for day in starts],
        )
        return self.search(
            [
                ("period_type", "=", "quarter"),
                ("date_start", "in", starts),
                ("manager_id", "in", managers.ids),
                ("company_id", "=", self.env.company.id),
            ],
            order="date_start, manager_id",
        )

    # ---- the recompute -------------------------------------------------------
    @api.model
    def _kam_recompute_scorecards(self, today=None, periods=None):
        """Compute every manager's scorecards of ``periods`` (default: the
        running and the 4 quarters before, the running and the previous year) in
        every company of the manager, in one statement; write the rows whose
        figures changed. Returns the number of rows written."""
        today = today or fields.Date.context_today(self)
        periods = periods or scorecard_periods(today)
        self.env.flush_all()
        # the planner settings of the other recomputes: the statistics of the
        # partners may lag behind a night's writes (no nested loops over them)
        with (
            self.env["res.partner"]._kam_bulk_query_settings(whole=True),
            timed_part(self.env, "scorecard"),
        ):
            self.env.cr.execute(
                self._kam_upsert_sql(self._kam_scorecard_sql(periods), periods)
            )
            written = self.env.cr.fetchone()[0]
        self.invalidate_model()
        return written

    def _kam_upsert_sql(self, source, periods):
        """Insert or update the rows of ``source``, only those whose figures
        differ from what is stored (the writer style of ``kam.partner.figure``'s
        ``_kam_upsert``), and remove the rows of these periods that ``source`` no
        longer gives (a manager without key accounts). One statement; returns the
        number of rows written or removed."""
        cols = [SQL.identifier(column) for column in FIGURE_COLUMNS]
        return SQL(
            """
WITH source AS MATERIALIZED (%(source)s),
written AS (
    INSERT INTO kam_scorecard AS k
        (manager_id, company_id, period_type, date_start, %(cols)s)
    SELECT s.manager_id, s.company_id, s.period_type, s.date_start, %(source_cols)s
      FROM source s
    ON CONFLICT (manager_id, company_id, period_type, date_start) DO UPDATE
    SET %(sets)s
    WHERE (%(stored)s) IS DISTINCT FROM (%(excluded)s)
    RETURNING 1
),
removed AS (
    DELETE FROM kam_scorecard k
     WHERE (k.period_type, k.date_start) IN (VALUES %(keys)s)
       AND NOT EXISTS (
           SELECT 1 FROM source s
            WHERE s.manager_id = k.manager_id AND s.company_id = k.company_id
              AND s.period_type = k.period_type AND s.date_start = k.date_start)
    RETURNING 1
)
SELECT (SELECT COUNT(*) FROM written) + (SELECT COUNT(*) FROM removed)
""",
            cols=SQL(", ").join(cols),
            source_cols=SQL(", ").join(SQL("s.%s", col) for col in cols),
            source=source,
            sets=SQL(", ").join(SQL("%s = EXCLUDED.%s", col, col) for col in cols),
            stored=SQL(", ").join(SQL("k.%s", col) for col in cols),
            excluded=SQL(", ").join(SQL("EXCLUDED.%s", col) for col in cols),
            keys=SQL(", ").join(
                SQL("(%s::varchar, %s::date)", p["period_type"], p["date_start"])
                for p in periods
            ),
        )

    def _kam_periods_sql(self, periods):
        return SQL(", ").join(
            SQL(
                "(%s::int, %s::varchar, %s::varchar, %s::date, %s::date, %s::date, "
                "%s::date, %s::int, %s::numeric, %s::numeric, %s::numeric, "
                "%s::numeric)",
                key,
                p["period_type"],
                p["name"],
                p["date_start"],
                p["date_end"],
                p["upto"],
                p["prev_start"],
                p["year"],
                p["days"],
                p["year_days"],
                p["prev_days"],
                p["prev_year_days"],
            )
            for key, p in enumerate(periods)
        )

    def _kam_score_sql(self):
        """The sub-scores, 0 to 100, each NULL without data (columns of
        ``figures``; the company's thresholds as ``co``)."""
        return {
            "score_satisfaction": SQL("satisfaction"),
            "score_complaints": SQL(
                """CASE
                WHEN order_count = 0 AND complaint_count = 0 THEN NULL
                WHEN order_count = 0 THEN 0
                ELSE 100 * GREATEST(0, 1 - complaint_rate
                    / NULLIF(co.kam_score_complaint_rate_max, 0))
            END"""
            ),
            "score_visits": SQL(
                "CASE WHEN visits_planned > 0 THEN LEAST(100, visit_rate) END"
            ),
            # LEAST and GREATEST skip NULLs: each guarded by its CASE
            "score_plan": SQL(
                "CASE WHEN plan_achievement IS NOT NULL "
                "THEN LEAST(100, plan_achievement) END"
            ),
            "score_sow": SQL(
                """CASE WHEN sow_account_count > 0 THEN
                LEAST(100, GREATEST(0, 50 + 50 * share_of_wallet_change
                    / NULLIF(co.kam_score_sow_span, 0)))
            END"""
            ),
            "score_phase": SQL(
                """CASE WHEN stability_reached + stability_left > 0 THEN
                100.0 * stability_reached / (stability_reached + stability_left)
            END"""
            ),
        }

    def _kam_scorecard_sql(self, periods):
        """Every figure of every manager, company and period: one row per
        ``(manager, company, period)`` with the columns of :data:`FIGURE_COLUMNS`.

        The accounts are the key accounts (commercial partners) each manager
        manages now; the figures are those of the manager's companies."""
        cost_counts = self.env["kam.complaint"]._kam_cost_counts_sql("c")
        plan_sales = self.env["kam.account.plan"]._kam_sales_sql(
            SQL(
                "SELECT plan_id, period_key * 1000000 + company_id AS window_id, "
                "date_start::timestamp AS date_from, "
                "(upto + 1)::timestamp AS date_to FROM plans"
            )
        )
        scores = self._kam_score_sql()
        weighted = SQL(" + ").join(
            SQL("COALESCE(%s * co.%s, 0)", SQL.identifier(col), SQL.identifier(w))
            for col, w in WEIGHTS.items()
        )
        weights_with_data = SQL(" + ").join(
            SQL(
                "CASE WHEN %s IS NOT NULL THEN co.%s ELSE 0 END",
                SQL.identifier(col),
                SQL.identifier(w),
            )
            for col, w in WEIGHTS.items()
        )
        return SQL(
            """
WITH periods (period_key, period_type, name, date_start, date_end, upto, prev_start,
        year, days, year_days, prev_days, prev_year_days) AS (VALUES %(periods)s),
accounts AS (
    -- the key accounts and who manages them now
    SELECT p.id AS account_id, p.kam_manager_id AS manager_id,
        COALESCE(p.kam_annual_requirement, 0) AS requirement,
        ru.factor AS requirement_factor, ru.category_id AS requirement_categ
    FROM res_partner p
    LEFT JOIN uom_uom ru ON ru.id = p.kam_requirement_uom_id
    WHERE p.kam_is_key_account AND p.kam_manager_id IS NOT NULL
        AND p.id = p.commercial_partner_id AND p.active
),
account_periods AS (
    -- every account in every period and company of its manager
    SELECT a.*, cu.cid AS company_id, pr.*
    FROM accounts a
    JOIN res_company_users_rel cu ON cu.user_id = a.manager_id
    CROSS JOIN periods pr
),
orders_by_account AS (
    -- confirmed orders of the period, quantities of this period and the one
    -- before in the requirement's unit category (its reference unit)
    SELECT ap.period_key, ap.company_id, ap.account_id,
        COUNT(DISTINCT so.id) FILTER (WHERE so.date_order >= ap.date_start::timestamp)
            AS orders,
        COALESCE(SUM(sol.product_uom_qty / lu.factor) FILTER (
            WHERE so.date_order >= ap.date_start::timestamp
                AND lu.category_id = ap.requirement_categ), 0) AS qty_ref,
        COALESCE(SUM(sol.product_uom_qty / lu.factor) FILTER (
            WHERE so.date_order < ap.date_start::timestamp
                AND lu.category_id = ap.requirement_categ), 0) AS qty_prev_ref
    FROM account_periods ap
    JOIN res_partner op ON op.commercial_partner_id = ap.account_id
    JOIN sale_order so ON so.partner_id = op.id AND so.company_id = ap.company_id
        AND so.state = 'sale'
        AND so.date_order >= ap.prev_start::timestamp
        AND so.date_order < (ap.upto + 1)::timestamp
    JOIN sale_order_line sol ON sol.order_id = so.id AND %(counted)s
    LEFT JOIN uom_uom lu ON lu.id = sol.product_uom
    GROUP BY 1, 2, 3
),
ratings_by_account AS (
    -- answered visit ratings, by the day answered (write_date), in the visit's
    -- company
    SELECT ap.period_key, ap.company_id, ap.account_id, COUNT(*) AS rating_count,
        SUM(%(rating_satisfaction)s)::numeric AS rating_sum
    FROM account_periods ap
    JOIN rating_rating r ON r.parent_res_model = 'res.partner'
        AND r.parent_res_id = ap.account_id AND r.res_model = 'kam.visit'
        AND r.consumed AND r.rating >= 1
        AND r.write_date >= ap.date_start::timestamp
        AND r.write_date < (ap.upto + 1)::timestamp
    JOIN kam_visit v ON v.id = r.res_id AND v.company_id = ap.company_id
    GROUP BY 1, 2, 3
),
surveys_by_account AS (
    -- the answers to the satisfaction survey of the period's year
    SELECT ap.period_key, ap.company_id, ap.account_id, COUNT(*) AS survey_count,
        SUM(LEAST(GREATEST(s.scoring_percentage, 0), 100))::numeric
            AS survey_sum
    FROM account_periods ap
    JOIN survey_user_input s ON s.kam_partner_id = ap.account_id
        AND s.state = 'done' AND s.kam_year = ap.year
    GROUP BY 1, 2, 3
),
complaints_by_account AS (
    SELECT ap.period_key, ap.company_id, ap.account_id, COUNT(*) AS complaint_count,
        COALESCE(SUM(c.resolution_cost) FILTER (WHERE %(cost_counts)s), 0)::numeric
            AS complaint_cost
    FROM account_periods ap
    JOIN kam_complaint c ON c.commercial_partner_id = ap.account_id
        AND c.company_id = ap.company_id AND c.state != 'cancelled'
        AND c.date_received >= ap.date_start::timestamp
        AND c.date_received < (ap.upto + 1)::timestamp
    GROUP BY 1, 2, 3
),
visits_by_account AS (
    SELECT ap.period_key, ap.company_id, ap.account_id, COUNT(*) AS visits,
        COUNT(*) FILTER (WHERE v.visit_type IN %(sales_visits)s) AS sales_visits,
        COUNT(*) FILTER (WHERE v.visit_type IN %(exec_visits)s) AS exec_visits
    FROM account_periods ap
    JOIN kam_visit v ON v.partner_id = ap.account_id
        AND v.company_id = ap.company_id
        AND v.date >= ap.date_start AND v.date <= ap.upto
    GROUP BY 1, 2, 3
),
plans AS (
    -- the plan of the period's year: visit cycles and targets pro rata of the
    -- days counted
    SELECT ap.period_key, ap.company_id, ap.account_id, ap.date_start, ap.upto,
        pl.id AS plan_id,
        CASE WHEN pl.visit_cycle_days > 0
            THEN FLOOR(ap.days / pl.visit_cycle_days) ELSE 0 END AS sales_planned,
        CASE WHEN pl.exec_visit_cycle_days > 0
            THEN FLOOR(ap.days / pl.exec_visit_cycle_days) ELSE 0 END AS exec_planned,
        pl.target_revenue::numeric * ap.days / ap.year_days AS target_revenue,
        pl.target_qty::numeric * ap.days / ap.year_days AS target_qty
    FROM account_periods ap
    JOIN kam_account_plan pl ON pl.partner_id = ap.account_id
        AND pl.company_id = ap.company_id AND pl.year = ap.year
        AND pl.state IN %(plan_states)s
),
plan_sales AS (%(plan_sales)s),
moves_by_account AS (
    SELECT ap.period_key, ap.company_id, ap.account_id,
        COUNT(*) FILTER (WHERE e.phase_to = 'stability'
            AND e.phase_from IS DISTINCT FROM 'stability') AS reached,
        COUNT(*) FILTER (WHERE e.phase_from = 'stability'
            AND e.phase_to IS DISTINCT FROM 'stability') AS left_stability
    FROM account_periods ap
    JOIN kam_lifecycle_event e ON e.partner_id = ap.account_id
        AND e.company_id = ap.company_id
        AND e.date >= ap.date_start AND e.date <= ap.upto
    GROUP BY 1, 2, 3
),
per_account AS (
    SELECT ap.manager_id, ap.company_id, ap.period_key, ap.account_id,
        COALESCE(o.orders, 0) AS orders,
        COALESCE(ra.rating_count, 0) AS rating_count,
        COALESCE(ra.rating_sum, 0) AS rating_sum,
        COALESCE(su.survey_count, 0) AS survey_count,
        COALESCE(su.survey_sum, 0) AS survey_sum,
        COALESCE(c.complaint_count, 0) AS complaint_count,
        COALESCE(c.complaint_cost, 0) AS complaint_cost,
        COALESCE(v.visits, 0) AS visits,
        pl.plan_id,
        COALESCE(pl.sales_planned + pl.exec_planned, 0) AS visits_planned,
        CASE WHEN pl.plan_id IS NOT NULL THEN
            LEAST(COALESCE(v.sales_visits, 0), pl.sales_planned)
            + LEAST(COALESCE(v.exec_visits, 0), pl.exec_planned)
        ELSE 0 END AS on_cycle,
        pl.target_revenue, pl.target_qty,
        COALESCE(ps.revenue, 0)::numeric AS plan_revenue,
        COALESCE(ps.qty, 0)::numeric AS plan_qty,
        CASE WHEN ap.requirement > 0 AND ap.requirement_factor IS NOT NULL THEN
            (COALESCE(o.qty_ref, 0) * ap.requirement_factor)::numeric
                / (ap.requirement::numeric * ap.days / ap.year_days)
        END AS share,
        CASE WHEN ap.requirement > 0 AND ap.requirement_factor IS NOT NULL THEN
            (COALESCE(o.qty_prev_ref, 0) * ap.requirement_factor)::numeric
                / (ap.requirement::numeric * ap.prev_days / ap.prev_year_days)
        END AS share_prev,
        COALESCE(m.reached, 0) AS reached,
        COALESCE(m.left_stability, 0) AS left_stability
    FROM account_periods ap
    LEFT JOIN orders_by_account o USING (period_key, company_id, account_id)
    LEFT JOIN ratings_by_account ra USING (period_key, company_id, account_id)
    LEFT JOIN surveys_by_account su USING (period_key, company_id, account_id)
    LEFT JOIN complaints_by_account c USING (period_key, company_id, account_id)
    LEFT JOIN visits_by_account v USING (period_key, company_id, account_id)
    LEFT JOIN plans pl USING (period_key, company_id, account_id)
    LEFT JOIN plan_sales ps ON ps.plan_id = pl.plan_id
        AND ps.window_id = ap.period_key * 1000000 + ap.company_id
    LEFT JOIN moves_by_account m USING (period_key, company_id, account_id)
),
per_manager AS (
    SELECT manager_id, company_id, period_key,
        COUNT(*) AS account_count,
        SUM(rating_count) AS rating_count, SUM(rating_sum) AS rating_sum,
        SUM(survey_count) AS survey_count, SUM(survey_sum) AS survey_sum,
        SUM(orders) AS order_count, SUM(complaint_count) AS complaint_count,
        SUM(complaint_cost) AS complaint_cost,
        SUM(visits) AS visits_done, SUM(visits_planned) AS visits_planned,
        SUM(on_cycle) AS visits_on_cycle,
        COUNT(plan_id) AS plan_count,
        SUM(plan_revenue) FILTER (WHERE target_revenue > 0) AS revenue_actual,
        SUM(target_revenue) FILTER (WHERE target_revenue > 0) AS revenue_target,
        AVG(100 * plan_qty / target_qty) FILTER (WHERE target_qty > 0)
            AS qty_achievement,
        COUNT(share) AS sow_account_count,
        AVG(share) AS share_of_wallet, AVG(share_prev) AS share_of_wallet_prev,
        SUM(reached) AS stability_reached, SUM(left_stability) AS stability_left,
        -- business of the manager's accounts in this company (surveys have none)
        SUM(orders + rating_count + complaint_count + visits + reached
            + left_stability) + COUNT(plan_id) AS activity
    FROM per_account
    GROUP BY 1, 2, 3
),
figures AS (
    SELECT pm.manager_id, pm.company_id, pr.period_type, pr.date_start,
        pr.name, pr.date_end, pr.upto AS date_upto, pm.account_count::int,
        pm.rating_count::int,
        ROUND(pm.rating_sum / NULLIF(pm.rating_count, 0), 2) AS rating_satisfaction,
        pm.survey_count::int,
        ROUND(pm.survey_sum / NULLIF(pm.survey_count, 0), 2) AS survey_satisfaction,
        ROUND((pm.rating_sum + pm.survey_sum)
            / NULLIF(pm.rating_count + pm.survey_count, 0), 2) AS satisfaction,
        pm.order_count::int, pm.complaint_count::int,
        ROUND(pm.complaint_count::numeric / NULLIF(pm.order_count, 0), 4)
            AS complaint_rate,
        ROUND(pm.complaint_cost, 2) AS complaint_cost,
        pm.visits_done::int, pm.visits_planned::int, pm.visits_on_cycle::int,
        ROUND(100.0 * pm.visits_on_cycle / NULLIF(pm.visits_planned, 0), 2)
            AS visit_rate,
        pm.plan_count::int,
        ROUND(COALESCE(pm.revenue_actual, 0)::numeric, 2) AS revenue_actual,
        ROUND(COALESCE(pm.revenue_target, 0)::numeric, 2) AS revenue_target,
        ROUND((100 * pm.revenue_actual / NULLIF(pm.revenue_target, 0))::numeric, 2)
            AS revenue_achievement,
        ROUND(pm.qty_achievement::numeric, 2) AS qty_achievement,
        pm.sow_account_count::int,
        ROUND(pm.share_of_wallet::numeric, 4) AS share_of_wallet,
        ROUND(pm.share_of_wallet_prev::numeric, 4) AS share_of_wallet_prev,
        ROUND((pm.share_of_wallet - pm.share_of_wallet_prev)::numeric, 4)
            AS share_of_wallet_change,
        pm.stability_reached::int, pm.stability_left::int
    FROM per_manager pm
    JOIN periods pr ON pr.period_key = pm.period_key
    -- a company where the manager's accounts did no business in any period of
    -- the run gets no scorecard
    WHERE pm.manager_id IN (
        SELECT a.manager_id FROM per_manager a
        WHERE a.company_id = pm.company_id AND a.activity > 0)
),
achieved AS (
    SELECT f.*, ROUND((
        COALESCE(f.revenue_achievement, 0) + COALESCE(f.qty_achievement, 0))
        / NULLIF((f.revenue_achievement IS NOT NULL)::int
            + (f.qty_achievement IS NOT NULL)::int, 0), 2) AS plan_achievement
    FROM figures f
),
scored AS (
    SELECT a.*, %(score_satisfaction)s AS score_satisfaction,
        ROUND((%(score_complaints)s)::numeric, 2) AS score_complaints,
        %(score_visits)s AS score_visits, %(score_plan)s AS score_plan,
        ROUND((%(score_sow)s)::numeric, 2) AS score_sow,
        ROUND((%(score_phase)s)::numeric, 2) AS score_phase
    FROM achieved a
    JOIN res_company co ON co.id = a.company_id
)
SELECT s.*, ROUND(((%(weighted)s) / NULLIF(%(weights_with_data)s, 0))::numeric, 2)
    AS score
FROM scored s
JOIN res_company co ON co.id = s.company_id
""",
            periods=self._kam_periods_sql(periods),
            counted=counted_line_sql("sol"),
            # the one definition of a rating's satisfaction (kam_lifecycle); the
            # ratings counted are 1 to 5 (r.rating >= 1, Odoo's faces at most 5)
            rating_satisfaction=rating_satisfaction_sql(
                SQL("LEAST(r.rating, %s)", RATING_MAX)
            ),
            cost_counts=cost_counts,
            sales_visits=SALES_VISITS,
            exec_visits=EXECUTIVE_VISITS,
            plan_states=PLAN_STATES,
            plan_sales=plan_sales,
            weighted=weighted,
            weights_with_data=weights_with_data,
            **scores,
        )
