# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_feedback_low_rating = fields.Integer(
        related="company_id.kam_feedback_low_rating", readonly=False
    )
    kam_feedback_low_survey = fields.Float(
        related="company_id.kam_feedback_low_survey", readonly=False
    )
