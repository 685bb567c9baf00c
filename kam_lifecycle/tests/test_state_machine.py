# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KamCommon
from .state_machine import StateMachineAssertions


@tagged("post_install", "-at_install")
class TestPlanStateMachine(StateMachineAssertions, KamCommon):
    def _plan_in(self, state):
        """A fresh plan of a fresh client of the KAM user, in ``state``."""
        partner = self.env["res.partner"].create(
            {
                "name": f"Client in {state}",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": self.kam_user.id,
            }
        )
        plan = self.env["kam.account.plan"].create(
            {"partner_id": partner.id, "year": 2026}
        )
        plan.sudo().write({"state": state})
        return plan

    def test_buttons_and_server_agree(self):
        """For a KAM user and a KAM manager, each plan button shows exactly where
        the server lets its transition run."""
        self._assert_state_machine(
            "kam.account.plan", self._plan_in, self.kam_user | self.kam_manager
        )

    def test_refusal_message(self):
        """A plan closed cannot be closed again: one UserError naming the plan,
        the action, its state and the states it is allowed from."""
        plan = self._plan_in("closed").with_user(self.kam_manager)
        with self.assertRaisesRegex(
            UserError,
            r"^Account Plan Client in closed 2026: cannot close a record in state "
            r"Closed; allowed from Active\.$",
        ):
            plan.action_close()

    def test_manager_buttons_need_the_group(self):
        """A KAM user sees no Agree button and is refused with an AccessError."""
        plan = self._plan_in("draft").with_user(self.kam_user)
        self.assertFalse(plan.kam_can_agree)
        self.assertTrue(plan.with_user(self.kam_manager).kam_can_agree)
        with self.assertRaises(AccessError):
            plan.action_agree()

    def test_state_write_stays_access_error(self):
        """Writing the state directly keeps the guard's AccessError."""
        plan = self._plan_in("draft").with_user(self.kam_manager)
        with self.assertRaisesRegex(AccessError, "set by the system"):
            plan.write({"state": "agreed"})
        self.assertEqual(plan.state, "draft")

    def test_buttons_hidden_without_write_access(self):
        """A KAM user sees no button on a plan of somebody else's client."""
        plan = self._plan_in("agreed")
        plan.partner_id.kam_manager_id = self.kam_user_2
        self.assertTrue(plan.with_user(self.kam_user_2).kam_can_activate)
        self.assertFalse(
            self.env["kam.account.plan"]
            .with_user(self.kam_user)
            .browse(plan.id)
            .kam_can_activate
        )
