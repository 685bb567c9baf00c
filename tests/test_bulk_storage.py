# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The storage the nightly recomputes write in bulk: indexes, upgrade, planner."""

import importlib.util
import os

import psycopg2

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import sql

ADDONS = ("kam_lifecycle", "kam_complaints", "kam_segmentation")
# the per-company values that lists filter on keep Odoo's index
FILTERED = {
    "kam_phase",
    "kam_phase_manual",
    "kam_client_class",
    "kam_value_tier",
    "kam_size",
    "kam_quadrant",
}


@tagged("post_install", "-at_install", "kam")
class TestBulkStorage(TransactionCase):
    def _kam_company_fields(self):
        partner = self.env["res.partner"]
        return {
            name: field
            for name, field in partner._fields.items()
            if name.startswith("kam_") and field.company_dependent and field.store
        }

    def _has_index(self, name):
        index = sql.make_index_name("res_partner", name)
        self.env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [index])
        return bool(self.env.cr.fetchone())

    def _run_upgrade_script(self, module):
        path = os.path.join(
            get_module_path(module), "migrations", "18.0.1.1.0", "post-migrate.py"
        )
        spec = importlib.util.spec_from_file_location(f"{module}_post_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")

    def test_only_filtered_values_are_indexed(self):
        """The bulk-written figures have no index; phase and classes keep theirs."""
        fields_by_name = self._kam_company_fields()
        self.assertGreater(len(fields_by_name), 30)
        for name, field in fields_by_name.items():
            with self.subTest(field=name):
                self.assertEqual(bool(field.index), name in FILTERED)
                self.assertEqual(self._has_index(name), name in FILTERED)

    def test_upgrade_drops_the_old_indexes(self):
        """A database of 18.0.1.0.0 loses the indexes the figures no longer have."""
        old = ("kam_phase_computed", "kam_complaint_count_12m", "kam_revenue_12m")
        for name in old:
            sql.create_index(
                self.env.cr,
                sql.make_index_name("res_partner", name),
                "res_partner",
                [f"({name} IS NOT NULL)"],
                where=f"{name} IS NOT NULL",
            )
            self.assertTrue(self._has_index(name))
        for module in ADDONS:
            self._run_upgrade_script(module)
        for name in old:
            self.assertFalse(self._has_index(name), name)
        for name in FILTERED:
            self.assertTrue(self._has_index(name), name)

    def test_bulk_settings_apply_inside_and_are_restored(self):
        """The recompute turns off JIT and nested loops for its statements only."""
        cr = self.env.cr
        partners = self.env["res.partner"]

        def current():
            cr.execute(
                "SELECT current_setting('jit'), current_setting('enable_nestloop'), "
                "current_setting('work_mem')"
            )
            return cr.fetchone()

        before = current()
        with partners._kam_bulk_query_settings(whole=True):
            self.assertEqual(current()[:2], ("off", "off"))
        self.assertEqual(current(), before)
        with partners._kam_bulk_query_settings(whole=False):
            # one client's recompute keeps the index probes of nested loops
            self.assertEqual(current()[:2], ("off", before[1]))
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
