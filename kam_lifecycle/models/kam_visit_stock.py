# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The client's stock of our products as reported at a visit (seed 002: "随时了解
大客户的销售与库存情况")."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamVisitStock(models.Model):
    _name = "kam.visit.stock"
    _description = "Client Stock Reported at a Visit"
    _inherit = ["kam.guard.mixin", "kam.product.quantity.mixin"]
    _order = "date desc, visit_id desc, product_id"
    _check_company_auto = True
    _kam_recheck_rules = True

    visit_id = fields.Many2one(
        comodel_name="kam.visit",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="visit_id.partner_id", string="Customer", store=True, index=True
    )
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    date = fields.Date(related="visit_id.date", string="Reported On", store=True)
    quantity = fields.Float(
        string="Client Stock", digits="Product Unit of Measure", required=True
    )

    _sql_constraints = [
        (
            "visit_product_uniq",
            "unique(visit_id, product_id)",
            "A visit reports one stock level per product.",
        ),
    ]

    @api.constrains("quantity", "uom_id", "product_id")
    def _check_quantity_uom(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(
                    self.env._("The client's stock cannot be negative.")
                )
        self._kam_check_unit()

    @api.model
    def _kam_latest_by_partner(self, partners, companies):
        """{(partner id, company id): the latest reported line per product}, from
        one query for all the partners."""
        result = {}
        if not partners:
            return result
        lines = self.search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "in", companies.ids),
            ],
            order="date desc, id desc",
        )
        seen = set()
        for line in lines:
            key = (line.partner_id.id, line.company_id.id)
            if (key, line.product_id.id) in seen:
                continue
            seen.add((key, line.product_id.id))
            result[key] = result.get(key, self) | line
        return result
