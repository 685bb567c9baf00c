# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rebate progress as a user reads it: volumes in the unit's precision (display
only)."""

from odoo import api, fields, models

from odoo.addons.kam_lifecycle.tools import kam_format


class KamRebateProgress(models.Model):
    _inherit = "kam.rebate.progress"

    progress_to_next = fields.Float(
        string="Progress to Next Tier",
        help="How far the volume has come from the threshold of the tier reached "
        "(0 %) to the threshold of the next tier (100 %); full at the top tier.",
    )
    volume_display = fields.Char(
        string="Volume to Date", compute="_compute_volume_display"
    )
    next_threshold_display = fields.Char(
        string="Next Tier From", compute="_compute_volume_display"
    )
    volume_missing_display = fields.Char(
        string="Missing to Next Tier", compute="_compute_volume_display"
    )
    forecast_volume_display = fields.Char(
        string="Forecast at Period End", compute="_compute_volume_display"
    )

    @api.depends_context("lang")
    @api.depends(
        "volume",
        "next_threshold",
        "volume_missing",
        "forecast_volume",
        "program_id.basis",
        "program_id.uom_id",
        "currency_id",
    )
    def _compute_volume_display(self):
        for progress in self:
            fmt = progress.program_id._kam_format_volume
            progress.volume_display = fmt(progress.volume)
            top = not progress.next_threshold
            progress.next_threshold_display = (
                self.env._("top tier") if top else fmt(progress.next_threshold)
            )
            progress.volume_missing_display = (
                "" if top else fmt(progress.volume_missing)
            )
            progress.forecast_volume_display = fmt(progress.forecast_volume)


class KamRebateProgram(models.Model):
    _inherit = "kam.rebate.program"

    def _kam_format_volume(self, value):
        """A volume of this program: an amount in the company currency, or a
        quantity in the precision of the program's unit."""
        self.ensure_one()
        if self.basis == "quantity":
            return kam_format.kam_quantity(self.env, value, self.uom_id)
        return kam_format.kam_amount(self.env, value, self.company_id.currency_id)


class KamRebateTier(models.Model):
    _inherit = "kam.rebate.tier"

    threshold_display = fields.Char(
        string="From Volume", compute="_compute_threshold_display"
    )
    rate_display = fields.Char(string="Tier Rate", compute="_compute_threshold_display")

    @api.depends_context("lang")
    @api.depends(
        "threshold", "rate", "rate_type", "program_id.basis", "program_id.uom_id"
    )
    def _compute_threshold_display(self):
        for tier in self:
            program = tier.program_id
            tier.threshold_display = program._kam_format_volume(tier.threshold)
            tier.rate_display = tier._kam_rate_label(program._kam_basis_unit())
