# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .sale_order import PRIORITY_REASONS


class StockPicking(models.Model):
    _inherit = "stock.picking"

    kam_priority_reason = fields.Selection(
        selection=PRIORITY_REASONS,
        string="Why Urgent",
        compute="_compute_kam_priority_reason",
        help="The delivery is urgent because its sale order is a key account's.",
    )

    @api.depends("sale_id.kam_priority_reason", "priority")
    def _compute_kam_priority_reason(self):
        for picking in self:
            picking.kam_priority_reason = (
                picking.priority == "1" and picking.sale_id.kam_priority_reason
            ) or False
