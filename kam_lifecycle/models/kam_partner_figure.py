# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The home of what the recomputes write: one row per client and company.

Each addon adds its columns to ``kam.partner.figure`` and declares the public names
on ``res.partner`` with :func:`figure_field`: they read the row of the current
company, and search, sort, group and aggregate on its column through one join
(``res.partner._field_to_sql``). Nobody writes the rows but the recomputes, the
overrides and the next visit due's refresh, as superuser, through
:meth:`KamPartnerFigure._kam_upsert` (set-based) or :meth:`KamPartnerFigure._kam_put`
(a few rows from Python).
"""

import time
from collections import namedtuple
from contextlib import contextmanager
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL, sql
from odoo.tools.query import Query

FIGURE_TABLE = "kam_partner_figure"

Window = namedtuple("Window", "start prev_start end")


def twelve_months(today):
    """The window of every "12 months" figure of the three addons: the last 12
    months are ``start`` to today, both included, the 12 before ``prev_start`` to
    the day before ``start``; ``end`` is tomorrow (every bound is a date, the
    lower ones included, ``end`` excluded)."""
    return Window(
        start=today - relativedelta(months=12) + timedelta(days=1),
        prev_start=today - relativedelta(months=24) + timedelta(days=1),
        end=today + timedelta(days=1),
    )


def revenue_sql(order, line=None):
    """The revenue of the three addons: the untaxed amount of confirmed orders in
    the company currency, at each order's rate. Per order line (``line`` given, an
    alias): the line's subtotal; per order (``order``, an alias): its untaxed
    amount, which is the sum of those subtotals (sections and notes carry no amount,
    a down-payment line no ordered quantity). Count only the lines that
    :func:`counted_line_sql` keeps."""
    amount = (
        SQL("%s.price_subtotal", SQL.identifier(line))
        if line
        else SQL("%s.amount_untaxed", SQL.identifier(order))
    )
    return SQL(
        "(%s / COALESCE(NULLIF(%s.currency_rate, 0), 1))",
        amount,
        SQL.identifier(order),
    )


def counted_line_sql(line):
    """The order lines that carry revenue: no section or note, no down payment."""
    return SQL(
        "(%s.display_type IS NULL AND %s.is_downpayment IS NOT TRUE)",
        SQL.identifier(line),
        SQL.identifier(line),
    )


@contextmanager
def timed_part(env, part):
    """Add the seconds the block takes to ``part`` of the dict that the context key
    ``kam_timings`` holds, if any (the benchmark prints them)."""
    timings = env.context.get("kam_timings")
    if timings is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[part] = timings.get(part, 0.0) + time.perf_counter() - start


def figure_field(field_class, column, **kwargs):
    """A ``res.partner`` field that shows ``column`` of the client's figures in the
    current company: readable, searchable, sortable, groupable, never written."""

    def search(partners, operator, value):
        return partners._kam_search_figure(column, operator, value)

    search.__name__ = f"_search_kam_figure_{column}"
    return field_class(
        compute="_compute_kam_figures",
        inverse="_inverse_kam_figures",
        search=search,
        compute_sudo=True,
        readonly=True,
        kam_figure=column,
        **kwargs,
    )


def figure_number():
    """A decimal column of the figures: PostgreSQL ``numeric`` (``digits=False``:
    no fixed scale, no float conversion), exact like the sums the recomputes make.
    A new figure is compared with the stored one and written as it is; a float
    column would make PostgreSQL convert every value (through its text) on both."""
    return fields.Float(digits=False)


class KamPartnerFigure(models.Model):
    _name = "kam.partner.figure"
    _description = "Key-Account Figures of a Client"
    _rec_name = "partner_id"
    _log_access = False

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        readonly=True,
        index=False,  # the unique (partner_id, company_id) index serves the joins
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        ondelete="cascade",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE (partner_id, company_id)",
            "A client has one row of figures per company.",
        ),
    ]

    @api.model
    def _kam_upsert(self, source, columns):
        """Insert or update, set-based, the rows that ``source`` gives.

        ``source`` is a query with the columns ``partner_id``, ``company_id`` and
        ``columns``; a row is written only when one of ``columns`` differs from what
        is stored. Returns the number of rows inserted or changed."""
        self.env.flush_all()
        cols = [SQL.identifier(column) for column in columns]
        with timed_part(self.env, "writes"):
            self.env.cr.execute(
                SQL(
                    """
