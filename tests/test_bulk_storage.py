# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The storage the nightly recomputes write in bulk: figures, upgrade, planner."""

import importlib.util
import json
import os
from datetime import date

import psycopg2

from odoo import fields
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import sql

ADDONS = ("kam_lifecycle", "kam_complaints", "kam_segmentation")
# what users write per company stays on res.partner; the recomputes write the figures
OVERRIDES = {
    "kam_phase_manual",
    "kam_phase_manual_reason",
    "kam_phase_manual_until",
    "kam_client_class_manual",
    "kam_client_class_manual_reason",
}


@tagged("post_install", "-at_install", "kam")
class TestBulkStorage(TransactionCase):
    def _run_upgrade_script(self, module, stage="post", version="18.0.1.2.0"):
        path = os.path.join(
            get_module_path(module), "migrations", version, f"{stage}-migrate.py"
        )
        spec = importlib.util.spec_from_file_location(f"{module}_post_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.1.0")

    def test_events_keep_no_access_log(self):
        """The events the recomputes write by the hundred thousand have a date and
        no access log: no user columns whose foreign keys each insert would check;
        an upgrade from 18.0.1.2.0 drops them, the events stay."""
        cr = self.env.cr
        for module, model in (
            ("kam_lifecycle", "kam.lifecycle.event"),
            ("kam_segmentation", "kam.segment.event"),
        ):
            table = self.env[model]._table
            with self.subTest(model=model):
                self.assertFalse(sql.column_exists(cr, table, "create_uid"))
                cr.execute(
                    f"ALTER TABLE {table} ADD COLUMN create_uid integer"  # noqa: S608
                    " REFERENCES res_users(id), ADD COLUMN write_date timestamp"
                )
                cr.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                count = cr.fetchone()[0]
                self._run_upgrade_script(module, version="18.0.1.3.0")
                for column in ("create_uid", "create_date", "write_uid", "write_date"):
                    self.assertFalse(sql.column_exists(cr, table, column), column)
                cr.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                self.assertEqual(cr.fetchone()[0], count)

    def test_partner_keeps_only_the_overrides_per_company(self):
        """The recomputed figures live in kam.partner.figure, not in res_partner."""
        partner = self.env["res.partner"]
        per_company = {
            name
            for name, field in partner._fields.items()
            if name.startswith("kam_") and field.company_dependent
        }
        self.assertEqual(per_company, OVERRIDES)
        figures = partner._kam_figure_fields()
        self.assertGreater(len(figures), 30)
        for name in figures:
            self.assertFalse(sql.column_exists(self.env.cr, "res_partner", name), name)

    def test_figure_fields_work_in_lists(self):
        """Every figure can be filtered, sorted, grouped and (numbers) summed."""
        partner = self.env["res.partner"]
        described = partner.fields_get(
            list(partner._kam_figure_fields()),
            ["searchable", "sortable", "groupable", "aggregator", "type"],
        )
        for name, description in described.items():
            with self.subTest(field=name):
                self.assertTrue(description["searchable"])
                self.assertTrue(description["sortable"])
                self.assertTrue(description["groupable"])
                if description["type"] in ("float", "integer"):
                    self.assertEqual(description["aggregator"], "sum")

    def test_upgrade_moves_the_figures(self):
        """A database of 18.0.1.1.0: the per-company jsonb columns become figure
        rows, and the columns go."""
        cr = self.env.cr
        company = self.env.company
        other = self.env["res.company"].create({"name": "Niacin Europe GmbH"})
        client = self.env["res.partner"].create({"name": "Old Co", "is_company": True})
        old = {
            "kam_phase": "stability",
            "kam_phase_computed": "stability",
            "kam_revenue_12m": 1234.5,
            "kam_client_class": "profit",
            "kam_orders_12m": 7,
            "kam_complaint_count_12m": 2,
        }
        for column, value in old.items():
            cr.execute(f"ALTER TABLE res_partner ADD COLUMN {column} jsonb")
            cr.execute(
                f"UPDATE res_partner SET {column} = %s WHERE id = %s",
                [json.dumps({str(company.id): value, str(other.id): None}), client.id],
            )
        for module in ADDONS:
            self._run_upgrade_script(module)
        # then, once, res_partner is rewritten without the dropped columns' data
        self._run_upgrade_script("kam_lifecycle", "end")
        for column in old:
            self.assertFalse(sql.column_exists(cr, "res_partner", column), column)
        client.invalidate_recordset()
        for column, value in old.items():
            self.assertEqual(client[column], value, column)
            self.assertFalse(client.with_company(other)[column], column)
        # a second run (or a database already moved) changes nothing
        for module in ADDONS:
            self._run_upgrade_script(module)
        self.assertEqual(client.kam_revenue_12m, 1234.5)

    def test_upgrade_joins_the_segment_changes_of_a_recompute(self):
        """A database of 18.0.1.3.0 or before kept one segment event per dimension:
        the upgrade makes one event of a recompute's changes of a client, keeps each
        override apart, and loses no change."""
        cr = self.env.cr
        company = self.env.company
        client = self.env["res.partner"].create({"name": "Old Co", "is_company": True})
        Event = self.env["kam.segment.event"]
        cr.execute("DELETE FROM kam_segment_event")
        # the 18.0.1.3.0 table, with the columns of one dimension per row
        cr.execute(
            "ALTER TABLE kam_segment_event ADD COLUMN dimension varchar,"
            " ADD COLUMN value_from varchar, ADD COLUMN value_to varchar"
        )
        self._run_upgrade_script("kam_segmentation", "pre", "18.0.1.4.0")
        self.assertFalse(sql.table_exists(cr, "kam_segment_event"))
        self.assertTrue(sql.index_exists(cr, "kam_segment_event_by_dimension_pkey"))
        self.env.registry.init_models(
            cr, ["kam.segment.event"], {"module": "kam_segmentation"}
        )
        self.assertTrue(sql.index_exists(cr, "kam_segment_event__partner_id_index"))
        rows = [
            ("2026-01-05", "client_class", None, "profit", "computed", "profit_margin"),
            ("2026-01-05", "value_tier", None, "standard", "computed", "standard"),
            ("2026-01-05", "size", None, "small", "computed", "small"),
            ("2026-02-01", "size", "small", "medium", "computed", "medium"),
            ("2026-02-01", "size", "medium", "big", "computed", "big"),
            ("2026-02-01", "client_class", "profit", "technology", "manual", "manual"),
            ("2026-02-01", "client_class", "technology", None, "manual", "computed"),
        ]
        for day, dimension, before, after, source, rule in rows:
            cr.execute(
                "INSERT INTO kam_segment_event_by_dimension (partner_id, company_id,"
                " date, dimension, value_from, value_to, source, rule, reason,"
                " metrics) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    client.id,
                    company.id,
                    day,
                    dimension,
                    before,
                    after,
                    source,
                    rule,
                    "Reference plant" if source == "manual" else None,
                    json.dumps({"revenue_12m": len(day)}),
                ],
            )
        self._run_upgrade_script("kam_segmentation", "post", "18.0.1.4.0")
        self.assertFalse(sql.table_exists(cr, "kam_segment_event_by_dimension"))
        events = Event.search([("partner_id", "=", client.id)], order="id")
        self.assertEqual(
            [
                (
                    str(e.date),
                    e.source,
                    e.client_class_change or "",
                    e.value_tier_change or "",
                    e.size_change or "",
                    e.rule or "",
                )
                for e in events
            ],
            [
                (
                    "2026-01-05",
                    "computed",
                    "— → Profit",
                    "— → Standard",
                    "— → Small",
                    "profit_margin",
                ),
                ("2026-02-01", "computed", "", "", "Small → Medium", ""),
                ("2026-02-01", "computed", "", "", "Medium → Big", ""),
                (
                    "2026-02-01",
                    "manual",
                    "Profit → Technology Advance",
                    "",
                    "",
                    "manual",
                ),
                ("2026-02-01", "manual", "Technology Advance → —", "", "", "computed"),
            ],
        )
        self.assertEqual(events[0].metrics, {"revenue_12m": 10})
        self.assertEqual(events[-1].reason, "Reference plant")

    def test_upgrade_stores_the_next_visit_due(self):
        """An upgrade from 18.0.1.3.0 (the next visit due computed on each read)
        stores every client's next visit due in its figures, once."""
        client = self.env["res.partner"].create(
            {"name": "Upgraded Client", "is_company": True, "kam_is_key_account": True}
        )
        today = fields.Date.context_today(client)
        plan = self.env["kam.account.plan"].create(
            {
                "partner_id": client.id,
                "year": today.year,
                "visit_cycle_days": 30,
                "exec_visit_cycle_days": 0,
            }
        )
        plan.write({"state": "active"})
        self.assertEqual(client.kam_next_visit_date, date(today.year, 1, 31))
        self.env.flush_all()
        self.env.cr.execute("UPDATE kam_partner_figure SET next_visit_date = NULL")
        self.env["kam.partner.figure"]._kam_invalidate()
        self.assertFalse(client.kam_next_visit_date)
        self._run_upgrade_script("kam_lifecycle", version="18.0.1.4.0")
        self.assertEqual(client.kam_next_visit_date, date(today.year, 1, 31))

    def test_bulk_settings_apply_inside_and_are_restored(self):
        """The recompute turns off JIT and nested loops and analyzes its temporary
        tables on a small sample, for its statements only; a setting of one
        statement (the pass over the orders) is set and restored the same way."""
        cr = self.env.cr
        partners = self.env["res.partner"]

        def current():
            cr.execute(
                "SELECT current_setting('jit'), current_setting('enable_nestloop'), "
                "current_setting('default_statistics_target'), "
                "current_setting('work_mem'), current_setting('parallel_tuple_cost')"
            )
            return cr.fetchone()

        before = current()
        with partners._kam_bulk_query_settings(whole=True):
            self.assertEqual(current()[:3], ("off", "off", "10"))
            self.assertEqual(current()[4], before[4])
        self.assertEqual(current(), before)
        with partners._kam_bulk_query_settings(whole=False):
            # one client's recompute keeps the index probes of nested loops
            self.assertEqual(current()[:3], ("off", before[1], "10"))
        self.assertEqual(current(), before)
        with partners._kam_query_settings({"parallel_tuple_cost": "0.01"}):
            self.assertEqual(current()[4], "0.01")
        self.assertEqual(current(), before)
        partners._kam_recompute_phases()
        partners._kam_recompute_segmentation()
        self.assertEqual(current(), before)

    def test_bulk_work_memory_is_a_floor(self):
        """A smaller work memory is raised to 16 MB; a server's larger one is kept."""
        cr = self.env.cr
        partners = self.env["res.partner"]
        for configured, inside in (("1MB", "16MB"), ("64MB", "64MB")):
            cr.execute(f"SET LOCAL work_mem = '{configured}'")
            with partners._kam_bulk_query_settings():
                cr.execute("SELECT current_setting('work_mem')")
                self.assertEqual(cr.fetchone()[0], inside)
            cr.execute("SELECT current_setting('work_mem')")
            self.assertEqual(cr.fetchone()[0], configured)

    def test_bulk_settings_restored_after_an_error(self):
        """A Python error inside restores the settings; a database error aborts the
        savepoint, whose rollback restores them."""
        cr = self.env.cr
        partners = self.env["res.partner"]

        def nestloop():
            cr.execute("SELECT current_setting('enable_nestloop')")
            return cr.fetchone()[0]

        before = nestloop()
        with self.assertRaises(ZeroDivisionError):
            with partners._kam_bulk_query_settings():
                self.assertEqual(nestloop(), "off")
                1 / 0  # noqa: B018
        self.assertEqual(nestloop(), before)
        with self.assertRaises(psycopg2.errors.DivisionByZero):
            with cr.savepoint(flush=False):
                with partners._kam_bulk_query_settings():
                    cr.execute("SELECT 1 / 0")
        self.assertEqual(nestloop(), before)
