# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The phase and its pending state move from res_partner to the figures."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kam.partner.figure"]._kam_migrate_company_columns(
        {
            "kam_phase": "phase",
            "kam_phase_computed": "phase_computed",
            "kam_phase_pending": "phase_pending",
            "kam_phase_pending_since": "phase_pending_since",
        }
    )