INSERT INTO kam_partner_figure AS f (partner_id, company_id, %(cols)s)
SELECT s.partner_id, s.company_id, %(source_cols)s FROM (%(source)s) s
ON CONFLICT (partner_id, company_id) DO UPDATE SET %(sets)s
WHERE (%(stored)s) IS DISTINCT FROM (%(excluded)s)
""",
                    cols=SQL(", ").join(cols),
                    source_cols=SQL(", ").join(SQL("s.%s", col) for col in cols),
                    source=source,
                    sets=SQL(", ").join(
                        SQL("%s = EXCLUDED.%s", col, col) for col in cols
                    ),
                    stored=SQL(", ").join(SQL("f.%s", col) for col in cols),
                    excluded=SQL(", ").join(SQL("EXCLUDED.%s", col) for col in cols),
                )
            )
        written = self.env.cr.rowcount
        self._kam_invalidate()
        return written

    @api.model
    def _kam_put(self, values):
        """Write ``{(partner_id, company_id): {column: value}}`` from Python (the
        overrides: a few rows), through :meth:`_kam_upsert`."""
        written = 0
        by_columns = {}
        for (partner_id, company_id), row in values.items():
            by_columns.setdefault(tuple(sorted(row)), []).append(
                (partner_id, company_id, row)
            )
        for columns, rows in by_columns.items():
            types = {
                column: SQL(self._fields[column].column_type[1]) for column in columns
            }
            source = SQL(
                "SELECT * FROM (VALUES %s) v (partner_id, company_id, %s)",
                SQL(", ").join(
                    SQL(
                        "(%s::int, %s::int, %s)",
                        partner_id,
                        company_id,
                        SQL(", ").join(
                            SQL(
                                "%s::%s",
                                self._fields[column].convert_to_column(
                                    row[column], self
                                ),
                                types[column],
                            )
                            for column in columns
                        ),
                    )
                    for partner_id, company_id, row in rows
                ),
                SQL(", ").join(SQL.identifier(column) for column in columns),
            )
            written += self._kam_upsert(source, columns)
        return written

    @api.model
    def _kam_invalidate(self):
        """Forget the cached figures (after a write in SQL)."""
        self.invalidate_model()
        partners = self.env["res.partner"]
        partners.invalidate_model(list(partners._kam_figure_fields()))

    @api.model
    def _kam_migrate_company_columns(self, columns):
        """Upgrade from 18.0.1.1.0: move the per-company jsonb columns of
        ``res_partner`` (``{old column: figure column}``) into the figures, then drop
        them. Columns already gone are skipped."""
        cr = self.env.cr
        columns = {
            old: new
            for old, new in columns.items()
            if sql.column_exists(cr, "res_partner", old)
        }
        if not columns:
            return 0
        figures = self.env["kam.partner.figure"]
        old_columns = [SQL.identifier("p", old) for old in columns]
        cr.execute(
            SQL(
                """
INSERT INTO kam_partner_figure AS f (partner_id, company_id, %(cols)s)
SELECT p.id, k.cid::int, %(values)s
  FROM res_partner p
  CROSS JOIN LATERAL (%(keys)s) k (cid)
 WHERE (%(any_set)s) AND k.cid ~ '^[0-9]+$'
   AND k.cid::int IN (SELECT id FROM res_company)
