# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class KamComplaintResolutionType(models.Model):
    """The resolution types as records, so that approval rules can list several."""

    _name = "kam.complaint.resolution.type"
    _description = "Complaint Resolution Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="The value of the complaint's resolution type this record stands for.",
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A resolution type code must be unique."),
    ]
