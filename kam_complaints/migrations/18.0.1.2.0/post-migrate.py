# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api

from odoo.addons.kam_complaints.models.res_partner import FIGURE_COLUMNS


def migrate(cr, version):
    """The complaint statistics move from res_partner to the figures."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kam.partner.figure"]._kam_migrate_company_columns(
        {f"kam_{column}": column for column in FIGURE_COLUMNS}
    )