ON CONFLICT (partner_id, company_id) DO UPDATE SET %(sets)s
""",
                cols=SQL(", ").join(SQL.identifier(new) for new in columns.values()),
                values=SQL(", ").join(
                    SQL(
                        "(p.%s ->> k.cid)::%s",
                        SQL.identifier(old),
                        SQL(figures._fields[new].column_type[1]),
                    )
                    for old, new in columns.items()
                ),
                keys=SQL(" UNION ").join(
                    SQL("SELECT jsonb_object_keys(%s)", column)
                    for column in old_columns
                ),
                any_set=SQL(" OR ").join(
                    SQL("jsonb_typeof(%s) = 'object'", column) for column in old_columns
                ),
                sets=SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(new), SQL.identifier(new))
                    for new in columns.values()
                ),
            )
        )
        moved = cr.rowcount
        for old in columns:
            cr.execute(
                SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(old))
            )
        self._kam_invalidate()
        return moved


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _valid_field_parameter(self, field, name):
        return name == "kam_figure" or super()._valid_field_parameter(field, name)

    @api.model
    @tools.ormcache()
    def _kam_figure_fields(self):
        """``{field name: figure column}`` of the fields declared by
        :func:`figure_field` (cached per registry: every partner write asks for it;
        do not change the dict)."""
        return {
            name: field.kam_figure
            for name, field in self._fields.items()
            if getattr(field, "kam_figure", None)
        }

    @api.depends_context("company")
    def _compute_kam_figures(self):
        names = self._kam_figure_fields()
        ids = [pid for pid in self._origin.ids if isinstance(pid, int)]
        figures = self.env["kam.partner.figure"].sudo()
        if ids:
            figures = figures.search_fetch(
                [("partner_id", "in", ids), ("company_id", "=", self.env.company.id)],
                ["partner_id", *set(names.values())],
            )
        by_partner = {figure.partner_id.id: figure for figure in figures}
        for partner in self:
            figure = by_partner.get(partner._origin.id)
            for name, column in names.items():
                partner[name] = figure[column] if figure else False

    def _inverse_kam_figures(self):
        """Code running as superuser may set a figure by its public name (the
        guard refuses it to everyone else): it lands in the figures of the current
        company."""
        names = self._kam_figure_fields()
        company_id = self.env.company.id
        self.env["kam.partner.figure"].sudo()._kam_put(
            {
                (partner.id, company_id): {
                    column: partner[name] for name, column in names.items()
                }
                for partner in self
                if isinstance(partner.id, int)
            }
        )

    def _kam_figure_join(self, alias, query):
        """Join the figures of the current company to ``alias``; return their
        alias."""
        figure_alias = query.make_alias(alias, "kam_figure")
        query.add_join(
            "LEFT JOIN",
            figure_alias,
            FIGURE_TABLE,
            SQL(
                "%s = %s AND %s = %s",
                SQL.identifier(figure_alias, "partner_id"),
                SQL.identifier(alias, "id"),
                SQL.identifier(figure_alias, "company_id"),
                self.env.company.id,
            ),
        )
        return figure_alias

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        column = getattr(self._fields.get(fname), "kam_figure", None)
        if column is None or query is None:
            return super()._field_to_sql(alias, fname, query, flush)
        self.check_field_access_rights("read", [fname])
        figures = self.env["kam.partner.figure"]
        return SQL.identifier(
            self._kam_figure_join(alias, query),
            column,
            to_flush=figures._fields[column] if flush else None,
        )

    @api.model
    def _kam_search_figure(self, column, operator, value):
        """The domain of ``(field, operator, value)`` on a figure field: the
        partners whose figure row (or its absence: empty values) matches."""
        fname = next(
            name for name, col in self._kam_figure_fields().items() if col == column
        )
        field = self._fields[fname]
        if field.type == "date" and isinstance(value, str):
            # a clear error, not PostgreSQL's, for a text that is no date
            self._kam_date_argument(value, field._description_string(self.env))
        query = Query(self.env, self._table, self._table_sql)
        query.add_where(
            self._condition_to_sql(self._table, fname, operator, value, query)
        )
        return [("id", "in", query)]
