# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What every path to the server is checked for, in one place.

Every model of the three addons (and ``res.partner`` and ``account.move``, for the
fields the addons add to them) inherits ``kam.guard.mixin``. Its ``create`` and
``write`` are the last overrides before the ORM's own, so every path that reaches
the server goes through them: ``create``, ``write``, one2many and many2many
commands (the ORM runs them through the comodel's ``create`` and ``write``),
``copy`` (``create`` of ``copy_data``), imports and RPC calls alike.

1. **Fields the system writes** (:meth:`_kam_system_fields`): the stored computed
   and related fields of the addons, plus the fields a model names (states,
   figures, workflow dates). Only the system writes them: code running as
   superuser (``sudo()``, crons, data files), which no RPC argument can switch on.
   Everyone else, administrators included, gets one :class:`AccessError` of one
   shape, naming the fields and the way to change them (:meth:`_kam_system_hint`).
   On ``create`` a value equal to the field's default is accepted (a form may send
   ``state: 'draft'``), ``default_<field>`` context keys are ignored, and ``copy``
   leaves the system fields out.
2. **Values the ORM would choke on**: NaN or infinite numbers, NUL characters,
   dates, numbers and selection values that do not convert give a
   :class:`ValidationError` naming the field, before anything is written.
3. **Record rules after the write** (``_kam_recheck_rules``): the models whose rules
   say "own key accounts" check the rules again on the values after a write, so a
   record cannot be moved into somebody else's account.

