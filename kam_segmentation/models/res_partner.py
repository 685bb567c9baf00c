# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.kam_lifecycle.models.kam_partner_figure import (
    counted_line_sql,
    figure_field,
    figure_number,
    revenue_sql,
    timed_part,
    twelve_months,
)
from odoo.addons.kam_lifecycle.tools import kam_format

from . import res_partner_display

CLIENT_CLASSES = [
    ("profit", "Profit"),
    ("cash_flow", "Cash Flow"),
    ("technology", "Technology Advance"),
    ("demonstration", "Demonstration"),
    ("potential", "Potential"),
    ("malign", "Malign"),
]
CLASS_RULES = [
    ("malign_loss", "Loss-making after complaint costs and rebates"),
    ("malign_complaints", "Complaint rate far above the portfolio"),
    ("profit_margin", "Margin rate at or above the profit threshold"),
    ("cash_flow_regular", "Regular, large purchases at a thin margin"),
    ("potential_requirement", "Large requirement not yet bought from us"),
]
VALUE_TIERS = [
    ("mvc", "MVC: Most Valuable"),
    ("mgc", "MGC: Most Growth"),
    ("bzc", "BZC: Below Zero"),
    ("standard", "Standard"),
]
SIZES = [("small", "Small"), ("medium", "Medium"), ("big", "Big"), ("vip", "VIP")]
# the client class each class rule gives
CLASS_OF_RULE = {
    "malign_loss": "malign",
    "malign_complaints": "malign",
    "profit_margin": "profit",
    "cash_flow_regular": "cash_flow",
    "potential_requirement": "potential",
}
QUADRANTS = [
    ("key", "Key: maintain"),
    ("hold", "Hold and harvest"),
    ("develop", "Develop"),
    ("harvest", "Harvest or drop"),
]

