# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class KamRebateClientClass(models.Model):
    """One client class a rebate program may target (a set of selection values)."""

    _name = "kam.rebate.client.class"
    _description = "Rebate Target Client Class"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="The value of res.partner.kam_client_class this tag matches.",
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "A client class is listed only once."),
    ]
