# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Approvals of a complaint's proposal and their to-dos: the rules that match
become required approvals, in sequence; each step is decided by its approvers
(never by who submitted or proposed, nor twice by the same person)."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class KamComplaintApprovalMixin(models.AbstractModel):
    _name = "kam.complaint.approval.mixin"
    _description = "Complaint: approvals and their to-dos"

    # ------------------------------------------------------------------ search
    def _search_kam_can_approve(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Waits for Me'."))
        user = self.env.user
        pending = (
            self.env["kam.complaint.approval"]
            .sudo()
            .search(
                [
                    ("state", "=", "pending"),
                    ("complaint_id.state", "=", "waiting_approval"),
                    "|",
                    ("user_id", "=", user.id),
                    ("group_id", "in", user.groups_id.ids),
                ]
            )
        )
        ids = [
            complaint.id
            for complaint in pending.complaint_id
            if complaint._kam_current_approvals_for(user)
            and not complaint._kam_segregation_error(user)
        ]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    # ------------------------------------------------------------------ transitions
    def action_request_approval(self):
        """Proposal -> waiting approval, with the approvals of the matching rules;
        a proposal that no rule matches is approved at once."""
        self._kam_check_transition("action_request_approval")
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.resolution_type:
                raise UserError(
                    self.env._(
                        "Choose the resolution type of complaint %(name)s first.",
                        name=complaint.name,
                    )
                )
        for complaint in self:
            complaint._kam_write_state(
                {
                    "state": "waiting_approval",
                    "proposed_by_id": self.env.uid,
                    "date_proposed": now,
                }
            )
            approvals = complaint._kam_required_approvals()
            if not approvals:
                complaint._kam_write_state({"state": "approved", "date_approved": now})
                complaint._kam_post(
                    self.env._("No approval rule applies: the proposal is approved.")
                )
                continue
            records = self.env["kam.complaint.approval"].sudo().create(approvals)
            complaint._kam_post(
                self.env._(
                    "Approval requested from: %(approvers)s.",
                    approvers=", ".join(a._kam_approver_label() for a in records),
                )
            )
            complaint._kam_sync_approval_activities()
        return True

    def action_approve(self):
        """Approve the current step; the last approval approves the complaint."""
        self._kam_check_transition("action_approve")
        now = fields.Datetime.now()
        for complaint in self:
            approval = complaint._kam_approval_to_decide()
            approval.sudo().write(
                {
                    "state": "approved",
                    "reviewed_by_id": self.env.uid,
                    "date_reviewed": now,
                }
            )
            complaint._kam_post(
                self.env._(
                    "%(user)s approved step %(step)s.",
                    user=self.env.user.name,
                    step=approval.name,
                )
            )
            complaint._kam_done_approval_activities(self.env._("Approved"))
            if not complaint.approval_ids.filtered(lambda a: a.state == "pending"):
                complaint._kam_write_state({"state": "approved", "date_approved": now})
                complaint._kam_post(self.env._("All approvals given."))
            complaint._kam_sync_approval_activities()
        return True

    def action_reject(self, reason=None):
        """Waiting approval -> rejected, by an approver of the current step, with
        a reason."""
        self._kam_check_transition("action_reject")
        reason = self._kam_check_reason(reason)
        now = fields.Datetime.now()
        for complaint in self:
            approval = complaint._kam_approval_to_decide()
            approval.sudo().write(
                {
                    "state": "rejected",
                    "reviewed_by_id": self.env.uid,
                    "date_reviewed": now,
                    "reason": reason,
                }
            )
            complaint._kam_write_state({"state": "rejected", "reject_reason": reason})
            complaint._kam_post(
                self.env._(
                    "%(user)s rejected step %(step)s: %(reason)s",
                    user=self.env.user.name,
                    step=approval.name,
                    reason=reason,
                )
            )
            complaint._kam_done_approval_activities(self.env._("Rejected"))
            complaint._kam_unlink_approval_activities()
        return True

    def action_rework(self, reason=None):
        """Waiting approval -> proposal: an approver sends the proposal back, with a
        reason; the approvals given so far are archived."""
        self._kam_check_transition("action_rework")
        reason = self._kam_check_reason(reason)
        for complaint in self:
            approval = complaint._kam_approval_to_decide()
            complaint._kam_done_approval_activities(self.env._("Sent back"))
            complaint._kam_unlink_approval_activities()
            complaint.approval_ids.sudo().write({"active": False})
            complaint._kam_write_state({"state": "proposal"})
            complaint._kam_post(
                self.env._(
                    "%(user)s sent the proposal back for rework at step %(step)s: "
                    "%(reason)s",
                    user=self.env.user.name,
                    step=approval.name,
                    reason=reason,
                )
            )
        return True

    def action_recall(self):
        """Waiting approval -> proposal: the proposer (or a KAM manager) takes the
        request back before it is decided; the round's approvals are archived."""
        self._kam_check_transition("action_recall")
        user = self.env.user
        for complaint in self:
            complaint._kam_unlink_approval_activities()
            complaint.approval_ids.sudo().write({"active": False})
            complaint._kam_write_state({"state": "proposal"})
            complaint._kam_post(
                self.env._("%(user)s recalled the approval request.", user=user.name)
            )
        return True

    def _kam_check_reason(self, reason):
        """The reason of a decision, as a non-empty text."""
        reason = self._kam_text_argument(reason, self.env._("The reason"))
        if not reason:
            raise UserError(self.env._("Give a reason for this decision."))
        return reason

    # ------------------------------------------------------------------ who decides
    def _kam_decide_refusal(self):
        """Why the current user may not decide the current step of this complaint
        (approve, reject, send back): the exception to raise, or ``None``."""
        self.ensure_one()
        user = self.env.user
        if not self._kam_current_approvals_for(user):
            later = self.approval_ids.sudo().filtered(
                lambda a: a.state == "pending" and a._kam_is_approver(user)
            )
            if later:
                return UserError(
                    self.env._(
                        "Complaint %(name)s waits for an earlier approval first.",
                        name=self.name,
                    )
                )
            return AccessError(
                self.env._(
                    "You are not an approver of the current step of complaint "
                    "%(name)s.",
                    name=self.name,
                )
            )
        error = self._kam_segregation_error(user)
        if error:
            return UserError(
                self.env._(
                    "%(error)s Segregation of duties: somebody else must decide.",
                    error=error,
                )
            )
        return None

    def _kam_approval_to_decide(self):
        """The approval the current user decides now, after every check."""
        self.ensure_one()
        refusal = self._kam_decide_refusal()
        if refusal is not None:
            raise refusal
        return self._kam_current_approvals_for(self.env.user)[:1]

    def _kam_recall_refusal(self):
        """Only the proposer or a KAM manager recalls an approval request."""
        self.ensure_one()
        user = self.env.user
        if user == self.proposed_by_id or user.has_group(
            "kam_lifecycle.group_kam_manager"
        ):
            return None
        return AccessError(
            self.env._(
                "Only the proposer or a KAM manager can recall the approval "
                "request of complaint %(name)s.",
                name=self.name,
            )
        )

    def _kam_current_approvals(self):
        """The pending approvals of the current step (lowest pending sequence)."""
        self.ensure_one()
        pending = self.approval_ids.sudo().filtered(lambda a: a.state == "pending")
        if not pending:
            return pending
        step = min(pending.mapped("sequence"))
        return pending.filtered(lambda a: a.sequence == step)

    def _kam_current_approvals_for(self, user):
        self.ensure_one()
        return self._kam_current_approvals().filtered(
            lambda a: a._kam_is_approver(user)
        )

    def _kam_segregation_error(self, user):
        """Why ``user`` may not decide on this complaint, or an empty string."""
        self.ensure_one()
        if user == self.submitted_by_id:
            return self.env._("You submitted complaint %(name)s.", name=self.name)
        if user == self.proposed_by_id:
            return self.env._(
                "You proposed the resolution of complaint %(name)s.", name=self.name
            )
        if (
            user
            in self.approval_ids.sudo()
            .filtered(lambda a: a.state == "approved")
            .reviewed_by_id
        ):
            return self.env._(
                "You already approved complaint %(name)s.", name=self.name
            )
        return ""

    def _kam_users_who_may_decide(self, users):
        """The ``users`` who can decide on this complaint at all: active, internal
        and allowed in its company."""
        self.ensure_one()
        return users.sudo().filtered(
            lambda user: (
                user.active and not user.share and self.company_id in user.company_ids
            )
        )

    # ------------------------------------------------------------ required approvals
    def _kam_required_approvals(self):
        """Values of the approvals the proposal needs, from the matching rules."""
        self.ensure_one()
        rules = (
            self.env["kam.complaint.approval.rule"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
            .filtered(lambda rule: rule._kam_matches(self))
        )
        approvals = []
        for rule in rules:
            vals = {
                "complaint_id": self.id,
                "rule_id": rule.id,
                "name": rule.name,
                "sequence": rule.sequence,
                "approver_type": rule.approver_type,
            }
            if rule.approver_type == "kam_manager":
                vals.update(self._kam_manager_approver())
            elif rule.approver_type == "user":
                vals.update(self._kam_user_approver(rule.user_id))
            else:
                vals["group_id"] = rule.group_id.id
            approvals.append(vals)
        if self.resolution_type == "return_refund" and not any(
            vals["approver_type"] == "kam_manager" for vals in approvals
        ):
            vals = {
                "complaint_id": self.id,
                "name": self.env._("Return: key-account manager"),
                "sequence": min([a["sequence"] for a in approvals] + [10]) - 1,
                "approver_type": "kam_manager",
            }
            vals.update(self._kam_manager_approver())
            approvals.append(vals)
        return approvals

    def _kam_manager_approver(self):
        """The key-account manager as approver; the KAM managers group stands in
        when the customer has none or when the manager submitted or proposed."""
        return self._kam_user_approver(self.commercial_partner_id.kam_manager_id)

    def _kam_user_approver(self, user):
        """``user`` as approver; the KAM managers group stands in when there is
        none, when the user submitted or proposed (segregation of duties would
        leave the step without an approver), or when the user cannot decide: archived,
        not an internal user, or without access to the complaint's company."""
        user = self._kam_users_who_may_decide(user)
        if user and user not in (self.submitted_by_id | self.proposed_by_id):
            return {"user_id": user.id}
        return {
            "approver_type": "group",
            "group_id": self.env.ref("kam_lifecycle.group_kam_manager").id,
        }

    # ------------------------------------------------------------------ to-dos
    def _kam_approval_todo_users(self):
        """The users who should have an approval to-do: the approvers of the
        current step who may decide it. A user step gives its user, a group step
        every active internal member of the group who works in the complaint's
        company; segregation of duties removes the submitter, the proposer and
        who already approved."""
        self.ensure_one()
        users = self.env["res.users"]
        if self.state != "waiting_approval":
            return users
        approvals = self._kam_current_approvals()
        users = approvals.user_id
        groups = approvals.filtered(lambda a: a.approver_type == "group").group_id
        if groups:
            members = (
                self.env["res.users"].sudo().search([("groups_id", "in", groups.ids)])
            )
            users |= self._kam_users_who_may_decide(members)
        return users.filtered(lambda user: not self._kam_segregation_error(user))

    def _kam_sync_approval_activities(self):
        """Bring the approval to-dos in line with the current step: one to-do for
        each user who may decide it, none for anybody else."""
        activity_type = self.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_approval"
        )
        Activity = self.env["mail.activity"].sudo()
        todos = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).grouped("res_id")
        stale = Activity
        vals_list = []
        for complaint in self:
            users = complaint._kam_approval_todo_users()
            kept = self.env["res.users"]
            for todo in todos.get(complaint.id, Activity):
                if todo.user_id in users and todo.user_id not in kept:
                    kept |= todo.user_id
                else:
                    stale |= todo
            vals_list += [
                complaint._kam_approval_activity_values(activity_type, user)
                for user in users - kept
            ]
        stale.unlink()
        if vals_list and not self.env.context.get("mail_activity_automation_skip"):
            Activity.create(vals_list)

    def _kam_approval_activity_values(self, activity_type, user):
        """Values of the approval to-do of ``user`` on this complaint (as
        ``activity_schedule`` would give them)."""
        self.ensure_one()
        return {
            "activity_type_id": activity_type.id,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "user_id": user.id,
            "summary": self.env._("Approve the resolution of %(name)s", name=self.name),
            "date_deadline": fields.Date.context_today(self),
            "automated": True,
        }

    def _kam_done_approval_activities(self, feedback):
        activity_type = self.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_approval"
        )
        activities = self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type and a.user_id == self.env.user
        )
        activities.action_feedback(feedback=feedback)

    def _kam_unlink_approval_activities(self):
        """Remove the approval to-dos left to the other approvers: the round is
        decided."""
        self.sudo().activity_unlink(
            ["kam_complaints.mail_activity_type_kam_complaint_approval"]
        )
