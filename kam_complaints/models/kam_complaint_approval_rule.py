# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_complaint import SEVERITIES

SEVERITY_RANK = {key: rank for rank, (key, _label) in enumerate(SEVERITIES)}

APPROVER_TYPES = [
    ("group", "Members of a Group"),
    ("user", "A User"),
    ("kam_manager", "The Client's Key-Account Manager"),
]


class KamComplaintApprovalRule(models.Model):
    """Which complaint resolutions need whose approval.

    A rule matches a proposal when its cost is at least ``min_cost``, its resolution
    type is one of ``resolution_type_ids`` (none = every type) and its severity is at
    least ``min_severity`` (empty = every severity). Every matching rule becomes a
    required approval of the complaint, approved in the order of ``sequence``.
    """

    _name = "kam.complaint.approval.rule"
    _description = "Complaint Approval Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10,
        help="Approvals are given in this order; rules of equal sequence form one "
        "step whose approvals may be given in any order.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_cost = fields.Monetary(
        string="Minimum Cost",
        currency_field="currency_id",
        help="The rule applies to proposals costing at least this amount "
        "(company currency).",
    )
    resolution_type_ids = fields.Many2many(
        comodel_name="kam.complaint.resolution.type",
        string="Resolution Types",
        help="The rule applies to these resolution types only; empty: to all.",
    )
    min_severity = fields.Selection(
        selection=SEVERITIES,
        string="Minimum Severity",
        help="The rule applies to complaints of at least this severity; empty: to all.",
    )
    approver_type = fields.Selection(
        selection=APPROVER_TYPES,
        required=True,
        default="group",
    )
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Approving Group",
        help="Any member of this group may give the approval.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Approver",
        check_company=True,
        domain="[('share', '=', False)]",
    )

    @api.constrains("min_cost")
    def _check_min_cost(self):
        for rule in self:
            if rule.min_cost < 0:
                raise ValidationError(
                    self.env._("The minimum cost of a rule cannot be negative.")
                )

    @api.constrains("approver_type", "group_id", "user_id")
    def _check_approver(self):
        for rule in self:
            if rule.approver_type == "group" and not rule.group_id:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s needs an approving group.", rule=rule.name
                    )
                )
            if rule.approver_type == "user" and not rule.user_id:
                raise ValidationError(
                    self.env._("Rule %(rule)s needs an approver.", rule=rule.name)
                )

    def _kam_matches(self, complaint):
        """Does this rule apply to the proposal of ``complaint``?"""
        self.ensure_one()
        if self.company_id != complaint.company_id:
            return False
        if complaint.resolution_cost < self.min_cost:
            return False
        codes = self.resolution_type_ids.mapped("code")
        if codes and complaint.resolution_type not in codes:
            return False
        if self.min_severity and (
            SEVERITY_RANK[complaint.severity] < SEVERITY_RANK[self.min_severity]
        ):
            return False
        return True
