# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kam_rebate_excluded = fields.Boolean(
        string="Excluded from Rebates",
        help="Invoice lines of this product never count in a rebate volume.",
    )
