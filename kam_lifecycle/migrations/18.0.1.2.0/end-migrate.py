# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def migrate(cr, version):
    """Once the three addons moved their figures out: rewrite res_partner without
    the dropped columns (their data stays on disk until the table is rewritten, and
    every pass over the partners would read it: 134 MB instead of 17 MB for 100,000
    clients)."""
    cr.execute("CLUSTER res_partner USING res_partner_pkey")
    cr.execute("ALTER TABLE res_partner SET WITHOUT CLUSTER")
    cr.execute("ANALYZE res_partner")