# stored figures and classes: column -> column of the computed temporary table
SEGMENT_COLUMNS = [
    "kam_revenue_12m",
    "kam_revenue_prev_12m",
    "kam_margin_12m",
    "kam_margin_prev_12m",
    "kam_qty_12m",
    "kam_qty_prev_12m",
    "kam_orders_12m",
    "kam_orders_prev_12m",
    "kam_first_order_date",
    "kam_last_order_date",
    "kam_share_of_wallet",
    "kam_requirement_value",
    "kam_potential_value",
    "kam_rebate_12m",
    "kam_net_contribution_12m",
    "kam_margin_cum_share",
    "kam_client_class_computed",
    "kam_client_class_rule",
    "kam_client_class",
    "kam_value_tier",
    "kam_size",
    "kam_quadrant",
]
# what only the recompute writes
SYSTEM_COLUMNS = (*SEGMENT_COLUMNS, "kam_segment_date")
# their columns in kam.partner.figure
FIGURE_COLUMNS = [column[4:] for column in SYSTEM_COLUMNS]
# dimensions with a change history: dimension -> column
SEGMENT_DIMENSIONS = {
    "client_class": "kam_client_class",
    "value_tier": "kam_value_tier",
    "size": "kam_size",
    "quadrant": "kam_quadrant",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _kam_write_after_create_fields(self):
        return super()._kam_write_after_create_fields() | {
            "kam_client_class_manual",
            "kam_client_class_manual_reason",
        }

    # ---- figures (company currency, windows ending today) -------------------
    kam_revenue_12m = figure_field(
        fields.Float,
        "revenue_12m",
        string="Revenue 12 Months",
        digits="Account",
        help="Untaxed revenue of confirmed orders of the last 12 months, in the "
        "company currency.",
    )
    kam_revenue_prev_12m = figure_field(
        fields.Float,
        "revenue_prev_12m",
        string="Revenue Previous 12 Months",
        digits="Account",
    )
    kam_margin_12m = figure_field(
        fields.Float,
        "margin_12m",
        string="Margin 12 Months",
        digits="Account",
        help="Revenue minus cost (sale_margin's cost) of the last 12 months.",
    )
    kam_margin_prev_12m = figure_field(
        fields.Float,
        "margin_prev_12m",
        string="Margin Previous 12 Months",
        digits="Account",
    )
    kam_qty_12m = figure_field(
        fields.Float,
        "qty_12m",
        string="Quantity 12 Months",
        digits="Product Unit of Measure",
        help="Quantity bought in the last 12 months, in the unit of the client's "
        "requirement (lines in other unit categories are not counted).",
    )
    kam_qty_prev_12m = figure_field(
        fields.Float,
        "qty_prev_12m",
        string="Quantity Previous 12 Months",
        digits="Product Unit of Measure",
    )
    kam_orders_12m = figure_field(
        fields.Integer, "orders_12m", string="Orders 12 Months"
    )
    kam_orders_prev_12m = figure_field(
        fields.Integer, "orders_prev_12m", string="Orders Previous 12 Months"
    )
    kam_first_order_date = figure_field(
        fields.Date, "first_order_date", string="First Order"
    )
    kam_last_order_date = figure_field(
        fields.Date, "last_order_date", string="Last Order"
    )
    kam_share_of_wallet = figure_field(
        fields.Float,
        "share_of_wallet",
        string="Share of Wallet",
        digits=(16, 4),
        help="Quantity of the last 12 months / the client's annual requirement "
        "(0.35 = 35 %).",
    )
    kam_requirement_value = figure_field(
        fields.Float,
        "requirement_value",
        string="Requirement Value",
        digits="Account",
        help="The client's annual requirement valued at our average price of the last "
        "12 months (all clients, same unit category): the purchase size.",
    )
    kam_potential_value = figure_field(
        fields.Float,
        "potential_value",
        string="Potential Value",
        digits="Account",
        help="The part of the requirement not yet bought from us, valued at our "
        "average price.",
    )
    kam_rebate_12m = figure_field(
        fields.Float,
        "rebate_12m",
        string="Rebates 12 Months",
        digits="Account",
        help="Rebates granted in the last 12 months.",
    )
    kam_net_contribution_12m = figure_field(
        fields.Float,
        "net_contribution_12m",
        string="Net Contribution 12 Months",
        digits="Account",
        help="Margin minus complaint cost minus rebates of the last 12 months.",
    )
    kam_margin_cum_share = figure_field(
        fields.Float,
        "margin_cum_share",
        string="Cumulative Margin Share",
        digits=(16, 4),
        help="Share of the portfolio's margin made by this client and all clients with "
        "a larger margin (the Pareto position).",
    )
    kam_segment_date = figure_field(
        fields.Date,
        "segment_date",
        string="Segments Changed On",
        help="The day the recompute last changed a figure or class of this client.",
    )
    # ---- classes ---------------------------------------------------------
    kam_client_class = figure_field(
        fields.Selection,
        "client_class",
        selection=CLIENT_CLASSES,
        string="Client Class",
        help="The effective client class: the override when set, otherwise the class "
        "computed by the segmentation rules.",
    )
    kam_client_class_computed = figure_field(
        fields.Selection,
        "client_class_computed",
        selection=CLIENT_CLASSES,
        string="Computed Class",
    )
    kam_client_class_rule = figure_field(
        fields.Selection,
        "client_class_rule",
        selection=CLASS_RULES,
        string="Class Rule",
        help="The rule that produced the computed class.",
    )
    kam_client_class_manual = fields.Selection(
        selection=CLIENT_CLASSES,
        string="Class Override",
        company_dependent=True,
        help="Set a class by hand (technology advance and demonstration clients are "
        "only set this way); empty = the computed class applies.",
    )
    kam_client_class_manual_reason = fields.Char(
        string="Class Override Reason", company_dependent=True
    )
    kam_value_tier = figure_field(
        fields.Selection, "value_tier", selection=VALUE_TIERS, string="Value Tier"
    )
    kam_size = figure_field(fields.Selection, "size", selection=SIZES, string="Size")
    kam_quadrant = figure_field(
        fields.Selection,
        "quadrant",
        selection=QUADRANTS,
        string="Quadrant",
        group_expand=True,  # every quadrant is a column of the matrix, even empty
        help="Share of wallet (high/low) × purchase size (big/small).",
    )
    kam_segment_reason = fields.Text(
        string="Why These Segments",
        compute="_compute_kam_segment_reason",
        help="The rules and figures behind the class, tier, size and quadrant.",
    )
    kam_segment_strategy = fields.Text(
        string="Recommended Strategy",
        compute="_compute_kam_segment_reason",
    )
    kam_segment_event_ids = fields.One2many(
        comodel_name="kam.segment.event",
        inverse_name="partner_id",
        string="Segment History",
    )

    # ---- explanations ------------------------------------------------------
    def _kam_quadrant_strategy(self, quadrant):
        return {
            "key": self.env._(
                "Key client (high share, big requirement): maintain the relationship, "
                "executive visits, priority supply and service."
            ),
            "hold": self.env._(
                "High share of a small requirement: hold and harvest, serve "
                "efficiently, do not over-invest."
            ),
            "develop": self.env._(
                "Low share of a big requirement: develop, win volume from competitors "
                "with technical support, qualification and targeted offers."
            ),
            "harvest": self.env._(
                "Low share of a small requirement: harvest or drop, standard terms and "
                "low-cost service channels."
            ),
        }.get(quadrant, "")

    def _kam_class_strategy(self, client_class):
        return {
            "profit": self.env._(
                "Profit client: protect the margin, service over price."
            ),
            "cash_flow": self.env._(
                "Cash-flow client: secure volume and payment terms; keep the cost to "
                "serve low."
            ),
            "technology": self.env._(
                "Technology-advance client: joint development, early access to new "
                "grades, technical visits."
            ),
            "demonstration": self.env._(
                "Demonstration client: a reference for the market; use it in cases, "
                "audits and visits of prospects."
            ),
            "potential": self.env._(
                "Potential client: invest in the relationship to win its requirement."
            ),
            "malign": self.env._(
                "Malign client: review prices, terms and complaint handling; reduce "
                "exposure or drop."
            ),
        }.get(client_class, "")

    def _kam_class_rule_sentence(self, rule, company):
        amount, number, percent = self._kam_formatters()
        return {
            "malign_loss": self.env._(
                "Malign: margin %(margin)s minus complaint cost %(cost)s minus "
                "rebates %(rebate)s is negative (%(net)s).",
                margin=amount(self.kam_margin_12m),
                cost=amount(self.kam_complaint_cost_12m),
                rebate=amount(self.kam_rebate_12m),
                net=amount(self.kam_net_contribution_12m),
            ),
            "malign_complaints": self.env._(
                "Malign: %(count)s complaints for %(orders)s orders, at least "
                "%(factor)s times the portfolio's complaint rate.",
                count=number(self.kam_complaint_count_12m),
                orders=number(self.kam_orders_12m),
                factor=number(company.kam_seg_malign_complaint_factor, 1),
            ),
            "profit_margin": self.env._(
                "Profit: margin rate %(rate)s is at least %(min)s.",
                rate=percent(self.kam_margin_12m / (self.kam_revenue_12m or 1.0)),
                min=percent(company.kam_seg_profit_margin_rate),
            ),
            "cash_flow_regular": self.env._(
                "Cash flow: %(orders)s orders (at least %(min_orders)s) and revenue "
                "%(revenue)s (at least %(min_revenue)s) at a margin rate below the "
                "profit threshold.",
                orders=number(self.kam_orders_12m),
                min_orders=number(company.kam_seg_cash_flow_min_orders),
                revenue=amount(self.kam_revenue_12m),
                min_revenue=amount(company.kam_seg_cash_flow_min_revenue),
            ),
            "potential_requirement": self.env._(
                "Potential: %(potential)s of requirement not bought from us (at "
                "least %(min)s).",
                potential=amount(self.kam_potential_value),
                min=amount(company.kam_seg_potential_min_value),
            ),
        }.get(rule, self.env._("No class rule matches."))

    def _kam_formatters(self):
        """Amounts in the company currency, numbers and ratios, in the user's
        language (see ``kam_lifecycle.tools.kam_format``)."""
        env, currency = self.env, self.env.company.currency_id
        return (
            lambda value: kam_format.kam_amount(env, value, currency),
            lambda value, digits=0: kam_format.kam_number(env, value, digits),
            lambda ratio, digits=1: kam_format.kam_percent(env, ratio, digits),
        )

    @api.depends_context("company", "lang")
    @api.depends(
        "kam_client_class",
        "kam_client_class_manual",
        "kam_client_class_rule",
        "kam_value_tier",
        "kam_size",
        "kam_quadrant",
    )
    def _compute_kam_segment_reason(self):
        company = self.env.company
        amount, _number, percent = self._kam_formatters()
        for partner in self:
            lines = []
            if partner.kam_client_class_manual:
                lines.append(
                    self.env._(
                        "Class set by hand: %(reason)s",
                        reason=partner.kam_client_class_manual_reason or "-",
                    )
                )
            lines.append(
                partner._kam_class_rule_sentence(partner.kam_client_class_rule, company)
            )
            lines.append(
                self.env._(
                    "Tier: cumulative margin share %(share)s (MVC up to "
                    "%(pareto)s), potential %(potential)s, net contribution "
                    "%(net)s.",
                    share=percent(partner.kam_margin_cum_share),
                    pareto=percent(company.kam_seg_pareto_share, 0),
                    potential=amount(partner.kam_potential_value),
                    net=amount(partner.kam_net_contribution_12m),
                )
            )
            lines.append(
                self.env._(
                    "Size: revenue %(revenue)s (medium from %(medium)s, big from "
                    "%(big)s, VIP from %(vip)s).",
                    revenue=amount(partner.kam_revenue_12m),
                    medium=amount(company.kam_seg_size_medium),
                    big=amount(company.kam_seg_size_big),
                    vip=amount(company.kam_seg_size_vip),
                )
            )
            lines.append(
                self.env._(
                    "Quadrant: share of wallet %(sow)s (high from %(high)s), "
                    "requirement value %(value)s (big from %(big)s).",
                    sow=percent(partner.kam_share_of_wallet),
                    high=percent(company.kam_seg_sow_high, 0),
                    value=amount(partner.kam_requirement_value),
                    big=amount(company.kam_seg_requirement_big),
                )
            )
            partner.kam_segment_reason = "\n".join(lines)
            partner.kam_segment_strategy = "\n".join(
                s
                for s in (
                    partner._kam_quadrant_strategy(partner.kam_quadrant),
                    partner._kam_class_strategy(partner.kam_client_class),
                )
                if s
            )

    # ---- the override ------------------------------------------------------
    def write(self, vals):
        if "kam_client_class_manual" not in vals:
            return super().write(vals)
        before = {p.id: p.kam_client_class for p in self}
        res = super().write(vals)
        self._kam_apply_class_override(before)
        return res

    def _kam_apply_class_override(self, before):
        """Set the effective class from the override (or the computed class)."""
        events = []
        to_write = {}
        today = fields.Date.context_today(self)
        for partner in self:
            effective = (
                partner.kam_client_class_manual or partner.kam_client_class_computed
            )
            if effective == before.get(partner.id):
                continue
            to_write[effective] = to_write.get(effective, self.browse()) | partner
            events.append(
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "date": today,
                    "client_class_from": before.get(partner.id) or False,
                    "client_class_to": effective or False,
                    "source": "manual",
                    "rule": "manual" if partner.kam_client_class_manual else "computed",
                    "reason": partner.kam_client_class_manual_reason or False,
                }
            )
        self.env["kam.partner.figure"].sudo()._kam_put(
            {
                (partner.id, self.env.company.id): {"client_class": effective or False}
                for effective, partners in to_write.items()
                for partner in partners
            }
        )
        if events:
            self.env["kam.segment.event"].sudo().create(events)
        self._kam_note_class_override(events)

    def _kam_note_class_override(self, events):
        """A note in the chatter of each client whose class was set by hand: who
        did it, from what to what and why (the events keep no author)."""
        labels = dict(self._fields["kam_client_class"]._description_selection(self.env))
        none = self.env._("none")
        for event in events:
            self.browse(event["partner_id"]).message_post(
                body=self.env._(
                    "Client class set by hand: %(from)s → %(to)s (%(reason)s)",
                    **{
                        "from": labels.get(event["client_class_from"], none),
                        "to": labels.get(event["client_class_to"], none),
                        "reason": event["reason"] or self.env._("no reason given"),
                    },
                )
            )

    # ---- recompute -----------------------------------------------------------
    def _kam_check_client_refresh(self):
        """Refreshing or recomputing a client (as superuser afterwards) is for
        key-account users who may write the client."""
        if self.env.su:
            return
        if not self.env.user.has_group("kam_lifecycle.group_kam_user"):
            raise AccessError(
                self.env._("Only key-account users may refresh or recompute a client.")
            )
        self.check_access("write")

    def action_kam_recompute_segmentation(self):
        """Button: recompute the figures and classes of these clients."""
        self._kam_check_client_refresh()
        self.sudo()._kam_recompute_segmentation()
        return True

    @api.model
    def action_kam_recompute_segmentation_all(self):
        """Button (managers): recompute every client of the current company."""
        if not self.env.user.has_group("kam_lifecycle.group_kam_manager"):
            raise AccessError(
                self.env._("Only key-account managers may recompute all clients.")
            )
        self.env["res.partner"].sudo()._kam_recompute_segmentation()
        return True

    @api.model
    def _cron_kam_segmentation_recompute(self):
        """Nightly: recompute figures and classes in every company."""
        for company in self.env["res.company"].search([]):
            self.with_company(company).browse()._kam_recompute_segmentation()

    def _kam_segment_params(self, today):
        company = self.env.company
        window = twelve_months(today)
        return {
            "cid": company.id,
            "ckey": str(company.id),
            "today": today,
            "d12": datetime.combine(window.start, time.min),
            "d24": datetime.combine(window.prev_start, time.min),
            "dend": datetime.combine(window.end, time.min),
            "company": company,
        }

    def _kam_segment_rebate_sql(self, params):
        """A query of ``(pid, amount)``: the rebates granted in the window
        (``params['d12']`` to ``params['dend']``) in ``params['cid']``, that is the
        settlements that count as paid (settled, their credit note not cancelled)."""
        return SQL(
            """
    SELECT s.partner_id AS pid, s.amount
    FROM kam_rebate_settlement s
    LEFT JOIN account_move m ON m.id = s.credit_note_id
    WHERE s.company_id = %(cid)s AND s.state = 'done'
        AND s.date >= %(d12)s AND s.date < %(dend)s
        AND (m.id IS NULL OR m.state != 'cancel')""",
            cid=params["cid"],
            d12=params["d12"].date(),
            dend=params["dend"].date(),
        )

    def _kam_segment_changed_sql(self, params, only):
        """The figures and classes of every client whose figures differ from the
        stored ones (compared column by column: a second run with nothing changed
        finds no row).

        The effective class is left out: the override keeps it up to date through
        the ORM (``_kam_apply_class_override``)."""
        compared = [
            column for column in SEGMENT_COLUMNS if column != "kam_client_class"
        ]
        return SQL(
            "SELECT n.* FROM (%(metrics)s) n LEFT JOIN kam_partner_figure f"
            " ON f.partner_id = n.id AND f.company_id = %(cid)s"
            " WHERE (%(new)s) IS DISTINCT FROM (%(old)s) AND %(only)s",
            metrics=self._kam_segment_metrics_sql(params),
            cid=params["cid"],
            new=SQL(", ").join(SQL("n.%s", SQL.identifier(c)) for c in compared),
            old=SQL(", ").join(SQL("f.%s", SQL.identifier(c[4:])) for c in compared),
            only=SQL("n.id = ANY(%s)", only) if only else SQL("TRUE"),
        )

    def _kam_segment_lines_sql(self, params):
        """Per ordering partner and unit category: revenue, margin and quantity (in
        the category's reference unit) of the confirmed order lines, in company
        currency, for the last 12 months and the 12 before. The one pass over the
        order lines, run on its own so that PostgreSQL can share it among parallel
        workers; the sums of each client's ordering partners (its contacts and
        itself) are added up per client afterwards (:meth:`_kam_segment_metrics_sql`),
        so that the pass joins no partner to its two million lines."""
        return SQL(
            """
SELECT so.partner_id AS partner_id, lu.category_id AS categ,
    SUM(%(revenue)s) FILTER (WHERE so.date_order >= %(d12)s) AS rev12,
    SUM(%(revenue)s) FILTER (WHERE so.date_order < %(d12)s) AS revp,
    SUM(sol.margin / COALESCE(NULLIF(so.currency_rate, 0), 1))
        FILTER (WHERE so.date_order >= %(d12)s) AS mar12,
    SUM(sol.margin / COALESCE(NULLIF(so.currency_rate, 0), 1))
        FILTER (WHERE so.date_order < %(d12)s) AS marp,
    SUM(sol.product_uom_qty / lu.factor)
        FILTER (WHERE so.date_order >= %(d12)s) AS qty12,
    SUM(sol.product_uom_qty / lu.factor)
        FILTER (WHERE so.date_order < %(d12)s) AS qtyp
FROM sale_order_line sol
JOIN sale_order so ON so.id = sol.order_id
LEFT JOIN uom_uom lu ON lu.id = sol.product_uom
WHERE so.state = 'sale' AND so.company_id = %(cid)s
    AND so.date_order >= %(d24)s AND so.date_order < %(dend)s
    AND %(counted)s
GROUP BY 1, 2
""",
            revenue=revenue_sql("so", "sol"),
            counted=counted_line_sql("sol"),
            d12=params["d12"],
            d24=params["d24"],
            dend=params["dend"],
            cid=params["cid"],
        )

    # ---- the rules, each on its own (columns of the "ranked" step) ----------
    @api.model
    def _kam_class_rule_sql(self, company):
        """The class rule that applies first, or NULL."""
        return SQL(
            """CASE
            WHEN (revenue_12m > 0 OR complaint_cost > 0) AND net_12m < 0
                THEN 'malign_loss'
            WHEN complaint_count >= %(malign_min)s AND portfolio_rate > 0
                AND complaint_count::numeric / GREATEST(orders_12m, 1)
                    >= %(malign_factor)s * portfolio_rate
                THEN 'malign_complaints'
            WHEN revenue_12m > 0 AND margin_12m >= %(profit_rate)s * revenue_12m
                THEN 'profit_margin'
            WHEN orders_12m >= %(cf_orders)s AND revenue_12m >= %(cf_revenue)s
                THEN 'cash_flow_regular'
            WHEN potential >= %(potential_min)s THEN 'potential_requirement'
        END""",
            malign_min=company.kam_seg_malign_min_complaints,
            malign_factor=company.kam_seg_malign_complaint_factor,
            profit_rate=company.kam_seg_profit_margin_rate,
            cf_orders=company.kam_seg_cash_flow_min_orders,
            cf_revenue=company.kam_seg_cash_flow_min_revenue,
            potential_min=company.kam_seg_potential_min_value,
        )

    @api.model
    def _kam_class_of_rule_sql(self, rule):
        """The client class a class rule (an SQL expression) gives."""
        return SQL(
            "CASE %s %s END",
            rule,
            SQL(" ").join(
                SQL("WHEN %s THEN %s", name, CLASS_OF_RULE[name])
                for name, _label in CLASS_RULES
            ),
        )

    @api.model
    def _kam_value_tier_sql(self, company):
        """MVC: the clients that make the first Pareto share of the margin; BZC:
        below zero; MGC: a large potential; standard: the other buyers."""
        return SQL(
            """CASE
            WHEN (revenue_12m > 0 OR complaint_cost > 0) AND net_12m < 0 THEN 'bzc'
            WHEN margin_12m > 0
                AND cum_margin - margin_12m < %(pareto)s * total_margin THEN 'mvc'
            WHEN potential >= %(mgc_min)s THEN 'mgc'
            WHEN revenue_12m > 0 OR potential > 0 THEN 'standard'
        END""",
            pareto=company.kam_seg_pareto_share,
            mgc_min=company.kam_seg_mgc_min_potential,
        )

    @api.model
    def _kam_size_sql(self, company):
        """The size by the revenue of the last 12 months."""
        return SQL(
            """CASE
            WHEN revenue_12m >= %(vip)s THEN 'vip'
            WHEN revenue_12m >= %(big)s THEN 'big'
            WHEN revenue_12m >= %(medium)s THEN 'medium'
            WHEN revenue_12m > 0 THEN 'small'
        END""",
            vip=company.kam_seg_size_vip,
            big=company.kam_seg_size_big,
            medium=company.kam_seg_size_medium,
        )

    @api.model
    def _kam_quadrant_sql(self, company):
        """Share of wallet (high/low) × requirement value (big/small), for clients
        with a requirement."""
        return SQL(
            """CASE
            WHEN NOT has_requirement THEN NULL
            WHEN share_of_wallet >= %(sow_high)s
                AND requirement_value >= %(req_big)s THEN 'key'
            WHEN share_of_wallet >= %(sow_high)s THEN 'hold'
            WHEN requirement_value >= %(req_big)s THEN 'develop'
            ELSE 'harvest'
        END""",
            sow_high=company.kam_seg_sow_high,
            req_big=company.kam_seg_requirement_big,
        )

    def _kam_segment_metrics_sql(self, params):
        """Every figure and class of every client, from the temporary tables
        ``kam_seg_lines`` and ``kam_order_stats`` (the order figures of
        kam_lifecycle, :meth:`_kam_order_stats`): the clients' figures, then their
        rank in the portfolio, then the rules."""
        company = params["company"]
        return SQL(
            """
WITH complaints AS (
    -- the complaint statistics of kam_complaints: one definition of their count
    -- and cost
    SELECT f.partner_id AS client_id, f.complaint_count_12m AS complaint_count,
        f.complaint_cost_12m AS complaint_cost
    FROM kam_partner_figure f
    WHERE f.company_id = %(cid)s
        AND (f.complaint_count_12m != 0 OR f.complaint_cost_12m != 0)
), rebates AS (
    SELECT r.pid AS client_id, SUM(r.amount) AS amount
    FROM (%(rebate_sql)s) r GROUP BY 1
), average_price AS (
    SELECT categ, SUM(rev12) / NULLIF(SUM(qty12), 0) AS price
    FROM kam_seg_lines WHERE categ IS NOT NULL GROUP BY categ
), clients AS (
    -- one read of the clients: who is computed (a requirement, figures written
    -- before, orders or complaints), their requirement and override
    SELECT p.id, COALESCE(p.kam_annual_requirement, 0) AS requirement,
        ru.factor AS requirement_factor, ru.category_id AS requirement_categ,
        NULLIF(p.kam_client_class_manual ->> %(ckey)s, '') AS manual
    FROM res_partner p
    LEFT JOIN uom_uom ru ON ru.id = p.kam_requirement_uom_id
    LEFT JOIN kam_partner_figure f
        ON f.partner_id = p.id AND f.company_id = %(cid)s
    WHERE p.id = p.commercial_partner_id AND (
        COALESCE(p.kam_annual_requirement, 0) > 0 OR f.segment_date IS NOT NULL
        OR p.id IN (SELECT pid FROM kam_order_stats)
        OR p.id IN (SELECT client_id FROM complaints)
    )
), sales AS (
    SELECT c.id,
        COALESCE(SUM(la.rev12), 0) AS rev12, COALESCE(SUM(la.revp), 0) AS revp,
        COALESCE(SUM(la.mar12), 0) AS mar12, COALESCE(SUM(la.marp), 0) AS marp,
        COALESCE(SUM(la.qty12) FILTER (WHERE la.categ = c.requirement_categ), 0)
            AS qty12_ref,
        COALESCE(SUM(la.qtyp) FILTER (WHERE la.categ = c.requirement_categ), 0)
            AS qtyp_ref
    FROM clients c LEFT JOIN (
        -- the lines of the client's ordering partners
        SELECT op.commercial_partner_id AS pid, sl.categ, sl.rev12, sl.revp,
            sl.mar12, sl.marp, sl.qty12, sl.qtyp
        FROM kam_seg_lines sl JOIN res_partner op ON op.id = sl.partner_id
    ) la ON la.pid = c.id
    GROUP BY c.id
), client_figures AS (
    SELECT c.id, c.manual,
        ROUND(s.rev12::numeric, 2) AS revenue_12m,
        ROUND(s.revp::numeric, 2) AS revenue_prev_12m,
        ROUND(s.mar12::numeric, 2) AS margin_12m,
        ROUND(s.marp::numeric, 2) AS margin_prev_12m,
        ROUND((s.qty12_ref * COALESCE(c.requirement_factor, 0))::numeric, 3)
            AS qty_12m,
        ROUND((s.qtyp_ref * COALESCE(c.requirement_factor, 0))::numeric, 3)
            AS qty_prev_12m,
        COALESCE(o.orders_12m, 0) AS orders_12m,
        COALESCE(o.orders_prev, 0) AS orders_prev,
        o.first_date, o.last_date,
        CASE WHEN c.requirement > 0 AND c.requirement_factor IS NOT NULL
            THEN ROUND((s.qty12_ref * c.requirement_factor / c.requirement)::numeric, 4)
            ELSE 0 END AS share_of_wallet,
        CASE WHEN c.requirement > 0 AND c.requirement_factor IS NOT NULL
            THEN ROUND((c.requirement / c.requirement_factor
                * COALESCE(ap.price, 0))::numeric, 2)
            ELSE 0 END AS requirement_value,
        CASE WHEN c.requirement > 0 AND c.requirement_factor IS NOT NULL
            THEN ROUND((GREATEST(c.requirement / c.requirement_factor - s.qty12_ref, 0)
                * COALESCE(ap.price, 0))::numeric, 2)
            ELSE 0 END AS potential,
        COALESCE(ca.complaint_count, 0) AS complaint_count,
        ROUND(COALESCE(ca.complaint_cost, 0), 2) AS complaint_cost,
        ROUND(COALESCE(ra.amount, 0)::numeric, 2) AS rebate,
        c.requirement > 0 AND c.requirement_factor IS NOT NULL AS has_requirement
    FROM clients c
    JOIN sales s ON s.id = c.id
    LEFT JOIN kam_order_stats o ON o.pid = c.id
    LEFT JOIN complaints ca ON ca.client_id = c.id
    LEFT JOIN rebates ra ON ra.client_id = c.id
    LEFT JOIN average_price ap ON ap.categ = c.requirement_categ
), ranked AS (
    -- each client's place in the portfolio: cumulative margin (Pareto) and the
    -- portfolio's complaint rate
    SELECT cf.*, cf.margin_12m - cf.complaint_cost - cf.rebate AS net_12m,
        SUM(GREATEST(cf.margin_12m, 0)) OVER (
            ORDER BY GREATEST(cf.margin_12m, 0) DESC, cf.id ROWS UNBOUNDED PRECEDING
        ) AS cum_margin,
        SUM(GREATEST(cf.margin_12m, 0)) OVER () AS total_margin,
        SUM(cf.complaint_count) OVER ()::numeric
            / NULLIF(SUM(cf.orders_12m) OVER (), 0) AS portfolio_rate
    FROM client_figures cf
), classified AS (
    SELECT ranked.*, %(class_rule)s AS class_rule, %(tier)s AS tier,
        %(size)s AS size, %(quadrant)s AS quadrant,
        CASE WHEN total_margin > 0 AND margin_12m > 0
            THEN ROUND(cum_margin / total_margin, 4) ELSE 0 END AS cum_share
    FROM ranked
), final AS (
    SELECT classified.*, %(class_of_rule)s AS class_computed FROM classified
)
SELECT id,
    revenue_12m AS kam_revenue_12m, revenue_prev_12m AS kam_revenue_prev_12m,
    margin_12m AS kam_margin_12m, margin_prev_12m AS kam_margin_prev_12m,
    qty_12m AS kam_qty_12m, qty_prev_12m AS kam_qty_prev_12m,
    orders_12m AS kam_orders_12m, orders_prev AS kam_orders_prev_12m,
    first_date AS kam_first_order_date, last_date AS kam_last_order_date,
    share_of_wallet AS kam_share_of_wallet,
    requirement_value AS kam_requirement_value, potential AS kam_potential_value,
    complaint_count AS kam_complaint_count_12m,
    complaint_cost AS kam_complaint_cost_12m,
    rebate AS kam_rebate_12m, net_12m AS kam_net_contribution_12m,
    cum_share AS kam_margin_cum_share,
    class_computed AS kam_client_class_computed,
    class_rule AS kam_client_class_rule,
    COALESCE(manual, class_computed) AS kam_client_class,
    tier AS kam_value_tier, size AS kam_size, quadrant AS kam_quadrant
FROM final
""",
            cid=params["cid"],
            ckey=params["ckey"],
            rebate_sql=self._kam_segment_rebate_sql(params),
            class_rule=self._kam_class_rule_sql(company),
            tier=self._kam_value_tier_sql(company),
            size=self._kam_size_sql(company),
            quadrant=self._kam_quadrant_sql(company),
            class_of_rule=self._kam_class_of_rule_sql(SQL("class_rule")),
        )

    def _kam_segment_events_sql(self, params, id_filter):
        """One event per client of ``id_filter`` whose class, tier, size or
        quadrant changed: each changed dimension before and after, the others
        empty, and the figures behind them."""
        metrics = SQL(
            "jsonb_build_object('revenue_12m', n.kam_revenue_12m, 'margin_12m', "
            "n.kam_margin_12m, 'net_contribution_12m', n.kam_net_contribution_12m, "
            "'orders_12m', n.kam_orders_12m, 'complaints_12m', "
            "n.kam_complaint_count_12m, 'share_of_wallet', n.kam_share_of_wallet, "
            "'requirement_value', n.kam_requirement_value, 'potential', "
            "n.kam_potential_value, 'margin_cum_share', n.kam_margin_cum_share)"
        )
        changed = {
            dimension: SQL(
                "f.%(old)s IS DISTINCT FROM n.%(new)s",
                old=SQL.identifier(column[4:]),
                new=SQL.identifier(column),
            )
            for dimension, column in SEGMENT_DIMENSIONS.items()
        }
        sides = [
            SQL(
                "CASE WHEN %(changed)s THEN f.%(old)s END AS %(dim_from)s, "
                "CASE WHEN %(changed)s THEN n.%(new)s END AS %(dim_to)s",
                changed=changed[dimension],
                old=SQL.identifier(column[4:]),
                new=SQL.identifier(column),
                dim_from=SQL.identifier(f"{dimension}_from"),
                dim_to=SQL.identifier(f"{dimension}_to"),
            )
            for dimension, column in SEGMENT_DIMENSIONS.items()
        ]
        return SQL(
            """
SELECT n.id AS partner_id, %(cid)s AS company_id, %(today)s::date AS date,
    %(sides)s, 'computed' AS source,
    CASE WHEN NOT (%(class_changed)s) THEN NULL
        WHEN n.kam_client_class IS DISTINCT FROM n.kam_client_class_computed
        THEN 'manual' ELSE n.kam_client_class_rule END AS rule,
    %(metrics)s AS metrics, NULL::varchar AS reason
FROM kam_seg_new n
LEFT JOIN kam_partner_figure f ON f.partner_id = n.id AND f.company_id = %(cid)s
WHERE %(id_filter)s AND (%(any_changed)s)
""",
            cid=params["cid"],
            today=params["today"],
            sides=SQL(", ").join(sides),
            class_changed=changed["client_class"],
            metrics=metrics,
            any_changed=SQL(" OR ").join(changed.values()),
            id_filter=id_filter,
        )

    def _kam_segment_figures_sql(self, params, id_filter):
        """The new figures of the rows of kam_seg_new in ``id_filter``, as the
        columns of kam.partner.figure."""
        return SQL(
            "SELECT n.id AS partner_id, %(cid)s AS company_id, %(cols)s, "
            "%(today)s::date AS segment_date FROM kam_seg_new n WHERE %(id_filter)s",
            cid=params["cid"],
            cols=SQL(", ").join(
                SQL("n.%s AS %s", SQL.identifier(column), SQL.identifier(column[4:]))
                for column in SEGMENT_COLUMNS
            ),
            today=params["today"],
            id_filter=id_filter,
        )

    def _kam_recompute_segmentation(self, today=None):
        """Recompute figures and classes in the current company, set-based.

        ``self`` empty: every client of the company; otherwise only these clients
        (their commercial partners) are written, the portfolio figures (Pareto,
        complaint rate) still come from every client. Returns the number of
        clients whose figures or classes changed.
        """
        today = today or fields.Date.context_today(self)
        self._kam_recompute_complaint_stats(today)
        params = self._kam_segment_params(today)
        for model in (
            "sale.order",
            "sale.order.line",
            "kam.complaint",
            "res.partner",
            "kam.rebate.settlement",
            "account.move",
        ):
            self.env[model].flush_model()
        cr = self.env.cr
        only = self.commercial_partner_id.ids if self else None
        cr.execute("DROP TABLE IF EXISTS kam_seg_lines, kam_seg_new")
        # the portfolio figures (average prices, Pareto, complaint rate) need every
        # client, even when only some are written
        statements = [
            (
                table,
                SQL(
                    "CREATE TEMPORARY TABLE %s ON COMMIT DROP AS %s",
                    SQL.identifier(table),
                    query,
                ),
            )
            for table, query in (
                ("kam_seg_lines", self._kam_segment_lines_sql(params)),
                ("kam_seg_new", self._kam_segment_changed_sql(params, only)),
            )
        ]
        with self._kam_bulk_query_settings(whole=True), timed_part(self.env, "passes"):
            # every client's orders: the portfolio figures need them all
            self.browse()._kam_order_stats(today)
            for table, statement in statements:
                cr.execute(statement)
                if table != "kam_seg_new":
                    # statistics for the planner of the next statement
                    cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))

        def write_batch(first, last):
            id_filter = SQL("n.id BETWEEN %s AND %s", first, last)
            self.env["kam.segment.event"]._kam_insert_events(
                self._kam_segment_events_sql(params, id_filter)
            )
            return self.env["kam.partner.figure"]._kam_upsert(
                self._kam_segment_figures_sql(params, id_filter), FIGURE_COLUMNS
            )

        changed = self._kam_write_in_batches(
            self._kam_id_batches("kam_seg_new", "id", SQL("TRUE")), write_batch
        )
        cr.execute("DROP TABLE kam_seg_lines, kam_seg_new")
        self.env["kam.segment.event"].invalidate_model()
        return changed

    # --- rebates (kam.rebate.*) ---
    kam_rebate_progress_ids = fields.One2many(
        comodel_name="kam.rebate.progress",
        inverse_name="partner_id",
        string="Rebate Progress",
        help="Where the customer stands in each rebate program of the company.",
    )

    def action_kam_refresh_rebates(self):
        """Refresh this customer's rebate progress in the active programs."""
        self._kam_check_client_refresh()
        programs = (
            self.env["kam.rebate.program"]
            .sudo()
            .search(
                [("state", "=", "active"), ("company_id", "in", self.env.companies.ids)]
            )
        )
        programs._kam_refresh_progress(partner_ids=self.commercial_partner_id.ids)
        return True

    # ---- display (Segments tab, menus): formatting in res_partner_display.py ----
    kam_figures_html = fields.Html(
        string="Last 12 Months and the 12 Before",
        compute="_compute_kam_figures_html",
        sanitize=False,
        help="Revenue, margin, quantity and orders of the last 12 months against the "
        "12 months before, and the change.",
    )

    @api.depends_context("company", "lang")
    @api.depends(*res_partner_display.FIGURE_FIELDS)
    def _compute_kam_figures_html(self):
        for partner in self:
            partner.kam_figures_html = res_partner_display.figures_table(partner)

    @api.model
    def action_kam_recompute_segmentation_notify(self):
        """Menu (managers): recompute every client, then say so."""
        self.action_kam_recompute_segmentation_all()
        return res_partner_display.recompute_notification(self.env)


class KamPartnerFigure(models.Model):
    _inherit = "kam.partner.figure"

    # the public names are the fields of res.partner above, "kam_" + column
    revenue_12m = figure_number()
    revenue_prev_12m = figure_number()
    margin_12m = figure_number()
    margin_prev_12m = figure_number()
    qty_12m = figure_number()
    qty_prev_12m = figure_number()
    orders_12m = fields.Integer()
    orders_prev_12m = fields.Integer()
    first_order_date = fields.Date()
    last_order_date = fields.Date()
    share_of_wallet = figure_number()
    requirement_value = figure_number()
    potential_value = figure_number()
    rebate_12m = figure_number()
    net_contribution_12m = figure_number()
    margin_cum_share = figure_number()
    segment_date = fields.Date()
    client_class = fields.Selection(selection=CLIENT_CLASSES)
    client_class_computed = fields.Selection(selection=CLIENT_CLASSES)
    client_class_rule = fields.Selection(selection=CLASS_RULES)
    value_tier = fields.Selection(selection=VALUE_TIERS)
    size = fields.Selection(selection=SIZES)
    quadrant = fields.Selection(selection=QUADRANTS)
