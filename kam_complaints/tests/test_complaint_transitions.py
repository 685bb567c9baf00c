# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.kam_complaints.models.kam_complaint import STATES
from odoo.addons.kam_complaints.models.kam_complaint_state_mixin import TRANSITIONS

from .common import KamComplaintCommon

# method -> state reached (with no approval rule)
TARGETS = {
    "action_submit": "submitted",
    "action_investigate": "investigation",
    "action_propose": "proposal",
    "action_request_approval": "approved",
    "action_approve": "approved",
    "action_reject": "rejected",
    "action_rework": "proposal",
    "action_recall": "proposal",
    "action_resolve": "resolved",
    "action_close": "closed",
    "action_cancel": "cancelled",
    "action_reset_draft": "draft",
}
APPROVER_METHODS = ("action_approve", "action_reject", "action_rework")


@tagged("post_install", "-at_install")
class TestComplaintTransitions(KamComplaintCommon):
    def _run(self, complaint, method):
        user = self.kam_manager if method in APPROVER_METHODS else self.service
        record = complaint.with_user(user)
        if method in ("action_reject", "action_rework"):
            return getattr(record, method)(reason="Not convincing")
        return getattr(record, method)()

    def test_every_transition_from_every_state(self):
        """Each button works from its start states only; elsewhere it is refused
        with a clear error and the state stays."""
        for state, _label in STATES:
            for method, transition in TRANSITIONS.items():
                allowed = transition.from_states
                with self.subTest(state=state, method=method):
                    complaint = self._complaint_in(state)
                    if state in allowed:
                        self._run(complaint, method)
                        self.assertEqual(complaint.state, TARGETS[method])
                    else:
                        with self.assertRaises(UserError):
                            self._run(complaint, method)
                        self.assertEqual(complaint.state, state)

    def test_full_flow_to_closed(self):
        """A complaint goes from draft to closed through every step."""
        complaint = self._waiting(cost=100.0)
        self.assertEqual(complaint.state, "approved", "no rule: approved at once")
        as_service = complaint.with_user(self.service)
        as_service.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.date_resolved)
        as_service.write({"decision_communicated": True, "customer_accepted": True})
        as_service.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.date_closed)

    def test_propose_needs_root_cause(self):
        """No proposal before the root cause is recorded."""
        complaint = self._new_complaint()
        as_service = complaint.with_user(self.service)
        as_service.action_submit()
        as_service.action_investigate()
        with self.assertRaisesRegex(UserError, "root cause"):
            as_service.action_propose()
        self.assertEqual(complaint.state, "investigation")

    def test_request_approval_needs_resolution_type(self):
        """No approval request without a resolution type."""
        complaint = self._proposal(resolution_type=False)
        with self.assertRaisesRegex(UserError, "resolution type"):
            complaint.with_user(self.service).action_request_approval()
        self.assertEqual(complaint.state, "proposal")

    def test_close_needs_communication(self):
        """Closing without having communicated the decision is refused."""
        complaint = self._complaint_in("resolved")
        complaint.decision_communicated = False
        with self.assertRaisesRegex(UserError, "Communicate the decision"):
            complaint.with_user(self.service).action_close()
        self.assertEqual(complaint.state, "resolved")

    def test_close_needs_acceptance_or_reason(self):
        """Closing needs the customer's acceptance or a reason for closing without."""
        complaint = self._complaint_in("resolved")
        complaint.customer_accepted = False
        with self.assertRaisesRegex(UserError, "acceptance"):
            complaint.with_user(self.service).action_close()
        self.assertEqual(complaint.state, "resolved")
        complaint.with_user(self.service).close_reason = "Customer does not answer"
        complaint.with_user(self.service).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_proposal_frozen_while_waiting(self):
        """The cost cannot change once approval is requested."""
        self._rule("Manager")
        complaint = self._waiting(cost=500.0)
        with self.assertRaisesRegex(UserError, "can no longer change"):
            complaint.with_user(self.service).resolution_cost = 100.0
        self.assertEqual(complaint.resolution_cost, 500.0)

    def test_severity_and_origin_frozen_while_waiting(self):
        """The severity, order, order line and product the rules and the credit note
        use cannot change once approval is requested; unchanged values pass."""
        self._rule("Manager")
        order = self._confirmed_order(self.customer, date(2026, 1, 10))
        complaint = self._proposal(cost=500.0)
        complaint.write(
            {
                "sale_order_id": order.id,
                "sale_line_id": order.order_line[0].id,
                "product_id": self.product.id,
            }
        )
        complaint.with_user(self.service).action_request_approval()
        other_product = self.product.copy()
        other_order = self._confirmed_order(self.customer, date(2026, 1, 11))
        for vals in (
            {"severity": "low"},
            {"sale_order_id": other_order.id},
            {"sale_line_id": other_order.order_line[0].id},
            {"product_id": other_product.id},
            {"sale_order_id": False},
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, "can no longer change"):
                    complaint.with_user(self.service).write(vals)
        complaint.with_user(self.service).write(
            {"severity": "medium", "product_id": self.product.id}
        )
        self.assertEqual(complaint.severity, "medium")
        self.assertEqual(complaint.sale_order_id, order)
        self.assertEqual(complaint.product_id, self.product)

    def test_negative_cost_refused(self):
        """A negative resolution cost is refused and nothing is written."""
        before = self.Complaint.search_count([])
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.Complaint.with_user(self.service).create(
                {"partner_id": self.customer.id, "resolution_cost": -1.0}
            )
        self.assertEqual(self.Complaint.search_count([]), before)
        complaint = self._proposal()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            complaint.with_user(self.service).resolution_cost = -5.0
        self.assertEqual(complaint.resolution_cost, 500.0)

    def test_negative_quantity_refused(self):
        """A negative quantity affected is refused."""
        with self.assertRaisesRegex(ValidationError, "quantity affected"):
            self._new_complaint(quantity_affected=-2.0)

    def test_missing_customer_refused(self):
        """A complaint without customer is refused with a clear message."""
        before = self.Complaint.search_count([])
        with self.assertRaisesRegex(ValidationError, "needs a customer"):
            self.Complaint.with_user(self.service).create({"category": "quality"})
        self.assertEqual(self.Complaint.search_count([]), before)

    def test_delete_only_draft_or_cancelled(self):
        """A submitted complaint cannot be deleted, a draft one can."""
        complaint = self._complaint_in("submitted")
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            complaint.with_user(self.kam_manager).unlink()
        draft = self._new_complaint()
        draft.with_user(self.kam_manager).unlink()
        self.assertFalse(draft.exists())
