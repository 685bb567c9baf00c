# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.state_machine import StateMachineAssertions

from .common import KamRebateCommon


@tagged("post_install", "-at_install")
class TestRebateStateMachine(StateMachineAssertions, KamRebateCommon):
    def _program_in(self, state):
        program = self._program([(0, 1), (1000, 2)])
        program.sudo().write({"state": state})
        return program

    def test_buttons_and_server_agree(self):
        """For a KAM manager and a KAM administrator, each program button shows
        exactly where the server lets its transition run."""
        self._assert_state_machine(
            "kam.rebate.program", self._program_in, self.kam_manager | self.kam_admin
        )

    def test_refusal_message(self):
        """Activating an active program: one UserError of the common shape."""
        program = self._program_in("active").with_user(self.kam_admin)
        with self.assertRaises(UserError) as caught:
            program.action_activate()
        self.assertEqual(
            caught.exception.args[0],
            f"Rebate Program {program.name}: cannot activate a record in state "
            "Active; allowed from Draft.",
        )

    def test_back_to_draft_hidden_once_settled(self):
        """Back to Draft shows on an active program until something is settled."""
        program = self._program_in("draft").with_user(self.kam_admin)
        program.action_activate()
        self.assertTrue(program.kam_can_reset_draft)
        self._invoice(self.customer, "2026-03-01")
        program.action_settle(date=fields.Date.to_date("2026-03-31"))
        program.invalidate_recordset()
        self.assertFalse(program.kam_can_reset_draft)
        with self.assertRaisesRegex(UserError, "without settlements"):
            program.action_reset_draft()

    def test_managers_see_no_admin_buttons(self):
        """A KAM manager sees no Activate button and is refused it."""
        program = self._program_in("draft").with_user(self.kam_manager)
        self.assertFalse(program.kam_can_activate)
        with self.assertRaises(AccessError):
            program.action_activate()
