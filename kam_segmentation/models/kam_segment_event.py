# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

DIMENSIONS = [
    ("client_class", "Client Class"),
    ("value_tier", "Value Tier"),
    ("size", "Size"),
    ("quadrant", "Quadrant"),
]


class KamSegmentEvent(models.Model):
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
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    dimension = fields.Selection(selection=DIMENSIONS, required=True)
    value_from = fields.Char(string="From (code)")
    value_to = fields.Char(string="To (code)")
    value_from_label = fields.Char(string="From", compute="_compute_labels")
    value_to_label = fields.Char(string="To", compute="_compute_labels")
    source = fields.Selection(
        selection=[("computed", "Computed"), ("manual", "Manual")],
        required=True,
        default="computed",
    )
    rule = fields.Char(
        help="The rule that produced the new value (e.g. malign_loss, pareto)."
    )
    reason = fields.Char(help="Why the value changed, in words.")
    metrics = fields.Json(help="The figures behind the change.")

    @api.depends("dimension", "value_from", "value_to")
    def _compute_labels(self):
        partner_fields = self.env["res.partner"]._fields
        field_of = {
            "client_class": "kam_client_class",
            "value_tier": "kam_value_tier",
            "size": "kam_size",
            "quadrant": "kam_quadrant",
        }
        for event in self:
            labels = (
                dict(
                    partner_fields[field_of[event.dimension]]._description_selection(
                        self.env
                    )
                )
                if event.dimension
                else {}
            )
            event.value_from_label = labels.get(
                event.value_from, event.value_from or ""
            )
            event.value_to_label = labels.get(event.value_to, event.value_to or "")
