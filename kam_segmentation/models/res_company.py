# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the KAM scorecard's weights (kam.scorecard)
WEIGHT_FIELDS = (
    "kam_score_weight_satisfaction",
    "kam_score_weight_complaints",
    "kam_score_weight_visits",
    "kam_score_weight_plan",
    "kam_score_weight_sow",
    "kam_score_weight_phase",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    # client class (amounts in the company currency, figures of the last 12 months)
    kam_seg_profit_margin_rate = fields.Float(
        string="Profit Client: Minimum Margin Rate",
        default=0.20,
        help="A client whose margin is at least this share of its revenue is a profit "
        "client (0.20 = 20 %).",
    )
    kam_seg_cash_flow_min_orders = fields.Integer(
        string="Cash-Flow Client: Minimum Orders",
        default=6,
        help="A client buying at least this often in 12 months ...",
    )
    kam_seg_cash_flow_min_revenue = fields.Float(
        string="Cash-Flow Client: Minimum Revenue",
        default=500000.0,
        help="... and at least this revenue is a cash-flow client when its margin rate "
        "is below the profit threshold.",
    )
    kam_seg_potential_min_value = fields.Float(
        string="Potential Client: Minimum Potential",
        default=1000000.0,
        help="A client whose requirement not yet bought from us, valued at our average "
        "price, reaches this amount is a potential client.",
    )
    kam_seg_malign_min_complaints = fields.Integer(
        string="Malign Client: Minimum Complaints",
        default=3,
        help="A client with at least this many complaints in 12 months ...",
    )
    kam_seg_malign_complaint_factor = fields.Float(
        string="Malign Client: Complaint Rate Factor",
        default=3.0,
        help="... and a complaint rate per order at least this many times the "
        "portfolio's rate is a malign client (as is a client whose margin after "
        "complaint costs is negative).",
    )
    # value tier
    kam_seg_pareto_share = fields.Float(
        string="MVC: Share of Margin",
        default=0.80,
        help="The most valuable clients are the largest clients by margin that "
        "together make this share of the portfolio's margin (Pareto; 0.80 = 80 %).",
    )
    kam_seg_mgc_min_potential = fields.Float(
        string="MGC: Minimum Potential",
        default=2000000.0,
        help="A client with at least this potential (unbought requirement, valued) "
        "is a most-growth client, unless it is already a most valuable one.",
    )
    # size by revenue
    kam_seg_size_medium = fields.Float(
        string="Size Medium From",
        default=200000.0,
        help="Revenue of the last 12 months from which a client is medium.",
    )
    kam_seg_size_big = fields.Float(
        string="Size Big From",
        default=1000000.0,
        help="Revenue of the last 12 months from which a client is big.",
    )
    kam_seg_size_vip = fields.Float(
        string="Size VIP From",
        default=5000000.0,
        help="Revenue of the last 12 months from which a client is VIP.",
    )
    # share of wallet x purchase size
    kam_seg_sow_high = fields.Float(
        string="High Share of Wallet From",
        default=0.50,
        help="Our share of the client's annual requirement from which it counts as "
        "high (0.50 = 50 %).",
    )
    kam_seg_requirement_big = fields.Float(
        string="Big Requirement From",
        default=2500000.0,
        help="The client's annual requirement valued at our average price from which "
        "its purchase size counts as big.",
    )

    @api.constrains(
        "kam_seg_profit_margin_rate",
        "kam_seg_pareto_share",
        "kam_seg_sow_high",
    )
    def _check_kam_seg_rates(self):
        for company in self:
            for rate in (
                company.kam_seg_profit_margin_rate,
                company.kam_seg_pareto_share,
                company.kam_seg_sow_high,
            ):
                if not 0.0 < rate <= 1.0:
                    raise ValidationError(
                        self.env._(
                            "Segmentation rates (profit margin rate, MVC share of "
                            "margin, high share of wallet) must be above 0 and at most "
                            "1 (100 %)."
                        )
                    )

    @api.constrains(
        "kam_seg_cash_flow_min_orders",
        "kam_seg_cash_flow_min_revenue",
        "kam_seg_potential_min_value",
        "kam_seg_malign_min_complaints",
        "kam_seg_malign_complaint_factor",
        "kam_seg_mgc_min_potential",
        "kam_seg_requirement_big",
    )
    def _check_kam_seg_amounts(self):
        for company in self:
            values = (
                company.kam_seg_cash_flow_min_orders,
                company.kam_seg_cash_flow_min_revenue,
                company.kam_seg_potential_min_value,
                company.kam_seg_malign_min_complaints,
                company.kam_seg_malign_complaint_factor,
                company.kam_seg_mgc_min_potential,
                company.kam_seg_requirement_big,
            )
            if any(value <= 0 for value in values):
                raise ValidationError(
                    self.env._("Segmentation thresholds must be greater than zero.")
                )

    @api.constrains("kam_seg_size_medium", "kam_seg_size_big", "kam_seg_size_vip")
    def _check_kam_seg_sizes(self):
        for company in self:
            if not (
                0
                < company.kam_seg_size_medium
                < company.kam_seg_size_big
                < company.kam_seg_size_vip
            ):
                raise ValidationError(
                    self.env._(
                        "Size thresholds must be positive and strictly increasing: "
                        "medium < big < VIP."
                    )
                )

    # ---- KAM scorecard (kam.scorecard): weights and thresholds ----------------
    kam_score_weight_satisfaction = fields.Float(
        string="Scorecard Weight: Satisfaction",
        default=30.0,
        help="Weight of the satisfaction score (visit ratings and survey answers) "
        "in the overall score.",
    )
    kam_score_weight_complaints = fields.Float(
        string="Scorecard Weight: Complaint Rate",
        default=25.0,
        help="Weight of the complaint score (complaints per order) in the overall "
        "score.",
    )
    kam_score_weight_visits = fields.Float(
        string="Scorecard Weight: Visits",
        default=15.0,
        help="Weight of the visit score (visits made against the plans' cycles).",
    )
    kam_score_weight_plan = fields.Float(
        string="Scorecard Weight: Plan Achievement",
        default=15.0,
        help="Weight of the plan score (revenue and quantity against the targets).",
    )
    kam_score_weight_sow = fields.Float(
        string="Scorecard Weight: Share-of-Wallet Change",
        default=10.0,
        help="Weight of the share-of-wallet score (change against the period before).",
    )
    kam_score_weight_phase = fields.Float(
        string="Scorecard Weight: Phase Moves",
        default=5.0,
        help="Weight of the phase score (accounts reaching against leaving stability).",
    )
    kam_score_complaint_rate_max = fields.Float(
        string="Scorecard: Complaint Rate Scoring Zero",
        default=0.10,
        digits=(16, 3),
        help="Complaints per order at which the complaint score falls to 0 (no "
        "complaint scores 100; 0.10 = one complaint in ten orders).",
    )
    kam_score_sow_span = fields.Float(
        string="Scorecard: Share-of-Wallet Change Scoring 100",
        default=0.20,
        help="A share-of-wallet gain of this much scores 100, the same loss 0, no "
        "change 50 (0.20 = 20 points).",
    )

    @api.constrains(*WEIGHT_FIELDS)
    def _check_kam_score_weights(self):
        for company in self:
            weights = [company[name] for name in WEIGHT_FIELDS]
            if any(weight < 0 for weight in weights) or not any(weights):
                raise ValidationError(
                    self.env._(
                        "Scorecard weights cannot be negative and at least one must "
                        "be above zero."
                    )
                )

    @api.constrains("kam_score_complaint_rate_max", "kam_score_sow_span")
    def _check_kam_score_thresholds(self):
        for company in self:
            if (
                company.kam_score_complaint_rate_max <= 0
                or company.kam_score_sow_span <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The scorecard's complaint rate scoring zero and "
                        "share-of-wallet change scoring 100 must be greater than "
                        "zero."
                    )
                )
