# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_supply_warning_days = fields.Integer(
        related="company_id.kam_supply_warning_days", readonly=False
    )
    kam_supply_manager_id = fields.Many2one(
        related="company_id.kam_supply_manager_id", readonly=False
    )
    kam_priority_supply = fields.Boolean(
        related="company_id.kam_priority_supply", readonly=False
    )
