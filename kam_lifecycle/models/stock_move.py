# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

URGENT = "1"


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_new_picking_values(self):
        """A transfer of a key account's order is urgent from its creation: the
        picking's priority is what reservation and the moves follow."""
        vals = super()._get_new_picking_values()
        if any(move.group_id.sale_id.kam_priority_reason for move in self):
            vals["priority"] = URGENT
        return vals
