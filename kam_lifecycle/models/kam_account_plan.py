# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .kam_partner_figure import counted_line_sql, revenue_sql
from .kam_state_mixin import Transition

_lt = LazyTranslate(__name__)

PLAN_STATES = [
    ("draft", "Draft"),
    ("agreed", "Agreed"),
    ("active", "Active"),
    ("closed", "Closed"),
]
TARGET_FIELDS = {
    "target_qty",
    "target_revenue",
    "target_avg_price",
    "target_share",
    "visit_cycle_days",
    "exec_visit_cycle_days",
    "training_count",
    "uom_id",
    "year",
    "partner_id",
    "company_id",
}
SALES_VISITS = ("sales", "technical")
EXECUTIVE_VISITS = ("executive", "annual_meeting")
MANAGER = "kam_lifecycle.group_kam_manager"


class KamAccountPlan(models.Model):
    _name = "kam.account.plan"
    _description = "Account Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.state.mixin",
        "kam.guard.mixin",
        "kam.next.visit.source",
    ]
    _order = "year desc, partner_id"
    _check_company_auto = True
    _kam_recheck_rules = True
    _kam_next_visit_fields = (
        "state",
        "year",
        "visit_cycle_days",
        "exec_visit_cycle_days",
    )
    _kam_transitions = {
        "action_agree": Transition(("draft",), "agreed", _lt("agree"), MANAGER),
        "action_activate": Transition(("agreed",), "active", _lt("activate")),
        "action_close": Transition(("active",), "closed", _lt("close")),
        "action_reset_draft": Transition(
            ("agreed", "active"), "draft", _lt("reset to draft"), MANAGER
        ),
    }

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kam_manager_id = fields.Many2one(
        related="partner_id.kam_manager_id", string="Key-Account Manager"
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    state = fields.Selection(
        selection=PLAN_STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    kam_can_agree = fields.Boolean(compute="_compute_kam_can")
    kam_can_activate = fields.Boolean(compute="_compute_kam_can")
    kam_can_close = fields.Boolean(compute="_compute_kam_can")
    kam_can_reset_draft = fields.Boolean(compute="_compute_kam_can")
    agreed_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    date_agreed = fields.Date(string="Agreed On", readonly=True, copy=False)

    # quantitative targets
    uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        required=True,
        default=lambda self: self.env.ref(
            "uom.product_uom_ton", raise_if_not_found=False
        ),
    )
    target_qty = fields.Float(
        string="Target Quantity", digits="Product Unit of Measure", tracking=True
    )
    target_revenue = fields.Monetary(tracking=True)
    target_avg_price = fields.Monetary(string="Target Average Price")
    target_share = fields.Float(
        string="Target Share of Wallet",
        help="Our share of the client's annual requirement (0.35 = 35 %).",
    )
    visit_cycle_days = fields.Integer(
        string="Sales Visit Cycle (days)",
        default=30,
        help="A sales or technical visit at least every so many days.",
    )
    exec_visit_cycle_days = fields.Integer(
        string="Executive Visit Cycle (days)",
        default=180,
        help="An executive visit or annual meeting at least every so many days.",
    )
    training_count = fields.Integer(string="Trainings")
    # qualitative goals
    goals = fields.Html(string="Qualitative Goals")
    resources = fields.Text(
        string="Resources Needed",
        help="People, technical support, executives or outside experts the plan needs, "
        "with purpose, task and deadline.",
    )
    review_ids = fields.One2many(
        comodel_name="kam.account.plan.review",
        inverse_name="plan_id",
        string="Quarterly Reviews",
    )

    # actuals from confirmed sales
    actual_qty = fields.Float(
        string="Actual Quantity",
        digits="Product Unit of Measure",
        compute="_compute_actuals",
    )
    actual_revenue = fields.Monetary(compute="_compute_actuals")
    actual_orders = fields.Integer(compute="_compute_actuals")
    actual_avg_price = fields.Monetary(
        string="Actual Average Price", compute="_compute_actuals"
    )
    actual_share = fields.Float(
        string="Actual Share of Wallet", compute="_compute_actuals"
    )
    revenue_achievement = fields.Float(
        string="Revenue Achieved (%)", compute="_compute_actuals"
    )
    qty_achievement = fields.Float(
        string="Quantity Achieved (%)", compute="_compute_actuals"
    )

    _sql_constraints = [
        (
            "partner_company_year_uniq",
            "unique(partner_id, company_id, year)",
            "A client has one account plan per company and year.",
        ),
    ]

    @api.depends("partner_id.name", "year")
    def _compute_name(self):
        for plan in self:
            plan.name = f"{plan.partner_id.name or ''} {plan.year or ''}".strip()

    @api.depends(
        "partner_id", "company_id", "year", "uom_id", "target_qty", "target_revenue"
    )
    def _compute_actuals(self):
        figures = self._sales_figures()
        for plan in self:
            revenue, qty, orders = figures.get(plan.id, (0.0, 0.0, 0))
            plan.actual_revenue = revenue
            plan.actual_qty = qty
            plan.actual_orders = orders
            plan.actual_avg_price = revenue / qty if qty else 0.0
            requirement = plan._requirement_in_plan_uom()
            plan.actual_share = qty / requirement if requirement else 0.0
            plan.revenue_achievement = (
                100.0 * revenue / plan.target_revenue if plan.target_revenue else 0.0
            )
            plan.qty_achievement = (
                100.0 * qty / plan.target_qty if plan.target_qty else 0.0
            )

    def _sales_figures(self):
        """{plan id: (revenue, quantity in the plan's unit, orders)} in one query."""
        plans = self.filtered("id")
        if not plans:
            return {}
        self.env["sale.order"].flush_model()
        self.env["sale.order.line"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.flush_model(["partner_id", "company_id", "year", "uom_id"])
        self.env.cr.execute(
            self._kam_sales_sql(
                SQL(
                    "SELECT pl.id AS plan_id, 0 AS window_id, "
                    "make_date(pl.year, 1, 1)::timestamp AS date_from, "
                    "make_date(pl.year + 1, 1, 1)::timestamp AS date_to "
                    "FROM kam_account_plan pl WHERE pl.id = ANY(%s)",
                    plans.ids,
                )
            )
        )
        return {row[0]: row[2:] for row in self.env.cr.fetchall()}

    @api.model
    def _kam_sales_sql(self, windows):
        """The plans' actuals: revenue, quantity in the plan's unit and orders of
        each plan's client in its company, per window. ``windows`` is a query of
        ``(plan_id, window_id, date_from, date_to)`` (timestamps, ``date_to``
        excluded); the result has the columns ``plan_id, window_id, revenue, qty,
        orders``. The plan's year (above) and the scorecard's periods use it."""
        return SQL(
            """
SELECT w.plan_id, w.window_id,
       COALESCE(SUM(%(revenue)s), 0) AS revenue,
       COALESCE(SUM(l.product_uom_qty / lu.factor * pu.factor)
                FILTER (WHERE lu.category_id = pu.category_id), 0) AS qty,
       COUNT(DISTINCT o.id) AS orders
  FROM (%(windows)s) w
  JOIN kam_account_plan pl ON pl.id = w.plan_id
  JOIN uom_uom pu ON pu.id = pl.uom_id
  JOIN res_partner cp ON cp.commercial_partner_id = pl.partner_id
  JOIN sale_order o ON o.partner_id = cp.id AND o.company_id = pl.company_id
       AND o.state = 'sale'
       AND o.date_order >= w.date_from
       AND o.date_order < w.date_to
  JOIN sale_order_line l ON l.order_id = o.id AND %(counted)s
  LEFT JOIN uom_uom lu ON lu.id = l.product_uom
 GROUP BY w.plan_id, w.window_id
""",
            revenue=revenue_sql("o", "l"),
            counted=counted_line_sql("l"),
            windows=windows,
        )

    def _requirement_in_plan_uom(self):
        self.ensure_one()
        partner = self.partner_id
        uom = partner.kam_requirement_uom_id
        if not partner.kam_annual_requirement or not uom or not self.uom_id:
            return 0.0
        if uom.category_id != self.uom_id.category_id:
            return 0.0
        return uom._compute_quantity(partner.kam_annual_requirement, self.uom_id)

    # -- constraints ---------------------------------------------------------------
    @api.constrains("partner_id")
    def _check_partner_commercial(self):
        for plan in self:
            if plan.partner_id.commercial_partner_id != plan.partner_id:
                raise ValidationError(
                    self.env._(
                        "An account plan is made for the company, not a contact."
                    )
                )

    @api.constrains(
        "year",
        "target_qty",
        "target_revenue",
        "target_avg_price",
        "target_share",
        "visit_cycle_days",
        "exec_visit_cycle_days",
        "training_count",
    )
    def _check_targets(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(self.env._("The plan's year is not valid."))
            if (
                min(
                    plan.target_qty,
                    plan.target_revenue,
                    plan.target_avg_price,
                    plan.target_share,
                    plan.visit_cycle_days,
                    plan.exec_visit_cycle_days,
                    plan.training_count,
                )
                < 0
            ):
                raise ValidationError(self.env._("Targets cannot be negative."))
            if plan.target_share > 1:
                raise ValidationError(
                    self.env._("The target share of wallet is at most 1 (100 %).")
                )

    # -- state machine --------------------------------------------------------------
    def _kam_system_fields(self):
        return super()._kam_system_fields() | {"state", "agreed_by_id", "date_agreed"}

    def _kam_system_hint(self):
        return self.env._("Use the plan's buttons to change its state.")

    def write(self, vals):
        if not self.env.su:
            locked = self.filtered(lambda p: p.state != "draft")
            if TARGET_FIELDS & set(vals) and locked:
                raise UserError(
                    self.env._(
                        "The targets of an agreed plan are frozen: reset it to draft "
                        "to change them (plan %(plan)s).",
                        plan=locked[0].name,
                    )
                )
        return super().write(vals)

    def action_agree(self):
        """Draft -> agreed: the sales manager signs the targets off."""
        self._kam_check_transition("action_agree")
        return self._kam_write_state(
            {
                "state": "agreed",
                "agreed_by_id": self.env.user.id,
                "date_agreed": fields.Date.context_today(self),
            }
        )

    def action_activate(self):
        """Agreed -> active: the plan of the running year."""
        self._kam_check_transition("action_activate")
        for plan in self:
            other = self.search_count(
                [
                    ("partner_id", "=", plan.partner_id.id),
                    ("company_id", "=", plan.company_id.id),
                    ("state", "=", "active"),
                    ("id", "!=", plan.id),
                ]
            )
            if other:
                raise UserError(
                    self.env._(
                        "%(partner)s already has an active plan: close it first.",
                        partner=plan.partner_id.display_name,
                    )
                )
        return self._kam_write_state({"state": "active"})

    def action_close(self):
        """Active -> closed: the year is over."""
        self._kam_check_transition("action_close")
        return self._kam_write_state({"state": "closed"})

    def action_reset_draft(self):
        """Agreed or active -> draft, to change the targets."""
        self._kam_check_transition("action_reset_draft")
        return self._kam_write_state(
            {"state": "draft", "agreed_by_id": False, "date_agreed": False}
        )

    # -- feedback --------------------------------------------------------------------
    def action_kam_send_survey(self):
        """Send the satisfaction survey of the plan's year to the account's
        decision unit."""
        self.ensure_one()
        self.check_access("read")
        return self.partner_id.action_kam_send_survey(year=self.year)
