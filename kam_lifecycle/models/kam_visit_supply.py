# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class KamVisit(models.Model):
    _inherit = "kam.visit"

    stock_line_ids = fields.One2many(
        comodel_name="kam.visit.stock",
        inverse_name="visit_id",
        string="Client Stock",
        help="The client's stock of our products as reported at this visit.",
    )
