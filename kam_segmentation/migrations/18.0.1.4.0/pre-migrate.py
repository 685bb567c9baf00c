# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import sql

OLD_TABLE = "kam_segment_event_by_dimension"


def migrate(cr, version):
    """Segment changes were one row per dimension: set them aside, the ORM creates
    the table of one row per change, the post-migration fills it."""
    if not sql.column_exists(cr, "kam_segment_event", "dimension"):
        return
    cr.execute(f"ALTER TABLE kam_segment_event RENAME TO {OLD_TABLE}")
    # the ORM names its sequence and indexes after the table: free the names
    cr.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace ns"
        " ON ns.oid = c.relnamespace AND ns.nspname = current_schema()"
        " WHERE c.relname LIKE 'kam\\_segment\\_event\\_%'"
        " AND c.relkind IN ('i', 'S')"
    )
    for (name,) in cr.fetchall():
        kind = "SEQUENCE" if name.endswith("_seq") else "INDEX"
        new_name = OLD_TABLE + name[len("kam_segment_event") :]
        cr.execute(f'ALTER {kind} "{name}" RENAME TO "{new_name}"')
