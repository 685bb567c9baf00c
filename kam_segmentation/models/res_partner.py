# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

CLIENT_CLASSES = [
    ("profit", "Profit"),
    ("cash_flow", "Cash Flow"),
    ("technology", "Technology Advance"),
    ("demonstration", "Demonstration"),
    ("potential", "Potential"),
    ("malign", "Malign"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_client_class = fields.Selection(
        selection=CLIENT_CLASSES,
        string="Client Class",
        company_dependent=True,
        help="The effective client class: the override when set, otherwise the class "
        "computed by the segmentation rules.",
    )
