# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class KamComplaintDecisionWizard(models.TransientModel):
    """Ask the reason of a rejection or of a proposal sent back for rework."""

    _name = "kam.complaint.decision.wizard"
    _description = "Complaint Decision Reason"

    complaint_id = fields.Many2one(
        comodel_name="kam.complaint", required=True, ondelete="cascade"
    )
    decision = fields.Selection(
        selection=[("reject", "Reject"), ("rework", "Send Back for Rework")],
        required=True,
        default="reject",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "reject":
            self.complaint_id.action_reject(reason=self.reason)
        else:
            self.complaint_id.action_rework(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
