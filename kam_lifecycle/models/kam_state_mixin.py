# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One way to declare a state machine, check it and show its buttons.

A model inherits ``kam.state.mixin`` (next to ``kam.guard.mixin``) and declares
its transitions once, at class level::

    _kam_transitions = {
        "action_agree": Transition(
            ("draft",), "agreed", _lt("agree"), group="kam_lifecycle.group_kam_manager"
        ),
        "action_close": Transition(("active",), "closed", _lt("close")),
    }

- the server: each ``action_*`` method starts with
  ``self._kam_check_transition("action_agree")``: write access to the records,
  the group (an :class:`AccessError`), the start state (one :class:`UserError`
  of one shape: "<record>: cannot agree a record in state Closed; allowed from
  Draft.") and the condition, then writes through :meth:`_kam_write_state`;
- the views: a non-stored boolean ``kam_can_<name>`` per ``action_<name>``,
  computed by :meth:`_compute_kam_can` from the same declaration, in the
  buttons' ``invisible="not kam_can_agree"``.

The state field stays system-written (``kam.guard.mixin``): writing it directly
keeps giving the guard's :class:`AccessError`.
"""

from typing import NamedTuple

from odoo import api, models
from odoo.exceptions import AccessError, UserError

CAN_PREFIX = "kam_can_"
ACTION_PREFIX = "action_"


class Transition(NamedTuple):
    """One transition of a state machine, declared once.

    ``from_states``: the states it starts from; ``to_state``: the state it reaches
    (documentation and tests: the method may decide otherwise, e.g. an approval
    request that no rule matches is approved at once); ``label``: the verb for the
    error message, a lazy translation (``_lt("submit")``); ``group``: the xml id of
    the group the user needs; ``condition``: the name of a method of the model that
    returns ``None`` when the record may take the transition, else the exception to
    raise (a :class:`UserError` or an :class:`AccessError`)."""

    from_states: tuple
    to_state: str
    label: object
    group: str | None = None
    condition: str | None = None


class KamStateMixin(models.AbstractModel):
    _name = "kam.state.mixin"
    _description = "KAM: state transitions declared once"

    # {action method name: Transition}
    _kam_transitions = {}
    _kam_state_field = "state"

    # ------------------------------------------------------------------ declarations
    @api.model
    def _kam_transition(self, method):
        return self._kam_transitions[method]

    def _kam_can_depends(self):
        """Fields the ``kam_can_*`` booleans depend on; extend with the fields the
        transitions' conditions read."""
        return [self._kam_state_field]

    # ------------------------------------------------------------------ computes
    @api.depends_context("uid")
    @api.depends(lambda self: self._kam_can_depends())
    def _compute_kam_can(self):
        """Every ``kam_can_<name>`` field of the model: whether the current user may
        run ``action_<name>`` on the record, from the transitions' declaration."""
        names = [
            name
            for name, field in self._fields.items()
            if name.startswith(CAN_PREFIX) and field.compute == "_compute_kam_can"
        ]
        writable = self._origin._filtered_access("write")
        # a record not saved yet: the model's access (the button saves it first)
        may_create = self.browse().has_access("write")
        for record in self:
            allowed = record._origin in writable if record._origin else may_create
            for name in names:
                method = ACTION_PREFIX + name[len(CAN_PREFIX) :]
                record[name] = (
                    allowed and record._kam_transition_refusal(method) is None
                )

    # ------------------------------------------------------------------ checks
    def _kam_transition_refusal(self, method):
        """Why the current user may not run ``method`` on this record: the exception
        to raise, or ``None``."""
        self.ensure_one()
        transition = self._kam_transition(method)
        if (
            transition.group
            and not self.env.su
            and not self.env.user.has_group(transition.group)
        ):
            return AccessError(
                self.env._(
                    "%(record)s: you may not %(action)s it; this needs the group "
                    "%(group)s.",
                    record=self._kam_state_record_label(),
                    action=self.env._(transition.label),
                    group=self.env.ref(transition.group).sudo().full_name,
                )
            )
        state = self[self._kam_state_field]
        if state not in transition.from_states:
            return UserError(
                self.env._(
                    "%(record)s: cannot %(action)s a record in state %(state)s; "
                    "allowed from %(states)s.",
                    record=self._kam_state_record_label(),
                    action=self.env._(transition.label),
                    state=self._kam_state_labels([state]),
                    states=self._kam_state_labels(transition.from_states),
                )
            )
        if transition.condition:
            return getattr(self, transition.condition)()
        return None

    def _kam_check_transition(self, method):
        """Refuse ``method`` unless every record may take it (see the module's
        docstring); the ``action_*`` method then does its own work."""
        self.check_access("write")
        for record in self:
            refusal = record._kam_transition_refusal(method)
            if refusal is not None:
                raise refusal

    def _kam_write_state(self, vals):
        """Write a transition's values: the only way to the system-written fields."""
        return self.sudo().write(vals)

    def _kam_set_state(self, state):
        """Write the new ``state`` (and nothing else) of a transition."""
        self.check_access("write")
        return self._kam_write_state({self._kam_state_field: state})

    # ------------------------------------------------------------------ labels
    def _kam_state_record_label(self):
        """The record in the messages: its model and name."""
        self.ensure_one()
        return f"{self.env['ir.model']._get(self._name).name} {self.display_name}"

    def _kam_state_labels(self, states):
        """The user's labels of ``states``, joined."""
        field = self._fields[self._kam_state_field]
        labels = dict(field._description_selection(self.env))
        return ", ".join(labels.get(state, state or "-") for state in states)

    def _kam_state_label(self):
        self.ensure_one()
        return self._kam_state_labels([self[self._kam_state_field]])
