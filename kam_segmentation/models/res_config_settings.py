# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_seg_profit_margin_rate = fields.Float(
        related="company_id.kam_seg_profit_margin_rate", readonly=False
    )
    kam_seg_cash_flow_min_orders = fields.Integer(
        related="company_id.kam_seg_cash_flow_min_orders", readonly=False
    )
    kam_seg_cash_flow_min_revenue = fields.Float(
        related="company_id.kam_seg_cash_flow_min_revenue", readonly=False
    )
    kam_seg_potential_min_value = fields.Float(
        related="company_id.kam_seg_potential_min_value", readonly=False
    )
    kam_seg_malign_min_complaints = fields.Integer(
        related="company_id.kam_seg_malign_min_complaints", readonly=False
    )
    kam_seg_malign_complaint_factor = fields.Float(
        related="company_id.kam_seg_malign_complaint_factor", readonly=False
    )
    kam_seg_pareto_share = fields.Float(
        related="company_id.kam_seg_pareto_share", readonly=False
    )
    kam_seg_mgc_min_potential = fields.Float(
        related="company_id.kam_seg_mgc_min_potential", readonly=False
    )
    kam_seg_size_medium = fields.Float(
        related="company_id.kam_seg_size_medium", readonly=False
    )
    kam_seg_size_big = fields.Float(
        related="company_id.kam_seg_size_big", readonly=False
    )
    kam_seg_size_vip = fields.Float(
        related="company_id.kam_seg_size_vip", readonly=False
    )
    kam_seg_sow_high = fields.Float(
        related="company_id.kam_seg_sow_high", readonly=False
    )
    kam_seg_requirement_big = fields.Float(
        related="company_id.kam_seg_requirement_big", readonly=False
    )
    # KAM scorecard
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
