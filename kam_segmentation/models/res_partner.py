# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

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
SYSTEM_COLUMNS = (*SEGMENT_COLUMNS, "kam_segment_hash", "kam_segment_date")
# dimensions with a change history: dimension -> column
SEGMENT_DIMENSIONS = {
    "client_class": "kam_client_class",
    "value_tier": "kam_value_tier",
    "size": "kam_size",
    "quadrant": "kam_quadrant",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _kam_system_fields(self):
        return super()._kam_system_fields() | set(SYSTEM_COLUMNS)

    def _kam_write_after_create_fields(self):
        return super()._kam_write_after_create_fields() | {
            "kam_client_class_manual",
            "kam_client_class_manual_reason",
        }

    # ---- figures (company currency, windows ending today) -------------------
    kam_revenue_12m = fields.Float(
        string="Revenue 12 Months",
        company_dependent=True,
        index=False,
        digits="Account",
        help="Untaxed revenue of confirmed orders of the last 12 months, in the "
        "company currency.",
    )
    kam_revenue_prev_12m = fields.Float(
        string="Revenue Previous 12 Months",
        company_dependent=True,
        index=False,
        digits="Account",
    )
    kam_margin_12m = fields.Float(
        string="Margin 12 Months",
        company_dependent=True,
        index=False,
        digits="Account",
        help="Revenue minus cost (sale_margin's cost) of the last 12 months.",
    )
    kam_margin_prev_12m = fields.Float(
        string="Margin Previous 12 Months",
        company_dependent=True,
        index=False,
        digits="Account",
    )
    kam_qty_12m = fields.Float(
        string="Quantity 12 Months",
        company_dependent=True,
        index=False,
        digits="Product Unit of Measure",
        help="Quantity bought in the last 12 months, in the unit of the client's "
        "requirement (lines in other unit categories are not counted).",
    )
    kam_qty_prev_12m = fields.Float(
        string="Quantity Previous 12 Months",
        company_dependent=True,
        index=False,
        digits="Product Unit of Measure",
    )
    kam_orders_12m = fields.Integer(
        string="Orders 12 Months", company_dependent=True, index=False
    )
    kam_orders_prev_12m = fields.Integer(
        string="Orders Previous 12 Months", company_dependent=True, index=False
    )
    kam_first_order_date = fields.Date(
        string="First Order", company_dependent=True, index=False
    )
    kam_last_order_date = fields.Date(
        string="Last Order", company_dependent=True, index=False
    )
    kam_share_of_wallet = fields.Float(
        string="Share of Wallet",
        company_dependent=True,
        index=False,
        digits=(16, 4),
        help="Quantity of the last 12 months / the client's annual requirement "
        "(0.35 = 35 %).",
    )
    kam_requirement_value = fields.Float(
        string="Requirement Value",
        company_dependent=True,
        index=False,
        digits="Account",
        help="The client's annual requirement valued at our average price of the last "
        "12 months (all clients, same unit category): the purchase size.",
    )
    kam_potential_value = fields.Float(
        string="Potential Value",
        company_dependent=True,
        index=False,
        digits="Account",
        help="The part of the requirement not yet bought from us, valued at our "
        "average price.",
    )
    kam_rebate_12m = fields.Float(
        string="Rebates 12 Months",
        company_dependent=True,
        index=False,
        digits="Account",
        help="Rebates granted in the last 12 months.",
    )
    kam_net_contribution_12m = fields.Float(
        string="Net Contribution 12 Months",
        company_dependent=True,
        index=False,
        digits="Account",
        help="Margin minus complaint cost minus rebates of the last 12 months.",
    )
    kam_margin_cum_share = fields.Float(
        string="Cumulative Margin Share",
        company_dependent=True,
        index=False,
        digits=(16, 4),
        help="Share of the portfolio's margin made by this client and all clients with "
        "a larger margin (the Pareto position).",
    )
    kam_segment_hash = fields.Char(
        string="Segments Fingerprint",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        help="A fingerprint of the stored figures and classes: the recompute writes "
        "a client only when it changes.",
    )
    kam_segment_date = fields.Date(
        string="Segments Changed On",
        company_dependent=True,
        index=False,
        help="The day the recompute last changed a figure or class of this client.",
    )
    # ---- classes ---------------------------------------------------------
    kam_client_class = fields.Selection(
        selection=CLIENT_CLASSES,
        string="Client Class",
        company_dependent=True,
        help="The effective client class: the override when set, otherwise the class "
        "computed by the segmentation rules.",
    )
    kam_client_class_computed = fields.Selection(
        selection=CLIENT_CLASSES,
        string="Computed Class",
        company_dependent=True,
        index=False,
    )
    kam_client_class_rule = fields.Selection(
        selection=CLASS_RULES,
        string="Class Rule",
        company_dependent=True,
        index=False,
        help="The rule that produced the computed class.",
    )
    kam_client_class_manual = fields.Selection(
        selection=CLIENT_CLASSES,
        string="Class Override",
        company_dependent=True,
        index=False,
        help="Set a class by hand (technology advance and demonstration clients are "
        "only set this way); empty = the computed class applies.",
    )
    kam_client_class_manual_reason = fields.Char(
        string="Class Override Reason", company_dependent=True, index=False
    )
    kam_value_tier = fields.Selection(
        selection=VALUE_TIERS, string="Value Tier", company_dependent=True
    )
    kam_size = fields.Selection(selection=SIZES, string="Size", company_dependent=True)
    kam_quadrant = fields.Selection(
        selection=QUADRANTS,
        string="Quadrant",
        company_dependent=True,
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
                    "dimension": "client_class",
                    "value_from": before.get(partner.id) or False,
                    "value_to": effective or False,
                    "source": "manual",
                    "rule": "manual" if partner.kam_client_class_manual else "computed",
                    "reason": partner.kam_client_class_manual_reason or False,
                }
            )
        for effective, partners in to_write.items():
            partners.sudo().write({"kam_client_class": effective})
        if events:
            self.env["kam.segment.event"].sudo().create(events)

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
        start_today = datetime.combine(today, time.min)
        return {
            "cid": company.id,
            "ckey": str(company.id),
            "today": today,
            "d12": start_today - relativedelta(months=12) + timedelta(days=1),
            "d24": start_today - relativedelta(months=24) + timedelta(days=1),
            "dend": start_today + timedelta(days=1),
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

    def _kam_segment_changed_sql(self, p, only):
        """The figures and classes of every client whose fingerprint differs.

        The effective class is left out of the fingerprint: the override keeps it
        up to date through the ORM (``_kam_apply_class_override``)."""
        hashed = SQL(
            "md5(ROW(%s)::text)",
            SQL(", ").join(
                SQL("n.%s", SQL.identifier(column))
                for column in SEGMENT_COLUMNS
                if column != "kam_client_class"
            ),
        )
        return SQL(
            "SELECT n.*, %(hashed)s AS kam_segment_hash FROM (%(metrics)s) n "
            "WHERE n.old_hash IS DISTINCT FROM %(hashed)s AND %(only)s",
            hashed=hashed,
            metrics=self._kam_segment_metrics_sql(p),
            only=SQL("n.id = ANY(%s)", only) if only else SQL("TRUE"),
        )

    def _kam_segment_lines_sql(self, p):
        """Per client and unit category: revenue, margin and quantity (in the
        category's reference unit) of the confirmed order lines, in company currency,
        for the last 12 months and the 12 before. The one pass over the order lines,
        run on its own so that PostgreSQL can share it among parallel workers."""
        return SQL(
            """
SELECT op.commercial_partner_id AS pid, lu.category_id AS categ,
    SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1))
        FILTER (WHERE so.date_order >= %(d12)s) AS rev12,
    SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1))
        FILTER (WHERE so.date_order < %(d12)s) AS revp,
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
JOIN res_partner op ON op.id = so.partner_id
LEFT JOIN uom_uom lu ON lu.id = sol.product_uom
WHERE so.state = 'sale' AND so.company_id = %(cid)s
    AND so.date_order >= %(d24)s AND so.date_order < %(dend)s
    AND sol.display_type IS NULL AND sol.is_downpayment IS NOT TRUE
GROUP BY 1, 2
""",
            d12=p["d12"],
            d24=p["d24"],
            dend=p["dend"],
            cid=p["cid"],
        )

    def _kam_segment_orders_sql(self, p):
        """Per client: confirmed orders of the last 12 months and the 12 before,
        first and last order date."""
        return SQL(
            """
SELECT op.commercial_partner_id AS pid,
    COUNT(*) FILTER (WHERE so.date_order >= %(d12)s) AS orders12,
    COUNT(*) FILTER (WHERE so.date_order >= %(d24)s AND so.date_order < %(d12)s)
        AS ordersp,
    MIN(so.date_order)::date AS first_date,
    MAX(so.date_order)::date AS last_date
FROM sale_order so
JOIN res_partner op ON op.id = so.partner_id
WHERE so.state = 'sale' AND so.company_id = %(cid)s AND so.date_order < %(dend)s
GROUP BY 1
""",
            d12=p["d12"],
            d24=p["d24"],
            dend=p["dend"],
            cid=p["cid"],
        )

    def _kam_segment_metrics_sql(self, p):
        """Every figure and class of every client, from the temporary tables
        ``kam_seg_lines`` and ``kam_seg_orders``."""
        company = p["company"]
        rebate_sql = self._kam_segment_rebate_sql(p)
        return SQL(
            """
WITH complaint_agg AS (
    SELECT c.commercial_partner_id AS pid,
        COUNT(*) FILTER (WHERE c.state != 'cancelled') AS ccount,
        COALESCE(SUM(c.resolution_cost)
            FILTER (WHERE %(cost_counts)s), 0) AS ccost
    FROM kam_complaint c
    WHERE c.company_id = %(cid)s
        AND c.date_received >= %(d12)s AND c.date_received < %(dend)s
    GROUP BY 1
), rebate_agg AS (
    SELECT r.pid, SUM(r.amount) AS amount FROM (%(rebate_sql)s) r GROUP BY 1
), avg_price AS (
    SELECT categ, SUM(rev12) / NULLIF(SUM(qty12), 0) AS price
    FROM kam_seg_lines WHERE categ IS NOT NULL GROUP BY categ
), cand AS (
    -- one read of the clients: who is computed, their requirement, override and
    -- stored fingerprint
    SELECT p.id, COALESCE(p.kam_annual_requirement, 0) AS req,
        ru.factor AS req_factor, ru.category_id AS req_categ,
        NULLIF(p.kam_client_class_manual ->> %(ckey)s, '') AS manual,
        p.kam_segment_hash ->> %(ckey)s AS old_hash
    FROM res_partner p
    LEFT JOIN uom_uom ru ON ru.id = p.kam_requirement_uom_id
    WHERE p.id = p.commercial_partner_id AND (
        COALESCE(p.kam_annual_requirement, 0) > 0 OR p.kam_revenue_12m ? %(ckey)s
        OR p.id IN (SELECT pid FROM kam_seg_orders)
        OR p.id IN (SELECT pid FROM complaint_agg)
    )
), lines AS (
    SELECT c.id,
        COALESCE(SUM(la.rev12), 0) AS rev12, COALESCE(SUM(la.revp), 0) AS revp,
        COALESCE(SUM(la.mar12), 0) AS mar12, COALESCE(SUM(la.marp), 0) AS marp,
        COALESCE(SUM(la.qty12) FILTER (WHERE la.categ = c.req_categ), 0) AS qty12_ref,
        COALESCE(SUM(la.qtyp) FILTER (WHERE la.categ = c.req_categ), 0) AS qtyp_ref
    FROM cand c LEFT JOIN kam_seg_lines la ON la.pid = c.id
    GROUP BY c.id
), m AS (
    SELECT c.id, c.manual, c.req, c.old_hash,
        ROUND(l.rev12::numeric, 2) AS rev12, ROUND(l.revp::numeric, 2) AS revp,
        ROUND(l.mar12::numeric, 2) AS mar12, ROUND(l.marp::numeric, 2) AS marp,
        ROUND((l.qty12_ref * COALESCE(c.req_factor, 0))::numeric, 3) AS qty12,
        ROUND((l.qtyp_ref * COALESCE(c.req_factor, 0))::numeric, 3) AS qtyp,
        COALESCE(o.orders12, 0) AS orders12, COALESCE(o.ordersp, 0) AS ordersp,
        o.first_date, o.last_date,
        CASE WHEN c.req > 0 AND c.req_factor IS NOT NULL
            THEN ROUND((l.qty12_ref * c.req_factor / c.req)::numeric, 4)
            ELSE 0 END AS sow,
        CASE WHEN c.req > 0 AND c.req_factor IS NOT NULL
            THEN ROUND((c.req / c.req_factor * COALESCE(ap.price, 0))::numeric, 2)
            ELSE 0 END AS req_value,
        CASE WHEN c.req > 0 AND c.req_factor IS NOT NULL
            THEN ROUND((GREATEST(c.req / c.req_factor - l.qty12_ref, 0)
                * COALESCE(ap.price, 0))::numeric, 2)
            ELSE 0 END AS potential,
        COALESCE(ca.ccount, 0) AS ccount, ROUND(COALESCE(ca.ccost, 0), 2) AS ccost,
        ROUND(COALESCE(ra.amount, 0)::numeric, 2) AS rebate,
        c.req > 0 AND c.req_factor IS NOT NULL AS has_req
    FROM cand c
    JOIN lines l ON l.id = c.id
    LEFT JOIN kam_seg_orders o ON o.pid = c.id
    LEFT JOIN complaint_agg ca ON ca.pid = c.id
    LEFT JOIN rebate_agg ra ON ra.pid = c.id
    LEFT JOIN avg_price ap ON ap.categ = c.req_categ
), w AS (
    SELECT m.*, m.mar12 - m.ccost - m.rebate AS net12,
        SUM(GREATEST(m.mar12, 0)) OVER (
            ORDER BY GREATEST(m.mar12, 0) DESC, m.id ROWS UNBOUNDED PRECEDING
        ) AS cum_margin,
        SUM(GREATEST(m.mar12, 0)) OVER () AS total_margin,
        SUM(m.ccount) OVER ()::numeric / NULLIF(SUM(m.orders12) OVER (), 0)
            AS portfolio_rate
    FROM m
), r AS (
    SELECT w.*,
        CASE
            WHEN (w.rev12 > 0 OR w.ccost > 0) AND w.net12 < 0 THEN 'malign_loss'
            WHEN w.ccount >= %(malign_min)s AND w.portfolio_rate > 0
                AND w.ccount::numeric / GREATEST(w.orders12, 1)
                    >= %(malign_factor)s * w.portfolio_rate
                THEN 'malign_complaints'
            WHEN w.rev12 > 0 AND w.mar12 >= %(profit_rate)s * w.rev12
                THEN 'profit_margin'
            WHEN w.orders12 >= %(cf_orders)s AND w.rev12 >= %(cf_revenue)s
                THEN 'cash_flow_regular'
            WHEN w.potential >= %(potential_min)s THEN 'potential_requirement'
        END AS class_rule,
        CASE
            WHEN (w.rev12 > 0 OR w.ccost > 0) AND w.net12 < 0 THEN 'bzc'
            WHEN w.mar12 > 0
                AND w.cum_margin - w.mar12 < %(pareto)s * w.total_margin THEN 'mvc'
            WHEN w.potential >= %(mgc_min)s THEN 'mgc'
            WHEN w.rev12 > 0 OR w.potential > 0 THEN 'standard'
        END AS tier,
        CASE
            WHEN w.rev12 >= %(size_vip)s THEN 'vip'
            WHEN w.rev12 >= %(size_big)s THEN 'big'
            WHEN w.rev12 >= %(size_medium)s THEN 'medium'
            WHEN w.rev12 > 0 THEN 'small'
        END AS size,
        CASE
            WHEN NOT w.has_req THEN NULL
            WHEN w.sow >= %(sow_high)s AND w.req_value >= %(req_big)s THEN 'key'
            WHEN w.sow >= %(sow_high)s THEN 'hold'
            WHEN w.req_value >= %(req_big)s THEN 'develop'
            ELSE 'harvest'
        END AS quadrant,
        CASE WHEN w.total_margin > 0 AND w.mar12 > 0
            THEN ROUND(w.cum_margin / w.total_margin, 4) ELSE 0 END AS cum_share
    FROM w
)
SELECT r.id,
    r.rev12 AS kam_revenue_12m, r.revp AS kam_revenue_prev_12m,
    r.mar12 AS kam_margin_12m, r.marp AS kam_margin_prev_12m,
    r.qty12 AS kam_qty_12m, r.qtyp AS kam_qty_prev_12m,
    r.orders12 AS kam_orders_12m, r.ordersp AS kam_orders_prev_12m,
    r.first_date AS kam_first_order_date, r.last_date AS kam_last_order_date,
    r.sow AS kam_share_of_wallet, r.req_value AS kam_requirement_value,
    r.potential AS kam_potential_value,
    r.ccount AS kam_complaint_count_12m, r.ccost AS kam_complaint_cost_12m,
    r.rebate AS kam_rebate_12m, r.net12 AS kam_net_contribution_12m,
    r.cum_share AS kam_margin_cum_share,
    CASE r.class_rule
        WHEN 'malign_loss' THEN 'malign' WHEN 'malign_complaints' THEN 'malign'
        WHEN 'profit_margin' THEN 'profit' WHEN 'cash_flow_regular' THEN 'cash_flow'
        WHEN 'potential_requirement' THEN 'potential'
    END AS kam_client_class_computed,
    r.class_rule AS kam_client_class_rule,
    COALESCE(r.manual, CASE r.class_rule
        WHEN 'malign_loss' THEN 'malign' WHEN 'malign_complaints' THEN 'malign'
        WHEN 'profit_margin' THEN 'profit' WHEN 'cash_flow_regular' THEN 'cash_flow'
        WHEN 'potential_requirement' THEN 'potential'
    END) AS kam_client_class,
    r.tier AS kam_value_tier, r.size AS kam_size, r.quadrant AS kam_quadrant,
    r.old_hash
FROM r
""",
            d12=p["d12"],
            d24=p["d24"],
            dend=p["dend"],
            cid=p["cid"],
            ckey=p["ckey"],
            rebate_sql=rebate_sql,
            cost_counts=self.env["kam.complaint"]._kam_cost_counts_sql("c"),
            malign_min=company.kam_seg_malign_min_complaints,
            malign_factor=company.kam_seg_malign_complaint_factor,
            profit_rate=company.kam_seg_profit_margin_rate,
            cf_orders=company.kam_seg_cash_flow_min_orders,
            cf_revenue=company.kam_seg_cash_flow_min_revenue,
            potential_min=company.kam_seg_potential_min_value,
            pareto=company.kam_seg_pareto_share,
            mgc_min=company.kam_seg_mgc_min_potential,
            size_vip=company.kam_seg_size_vip,
            size_big=company.kam_seg_size_big,
            size_medium=company.kam_seg_size_medium,
            sow_high=company.kam_seg_sow_high,
            req_big=company.kam_seg_requirement_big,
        )

    def _kam_segment_events_sql(self, p, id_filter):
        metrics = SQL(
            "jsonb_build_object('revenue_12m', n.kam_revenue_12m, 'margin_12m', "
            "n.kam_margin_12m, 'net_contribution_12m', n.kam_net_contribution_12m, "
            "'orders_12m', n.kam_orders_12m, 'complaints_12m', "
            "n.kam_complaint_count_12m, 'share_of_wallet', n.kam_share_of_wallet, "
            "'requirement_value', n.kam_requirement_value, 'potential', "
            "n.kam_potential_value, 'margin_cum_share', n.kam_margin_cum_share)"
        )
        values = []
        for dimension, column in SEGMENT_DIMENSIONS.items():
            if dimension == "client_class":
                rule = SQL(
                    "CASE WHEN n.kam_client_class IS DISTINCT FROM "
                    "n.kam_client_class_computed THEN 'manual' "
                    "ELSE n.kam_client_class_rule END"
                )
            else:
                rule = SQL("n.%s::text", SQL.identifier(column))
            values.append(
                SQL(
                    "(%(dimension)s, p.%(col)s ->> %(ckey)s, n.%(col)s::text, "
                    "%(rule)s)",
                    dimension=dimension,
                    col=SQL.identifier(column),
                    ckey=p["ckey"],
                    rule=rule,
                )
            )
        return SQL(
            """
INSERT INTO kam_segment_event (partner_id, company_id, date, dimension, value_from,
    value_to, source, rule, metrics, create_uid, create_date, write_uid, write_date)
SELECT n.id, %(cid)s, %(today)s, e.dimension, e.value_from, e.value_to, 'computed',
    e.rule, %(metrics)s, %(uid)s, %(now)s, %(uid)s, %(now)s
FROM kam_seg_new n
JOIN res_partner p ON p.id = n.id
CROSS JOIN LATERAL (VALUES %(values)s) AS e (dimension, value_from, value_to, rule)
WHERE %(id_filter)s AND e.value_from IS DISTINCT FROM e.value_to
""",
            cid=p["cid"],
            today=p["today"],
            metrics=metrics,
            uid=self.env.uid,
            now=fields.Datetime.now(),
            values=SQL(", ").join(values),
            id_filter=id_filter,
        )

    def _kam_segment_update_sql(self, p, id_filter):
        sets = [
            SQL(
                "%(col)s = COALESCE(p.%(col)s, '{}'::jsonb) || "
                "jsonb_build_object(%(ckey)s, n.%(col)s)",
                col=SQL.identifier(column),
                ckey=p["ckey"],
            )
            for column in [*SEGMENT_COLUMNS, "kam_segment_hash"]
        ]
        sets.append(
            SQL(
                "kam_segment_date = COALESCE(p.kam_segment_date, '{}'::jsonb) || "
                "jsonb_build_object(%s, %s::date)",
                p["ckey"],
                p["today"],
            )
        )
        return SQL(
            "UPDATE res_partner p SET %(sets)s, write_uid = %(uid)s, write_date = "
            "%(now)s FROM kam_seg_new n WHERE p.id = n.id AND %(id_filter)s "
            "AND (p.kam_segment_hash ->> %(ckey)s) IS DISTINCT FROM n.kam_segment_hash",
            sets=SQL(", ").join(sets),
            uid=self.env.uid,
            now=fields.Datetime.now(),
            id_filter=id_filter,
            ckey=p["ckey"],
        )

    def _kam_recompute_segmentation(self, today=None):
        """Recompute figures and classes in the current company, set-based.

        ``self`` empty: every client of the company; otherwise only these clients
        (their commercial partners) are written, the portfolio figures (Pareto,
        complaint rate) still come from every client. Returns the number of
        clients whose figures or classes changed.
        """
        today = today or fields.Date.context_today(self)
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
        cr.execute("DROP TABLE IF EXISTS kam_seg_lines, kam_seg_orders, kam_seg_new")
        # the portfolio figures (average prices, Pareto, complaint rate) need every
        # client, even when only some are written
        statements = [
            SQL(
                "CREATE TEMPORARY TABLE %s ON COMMIT DROP AS %s",
                SQL.identifier(table),
                query,
            )
            for table, query in (
                ("kam_seg_lines", self._kam_segment_lines_sql(params)),
                ("kam_seg_orders", self._kam_segment_orders_sql(params)),
                ("kam_seg_new", self._kam_segment_changed_sql(params, only)),
            )
        ]
        with self._kam_bulk_query_settings(whole=True):
            for statement in statements:
                cr.execute(statement)

        def write_batch(first, last):
            id_filter = SQL("n.id BETWEEN %s AND %s", first, last)
            cr.execute(self._kam_segment_events_sql(params, id_filter))
            cr.execute(self._kam_segment_update_sql(params, id_filter))
            return cr.rowcount

        changed = self._kam_write_in_batches(
            self._kam_id_batches("kam_seg_new", "id", SQL("TRUE")), write_batch
        )
        cr.execute("DROP TABLE kam_seg_lines, kam_seg_orders, kam_seg_new")
        self.env["res.partner"].invalidate_model(
            [*SEGMENT_COLUMNS, "kam_segment_hash", "kam_segment_date"]
            + ["write_date", "write_uid"]
        )
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
