# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The limits below which a key account's feedback asks for the manager's action."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    kam_feedback_low_rating = fields.Integer(
        string="Low Visit Rating: At or Below",
        default=1,
        help="A visit rated at or below this (5 satisfied, 3 okay, 1 dissatisfied) "
        "gives the key-account manager a to-do; 0: never.",
    )
    kam_feedback_low_survey = fields.Float(
        string="Low Survey Score: Below (%)",
        default=60.0,
        help="A finished satisfaction survey answer scoring below this percentage "
        "gives the key-account manager a to-do; 0: never.",
    )

    @api.constrains("kam_feedback_low_rating", "kam_feedback_low_survey")
    def _check_kam_feedback_limits(self):
        for company in self:
            if not 0 <= company.kam_feedback_low_rating <= 5:
                raise ValidationError(
                    self.env._("The low visit rating is between 0 and 5.")
                )
            if not 0 <= company.kam_feedback_low_survey <= 100:
                raise ValidationError(
                    self.env._("The low survey score is between 0 and 100 %.")
                )
