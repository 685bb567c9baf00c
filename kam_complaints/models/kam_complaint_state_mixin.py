# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaint's state machine: its transitions declared once
(``kam.state.mixin``), the ``kam_can_*`` booleans the buttons read, and the
transitions outside the approval round."""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.kam_lifecycle.models.kam_state_mixin import Transition

_lt = LazyTranslate(__name__)

CANCELLABLE_STATES = (
    "draft",
    "submitted",
    "investigation",
    "proposal",
    "waiting_approval",
    "rejected",
)
# the transitions: method -> start states, state reached (with no approval rule
# a request for approval reaches "approved" at once), verb, right
TRANSITIONS = {
    "action_submit": Transition(("draft",), "submitted", _lt("submit")),
    "action_investigate": Transition(
        ("submitted",), "investigation", _lt("investigate")
    ),
    "action_propose": Transition(("investigation",), "proposal", _lt("propose")),
    "action_request_approval": Transition(
        ("proposal",), "waiting_approval", _lt("request approval for")
    ),
    "action_approve": Transition(
        ("waiting_approval",),
        "approved",
        _lt("approve"),
        condition="_kam_decide_refusal",
    ),
    "action_reject": Transition(
        ("waiting_approval",),
        "rejected",
        _lt("reject"),
        condition="_kam_decide_refusal",
    ),
    "action_rework": Transition(
        ("waiting_approval",),
        "proposal",
        _lt("send back for rework"),
        condition="_kam_decide_refusal",
    ),
    "action_recall": Transition(
        ("waiting_approval",),
        "proposal",
        _lt("recall"),
        condition="_kam_recall_refusal",
    ),
    "action_resolve": Transition(("approved",), "resolved", _lt("resolve")),
    "action_close": Transition(("resolved", "rejected"), "closed", _lt("close")),
    "action_cancel": Transition(CANCELLABLE_STATES, "cancelled", _lt("cancel")),
    "action_reset_draft": Transition(("cancelled",), "draft", _lt("reset to draft")),
}


class KamComplaintStateMixin(models.AbstractModel):
    _name = "kam.complaint.state.mixin"
    _description = "Complaint: state machine"
    _inherit = "kam.state.mixin"
    _kam_transitions = TRANSITIONS

    kam_can_submit = fields.Boolean(compute="_compute_kam_can")
    kam_can_investigate = fields.Boolean(compute="_compute_kam_can")
    kam_can_propose = fields.Boolean(compute="_compute_kam_can")
    kam_can_request_approval = fields.Boolean(compute="_compute_kam_can")
    kam_can_approve = fields.Boolean(
        string="Waits for Me",
        compute="_compute_kam_can",
        search="_search_kam_can_approve",
    )
    kam_can_reject = fields.Boolean(compute="_compute_kam_can")
    kam_can_rework = fields.Boolean(compute="_compute_kam_can")
    kam_can_recall = fields.Boolean(compute="_compute_kam_can")
    kam_can_resolve = fields.Boolean(compute="_compute_kam_can")
    kam_can_close = fields.Boolean(compute="_compute_kam_can")
    kam_can_cancel = fields.Boolean(compute="_compute_kam_can")
    kam_can_reset_draft = fields.Boolean(compute="_compute_kam_can")

    def _kam_can_depends(self):
        return super()._kam_can_depends() + [
            "approval_ids.state",
            "submitted_by_id",
            "proposed_by_id",
        ]

    # ------------------------------------------------------------------ transitions
    def action_submit(self):
        """Draft -> submitted: acknowledge the complaint to the customer."""
        self._kam_check_transition("action_submit")
        now = fields.Datetime.now()
        self._kam_write_state(
            {
                "state": "submitted",
                "submitted_by_id": self.env.uid,
                "date_submitted": now,
            }
        )
        template = self.env.ref("kam_complaints.mail_template_kam_complaint_ack")
        for complaint in self:
            complaint.sudo().message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            if complaint.user_id:
                complaint.activity_schedule(
                    "kam_complaints.mail_activity_type_kam_complaint_investigate",
                    user_id=complaint.user_id.id,
                    summary=self.env._(
                        "Investigate complaint %(name)s", name=complaint.name
                    ),
                )
        return True

    def action_investigate(self):
        """Submitted -> investigation."""
        self._kam_check_transition("action_investigate")
        self._kam_write_state({"state": "investigation"})
        return True

    def action_propose(self):
        """Investigation -> proposal, once the root cause is known."""
        self._kam_check_transition("action_propose")
        for complaint in self:
            if not complaint.root_cause:
                raise UserError(
                    self.env._(
                        "Record the root cause of complaint %(name)s before proposing "
                        "a resolution.",
                        name=complaint.name,
                    )
                )
        self._kam_write_state({"state": "proposal"})
        self.sudo().activity_feedback(
            ["kam_complaints.mail_activity_type_kam_complaint_investigate"],
            feedback=self.env._("Root cause found"),
        )
        return True

    def action_resolve(self):
        """Approved -> resolved; a credit-note resolution creates a draft credit
        note."""
        self._kam_check_transition("action_resolve")
        now = fields.Datetime.now()
        for complaint in self:
            vals = {"state": "resolved", "date_resolved": now, "is_overdue": False}
            if complaint.resolution_type == "credit_note" and complaint.resolution_cost:
                vals["credit_note_id"] = complaint._kam_create_credit_note().id
            complaint._kam_write_state(vals)
        return True

    def action_close(self):
        """Resolved or rejected -> closed, once the decision was communicated and
        the customer accepted it or a reason is given."""
        self._kam_check_transition("action_close")
        for complaint in self:
            if not complaint.decision_communicated:
                raise UserError(
                    self.env._(
                        "Communicate the decision on complaint %(name)s to the "
                        "customer before closing it.",
                        name=complaint.name,
                    )
                )
            if (
                not complaint.customer_accepted
                and not (complaint.close_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Record the customer's acceptance of complaint %(name)s, or "
                        "the reason for closing it without.",
                        name=complaint.name,
                    )
                )
        self._kam_write_state(
            {
                "state": "closed",
                "date_closed": fields.Datetime.now(),
                "is_overdue": False,
            }
        )
        return True

    def action_cancel(self):
        """Cancel a complaint that is not approved yet (or was rejected)."""
        self._kam_check_transition("action_cancel")
        self.approval_ids.filtered(lambda a: a.state == "pending").sudo().write(
            {"active": False}
        )
        self._kam_write_state({"state": "cancelled", "is_overdue": False})
        self._kam_sync_approval_activities()
        return True

    def action_reset_draft(self):
        """Cancelled -> draft."""
        self._kam_check_transition("action_reset_draft")
        self._kam_write_state(
            {
                "state": "draft",
                "submitted_by_id": False,
                "proposed_by_id": False,
                "date_submitted": False,
                "sla_ack_level": 0,
                "sla_resolve_level": 0,
            }
        )
        return True

    # ------------------------------------------------------------------ wizards
    def _kam_open_decision_wizard(self, decision):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reason"),
            "res_model": "kam.complaint.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_complaint_id": self.id,
                "default_decision": decision,
            },
        }

    def action_open_reject_wizard(self):
        return self._kam_open_decision_wizard("reject")

    def action_open_rework_wizard(self):
        return self._kam_open_decision_wizard("rework")
