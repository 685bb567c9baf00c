# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The supply side of an account plan: the client's peak season, the quantities
agreed per product and month, and the stock the client reported at visits."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class KamAccountPlan(models.Model):
    _inherit = "kam.account.plan"

    peak_month_ids = fields.Many2many(
        comodel_name="kam.month",
        relation="kam_account_plan_peak_month_rel",
        column1="plan_id",
        column2="month_id",
        string="Peak Season",
        help="The months in which the client sells most and needs most supply.",
    )
    supply_agreement_ids = fields.One2many(
        comodel_name="kam.supply.agreement",
        inverse_name="plan_id",
        string="Supply Agreements",
    )
    supply_agreed_qty = fields.Float(
        string="Agreed Supply",
        digits="Product Unit of Measure",
        compute="_compute_supply_agreed_qty",
        help="Sum of the agreed quantities in the plan's unit (lines in another "
        "kind of unit are left out).",
    )
    kam_reported_stock_ids = fields.Many2many(
        comodel_name="kam.visit.stock",
        string="Latest Reported Stock",
        compute="_compute_kam_reported_stock_ids",
        help="Per product, the client's stock as last reported at a visit.",
    )

    @api.depends("supply_agreement_ids.quantity", "supply_agreement_ids.uom_id")
    def _compute_supply_agreed_qty(self):
        for plan in self:
            plan.supply_agreed_qty = sum(
                line.uom_id._compute_quantity(line.quantity, plan.uom_id, round=False)
                for line in plan.supply_agreement_ids
                if plan.uom_id and line.uom_id.category_id == plan.uom_id.category_id
            )

    @api.depends("partner_id", "company_id")
    def _compute_kam_reported_stock_ids(self):
        latest = self.env["kam.visit.stock"]._kam_latest_by_partner(
            self.partner_id, self.company_id
        )
        for plan in self:
            plan.kam_reported_stock_ids = latest.get(
                (plan.partner_id.id, plan.company_id.id),
                self.env["kam.visit.stock"],
            )

    def write(self, vals):
        if "peak_month_ids" in vals:
            self._kam_check_supply_open()
        return super().write(vals)

    def _kam_check_supply_open(self):
        """Peak season and supply agreements change until the plan is closed."""
        if self.env.su:
            return
        closed = self.filtered(lambda plan: plan.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "The plan %(plan)s is closed: its peak season and supply "
                    "agreements are final.",
                    plan=closed[0].name,
                )
            )
