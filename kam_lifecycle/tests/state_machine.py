# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks of a ``kam.state.mixin`` state machine, shared by the three addons."""

from odoo.exceptions import AccessError, UserError

from odoo.addons.kam_lifecycle.models.kam_state_mixin import ACTION_PREFIX, CAN_PREFIX


class StateMachineAssertions:
    """Mixed into a test case: every declared transition, from every state, for
    every user, against its button (``kam_can_<name>``) and the server."""

    def _assert_refusal_shape(self, record, method, error):
        """The state refusal: a UserError (not an AccessError) of one shape."""
        transition = record._kam_transition(method)
        self.assertIs(type(error), UserError)
        states = record._kam_state_labels(transition.from_states)
        expected = (
            f": cannot {transition.label} a record in state "
            f"{record._kam_state_label()}; allowed from {states}."
        )
        self.assertTrue(
            str(error.args[0]).endswith(expected), f"{error.args[0]!r} {expected!r}"
        )

    def _assert_state_machine(self, model, make, users, run=None):
        """``make(state)`` returns a fresh record in ``state``; ``run(record,
        method)`` runs a transition (default: the bare method)."""
        Model = self.env[model]
        run = run or (lambda record, method: getattr(record, method)())
        states = [value for value, _label in Model._fields["state"].selection]
        for state in states:
            for user in users:
                for method, transition in Model._kam_transitions.items():
                    with self.subTest(state=state, user=user.login, method=method):
                        self._assert_one_transition(
                            make(state).with_user(user), method, transition, run
                        )

    def _assert_one_transition(self, record, method, transition, run):
        name = CAN_PREFIX + method[len(ACTION_PREFIX) :]
        can = record[name]
        state = record.state
        user = record.env.user
        if transition.group and not user.has_group(transition.group):
            self.assertFalse(can, f"{name} shown without the group")
            with self.assertRaises(AccessError):
                run(record, method)
        elif state not in transition.from_states:
            self.assertFalse(can, f"{name} shown in state {state}")
            with self.assertRaises(UserError) as caught:
                run(record, method)
            self._assert_refusal_shape(record, method, caught.exception)
        elif not can:
            # the declared condition refuses: the server gives its reason
            with self.assertRaises(UserError):
                run(record, method)
        else:
            run(record, method)
            return
        self.assertEqual(record.sudo().state, state, "a refusal changes nothing")
