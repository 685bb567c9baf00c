# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_score_weight_satisfaction = fields.Float(
        related="company_id.kam_score_weight_satisfaction", readonly=False
    )
    kam_score_weight_complaints = fields.Float(
        related="company_id.kam_score_weight_complaints", readonly=False
    )
    kam_score_weight_visits = fields.Float(
        related="company_id.kam_score_weight_visits", readonly=False
    )
    kam_score_weight_plan = fields.Float(
        related="company_id.kam_score_weight_plan", readonly=False
    )
    kam_score_weight_sow = fields.Float(
        related="company_id.kam_score_weight_sow", readonly=False
    )
    kam_score_weight_phase = fields.Float(
        related="company_id.kam_score_weight_phase", readonly=False
    )
    kam_score_complaint_rate_max = fields.Float(
        related="company_id.kam_score_complaint_rate_max", readonly=False
    )
    kam_score_sow_span = fields.Float(
        related="company_id.kam_score_sow_span", readonly=False
    )
