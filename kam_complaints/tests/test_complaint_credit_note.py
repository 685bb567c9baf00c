# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintCreditNote(KamComplaintCommon):
    def _invoiced_order(self):
        order = self._confirmed_order(self.customer, date(2026, 1, 5))
        invoice = order._create_invoices()
        invoice.action_post()
        return order, invoice

    def test_credit_note_on_resolve(self):
        """Resolving an approved credit-note proposal creates a draft customer
        credit note for its cost, linked to the complaint and the order's invoice."""
        order, invoice = self._invoiced_order()
        complaint = self._waiting(
            resolution_type="credit_note",
            cost=1200.0,
            sale_order_id=order.id,
            sale_line_id=order.order_line.id,
            product_id=self.product.id,
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
        self.assertEqual(move.amount_total, 1200.0)
        self.assertEqual(move.kam_complaint_id, complaint)
        self.assertEqual(move.reversed_entry_id, invoice)
        self.assertEqual(move.invoice_origin, complaint.name)
        self.assertEqual(move.invoice_line_ids.product_id, self.product)
        self.assertIn(complaint.name, move.invoice_line_ids.name)

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
