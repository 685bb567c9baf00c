# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintApproval(KamComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_manager = cls.env.ref("kam_lifecycle.group_kam_manager")
        cls.group_sale_manager = cls.env.ref("sales_team.group_sale_manager")
        cls.type_credit = cls.env.ref("kam_complaints.resolution_type_credit_note")
        cls.type_return = cls.env.ref("kam_complaints.resolution_type_return_refund")
        cls.approval_type = cls.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_approval"
        )
        # a group of approvers: two who may decide, and members who may not
        cls.approvers = cls.env["res.groups"].create({"name": "Complaint approvers"})
        cls.approver_1 = cls._approver("kam_approver_1")
        cls.approver_2 = cls._approver("kam_approver_2")
        cls.approver_archived = cls._approver("kam_approver_archived")
        cls.approver_archived.active = False
        cls.approver_portal = cls._approver("kam_approver_portal", "base.group_portal")
        other_company = cls.env["res.company"].create({"name": "Other Approvers Co"})
        cls.approver_elsewhere = cls._approver(
            "kam_approver_elsewhere",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        # customer service submits, the KAM manager proposes: both are members too
        cls.approvers.users |= cls.service | cls.kam_manager

    @classmethod
    def _approver(cls, login, groups="kam_lifecycle.group_kam_manager", **values):
        user = new_test_user(cls.env, login=login, groups=groups, **values)
        cls.approvers.users |= user
        return user

    def _todos(self, complaint):
        """The open approval to-dos of ``complaint``."""
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.approval_type
        )

    def _waiting_on_approvers(self):
        """A complaint submitted by customer service, proposed by the KAM manager,
        waiting for the approvers' group."""
        complaint = self._proposal()
        complaint.with_user(self.kam_manager).action_request_approval()
        self.assertEqual(complaint.approval_ids[:1].group_id, self.approvers)
        return complaint

    # ---------------------------------------------------------------- matching
    def test_below_every_rule_is_approved_at_once(self):
        """A proposal below every rule's minimum cost is approved directly."""
        self._rule("Manager from 1,000", min_cost=1000.0)
        complaint = self._waiting(cost=999.99)
        self.assertEqual(complaint.state, "approved")
        self.assertFalse(complaint.approval_ids)
        self.assertTrue(complaint.date_approved)

    def test_rule_matches_from_its_minimum_cost(self):
        """A cost equal to the rule's minimum needs the approval."""
        rule = self._rule("Manager from 1,000", min_cost=1000.0)
        complaint = self._waiting(cost=1000.0)
        self.assertEqual(complaint.state, "waiting_approval")
        self.assertEqual(complaint.approval_ids.rule_id, rule)
        self.assertEqual(complaint.approval_ids.state, "pending")
        self.assertEqual(complaint.approval_ids.group_id, self.group_manager)

    def test_rule_matches_resolution_types(self):
        """A rule limited to credit notes ignores replacements."""
        self._rule("Credit notes", resolution_type_ids=[(6, 0, self.type_credit.ids)])
        replacement = self._waiting(resolution_type="replacement")
        self.assertEqual(replacement.state, "approved")
        credit = self._waiting(resolution_type="credit_note")
        self.assertEqual(credit.state, "waiting_approval")

    def test_rule_matches_minimum_severity(self):
        """A rule from high severity applies to high and critical, not to medium."""
        self._rule("Serious", min_severity="high")
        self.assertEqual(self._waiting(severity="medium").state, "approved")
        self.assertEqual(self._waiting(severity="high").state, "waiting_approval")
        self.assertEqual(self._waiting(severity="critical").state, "waiting_approval")

    def test_rule_of_another_company_ignored(self):
        """A rule of another company does not apply."""
        other = self.env["res.company"].create({"name": "Other Co"})
        self._rule("Other", company_id=other.id)
        self.assertEqual(self._waiting().state, "approved")

    def test_rule_needs_its_approver(self):
        """A group rule without group and a user rule without user are refused."""
        with self.assertRaises(ValidationError):
            self.Rule.create({"name": "No group", "approver_type": "group"})
        with self.assertRaises(ValidationError):
            self.Rule.create({"name": "No user", "approver_type": "user"})
        with self.assertRaises(ValidationError):
            self._rule("Negative", min_cost=-1.0)

    # ---------------------------------------------------------------- multi-level
    def test_multi_level_in_sequence(self):
        """Two rules: the key-account manager first, then the sales manager."""
        self._rule("KAM", min_cost=1000.0, approver_type="kam_manager", sequence=10)
        self._rule(
            "Sales manager",
            min_cost=10000.0,
            group_id=self.group_sale_manager.id,
            sequence=20,
        )
        complaint = self._waiting(cost=15000.0)
        self.assertEqual(len(complaint.approval_ids), 2)
        kam_step = complaint.approval_ids.filtered(
            lambda a: a.approver_type == "kam_manager"
        )
        self.assertEqual(kam_step.user_id, self.kam_user)
        approval_type = self.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_approval"
        )
        todo = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == approval_type
        )
        self.assertEqual(todo.user_id, self.kam_user, "a to-do for the approver")
        with self.assertRaisesRegex(UserError, "earlier approval"):
            complaint.with_user(self.sales_manager).action_approve()
        complaint.with_user(self.kam_user).action_approve()
        self.assertFalse(todo.exists(), "the to-do is done")
        self.assertEqual(complaint.state, "waiting_approval")
        self.assertEqual(kam_step.state, "approved")
        self.assertEqual(kam_step.reviewed_by_id, self.kam_user)
        complaint.with_user(self.sales_manager).action_approve()
        self.assertEqual(complaint.state, "approved")
        self.assertEqual(set(complaint.approval_ids.mapped("state")), {"approved"})
        bodies = " ".join(complaint.message_ids.mapped("body"))
        self.assertIn(self.kam_user.name, bodies)
        self.assertIn(self.sales_manager.name, bodies)

    def test_only_the_cost_band_reached(self):
        """A cost between two thresholds needs only the lower rule."""
        self._rule("KAM", min_cost=1000.0, approver_type="kam_manager", sequence=10)
        self._rule("Sales", min_cost=10000.0, group_id=self.group_sale_manager.id)
        complaint = self._waiting(cost=9999.0)
        self.assertEqual(complaint.approval_ids.approver_type, "kam_manager")

    def test_user_rule(self):
        """A rule naming a user needs that user, nobody else."""
        self._rule("Director", approver_type="user", user_id=self.kam_admin.id)
        complaint = self._waiting()
        with self.assertRaises(AccessError):
            complaint.with_user(self.kam_manager).action_approve()
        complaint.with_user(self.kam_admin).action_approve()
        self.assertEqual(complaint.state, "approved")

    def test_user_rule_proposed_by_its_user_goes_to_kam_managers(self):
        """When the user a rule names proposed the resolution, the KAM managers
        decide that step instead of leaving it without an approver."""
        self._rule("Director", approver_type="user", user_id=self.kam_admin.id)
        complaint = self._proposal()
        complaint.with_user(self.kam_admin).action_request_approval()
        self.assertEqual(complaint.approval_ids.approver_type, "group")
        self.assertEqual(complaint.approval_ids.group_id, self.group_manager)
        self.assertFalse(complaint.approval_ids.user_id)
        with self.assertRaises(UserError):
            complaint.with_user(self.kam_admin).action_approve()
        complaint.with_user(self.kam_manager).action_approve()
        self.assertEqual(complaint.state, "approved")

    def test_archived_named_approver_goes_to_kam_managers(self):
        """A step is never left to a user who cannot decide: an archived director's
        step goes to the KAM managers, who get the to-do."""
        director = new_test_user(
            self.env,
            login="kam_director_left",
            groups="kam_lifecycle.group_kam_manager",
        )
        self._rule("Director", approver_type="user", user_id=director.id)
        director.active = False
        complaint = self._waiting()
        self.assertEqual(complaint.approval_ids.approver_type, "group")
        self.assertEqual(complaint.approval_ids.group_id, self.group_manager)
        todo_users = complaint.activity_ids.user_id
        self.assertIn(self.kam_manager, todo_users)
        self.assertNotIn(director, todo_users)
        complaint.with_user(self.kam_manager).action_approve()
        self.assertEqual(complaint.state, "approved")

    def test_outsider_cannot_approve(self):
        """A KAM user who is no approver cannot approve."""
        self._rule("Managers")
        complaint = self._waiting()
        with self.assertRaises(AccessError):
            complaint.with_user(self.kam_user).action_approve()
        self.assertEqual(complaint.approval_ids.state, "pending")

    # ---------------------------------------------------------------- returns
    def test_returns_always_need_the_kam_manager(self):
        """A return below every rule still needs the key-account manager."""
        self._rule("Managers from 50,000", min_cost=50000.0)
        complaint = self._waiting(resolution_type="return_refund", cost=10.0)
        self.assertEqual(complaint.state, "waiting_approval")
        self.assertEqual(complaint.approval_ids.approver_type, "kam_manager")
        self.assertEqual(complaint.approval_ids.user_id, self.kam_user)
        complaint.with_user(self.kam_user).action_approve()
        self.assertEqual(complaint.state, "approved")

    def test_return_with_kam_rule_not_doubled(self):
        """A return matching a key-account-manager rule gets one such approval."""
        self._rule("KAM", approver_type="kam_manager")
        complaint = self._waiting(resolution_type="return_refund")
        self.assertEqual(len(complaint.approval_ids), 1)

    def test_return_proposed_by_the_kam_manager_goes_to_kam_managers(self):
        """When the key-account manager proposed the return, a KAM manager decides."""
        complaint = self._proposal(resolution_type="return_refund")
        complaint.with_user(self.kam_user).action_request_approval()
        self.assertEqual(complaint.approval_ids.group_id, self.group_manager)
        with self.assertRaises(UserError):
            complaint.with_user(self.kam_user).action_approve()
        complaint.with_user(self.kam_manager).action_approve()
        self.assertEqual(complaint.state, "approved")

    # ---------------------------------------------------------------- segregation
    def test_no_approving_what_you_submitted(self):
        """The submitter cannot approve, even as a member of the approving group."""
        self._rule("Managers")
        complaint = self._new_complaint(user_id=self.kam_manager.id)
        as_manager = complaint.with_user(self.kam_manager)
        as_manager.action_submit()
        as_manager.action_investigate()
        as_manager.root_cause = "Seal"
        as_manager.action_propose()
        as_manager.resolution_type = "replacement"
        complaint.with_user(self.kam_user).action_request_approval()
        with self.assertRaisesRegex(UserError, "You submitted"):
            as_manager.action_approve()
        self.assertEqual(complaint.approval_ids.state, "pending")
        self.assertFalse(as_manager.kam_can_approve)

    def test_no_approving_what_you_proposed(self):
        """The proposer cannot approve their own proposal."""
        self._rule("Managers")
        complaint = self._proposal()
        complaint.with_user(self.kam_manager).action_request_approval()
        self.assertEqual(complaint.proposed_by_id, self.kam_manager)
        with self.assertRaisesRegex(UserError, "You proposed"):
            complaint.with_user(self.kam_manager).action_approve()
        with self.assertRaisesRegex(UserError, "You proposed"):
            complaint.with_user(self.kam_manager).action_reject(reason="mine")
        self.assertEqual(complaint.state, "waiting_approval")

    def test_no_approving_twice(self):
        """One person cannot give two approvals of the same complaint."""
        self._rule("Managers 1", sequence=10)
        self._rule("Managers 2", sequence=20)
        other_manager = self.kam_admin
        complaint = self._waiting()
        complaint.with_user(self.kam_manager).action_approve()
        with self.assertRaisesRegex(UserError, "already approved"):
            complaint.with_user(self.kam_manager).action_approve()
        complaint.with_user(other_manager).action_approve()
        self.assertEqual(complaint.state, "approved")

    # ---------------------------------------------------------------- reject, rework
    def test_reject_with_reason(self):
        """An approver rejects with a reason: the complaint is rejected, the
        reason in the chatter."""
        self._rule("Managers")
        complaint = self._waiting()
        wizard = (
            self.env["kam.complaint.decision.wizard"]
            .with_user(self.kam_manager)
            .create(
                {
                    "complaint_id": complaint.id,
                    "decision": "reject",
                    "reason": "Too generous",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(complaint.state, "rejected")
        self.assertEqual(complaint.reject_reason, "Too generous")
        self.assertEqual(complaint.approval_ids.state, "rejected")
        self.assertEqual(complaint.approval_ids.reason, "Too generous")
        self.assertIn("Too generous", " ".join(complaint.message_ids.mapped("body")))

    def test_reject_and_rework_clear_every_approval_todo(self):
        """When one approver of a step rejects or sends back, the to-dos of the
        other approvers of the step go too."""
        approval_type = self.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_approval"
        )

        def todos(complaint):
            return complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == approval_type
            )

        self._rule("Director", approver_type="user", user_id=self.kam_admin.id)
        self._rule("KAM", approver_type="kam_manager")
        for decision in ("action_reject", "action_rework"):
            with self.subTest(decision=decision):
                complaint = self._waiting()
                self.assertEqual(
                    todos(complaint).user_id, self.kam_admin | self.kam_user
                )
                getattr(complaint.with_user(self.kam_admin), decision)(reason="No")
                self.assertFalse(todos(complaint))

    def test_reject_without_reason_writes_nothing(self):
        """Rejecting without a reason is refused and nothing changes."""
        self._rule("Managers")
        complaint = self._waiting()
        for reason in (None, "", "   "):
            with self.assertRaisesRegex(UserError, "reason"):
                complaint.with_user(self.kam_manager).action_reject(reason=reason)
        self.assertEqual(complaint.state, "waiting_approval")
        self.assertEqual(complaint.approval_ids.state, "pending")
        self.assertFalse(complaint.approval_ids.reviewed_by_id)

    def test_rework_archives_the_round(self):
        """Sent back for rework, the proposal can change and be requested again."""
        self._rule("Managers")
        complaint = self._waiting(cost=500.0)
        first_round = complaint.approval_ids
        complaint.with_user(self.kam_manager).action_rework(reason="Cheaper, please")
        self.assertEqual(complaint.state, "proposal")
        self.assertFalse(complaint.approval_ids)
        self.assertFalse(first_round.active)
        self.assertIn("Cheaper, please", " ".join(complaint.message_ids.mapped("body")))
        complaint.with_user(self.service).resolution_cost = 300.0
        complaint.with_user(self.service).action_request_approval()
        self.assertEqual(len(complaint.approval_ids), 1)
        self.assertEqual(complaint.approval_ids.state, "pending")
        complaint.with_user(self.kam_manager).action_approve()
        self.assertEqual(complaint.state, "approved")

    def test_recall_by_the_proposer_only(self):
        """The proposer recalls a pending request; an approver-to-be cannot."""
        self._rule("KAM", approver_type="kam_manager")
        complaint = self._waiting()
        with self.assertRaises(AccessError):
            complaint.with_user(self.kam_user).action_recall()
        self.assertEqual(complaint.state, "waiting_approval")
        complaint.with_user(self.service).action_recall()
        self.assertEqual(complaint.state, "proposal")
        self.assertFalse(complaint.approval_ids)
        self.assertFalse(complaint.activity_ids)

    # ---------------------------------------------------------------- to-dos
    def test_group_step_gives_a_todo_to_each_member_who_may_decide(self):
        """A group step gives one approval to-do to each active internal member
        of the company, not to the submitter or proposer."""
        self._rule("Approvers", group_id=self.approvers.id)
        complaint = self._waiting_on_approvers()
        todos = self._todos(complaint)
        self.assertEqual(todos.user_id, self.approver_1 | self.approver_2)
        self.assertEqual(len(todos), 2, "one to-do per approver")
        for user in (
            self.service,
            self.kam_manager,
            self.approver_archived,
            self.approver_portal,
            self.approver_elsewhere,
        ):
            with self.subTest(user=user.login):
                self.assertNotIn(user, todos.user_id)
        self.assertIn(complaint.name, todos[0].summary)

    def test_group_approval_by_one_member(self):
        """When one member approves a group step, their to-do is done, the other
        members' go, and the next step's approver gets one."""
        self._rule("Approvers", group_id=self.approvers.id, sequence=10)
        self._rule("KAM", approver_type="kam_manager", sequence=20)
        complaint = self._waiting_on_approvers()
        todos = self._todos(complaint)
        complaint.with_user(self.approver_1).action_approve()
        self.assertFalse(todos.exists(), "the group step's to-dos are gone")
        done = complaint.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.approval_type
        )
        self.assertEqual(done.author_id, self.approver_1.partner_id, "theirs is done")
        self.assertEqual(self._todos(complaint).user_id, self.kam_user)
        complaint.with_user(self.kam_user).action_approve()
        self.assertEqual(complaint.state, "approved")
        self.assertFalse(self._todos(complaint))

    def test_last_group_step_approved_clears_the_todos(self):
        """Approving the last step, a group step, leaves no approval to-do."""
        self._rule("Approvers", group_id=self.approvers.id)
        complaint = self._waiting_on_approvers()
        self.assertEqual(len(self._todos(complaint)), 2)
        complaint.with_user(self.approver_2).action_approve()
        self.assertEqual(complaint.state, "approved")
        self.assertFalse(self._todos(complaint))

    def test_next_step_of_the_same_group(self):
        """Two steps of the same group: after the first approval the other member
        keeps one to-do, the member who approved gets none."""
        self._rule("Approvers 1", group_id=self.approvers.id, sequence=10)
        self._rule("Approvers 2", group_id=self.approvers.id, sequence=20)
        complaint = self._waiting_on_approvers()
        complaint.with_user(self.approver_1).action_approve()
        todos = self._todos(complaint)
        self.assertEqual(todos.user_id, self.approver_2)
        self.assertEqual(len(todos), 1)

    def test_reject_and_rework_clear_the_group_todos(self):
        """A member who rejects or sends back removes every approval to-do."""
        self._rule("Approvers", group_id=self.approvers.id)
        for decision in ("action_reject", "action_rework"):
            with self.subTest(decision=decision):
                complaint = self._waiting_on_approvers()
                self.assertEqual(len(self._todos(complaint)), 2)
                getattr(complaint.with_user(self.approver_2), decision)(reason="No")
                self.assertFalse(self._todos(complaint))

    def test_cancel_clears_the_todos(self):
        """Cancelling a complaint that waits for approval removes the to-dos."""
        self._rule("Approvers", group_id=self.approvers.id)
        complaint = self._waiting_on_approvers()
        self.assertEqual(len(self._todos(complaint)), 2)
        complaint.with_user(self.service).action_cancel()
        self.assertFalse(self._todos(complaint))

    def test_sync_twice_gives_no_duplicate(self):
        """Bringing the to-dos in line twice schedules nothing more."""
        self._rule("Approvers", group_id=self.approvers.id)
        complaint = self._waiting_on_approvers()
        todos = self._todos(complaint)
        complaint._kam_sync_approval_activities()
        complaint._kam_sync_approval_activities()
        self.assertEqual(self._todos(complaint), todos)

    def test_sync_follows_the_group(self):
        """A member who leaves the group loses the to-do, a new member gets one,
        and a doubled to-do is removed."""
        self._rule("Approvers", group_id=self.approvers.id)
        complaint = self._waiting_on_approvers()
        newcomer = new_test_user(
            self.env, login="kam_approver_new", groups="kam_lifecycle.group_kam_user"
        )
        self.approvers.users = [(3, self.approver_2.id), (4, newcomer.id)]
        complaint.sudo().activity_schedule(
            "kam_complaints.mail_activity_type_kam_complaint_approval",
            user_id=self.approver_1.id,
        )
        self.assertEqual(len(self._todos(complaint)), 3)
        complaint._kam_sync_approval_activities()
        todos = self._todos(complaint)
        self.assertEqual(todos.user_id, self.approver_1 | newcomer)
        self.assertEqual(len(todos), 2)

    # ---------------------------------------------------------------- my approvals
    def test_my_approvals_filter(self):
        """'My approvals' shows what waits for the current user only."""
        self._rule("KAM", approver_type="kam_manager", sequence=10)
        self._rule("Managers", sequence=20)
        complaint = self._waiting()
        mine = [("kam_can_approve", "=", True)]
        self.assertIn(complaint, self.Complaint.with_user(self.kam_user).search(mine))
        self.assertNotIn(
            complaint, self.Complaint.with_user(self.kam_manager).search(mine)
        )
        complaint.with_user(self.kam_user).action_approve()
        self.assertIn(
            complaint, self.Complaint.with_user(self.kam_manager).search(mine)
        )
        self.assertNotIn(
            complaint, self.Complaint.with_user(self.kam_user).search(mine)
        )
        self.assertNotIn(complaint, self.Complaint.with_user(self.service).search(mine))

    # ---------------------------------------------------------------- guards
    def test_approvals_not_writable_by_any_group(self):
        """Nobody but the superuser creates, writes or deletes approvals."""
        self._rule("Managers")
        complaint = self._waiting()
        approval = complaint.approval_ids
        for user in (
            self.kam_user,
            self.kam_manager,
            self.kam_admin,
            self.sales_manager,
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    approval.with_user(user).write({"state": "approved"})
                with self.assertRaises(AccessError):
                    approval.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["kam.complaint.approval"].with_user(user).create(
                        {
                            "complaint_id": complaint.id,
                            "name": "Fake",
                            "approver_type": "user",
                            "user_id": user.id,
                        }
                    )
                with self.assertRaises(AccessError):
                    complaint.with_user(user).write(
                        {"approval_ids": [(1, approval.id, {"state": "approved"})]}
                    )
        self.assertEqual(approval.state, "pending")

    def test_state_not_writable_by_any_group(self):
        """Writing the state directly is refused for every group."""
        complaint = self._new_complaint()
        for user in (
            self.service,
            self.kam_user,
            self.kam_manager,
            self.kam_admin,
            self.sales_manager,
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    complaint.with_user(user).write({"state": "approved"})
                with self.assertRaises(AccessError):
                    self.Complaint.with_user(user).create(
                        {"partner_id": self.customer.id, "state": "approved"}
                    )
        self.assertEqual(complaint.state, "draft")
        complaint.write({"state": "submitted"})  # the superuser may
        self.assertEqual(complaint.state, "submitted")
