# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The draft customer credit note of an approved credit-note resolution."""

from odoo import fields, models
from odoo.tools import float_round


class KamComplaintCreditNoteMixin(models.AbstractModel):
    _name = "kam.complaint.credit.note.mixin"
    _description = "Complaint: credit note of the resolution"

    # ------------------------------------------------------------------ actions
    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ credit note
    def _kam_credit_note_origin(self):
        """The posted customer invoice of the complaint's sale order, if any."""
        self.ensure_one()
        invoices = self.sale_order_id.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return invoices.sorted(lambda m: (m.invoice_date, m.id))[-1:]

    def _kam_credit_note_values(self):
        self.ensure_one()
        invoice = self._kam_credit_note_origin()
        line = {
            "name": self.env._(
                "Complaint %(name)s: %(category)s",
                name=self.name,
                category=dict(
                    self._fields["category"]._description_selection(self.env)
                )[self.category],
            ),
            "tax_ids": [fields.Command.set(self._kam_credit_note_taxes().ids)],
        }
        line.update(self._kam_credit_note_quantity())
        if self.product_id:
            line["product_id"] = self.product_id.id
            line["product_uom_id"] = self.product_id.uom_id.id
            uom = self.product_uom_id
            if uom and uom.category_id == self.product_id.uom_id.category_id:
                line["product_uom_id"] = uom.id
        vals = {
            "move_type": "out_refund",
            "company_id": self.company_id.id,
            "partner_id": (invoice.partner_id or self.commercial_partner_id).id,
            "currency_id": self.company_id.currency_id.id,
            "invoice_origin": self.name,
            "ref": self.env._("Complaint %(name)s", name=self.name),
            "kam_complaint_id": self.id,
            "invoice_line_ids": [fields.Command.create(line)],
        }
        if invoice:
            vals["reversed_entry_id"] = invoice.id
        return vals

    def _kam_credit_note_taxes(self):
        """The taxes of the credit note: those of the origin sale line (already
        mapped by the order's fiscal position), else the product's sales taxes of
        the company mapped by the customer's fiscal position, else none."""
        self.ensure_one()
        line = self.sale_line_id.sudo()
        if line:
            return line.tax_id._filter_taxes_by_company(self.company_id)
        if not self.product_id:
            return self.env["account.tax"]
        company = self.company_id
        taxes = self.product_id.sudo().taxes_id._filter_taxes_by_company(company)
        position = (
            self.env["account.fiscal.position"]
            .sudo()
            .with_company(company)
            ._get_fiscal_position(self.commercial_partner_id)
        )
        return position.map_tax(taxes) if position else taxes

    def _kam_credit_note_quantity(self):
        """Quantity and unit price: the affected quantity at cost / quantity when
        a quantity is known and the price splits exactly (the credit note must
        total the approved cost); otherwise 1 at the cost."""
        self.ensure_one()
        cost = self.resolution_cost
        qty = self.quantity_affected
        if qty and qty > 0:
            digits = self.env["decimal.precision"].precision_get("Product Price")
            price = float_round(cost / qty, precision_digits=digits)
            currency = self.company_id.currency_id
            if currency.is_zero(currency.round(price * qty) - cost):
                return {"quantity": qty, "price_unit": price}
        return {"quantity": 1.0, "price_unit": cost}

    def _kam_create_credit_note(self):
        self.ensure_one()
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .with_context(default_move_type="out_refund")
            .create(self._kam_credit_note_values())
        )
        self._kam_post(
            self.env._("Draft credit note created for the approved resolution.")
        )
        return move
