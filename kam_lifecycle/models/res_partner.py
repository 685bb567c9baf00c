# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

PHASES = [
    ("exploration", "Exploration"),
    ("formation", "Formation"),
    ("stability", "Stability"),
    ("decline", "Decline"),
]

SENSITIVITIES = [
    ("price", "Price-sensitive"),
    ("service", "Service-sensitive"),
    ("technology", "Technology-sensitive"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        help="This company is managed as a key account.",
    )
    kam_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Key-Account Manager",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The salesperson who owns the relationship with this key account.",
    )
    kam_key_account_since = fields.Date(string="Key Account Since")
    kam_sensitivity = fields.Selection(
        selection=SENSITIVITIES,
        string="Sensitivity",
        tracking=True,
        help="What the buyer is most sensitive to: it decides the account strategy.",
    )
    kam_annual_requirement = fields.Float(
        string="Annual Requirement",
        digits="Product Unit of Measure",
        help="The client's annual requirement of our product lines, in the unit below: "
        "the basis of the share of wallet.",
    )
    kam_requirement_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Requirement Unit",
    )
    kam_phase = fields.Selection(
        selection=PHASES,
        string="Lifecycle Phase",
        company_dependent=True,
        help="The effective relationship phase in the current company: the manual "
        "override while it holds, otherwise the computed phase.",
    )
