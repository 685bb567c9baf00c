# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .res_partner import (
    CLASS_RULES,
    CLIENT_CLASSES,
    QUADRANTS,
    SEGMENT_DIMENSIONS,
    SIZES,
    VALUE_TIERS,
)


class KamSegmentEvent(models.Model):
    """What changed in a client's segments on a day: one row per client and
    recompute (or override), each dimension that changed with its value before and
    after; a dimension that did not change is empty on both sides.

    One row for the four dimensions, not one per dimension: a first recompute
    classifies every client at once, and each row costs its foreign-key checks
    (see kam.event.mixin)."""

    _name = "kam.segment.event"
    _inherit = ["kam.event.mixin"]
    _description = "Segment Change"
    _order = "date desc, id desc"
    _check_company_auto = True
    _log_access = False  # see kam.event.mixin

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    client_class_from = fields.Selection(CLIENT_CLASSES, string="Class Before")
    client_class_to = fields.Selection(CLIENT_CLASSES, string="Class After")
    value_tier_from = fields.Selection(VALUE_TIERS, string="Tier Before")
    value_tier_to = fields.Selection(VALUE_TIERS, string="Tier After")
    size_from = fields.Selection(SIZES, string="Size Before")
    size_to = fields.Selection(SIZES, string="Size After")
    quadrant_from = fields.Selection(QUADRANTS, string="Quadrant Before")
    quadrant_to = fields.Selection(QUADRANTS, string="Quadrant After")
    client_class_change = fields.Char(string="Client Class", compute="_compute_changes")
    value_tier_change = fields.Char(string="Value Tier", compute="_compute_changes")
    size_change = fields.Char(string="Size", compute="_compute_changes")
    quadrant_change = fields.Char(string="Quadrant", compute="_compute_changes")
    source = fields.Selection(
        selection=[("computed", "Computed"), ("manual", "Manual")],
        required=True,
        default="computed",
    )
    rule = fields.Selection(
        selection=[
            *CLASS_RULES,
            ("manual", "Set by hand"),
            ("computed", "Back to the computed class"),
        ],
        help="What gave the new client class: the class rule, or the override.",
    )
    reason = fields.Char(help="Why the value changed, in words.")
    metrics = fields.Json(help="The figures behind the change.")

    @api.depends_context("lang")
    @api.depends(
        *(f"{d}_{side}" for d in SEGMENT_DIMENSIONS for side in ("from", "to"))
    )
    def _compute_changes(self):
        """Each dimension that changed as "before → after" ("—" for none)."""
        labels = {
            dimension: dict(
                self._fields[f"{dimension}_to"]._description_selection(self.env)
            )
            for dimension in SEGMENT_DIMENSIONS
        }
        for event in self:
            for dimension in SEGMENT_DIMENSIONS:
                before = event[f"{dimension}_from"]
                after = event[f"{dimension}_to"]
                event[f"{dimension}_change"] = (
                    f"{labels[dimension].get(before, '—')} → "
                    f"{labels[dimension].get(after, '—')}"
                    if before or after
                    else False
                )
