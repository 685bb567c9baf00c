# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SurveyUserInput(models.Model):
    """An answer to the yearly satisfaction survey, linked to the key account."""

    _inherit = "survey.user_input"

    kam_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Key Account",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        help="The key account whose decision unit gave this answer.",
    )
    kam_year = fields.Integer(
        string="Survey Year",
        readonly=True,
        help="The year of the key-account satisfaction survey this answer belongs to.",
    )
