# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .kam_rebate_program import VOLUME_DIGITS


class KamRebateProgress(models.Model):
    """Where one customer stands in one rebate program (refreshed, never typed in)."""

    _name = "kam.rebate.progress"
    _description = "Rebate Progress"
    _order = "program_id, partner_id"
    _check_company_auto = True

    program_id = fields.Many2one(
        comodel_name="kam.rebate.program",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    program_state = fields.Selection(related="program_id.state", string="Status")
    calculation = fields.Selection(related="program_id.calculation")
    date_end = fields.Date(related="program_id.date_end", string="Period End")
    date = fields.Date(string="As Of", help="Invoices up to this date are counted.")
    basis_unit = fields.Char(string="Unit", compute="_compute_basis_unit")
    volume = fields.Float(digits=VOLUME_DIGITS)
    amount = fields.Monetary(
        string="Counted Amount", help="Untaxed amount of the counted invoice lines."
    )
    tier_id = fields.Many2one(comodel_name="kam.rebate.tier", string="Tier Reached")
    rate = fields.Float(digits=(16, 4))
    rate_label = fields.Char(string="Tier Rate", compute="_compute_rate_label")
    earned = fields.Monetary(string="Earned to Date")
    settled = fields.Monetary()
    next_threshold = fields.Float(
        digits=VOLUME_DIGITS,
        help="0 when the top tier is reached.",
    )
    volume_missing = fields.Float(digits=VOLUME_DIGITS)
    progress_to_next = fields.Float(
        string="To Next Tier (%)", compute="_compute_progress_to_next"
    )
    forecast_volume = fields.Float(
        digits=VOLUME_DIGITS,
        help="Run rate: the volume to date extrapolated to the end of the period.",
    )
    forecast_earned = fields.Monetary(string="Forecast Rebate")

    _sql_constraints = [
        (
            "program_partner_unique",
            "UNIQUE(program_id, partner_id)",
            "One progress line per customer and program.",
        ),
    ]

    @api.depends("program_id.basis", "program_id.uom_id", "currency_id")
    def _compute_basis_unit(self):
        for progress in self:
            progress.basis_unit = progress.program_id._kam_basis_unit()

    @api.depends("tier_id.rate", "tier_id.rate_type", "basis_unit")
    def _compute_rate_label(self):
        for progress in self:
            progress.rate_label = (
                progress.tier_id._kam_rate_label(progress.basis_unit)
                if progress.tier_id
                else ""
            )

    @api.depends("volume", "next_threshold", "tier_id.threshold")
    def _compute_progress_to_next(self):
        for progress in self:
            low = progress.tier_id.threshold
            span = progress.next_threshold - low
            if not progress.next_threshold or span <= 0:
                progress.progress_to_next = 100.0
            else:
                share = (progress.volume - low) / span * 100.0
                progress.progress_to_next = min(max(share, 0.0), 100.0)

    def _kam_changed(self, vals):
        """Whether writing ``vals`` would change this row."""
        self.ensure_one()
        for name, value in vals.items():
            field = self._fields[name]
            current = self[name]
            if field.type == "many2one":
                current = current.id or False
                value = value or False
            elif field.type in ("float", "monetary"):
                if round(current - (value or 0.0), 6):
                    return True
                continue
            if current != value:
                return True
        return False

    def action_refresh(self):
        self.partner_id._kam_check_client_refresh()
        for program in self.program_id:
            partners = self.filtered(lambda p, pr=program: p.program_id == pr)
            program._kam_refresh_progress(partner_ids=partners.partner_id.ids)
        return True
