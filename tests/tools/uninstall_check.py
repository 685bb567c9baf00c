# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Uninstall the KAM addons from a throwaway database and check nothing is left behind.

Usage: python3 tests/tools/uninstall_check.py ODOO_CONFIG DATABASE
Run by setup/test after pytest; prints one line per check, exits non-zero on a
leftover.
"""

import sys

import odoo
from odoo.modules.registry import Registry

ADDONS = ["kam_segmentation", "kam_complaints", "kam_lifecycle"]


def leftovers(cr):
    """The KAM traces still in the database after the uninstall, as (what, rows)."""
    checks = {
        "modules not uninstalled": "SELECT name FROM ir_module_module "
        "WHERE name LIKE 'kam\\_%%' AND state != 'uninstalled'",
        "models": "SELECT model FROM ir_model WHERE model LIKE 'kam.%%'",
        "fields": "SELECT model || '.' || name FROM ir_model_fields "
        "WHERE name LIKE 'kam\\_%%' OR model LIKE 'kam.%%'",
        "xml ids": "SELECT module || '.' || name FROM ir_model_data "
        "WHERE module IN ('kam_lifecycle', 'kam_complaints', 'kam_segmentation') "
        "AND model LIKE 'kam.%%'",
        "tables": "SELECT tablename FROM pg_tables "
        "WHERE schemaname = 'public' AND tablename LIKE 'kam\\_%%'",
        "columns": "SELECT table_name || '.' || column_name "
        "FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_name LIKE 'kam\\_%%'",
        "crons": "SELECT c.cron_name FROM ir_cron c "
        "JOIN ir_act_server s ON s.id = c.ir_actions_server_id "
        "WHERE s.code LIKE '%%kam\\_%%'",
        "menus": "SELECT name->>'en_US' FROM ir_ui_menu "
        "WHERE name->>'en_US' = 'Key Accounts'",
    }
    found = []
    # Odoo keeps a module's records that other documents still reference (a demo
    # customer or the rebate product on posted invoices): shown, not an orphan.
    cr.execute(
        "SELECT model || ' ' || module || '.' || name FROM ir_model_data "
        "WHERE module IN ('kam_lifecycle', 'kam_complaints', 'kam_segmentation') "
        "AND model NOT LIKE 'kam.%%'"
    )
    kept = [r[0] for r in cr.fetchall()]
    sys.stdout.write(
        f"uninstall: kept as still referenced: {', '.join(kept) or 'none'}\n"
    )
    for what, query in checks.items():
        cr.execute(query)
        rows = [r[0] for r in cr.fetchall()]
        found.append((what, rows))
    return found


def main(conf, db):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        modules = env["ir.module.module"].search([("name", "in", ADDONS)])
        modules.button_immediate_uninstall()
    registry = Registry(db)
    failed = False
    with registry.cursor() as cr:
        for what, rows in leftovers(cr):
            status = "none left" if not rows else f"LEFT: {', '.join(rows[:10])}"
            failed |= bool(rows)
            sys.stdout.write(f"uninstall: {what}: {status}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
