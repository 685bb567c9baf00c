# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A quantity of a product in a unit of the product's category: the supply agreed
with a key account and the stock it reports at a visit."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamProductQuantityMixin(models.AbstractModel):
    _name = "kam.product.quantity.mixin"
    _description = "Quantity of a Product in a Unit of its Category"

    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        check_company=True,
    )
    uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        required=True,
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if line.product_id and (
                not line.uom_id
                or line.uom_id.category_id != line.product_id.uom_id.category_id
            ):
                line.uom_id = line.product_id.uom_id

    def _kam_check_unit(self):
        """Refuse a unit that does not measure the product (another category)."""
        for line in self:
            if line.uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "The unit %(unit)s does not measure %(product)s (its unit is "
                        "%(product_unit)s).",
                        unit=line.uom_id.name,
                        product=line.product_id.display_name,
                        product_unit=line.product_id.uom_id.name,
                    )
                )
