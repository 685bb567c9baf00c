# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The events keep no access log any more: its columns go."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kam.lifecycle.event"]._kam_drop_access_log_columns()
