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

    @api.depends("sale_id.kam_priority_reason", "priority", "state")
    def _compute_kam_priority_reason(self):
        """The order's reason while the transfer is starred (Odoo unstars it once
        done, the reason stays); none once a user took the star away."""
        for picking in self:
            urgent = picking.priority == "1" or picking.state == "done"
            picking.kam_priority_reason = (
                urgent and picking.sale_id.kam_priority_reason
            ) or False
