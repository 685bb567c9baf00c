# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The next visit due is stored in the figures: every client's, once."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._kam_refresh_next_visits()
