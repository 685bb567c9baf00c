# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.state_machine import StateMachineAssertions

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintStateMachine(StateMachineAssertions, KamComplaintCommon):
    @staticmethod
    def _run(record, method):
        if method in ("action_reject", "action_rework"):
            return getattr(record, method)(reason="Not convincing")
        return getattr(record, method)()

    def test_buttons_and_server_agree(self):
        """For customer service (submitter and proposer) and the approver, each
        complaint button shows exactly where the server lets its transition run."""
        self._assert_state_machine(
            "kam.complaint",
            self._complaint_in,
            self.service | self.kam_manager,
            run=self._run,
        )

    def test_approver_buttons(self):
        """Waiting for the KAM manager: Approve, Reject and Send Back show for him
        only; the proposer sees Recall instead, and is refused the decision."""
        complaint = self._complaint_in("waiting_approval")
        as_manager = complaint.with_user(self.kam_manager)
        as_service = complaint.with_user(self.service)
        for name in ("kam_can_approve", "kam_can_reject", "kam_can_rework"):
            self.assertTrue(as_manager[name], name)
            self.assertFalse(as_service[name], name)
        self.assertTrue(as_service.kam_can_recall)
        self.assertFalse(complaint.with_user(self.kam_user).kam_can_recall)
        with self.assertRaisesRegex(AccessError, "not an approver"):
            as_service.action_approve()
        self.assertEqual(complaint.state, "waiting_approval")

    def test_refusal_message(self):
        """Submitting a closed complaint: one UserError naming it, the action,
        its state and the states the action is allowed from."""
        complaint = self._complaint_in("closed").with_user(self.service)
        with self.assertRaises(UserError) as caught:
            complaint.action_submit()
        self.assertEqual(
            caught.exception.args[0],
            f"Customer Complaint {complaint.name}: cannot submit a record in state "
            "Closed; allowed from Draft.",
        )

    def test_state_write_stays_access_error(self):
        """Writing the state directly keeps the guard's AccessError."""
        complaint = self._complaint_in("draft").with_user(self.service)
        with self.assertRaises(AccessError):
            complaint.write({"state": "submitted"})
        self.assertEqual(complaint.state, "draft")

    def test_refusal_in_the_users_language(self):
        """A Chinese user reads the refusal, its verb and states in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        complaint = self._complaint_in("closed").with_user(self.service)
        with self.assertRaises(UserError) as caught:
            complaint.with_context(lang="zh_CN").action_submit()
        self.assertIn("不能提交", caught.exception.args[0])
        self.assertIn("仅允许从以下状态", caught.exception.args[0])
