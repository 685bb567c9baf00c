# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintCreditNote(KamComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.env["account.tax"].create(
            {"name": "VAT 10 % (test)", "amount": 10.0, "type_tax_use": "sale"}
        )
        cls.tax_export = cls.env["account.tax"].create(
            {"name": "Export 0 % (test)", "amount": 0.0, "type_tax_use": "sale"}
        )

    def _invoiced_order(self):
        order = self._confirmed_order(self.customer, date(2026, 1, 5))
        order.order_line.tax_id = self.tax
        invoice = order._create_invoices()
        invoice.action_post()
        return order, invoice

    def test_credit_note_on_resolve(self):
        """Resolving an approved credit-note proposal creates a draft customer
        credit note for its cost, linked to the complaint and the order's invoice,
        with the taxes of the sale line and the affected quantity."""
        order, invoice = self._invoiced_order()
        complaint = self._waiting(
            resolution_type="credit_note",
            cost=1200.0,
            sale_order_id=order.id,
            sale_line_id=order.order_line.id,
            product_id=self.product.id,
            quantity_affected=2.0,
        )
        self.assertEqual(complaint.state, "approved")
        complaint.with_user(self.service).action_resolve()
        move = complaint.credit_note_id
        self.assertTrue(move)
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.partner_id, self.customer)
        self.assertEqual(move.company_id, self.company)
        self.assertEqual(move.currency_id, self.company.currency_id)
        self.assertEqual(move.amount_untaxed, 1200.0)
        self.assertEqual(move.amount_total, 1320.0)
        line = move.invoice_line_ids
        self.assertEqual(line.tax_ids, self.tax)
        self.assertEqual(line.quantity, 2.0)
        self.assertEqual(line.price_unit, 600.0)
        self.assertEqual(line.product_uom_id, self.uom_ton)
        self.assertEqual(move.kam_complaint_id, complaint)
        self.assertEqual(move.reversed_entry_id, invoice)
        self.assertEqual(move.invoice_origin, complaint.name)
        self.assertEqual(line.product_id, self.product)
        self.assertIn(complaint.name, line.name)

    def test_credit_note_quantity_that_does_not_split(self):
        """A cost that the affected quantity does not divide exactly is credited
        as one unit at the cost, so the credit note totals the approved cost."""
        complaint = self._waiting(
            resolution_type="credit_note", cost=1000.0, quantity_affected=3.0
        )
        complaint.with_user(self.service).action_resolve()
        line = complaint.credit_note_id.invoice_line_ids
        self.assertEqual((line.quantity, line.price_unit), (1.0, 1000.0))
        self.assertFalse(line.tax_ids)
        self.assertEqual(complaint.credit_note_id.amount_total, 1000.0)

    def test_credit_note_taxes_from_product_and_fiscal_position(self):
        """Without an order line the product's sales taxes apply, mapped by the
        customer's fiscal position."""
        self.product.taxes_id = self.tax
        complaint = self._waiting(
            resolution_type="credit_note", cost=500.0, product_id=self.product.id
        )
        complaint.with_user(self.service).action_resolve()
        self.assertEqual(complaint.credit_note_id.invoice_line_ids.tax_ids, self.tax)
        self.assertEqual(complaint.credit_note_id.amount_total, 550.0)
        position = self.env["account.fiscal.position"].create(
            {
                "name": "Export (test)",
                "tax_ids": [
                    Command.create(
                        {
                            "tax_src_id": self.tax.id,
                            "tax_dest_id": self.tax_export.id,
                        }
                    )
                ],
            }
        )
        self.customer.property_account_position_id = position
        complaint = self._waiting(
            resolution_type="credit_note", cost=500.0, product_id=self.product.id
        )
        complaint.with_user(self.service).action_resolve()
        line = complaint.credit_note_id.invoice_line_ids
        self.assertEqual(line.tax_ids, self.tax_export)
        self.assertEqual(complaint.credit_note_id.amount_total, 500.0)

    def test_credit_note_without_order(self):
        """Without a sale order the credit note goes to the customer alone."""
        complaint = self._waiting(
            resolution_type="credit_note", cost=300.0, partner_id=self.contact.id
        )
        complaint.with_user(self.service).action_resolve()
        move = complaint.credit_note_id
        self.assertEqual(move.partner_id, self.customer)
        self.assertFalse(move.reversed_entry_id)
        self.assertEqual(move.amount_total, 300.0)

    def test_no_credit_note_for_other_resolutions(self):
        """A replacement creates no credit note."""
        complaint = self._waiting(resolution_type="replacement", cost=300.0)
        complaint.with_user(self.service).action_resolve()
        self.assertFalse(complaint.credit_note_id)
        self.assertFalse(
            self.env["account.move"].search([("kam_complaint_id", "=", complaint.id)])
        )

    def test_credit_note_in_second_company(self):
        """A complaint of a second company gets its credit note in that company."""
        company = self.env["res.company"].create({"name": "Niacin Trading Co"})
        self.env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        env = self.env(context=dict(self.env.context, allowed_company_ids=[company.id]))
        complaint = env["kam.complaint"].create(
            {
                "partner_id": self.customer.id,
                "company_id": company.id,
                "root_cause": "Seal",
                "resolution_type": "credit_note",
                "resolution_cost": 700.0,
            }
        )
        for method in (
            "action_submit",
            "action_investigate",
            "action_propose",
            "action_request_approval",
            "action_resolve",
        ):
            getattr(complaint, method)()
        move = complaint.credit_note_id
        self.assertEqual(move.company_id, company)
        self.assertEqual(move.journal_id.company_id, company)
        self.assertEqual(move.currency_id, company.currency_id)
        self.assertEqual(move.amount_total, 700.0)
