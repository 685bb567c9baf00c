# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Key accounts are served first (seed 002: "优先满足重点客户对产品的数量…的要求"):
the deliveries of their confirmed orders are urgent, so reservation serves them
before other orders."""

from odoo import fields, models
from odoo.exceptions import AccessError

PRIORITY_REASONS = [("key_account", "Key account: served first")]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kam_priority_reason = fields.Selection(
        selection=PRIORITY_REASONS,
        string="Delivery Priority",
        readonly=True,
        copy=False,
        help="Why the deliveries of this order are urgent: set at confirmation.",
    )

    def write(self, vals):
        if "kam_priority_reason" in vals and not self.env.su:
            raise AccessError(
                self.env._(
                    "The delivery priority of an order is set when it is confirmed."
                )
            )
        return super().write(vals)

    def _action_confirm(self):
        self._kam_set_priority_reason()
        return super()._action_confirm()

    def _kam_set_priority_reason(self):
        """Mark the orders of key accounts whose company serves them first."""
        served_first = self.filtered(
            lambda order: (
                order.company_id.kam_priority_supply
                and order.partner_id.commercial_partner_id.kam_is_key_account
            )
        )
        if served_first:
            served_first.sudo().write({"kam_priority_reason": "key_account"})
        others = (self - served_first).filtered("kam_priority_reason")
        if others:
            others.sudo().write({"kam_priority_reason": False})
