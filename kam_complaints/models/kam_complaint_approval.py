# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from .kam_complaint_approval_rule import APPROVER_TYPES

APPROVAL_STATES = [
    ("pending", "Pending"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class KamComplaintApproval(models.Model):
    """One required approval of a complaint's proposal.

    Created when approval is requested, from the matching rules; changed only by the
    complaint's methods (``action_approve``, ``action_reject``, ``action_rework``),
    which check the user's right and then write as superuser. Nobody else may create,
    write or delete an approval.
    """

    _name = "kam.complaint.approval"
    _description = "Complaint Approval"
    _order = "sequence, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        comodel_name="kam.complaint",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    active = fields.Boolean(
        default=True,
        help="Approvals of a proposal sent back for rework are archived.",
    )
    rule_id = fields.Many2one(
        comodel_name="kam.complaint.approval.rule",
        ondelete="set null",
        help="Empty for the key-account manager's approval that every return needs.",
    )
    name = fields.Char(string="Step", required=True)
    sequence = fields.Integer(default=10)
    approver_type = fields.Selection(selection=APPROVER_TYPES, required=True)
    group_id = fields.Many2one(comodel_name="res.groups", string="Approving Group")
    user_id = fields.Many2one(comodel_name="res.users", string="Approver")
    state = fields.Selection(
        selection=APPROVAL_STATES, default="pending", required=True
    )
    reviewed_by_id = fields.Many2one(comodel_name="res.users")
    date_reviewed = fields.Datetime(string="Reviewed On")
    reason = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        self._kam_check_superuser()
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_superuser()
        return super().write(vals)

    def unlink(self):
        self._kam_check_superuser()
        return super().unlink()

    def _kam_check_superuser(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Approvals change only through the complaint's Approve, Reject "
                    "and Send Back buttons."
                )
            )

    def _kam_is_approver(self, user):
        """May ``user`` decide this approval (ignoring segregation of duties)?"""
        self.ensure_one()
        if self.approver_type == "group":
            return self.group_id in user.groups_id
        return self.user_id == user

    def _kam_approver_label(self):
        self.ensure_one()
        if self.approver_type == "group":
            return self.group_id.full_name or self.group_id.name
        return self.user_id.name
