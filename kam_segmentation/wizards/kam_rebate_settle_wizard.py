# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class KamRebateSettleWizard(models.TransientModel):
    _name = "kam.rebate.settle.wizard"
    _description = "Settle Rebates"

    program_id = fields.Many2one(
        comodel_name="kam.rebate.program",
        required=True,
        domain=[("state", "in", ("active", "closed"))],
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Customers",
        help="Empty: every customer the program covers.",
    )
    date = fields.Date(
        string="Up To",
        required=True,
        default=fields.Date.context_today,
        help="Invoices up to this date (at most the end of the period) are counted.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "kam.rebate.program":
            values.setdefault("program_id", self.env.context.get("active_id"))
        return values

    def action_settle(self):
        self.ensure_one()
        partners = self.partner_ids if self.partner_ids else None
        return self.program_id.action_settle(date=self.date, partners=partners)