The helpers ``_kam_text_argument``, ``_kam_date_argument`` and
``_kam_records_argument`` check the arguments of public methods the same way.
"""

import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import ormcache

KAM_MODULES = frozenset({"kam_lifecycle", "kam_complaints", "kam_segmentation"})
# field types whose values the ORM converts (and may fail to)
CONVERTED_TYPES = frozenset(
    {"integer", "float", "monetary", "date", "datetime", "selection"}
)
TEXT_TYPES = frozenset({"char", "text", "html"})


class KamGuardMixin(models.AbstractModel):
    _name = "kam.guard.mixin"
    _description = "KAM: server-side guards of what users write"
    # check the record rules again on the values after a write
    _kam_recheck_rules = False

    # ------------------------------------------------------------------ declarations
    def _kam_system_fields(self):
        """Names of the fields only the system writes. Override to add plain
        fields (states, stored figures): ``super() | {...}``."""
        return set(self._kam_computed_field_names())

    @api.model
    @ormcache()
    def _kam_computed_field_names(self):
        """The stored computed and related fields declared by the KAM addons that
        have no inverse: their value follows from others."""
        return frozenset(
            name
            for name, field in self._fields.items()
            if field.store
            and field.compute
            and field.readonly
            and not field.inverse
            and field._module in KAM_MODULES
        )

    def _kam_write_after_create_fields(self):
        """Fields whose rules live in ``write`` (an override and its event, a
        right to check): ``create`` stores them through ``write``, so the same
        rules hold on both paths."""
        return set()

    def _kam_system_hint(self):
        """How a user changes what the system computes, for the error message."""
        return self.env._("They follow from the record's other values.")

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kam_check_values(vals)
        model = self
        if not self.env.su:
            self._kam_check_system_create(vals_list)
            model = self._kam_without_system_defaults()
        later_fields = self._kam_write_after_create_fields()
        later = [
            {name: vals[name] for name in later_fields & set(vals)}
            for vals in vals_list
        ]
        if not any(later):
            return super(KamGuardMixin, model).create(vals_list)
        vals_list = [
            {name: value for name, value in vals.items() if name not in later_fields}
            for vals in vals_list
        ]
        records = super(KamGuardMixin, model).create(vals_list)
        for record, vals in zip(records, later, strict=True):
            if vals:
                record.write(vals)
        return records

    def write(self, vals):
        self._kam_check_values(vals)
        if not self.env.su:
            forbidden = set(vals) & self._kam_system_fields()
            if forbidden:
                raise AccessError(self._kam_system_message(forbidden))
        res = super().write(vals)
        if self._kam_recheck_rules and not self.env.su:
            self.check_access("write")
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        system = self._kam_system_fields() - set(default or ())
        for vals in vals_list:
            for name in system & set(vals):
                del vals[name]
        return vals_list

    # ------------------------------------------------------------------ checks
    def _kam_check_system_create(self, vals_list):
        system = self._kam_system_fields()
        computed = self._kam_computed_field_names()
        for vals in vals_list:
            forbidden = set()
            for name in system & set(vals):
                if name in computed or not self._kam_is_default(name, vals[name]):
                    forbidden.add(name)
            if forbidden:
                raise AccessError(self._kam_system_message(forbidden))

    def _kam_is_default(self, name, value):
        """Whether ``value`` is what ``create`` would put there anyway."""
        field = self._fields[name]
        if field.relational:
            return not value
        context = {
            k: v for k, v in self.env.context.items() if not k.startswith("default_")
        }
        bare = self.with_env(self.env(context=context))
        default = field.default(bare) if field.default else False
        return (value or False) == (default or False)

    def _kam_without_system_defaults(self):
        """The model without ``default_<field>`` context keys of system fields."""
        system = self._kam_system_fields()
        keys = {f"default_{name}" for name in system} & set(self.env.context)
        if not keys:
            return self
        context = {k: v for k, v in self.env.context.items() if k not in keys}
        return self.with_env(self.env(context=context))

    def _kam_system_message(self, names):
        labels = ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )
        return self.env._(
            "%(model)s: %(fields)s set by the system and cannot be written by hand. "
            "%(hint)s",
            model=self.env["ir.model"]._get(self._name).name,
            fields=labels,
            hint=self._kam_system_hint(),
        )

    def _kam_check_values(self, vals):
        """Refuse values the ORM or PostgreSQL cannot store, with a clear message."""
        own_model = self._name.startswith("kam.")
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is None or value is False:
                continue
            if not own_model and field._module not in KAM_MODULES:
                continue
            if field.type in TEXT_TYPES:
                if isinstance(value, str) and "\x00" in value:
                    raise ValidationError(
                        self.env._(
                            "%(field)s contains a NUL character, which cannot be "
                            "stored: remove it.",
                            field=field._description_string(self.env),
                        )
                    )
                continue
            if field.type not in CONVERTED_TYPES:
                continue
            try:
                converted = field.convert_to_cache(value, self.browse())
            except (ValueError, TypeError, OverflowError):
                valid = False
            else:
                valid = not (
                    isinstance(converted, float) and not math.isfinite(converted)
                )
            if not valid:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(value)s is not a valid value.",
                        field=field._description_string(self.env),
                        value=repr(value)[:80],
                    )
                )

    # ------------------------------------------------------------------ arguments
    @api.model
    def _kam_text_argument(self, value, label):
        """``value`` as a stripped text, or a clear error for what is not a text."""
        if value in (None, False):
            return ""
        if not isinstance(value, str):
            raise UserError(self.env._("%(label)s must be a text.", label=label))
        if "\x00" in value:
            raise UserError(
                self.env._(
                    "%(label)s contains a NUL character, which cannot be stored.",
                    label=label,
                )
            )
        return value.strip()

    @api.model
    def _kam_date_argument(self, value, label):
        """``value`` (a date or an ISO date text) as a date, None when empty."""
        if value in (None, False, ""):
            return None
        try:
            return fields.Date.to_date(value)
        except (ValueError, TypeError):
            raise UserError(
                self.env._(
                    "%(label)s: %(value)s is not a date (expected YYYY-MM-DD).",
                    label=label,
                    value=repr(value)[:40],
                )
            ) from None

    @api.model
    def _kam_records_argument(self, model, value, label):
        """``value`` (a recordset of ``model``, an id or a list of ids, the way
        RPC passes them) as a recordset of existing records of ``model``."""
        records = self.env[model]
        if value is None or value is False:
            return None
        if isinstance(value, models.BaseModel):
            if value._name != model:
                raise UserError(
                    self.env._(
                        "%(label)s must be records of %(model)s.",
                        label=label,
                        model=model,
                    )
                )
            return value
        ids = [value] if isinstance(value, int) else value
        if not isinstance(ids, list | tuple) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            raise UserError(
                self.env._("%(label)s must be a list of record ids.", label=label)
            )
        found = records.browse(ids).exists()
        if len(found) != len(set(ids)):
            raise UserError(
                self.env._("%(label)s: some records do not exist.", label=label)
            )
        return found
