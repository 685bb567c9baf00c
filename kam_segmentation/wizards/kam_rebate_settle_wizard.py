# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import format_amount, formatLang


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

    preview = fields.Html(
        compute="_compute_preview",
        sanitize=False,
        help="What settling would do, customer by customer; nothing is written yet.",
    )

    @api.depends("program_id", "partner_ids", "date")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview = wizard._kam_preview_html()

    def _kam_preview_html(self):
        """What a run would settle, as a table (QWeb template
        ``kam_segmentation.kam_rebate_settle_wizard_preview``)."""
        self.ensure_one()
        program = self.program_id
        if not program or not self.date or program.state == "draft":
            return False
        partner_ids = None
        if self.partner_ids:
            partner_ids = self.partner_ids._origin.commercial_partner_id.ids
        values = program.sudo()._kam_settlement_values(self.date, partner_ids)
        env, currency = self.env, program.currency_id
        partners = self.env["res.partner"].browse([v["partner_id"] for v in values])
        names = dict(zip(partners.ids, partners.mapped("display_name"), strict=True))
        rows = [
            {
                "negative": vals["amount"] < 0,
                "cells": [
                    names[vals["partner_id"]],
                    f"{formatLang(env, vals['volume'])} {program._kam_basis_unit()}",
                    format_amount(env, vals["entitlement"], currency),
                    format_amount(env, vals["previously_settled"], currency),
                    format_amount(env, vals["amount"], currency),
                ],
            }
            for vals in values
        ]
        return self.env["ir.qweb"]._render(
            "kam_segmentation.kam_rebate_settle_wizard_preview", {"rows": rows}
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
