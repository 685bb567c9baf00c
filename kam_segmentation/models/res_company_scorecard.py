# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEIGHT_FIELDS = (
    "kam_score_weight_satisfaction",
    "kam_score_weight_complaints",
    "kam_score_weight_visits",
    "kam_score_weight_plan",
    "kam_score_weight_sow",
    "kam_score_weight_phase",
)


class ResCompany(models.Model):
    """The KAM scorecard's weights and thresholds, per company."""

    _inherit = "res.company"

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
