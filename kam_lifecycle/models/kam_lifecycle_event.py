# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import kam_format
from .res_partner import PHASE_RULES, PHASES


class KamLifecycleEvent(models.Model):
    _name = "kam.lifecycle.event"
    _inherit = ["kam.event.mixin"]
    _description = "Lifecycle Event"
    _order = "date desc, id desc"
    _check_company_auto = True
    _log_access = False  # see kam.event.mixin

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    phase_from = fields.Selection(selection=PHASES, string="From")
    phase_to = fields.Selection(selection=PHASES, string="To")
    source = fields.Selection(
        selection=[("computed", "Computed"), ("manual", "Manual")],
        required=True,
        default="computed",
    )
    rule = fields.Selection(
        selection=PHASE_RULES,
        help="The phase rule that fired (computed events).",
    )
    reason = fields.Char(help="The rule in words, or the reason of the override.")
    metrics = fields.Json(help="The figures behind the rule.")
    metrics_display = fields.Text(string="Figures", compute="_compute_metrics_display")
    kam_manager_id = fields.Many2one(
        related="partner_id.kam_manager_id", string="Key-Account Manager"
    )

    def _metric_labels(self):
        return {
            "first_order": self.env._("First order"),
            "last_order": self.env._("Last order"),
            "orders": self.env._("Orders (ever)"),
            "orders_12m": self.env._("Orders, last 12 months"),
            "orders_prev_12m": self.env._("Orders, 12 months before"),
            "revenue_12m": self.env._("Revenue, last 12 months"),
            "revenue_prev_12m": self.env._("Revenue, 12 months before"),
            "age_days": self.env._("Relationship age (days)"),
            "days_since_last_order": self.env._("Days since the last order"),
            "median_gap_days": self.env._("Median gap between orders (days)"),
            "p90_gap_days": self.env._("90th-percentile gap (days)"),
            "recency_limit_days": self.env._("Recency limit (days)"),
        }

    @api.depends_context("lang", "company")
    @api.depends("metrics")
    def _compute_metrics_display(self):
        labels = self._metric_labels()
        for event in self:
            event.metrics_display = "\n".join(
                f"{labels.get(key, key)}: {kam_format.kam_metric(self.env, key, value)}"
                for key, value in (event.metrics or {}).items()
                if value is not None
            )
