# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintAccess(KamComplaintCommon):
    def test_kam_user_sees_own_accounts_only(self):
        """A KAM user sees the complaints of the key accounts they manage."""
        complaint = self._new_complaint(user_id=self.kam_manager.id)
        complaint.with_user(self.kam_user).read(["name"])
        with self.assertRaises(AccessError):
            complaint.with_user(self.kam_user_2).read(["name"])

    def test_kam_user_creates_but_cannot_delete(self):
        """A KAM user files complaints but cannot delete them."""
        complaint = self.Complaint.with_user(self.kam_user).create(
            {"partner_id": self.customer.id}
        )
        with self.assertRaises(AccessError):
            complaint.unlink()

    def test_manager_sees_all(self):
        """A KAM manager sees every complaint of the company."""
        other = self.env["res.partner"].create({"name": "Other", "is_company": True})
        complaint = self._new_complaint(partner_id=other.id, user_id=self.kam_admin.id)
        complaint.with_user(self.kam_manager).read(["name"])

    def test_other_company_hidden(self):
        """Complaints of a company the user is not in are hidden."""
        other = self.env["res.company"].create({"name": "Other Co"})
        complaint = self._new_complaint(company_id=other.id, user_id=False)
        with self.assertRaises(AccessError):
            complaint.with_user(self.kam_manager).read(["name"])

    def test_approval_rules_admin_only(self):
        """Only KAM administrators configure approval rules."""
        vals = {
            "name": "Rule",
            "approver_type": "user",
            "user_id": self.kam_manager.id,
        }
        for user in (self.kam_user, self.kam_manager):
            with self.assertRaises(AccessError):
                self.Rule.with_user(user).create(vals)
        rule = self.Rule.with_user(self.kam_admin).create(vals)
        rule.with_user(self.kam_user).read(["name"])
        with self.assertRaises(AccessError):
            rule.with_user(self.kam_manager).write({"min_cost": 1.0})

    def test_resolution_types_admin_only(self):
        """Resolution types are readable by KAM users, editable by admins only."""
        kind = self.env.ref("kam_complaints.resolution_type_discount")
        kind.with_user(self.kam_user).read(["name"])
        for user in (self.kam_user, self.kam_manager):
            with self.assertRaises(AccessError):
                kind.with_user(user).write({"name": "Rebate"})
        kind.with_user(self.kam_admin).write({"name": "Rebate"})

    def test_approvals_readable_not_writable(self):
        """A KAM user reads the approvals of a complaint, never writes them."""
        self._rule("Managers")
        complaint = self._waiting()
        approval = complaint.approval_ids.with_user(self.kam_user)
        approval.read(["state"])
        with self.assertRaises(AccessError):
            approval.write({"reason": "x"})

    def test_salesman_cannot_use_the_wizard(self):
        """A salesman outside the KAM groups cannot open the reason wizard."""
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            self.env["kam.complaint.decision.wizard"].with_user(self.salesman).create(
                {"complaint_id": complaint.id, "decision": "reject", "reason": "x"}
            )

    def test_approver_user_sees_what_they_approve(self):
        """A user named as approver sees the complaint to approve."""
        self._rule("Named", approver_type="user", user_id=self.salesman.id)
        self.salesman.groups_id = [(4, self.env.ref("kam_lifecycle.group_kam_user").id)]
        other = self.env["res.partner"].create({"name": "Other", "is_company": True})
        complaint = self._waiting(partner_id=other.id)
        complaint.with_user(self.salesman).read(["name"])
        complaint.with_user(self.salesman).action_approve()
        self.assertEqual(complaint.state, "approved")

    def test_salesman_cannot_act(self):
        """A salesman outside the KAM groups cannot run transitions."""
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesman).action_submit()
        self.assertEqual(complaint.state, "draft")

    def test_group_approver_reads_and_approves(self):
        """A KAM user of the approving group of a step reads the complaint of an
        account they do not manage and approves it."""
        quality = self.env["res.groups"].create({"name": "Quality approvers"})
        approver = new_test_user(
            self.env, login="kam_quality", groups="kam_lifecycle.group_kam_user"
        )
        approver.groups_id = [Command.link(quality.id)]
        self._rule("Quality", approver_type="group", group_id=quality.id)
        complaint = self._waiting(cost=800.0)
        as_approver = complaint.with_user(approver)
        self.assertEqual(as_approver.read(["name"])[0]["name"], complaint.name)
        as_approver.action_approve()
        self.assertEqual(complaint.state, "approved")
        # a KAM user outside the group still cannot read it
        outsider = new_test_user(
            self.env, login="kam_outsider", groups="kam_lifecycle.group_kam_user"
        )
        with self.assertRaises(AccessError):
            complaint.with_user(outsider).read(["name"])

    def test_approvals_follow_the_complaint(self):
        """A KAM user reads the approvals of the complaints they see only; a KAM
        manager reads them all."""
        self._rule("Manager", approver_type="user", user_id=self.kam_manager.id)
        complaint = self._waiting(cost=800.0)
        approvals = complaint.approval_ids
        self.assertTrue(approvals)
        approvals.with_user(self.kam_user).read(["name"])
        approvals.with_user(self.kam_manager).read(["name"])
        outsider = new_test_user(
            self.env, login="kam_outsider", groups="kam_lifecycle.group_kam_user"
        )
        with self.assertRaises(AccessError):
            approvals.with_user(outsider).read(["name"])
        Approval = self.env["kam.complaint.approval"]
        self.assertFalse(
            Approval.with_user(outsider).search([("complaint_id", "=", complaint.id)])
        )
