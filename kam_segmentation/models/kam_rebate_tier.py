# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_rebate_program import VOLUME_DIGITS

RATE_TYPES = [
    ("percent", "% of amount"),
    ("per_unit", "Amount per unit"),
]


class KamRebateTier(models.Model):
    _name = "kam.rebate.tier"
    _description = "Rebate Tier"
    _inherit = ["kam.guard.mixin"]
    _order = "program_id, threshold, id"

    program_id = fields.Many2one(
        comodel_name="kam.rebate.program",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="program_id.company_id",
        store=True,
    )
    threshold = fields.Float(
        string="From",
        digits=VOLUME_DIGITS,
        required=True,
        default=0.0,
        help="The tier applies from this cumulative volume up to the next tier's "
        "threshold; the top tier is open-ended. The first tier starts at 0.",
    )
    rate = fields.Float(
        digits=(16, 4),
        required=True,
        default=0.0,
        help="In % of the counted untaxed amount, or an amount (company currency) "
        "per unit of the program's unit of measure.",
    )
    rate_type = fields.Selection(
        selection=RATE_TYPES,
        required=True,
        default="percent",
    )

    def _kam_check_frozen(self, programs):
        frozen = programs.filtered(lambda p: p.state != "draft")
        if frozen:
            raise UserError(
                self.env._(
                    "The tiers of %(programs)s are frozen: the program is no longer in "
                    "draft.",
                    programs=", ".join(frozen.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        programs = self.env["kam.rebate.program"].browse(
            [vals["program_id"] for vals in vals_list if vals.get("program_id")]
        )
        self._kam_check_frozen(programs)
        return super().create(vals_list)

    def write(self, vals):
        programs = self.program_id
        if vals.get("program_id"):
            programs |= self.env["kam.rebate.program"].browse(vals["program_id"])
        self._kam_check_frozen(programs)
        return super().write(vals)

    def unlink(self):
        self._kam_check_frozen(self.program_id)
        return super().unlink()

    @api.constrains("threshold", "rate", "rate_type", "program_id")
    def _check_tier(self):
        self.program_id._check_tiers()

    def _kam_rate_label(self, unit=""):
        """The rate as a reader sees it: ``2 %`` or ``15.0 per t``."""
        self.ensure_one()
        rate = f"{self.rate:g}"
        if self.rate_type == "percent":
            return f"{rate} %"
        return self.env._("%(rate)s per %(unit)s", rate=rate, unit=unit)
