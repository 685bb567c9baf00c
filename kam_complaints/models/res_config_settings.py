# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_complaint_ack_hours_low = fields.Float(
        related="company_id.kam_complaint_ack_hours_low", readonly=False
    )
    kam_complaint_ack_hours_medium = fields.Float(
        related="company_id.kam_complaint_ack_hours_medium", readonly=False
    )
    kam_complaint_ack_hours_high = fields.Float(
        related="company_id.kam_complaint_ack_hours_high", readonly=False
    )
    kam_complaint_ack_hours_critical = fields.Float(
        related="company_id.kam_complaint_ack_hours_critical", readonly=False
    )
    kam_complaint_resolve_days_low = fields.Integer(
        related="company_id.kam_complaint_resolve_days_low", readonly=False
    )
    kam_complaint_resolve_days_medium = fields.Integer(
        related="company_id.kam_complaint_resolve_days_medium", readonly=False
    )
    kam_complaint_resolve_days_high = fields.Integer(
        related="company_id.kam_complaint_resolve_days_high", readonly=False
    )
    kam_complaint_resolve_days_critical = fields.Integer(
        related="company_id.kam_complaint_resolve_days_critical", readonly=False
    )
    kam_complaint_escalation_hours = fields.Float(
        related="company_id.kam_complaint_escalation_hours", readonly=False
    )
