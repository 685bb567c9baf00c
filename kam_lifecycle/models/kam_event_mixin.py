# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL

from .kam_partner_figure import timed_part


class KamEventMixin(models.AbstractModel):
    """The history rows the recomputes write by the hundred thousand.

    The event models keep to plain stored columns (no ``create`` override, no
    stored computed field, no mail thread), so that :meth:`_kam_insert_events`
    writes in one statement exactly the row that ``create`` would write, at a cost
    the nightly recompute can carry: measured here, ``create`` stores about 4,000
    events a second, the set-based insert about 60,000. One-off events (the
    overrides) go through ``create``.

    An event has its ``date`` and keeps no access log (``_log_access = False`` on
    each event model): the log's two user columns are two more foreign-key checks per
    row, about 40 % of the cost of writing a first run's events (measured on
    367,000 rows). Each row costs its remaining checks (partner, company): an event
    holds what changed together (``kam.segment.event``: the four dimensions of one
    recompute of a client). Who set an override by hand is in the client's
    chatter."""

    _name = "kam.event.mixin"
    _description = "Key-Account History"

    @api.model
    def _kam_event_columns(self):
        return [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name not in models.MAGIC_COLUMNS
        ]

    @api.model
    def _kam_insert_events(self, source):
        """Insert the rows of ``source`` (a query with one column per stored field
        of the model, by name); return their number."""
        columns = [SQL.identifier(name) for name in self._kam_event_columns()]
        with timed_part(self.env, "events"):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %(table)s (%(cols)s) SELECT %(source_cols)s"
                    " FROM (%(source)s) s",
                    table=SQL.identifier(self._table),
                    cols=SQL(", ").join(columns),
                    source_cols=SQL(", ").join(SQL("s.%s", col) for col in columns),
                    source=source,
                )
            )
        inserted = self.env.cr.rowcount
        self.invalidate_model()
        return inserted

    @api.model
    def _kam_drop_access_log_columns(self):
        """Upgrade from 18.0.1.2.0: drop the access log the events no longer keep
        (the ORM leaves the columns of fields that are gone, and their foreign keys
        would still be checked on every insert)."""
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP COLUMN IF EXISTS create_uid,"
                " DROP COLUMN IF EXISTS create_date, DROP COLUMN IF EXISTS write_uid,"
                " DROP COLUMN IF EXISTS write_date",
                SQL.identifier(self._table),
            )
        )
