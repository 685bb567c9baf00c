# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamCompetitorLine(models.Model):
    _name = "kam.competitor.line"
    _description = "Competitor Presence at a Client"
    _order = "partner_id, estimated_share desc, id"
    _inherit = ["kam.guard.mixin"]
    _check_company_auto = True
    _kam_recheck_rules = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    competitor = fields.Char(required=True, help="The competing supplier.")
    product = fields.Char(help="The competitor's product sold to the client.")
    estimated_share = fields.Float(
        string="Estimated Share (%)",
        help="The competitor's estimated share of the client's requirement, in %.",
    )
    satisfaction = fields.Selection(
        selection=[
            ("high", "Satisfied"),
            ("medium", "Neutral"),
            ("low", "Dissatisfied"),
        ],
        string="Client's Satisfaction",
    )
    sales_rep = fields.Char(string="Competitor's Sales Rep")
    relationship = fields.Selection(
        selection=[
            ("close", "Close Ties"),
            ("normal", "Normal"),
            ("distant", "Distant"),
        ],
        string="Rep's Relationship",
        help="How close the competitor's sales rep is to the client.",
    )
    notes = fields.Text()
    last_updated = fields.Date(
        default=fields.Date.context_today,
        help="When this information was last confirmed.",
    )

    @api.constrains("estimated_share")
    def _check_estimated_share(self):
        for line in self:
            if not 0 <= line.estimated_share <= 100:
                raise ValidationError(
                    self.env._("The estimated share is a percentage from 0 to 100.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        if "last_updated" not in vals and set(vals) - {"notes"}:
            vals = dict(vals, last_updated=fields.Date.context_today(self))
        return super().write(vals)
