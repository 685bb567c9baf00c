# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def _kam_system_fields(self):
        # only the settlement marks its own credit notes
        return super()._kam_system_fields() | {"kam_is_rebate"}

    kam_is_rebate = fields.Boolean(
        string="Rebate Credit Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Created by a rebate settlement: never counted in a rebate volume.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rebate_settled(self):
        settled = (
            self.env["kam.rebate.settlement"]
            .sudo()
            .search_count([("credit_note_id", "in", self.ids)], limit=1)
        )
        if settled:
            raise UserError(
                self.env._(
                    "This credit note pays a rebate settlement: cancel it instead of "
                    "deleting it, so the settlement history stays complete."
                )
            )

    def _kam_refresh_rebate_progress(self):
        """Refresh the rebate progress of the customers of these customer invoices."""
        moves = self.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund") and not m.kam_is_rebate
            )
        )
        if not moves:
            return
        programs = (
            self.env["kam.rebate.program"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("company_id", "in", moves.company_id.ids),
                ]
            )
        )
        if programs:
            programs._kam_refresh_progress(partner_ids=moves.commercial_partner_id.ids)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._kam_refresh_rebate_progress()
        return posted

    def button_draft(self):
        posted = self.filtered(lambda m: m.state == "posted")
        res = super().button_draft()
        posted._kam_refresh_rebate_progress()
        return res

    def button_cancel(self):
        posted = self.filtered(lambda m: m.state == "posted")
        res = super().button_cancel()
        posted._kam_refresh_rebate_progress()
        return res
