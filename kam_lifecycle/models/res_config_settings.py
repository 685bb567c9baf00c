# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_exploration_days = fields.Integer(
        related="company_id.kam_exploration_days", readonly=False
    )
    kam_exploration_min_orders = fields.Integer(
        related="company_id.kam_exploration_min_orders", readonly=False
    )
    kam_formation_growth = fields.Float(
        related="company_id.kam_formation_growth", readonly=False
    )
    kam_stability_min_orders = fields.Integer(
        related="company_id.kam_stability_min_orders", readonly=False
    )
    kam_decline_drop = fields.Float(
        related="company_id.kam_decline_drop", readonly=False
    )
    kam_recency_p90_factor = fields.Float(
        related="company_id.kam_recency_p90_factor", readonly=False
    )
    kam_recency_min_days = fields.Integer(
        related="company_id.kam_recency_min_days", readonly=False
    )
    kam_recency_days = fields.Integer(
        related="company_id.kam_recency_days", readonly=False
    )
    kam_feedback_low_rating = fields.Integer(
        related="company_id.kam_feedback_low_rating", readonly=False
    )
    kam_feedback_low_survey = fields.Float(
        related="company_id.kam_feedback_low_survey", readonly=False
    )

    # priority supply
    kam_supply_warning_days = fields.Integer(
        related="company_id.kam_supply_warning_days", readonly=False
    )
    kam_supply_manager_id = fields.Many2one(
        related="company_id.kam_supply_manager_id", readonly=False
    )
    kam_priority_supply = fields.Boolean(
        related="company_id.kam_priority_supply", readonly=False
    )
