# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class KamAccountPlanReview(models.Model):
    _name = "kam.account.plan.review"
    _description = "Quarterly Review of an Account Plan"
    _inherit = ["kam.guard.mixin"]
    _order = "plan_id, quarter"
    _kam_recheck_rules = True

    plan_id = fields.Many2one(
        comodel_name="kam.account.plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    quarter = fields.Selection(
        selection=[("q1", "Q1"), ("q2", "Q2"), ("q3", "Q3"), ("q4", "Q4")],
        required=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Reviewed By",
        default=lambda self: self.env.user,
    )
    notes = fields.Html(string="Review Notes")

    _sql_constraints = [
        (
            "plan_quarter_uniq",
            "unique(plan_id, quarter)",
            "A plan has one review per quarter.",
        ),
    ]
