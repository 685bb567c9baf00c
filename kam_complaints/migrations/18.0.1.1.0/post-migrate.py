# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The bulk-written per-company figures lost their column indexes."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._kam_drop_unused_indexes()
