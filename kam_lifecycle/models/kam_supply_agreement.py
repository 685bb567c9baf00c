# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a key account will need in a month of its plan's year, agreed before the
peak season (seed 002: "在销售旺季到来之前 … 保证重点客户在旺季的货源需求")."""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamSupplyAgreement(models.Model):
    _name = "kam.supply.agreement"
    _description = "Supply Agreement of an Account Plan"
    _inherit = ["kam.guard.mixin", "kam.product.quantity.mixin"]
    _order = "plan_id, date_month, product_id"
    _check_company_auto = True
    _kam_recheck_rules = True

    # -- fields --------------------------------------------------------------------
    plan_id = fields.Many2one(
        comodel_name="kam.account.plan",
        string="Account Plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="plan_id.partner_id", string="Customer", store=True, index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan State")
    kam_manager_id = fields.Many2one(related="plan_id.kam_manager_id")
    year = fields.Integer(related="plan_id.year", store=True)
    month_id = fields.Many2one(
        comodel_name="kam.month", required=True, ondelete="restrict"
    )
    date_month = fields.Date(
        string="Month Start",
        compute="_compute_date_month",
        store=True,
        index=True,
        help="The first day of the agreed month in the plan's year.",
    )
    product_id = fields.Many2one(domain="[('is_storable', '=', True)]")
    quantity = fields.Float(
        string="Agreed Quantity", digits="Product Unit of Measure", required=True
    )
    in_peak = fields.Boolean(
        string="In Peak Season",
        compute="_compute_in_peak",
        help="The month is one of the plan's peak-season months.",
    )
    notes = fields.Char()

    _sql_constraints = [
        (
            "plan_product_month_uniq",
            "unique(plan_id, product_id, month_id)",
            "A plan agrees one quantity per product and month.",
        ),
    ]

    # -- compute -------------------------------------------------------------------
    @api.depends("plan_id.year", "month_id.number")
    def _compute_date_month(self):
        for line in self:
            year, month = line.plan_id.year, line.month_id.number
            line.date_month = date(year, month, 1) if year and month else False

    @api.depends("month_id", "plan_id.peak_month_ids")
    def _compute_in_peak(self):
        for line in self:
            line.in_peak = line.month_id in line.plan_id.peak_month_ids

    # -- constraints ---------------------------------------------------------------
    @api.constrains("quantity", "uom_id", "product_id")
    def _check_quantity_uom(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._("The agreed quantity must be greater than zero.")
                )
            if not line.product_id.is_storable:
                raise ValidationError(
                    self.env._(
                        "%(product)s does not track its inventory: supply is agreed "
                        "for products whose stock Odoo follows.",
                        product=line.product_id.display_name,
                    )
                )
        self._kam_check_unit()

    # -- CRUD ----------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        plan_ids = {vals.get("plan_id") for vals in vals_list}
        self.env["kam.account.plan"].browse(
            [pid for pid in plan_ids if pid]
        )._kam_check_supply_open()
        return super().create(vals_list)

    def write(self, vals):
        self.plan_id._kam_check_supply_open()
        if "plan_id" in vals:
            self.env["kam.account.plan"].browse(
                vals["plan_id"]
            )._kam_check_supply_open()
        return super().write(vals)

    def unlink(self):
        self.plan_id._kam_check_supply_open()
        return super().unlink()

    # -- business ------------------------------------------------------------------
    def _kam_quantity_in_product_uom(self):
        """The agreed quantity in the product's own unit (the unit of the stock)."""
        self.ensure_one()
        return self.uom_id._compute_quantity(
            self.quantity, self.product_id.uom_id, round=False
        )
