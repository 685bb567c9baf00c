# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    kam_exploration_days = fields.Integer(
        string="Exploration: Relationship Younger Than (days)",
        default=365,
        help="A client whose first confirmed order is more recent than this is in "
        "exploration.",
    )
    kam_exploration_min_orders = fields.Integer(
        string="Exploration: Fewer Orders Than",
        default=3,
        help="A client with fewer confirmed orders than this (ever) is in exploration.",
    )
    kam_formation_growth = fields.Float(
        string="Formation: Revenue Growth",
        default=0.2,
        help="Growth of the last 12 months' revenue over the 12 months before "
        "(0.2 = 20 %) from which a client is in formation.",
    )
    kam_stability_min_orders = fields.Integer(
        string="Stability: Orders in 12 Months",
        default=4,
        help="A client needs at least this many orders in the last 12 months to be "
        "stable (regular); with fewer it stays in formation.",
    )
    kam_decline_drop = fields.Float(
        string="Decline: Drop",
        default=0.25,
        help="Fall of revenue or of the number of orders of the last 12 months against "
        "the 12 months before (0.25 = 25 %) from which a client is in decline.",
    )
    kam_recency_p90_factor = fields.Float(
        string="Decline: Recency Factor",
        default=1.5,
        help="A client is in decline when the days since its last order exceed this "
        "factor times its own 90th-percentile gap between orders.",
    )
    kam_recency_min_days = fields.Integer(
        string="Decline: Recency at Least (days)",
        default=30,
        help="Floor of the relative recency limit: fewer days without an order never "
        "mean decline.",
    )
    kam_recency_days = fields.Integer(
        string="Decline: Recency Without History (days)",
        default=180,
        help="Recency limit of a client with a single order day (no gap to measure).",
    )

    @api.constrains(
        "kam_exploration_days",
        "kam_exploration_min_orders",
        "kam_formation_growth",
        "kam_stability_min_orders",
        "kam_decline_drop",
        "kam_recency_p90_factor",
        "kam_recency_min_days",
        "kam_recency_days",
    )
    def _check_kam_thresholds(self):
        for company in self:
            if (
                min(
                    company.kam_exploration_days,
                    company.kam_exploration_min_orders,
                    company.kam_stability_min_orders,
                    company.kam_recency_min_days,
                    company.kam_recency_days,
                )
                < 0
                or min(
                    company.kam_formation_growth,
                    company.kam_decline_drop,
                    company.kam_recency_p90_factor,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("The key-account thresholds cannot be negative.")
                )
            if company.kam_decline_drop >= 1:
                raise ValidationError(
                    self.env._("The decline drop is a fraction below 1 (0.25 = 25 %).")
                )

    # -- feedback of the key accounts: the low scores (issue 13) ----------------
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

    # priority supply
    kam_supply_warning_days = fields.Integer(
        string="Supply Warning (days ahead)",
        default=60,
        help="A month whose agreed supply exceeds the forecast raises an activity "
        "this many days before it starts.",
    )
    kam_supply_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Inventory Manager for Shortfalls",
        domain="[('share', '=', False)]",
        help="Who hears of supply shortfalls besides the key-account managers; "
        "empty = every inventory administrator of the company.",
    )
    kam_priority_supply = fields.Boolean(
        string="Key Accounts Served First",
        default=True,
        help="Deliveries of key accounts' confirmed orders are urgent: stock is "
        "reserved for them first.",
    )

    @api.constrains("kam_supply_warning_days")
    def _check_kam_supply_warning_days(self):
        for company in self:
            if company.kam_supply_warning_days < 0:
                raise ValidationError(
                    self.env._("The supply warning days cannot be negative.")
                )
