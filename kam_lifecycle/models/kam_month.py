# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class KamMonth(models.Model):
    """The twelve months of the year, as records a user can tag and filter by
    (a client's peak season, the month of a supply agreement)."""

    _name = "kam.month"
    _description = "Month of the Year"
    _order = "number"

    name = fields.Char(required=True, translate=True)
    number = fields.Integer(required=True, help="1 = January … 12 = December.")

    _sql_constraints = [
        ("number_uniq", "unique(number)", "Each month exists once."),
        ("number_range", "CHECK(number BETWEEN 1 AND 12)", "A month is 1 to 12."),
    ]
