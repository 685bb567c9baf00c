# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

CATEGORIES = [
    ("quality", "Quality"),
    ("delivery_delay", "Delivery Delay"),
    ("quantity", "Quantity"),
    ("packaging", "Packaging"),
    ("documents", "Documents"),
    ("service", "Service"),
    ("billing", "Billing"),
    ("other", "Other"),
]
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
RESOLUTION_TYPES = [
    ("credit_note", "Credit Note"),
    ("replacement", "Replacement"),
    ("return_refund", "Return and Refund"),
    ("discount", "Discount on Next Order"),
    ("technical_assistance", "Technical Assistance"),
    ("no_action", "No Action"),
]
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("investigation", "Investigation"),
    ("proposal", "Proposal"),
    ("waiting_approval", "Waiting Approval"),
    ("approved", "Approved"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class KamComplaint(models.Model):
    _name = "kam.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/"
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        check_company=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now
    )
    category = fields.Selection(selection=CATEGORIES, required=True, default="quality")
    severity = fields.Selection(selection=SEVERITIES, required=True, default="medium")
    resolution_type = fields.Selection(selection=RESOLUTION_TYPES, tracking=True)
    resolution_cost = fields.Monetary(currency_field="currency_id", tracking=True)
    state = fields.Selection(
        selection=STATES, default="draft", required=True, readonly=True, tracking=True
    )
