# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    kam_supply_warning_days = fields.Integer(
        string="Supply Warning (days ahead)",
        default=60,
        help="A month whose agreed supply exceeds the forecast raises an activity "
        "this many days before it starts.",
    )
    kam_supply_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Inventory Manager for Shortfalls",
        domain="[('share', '=', False)]",
        help="Who hears of supply shortfalls besides the key-account managers; "
        "empty = every inventory administrator of the company.",
    )
    kam_priority_supply = fields.Boolean(
        string="Key Accounts Served First",
        default=True,
        help="Deliveries of key accounts' confirmed orders are urgent: stock is "
        "reserved for them first.",
    )

    @api.constrains("kam_supply_warning_days")
    def _check_kam_supply_warning_days(self):
        for company in self:
            if company.kam_supply_warning_days < 0:
                raise ValidationError(
                    self.env._("The supply warning days cannot be negative.")
                )
