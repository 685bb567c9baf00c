# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import KamSegmentCommon


@tagged("post_install", "-at_install")
class TestSegmentMetrics(KamSegmentCommon):
    def test_figures_of_both_windows(self):
        """Revenue, margin, quantity and orders of 12 months and the 12 before."""
        client = self._client("Premix One", requirement=1000.0)
        self._order(client, days_ago=10, qty=2.0, price=5000.0)
        self._order(client, days_ago=200, qty=1.0, price=6000.0)
        self._order(client, days_ago=500, qty=3.0, price=5000.0)
        self._order(client, days_ago=900, qty=1.0, price=5000.0)  # beyond 24 months
        self._recompute()
        seg = self._seg(client)
        self.assertAlmostEqual(seg.kam_revenue_12m, 16000.0)
        self.assertAlmostEqual(seg.kam_margin_12m, 16000.0 - 3 * 4000.0)
        self.assertAlmostEqual(seg.kam_qty_12m, 3.0)
        self.assertEqual(seg.kam_orders_12m, 2)
        self.assertAlmostEqual(seg.kam_revenue_prev_12m, 15000.0)
        self.assertAlmostEqual(seg.kam_margin_prev_12m, 3000.0)
        self.assertAlmostEqual(seg.kam_qty_prev_12m, 3.0)
        self.assertEqual(seg.kam_orders_prev_12m, 1)
        self.assertEqual(seg.kam_first_order_date, self.TODAY - relativedelta(days=900))
        self.assertEqual(seg.kam_last_order_date, self.TODAY - relativedelta(days=10))
        self.assertAlmostEqual(seg.kam_share_of_wallet, 0.003)

    def test_window_boundary(self):
        """An order one year and one day ago is in the previous 12 months."""
        client = self._client("Boundary Feed")
        today = self.TODAY
        self._confirmed_order(
            client,
            today - relativedelta(months=12) + relativedelta(days=1),
            company=self.seg_company,
        )
        self._confirmed_order(
            client, today - relativedelta(months=12), company=self.seg_company
        )
        self._confirmed_order(client, today, company=self.seg_company)
        self._confirmed_order(
            client, today + relativedelta(days=1), company=self.seg_company
        )
        self._recompute()
        seg = self._seg(client)
        self.assertEqual(seg.kam_orders_12m, 2)
        self.assertEqual(seg.kam_orders_prev_12m, 1)
        self.assertEqual(seg.kam_last_order_date, today)

    def test_contacts_and_addresses_roll_up(self):
        """Orders of a customer's contacts and delivery addresses count for it."""
        self._order(self.customer, qty=1.0)
        self._order(self.contact, qty=2.0)
        self._order(self.delivery, qty=3.0)
        self._recompute()
        seg = self._seg(self.customer)
        self.assertEqual(seg.kam_orders_12m, 3)
        self.assertAlmostEqual(seg.kam_qty_12m, 6.0)
        self.assertAlmostEqual(seg.kam_revenue_12m, 30000.0)
        self.assertFalse(self._seg(self.contact).kam_revenue_12m)
        self.assertFalse(self._seg(self.delivery).kam_client_class)

    def test_quantity_in_requirement_unit(self):
        """Lines in kilograms count in the requirement's tons; other units do not."""
        client = self._client("Kilo Buyer", requirement=10.0)
        unit_product = self.env["product.product"].create(
            {"name": "Sample service", "type": "service", "list_price": 100.0}
        )
        self._order(
            client,
            lines=[
                (self.product, 500.0, 5.0, self.uom_kg),
                (self.product, 1.0, 5000.0),
                (unit_product, 3.0, 100.0),
            ],
        )
        self._recompute()
        seg = self._seg(client)
        self.assertAlmostEqual(seg.kam_qty_12m, 1.5)
        self.assertAlmostEqual(seg.kam_share_of_wallet, 0.15)
        self.assertAlmostEqual(seg.kam_revenue_12m, 2500.0 + 5000.0 + 300.0)

    def test_other_currency(self):
        """An order in another currency counts at the order's rate."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "name": date(2026, 1, 1),
                "rate": 2.0,
                "currency_id": eur.id,
                "company_id": self.seg_company.id,
            }
        )
        client = self._client("Euro Premix")
        self._order(client, qty=1.0, price=8000.0, currency=eur)
        self._recompute()
        seg = self._seg(client)
        self.assertAlmostEqual(seg.kam_revenue_12m, 4000.0)
        # cost 4,000 in company currency = 8,000 EUR on the line: no margin
        self.assertAlmostEqual(seg.kam_margin_12m, 0.0)

    def test_requirement_valued_at_average_price(self):
        """Requirement and potential are valued at our average price per ton."""
        big = self._client("Big Buyer", requirement=100.0)
        small = self._client("Small Buyer", requirement=10.0)
        self._order(big, qty=30.0, price=5000.0)
        self._order(small, qty=10.0, price=7000.0)
        self._recompute()
        average = (30 * 5000.0 + 10 * 7000.0) / 40.0
        self.assertAlmostEqual(self._seg(big).kam_requirement_value, 100 * average)
        self.assertAlmostEqual(self._seg(big).kam_potential_value, 70 * average)
        self.assertAlmostEqual(self._seg(small).kam_potential_value, 0.0)
        self.assertAlmostEqual(self._seg(small).kam_share_of_wallet, 1.0)

    def test_complaint_count_and_cost(self):
        """Complaints count unless cancelled; their cost once approved or later."""
        client = self._client("Complaining Mill")
        self._order(client, qty=10.0, price=5000.0)
        received = "2026-06-01 10:00:00"
        states = ["draft", "approved", "resolved", "closed", "cancelled", "proposal"]
        for state in states:
            complaint = self.env["kam.complaint"].create(
                {
                    "partner_id": client.id,
                    "company_id": self.seg_company.id,
                    "date_received": received,
                    "resolution_cost": 100.0,
                }
            )
            complaint.write(
                {"state": state, "date_approved": received}
                if state in ("approved", "resolved", "closed")
                else {"state": state}
            )
        # a proposal rejected, then the complaint closed: no cost to the company
        rejected = self.env["kam.complaint"].create(
            {
                "partner_id": client.id,
                "company_id": self.seg_company.id,
                "date_received": received,
                "resolution_cost": 100.0,
            }
        )
        rejected.write({"state": "closed"})
        old = self.env["kam.complaint"].create(
            {
                "partner_id": client.id,
                "company_id": self.seg_company.id,
                "date_received": "2025-01-01 10:00:00",
                "resolution_cost": 999.0,
            }
        )
        old.write({"state": "closed"})
        self._recompute()
        seg = self._seg(client)
        # the figures behind the classes: 6 complaints, 300 of cost in the window
        event = self.env["kam.segment.event"].search(
            [("partner_id", "=", client.id), ("company_id", "=", self.seg_company.id)],
            limit=1,
        )
        self.assertEqual(event.metrics["complaints_12m"], 6)
        self.assertAlmostEqual(seg.kam_net_contribution_12m, 10000.0 - 300.0)

    def test_multi_company(self):
        """Orders of another company neither count nor overwrite this company's."""
        client = self._client("Two Company Client")
        self._order(client, qty=1.0)
        self._order(client, qty=5.0, company=self.env.company)
        self._recompute()
        self._recompute(company=self.env.company)
        self.assertAlmostEqual(self._seg(client).kam_revenue_12m, 5000.0)
        self.assertAlmostEqual(
            self._seg(client, self.env.company).kam_revenue_12m, 25000.0
        )
        self.assertEqual(self._seg(client).kam_size, "medium")
        self.assertEqual(self._seg(client, self.env.company).kam_orders_12m, 1)
        events = self.env["kam.segment.event"].search([("partner_id", "=", client.id)])
        self.assertEqual(
            set(events.company_id.ids), {self.seg_company.id, self.env.company.id}
        )


@tagged("post_install", "-at_install")
class TestOneRevenue(KamSegmentCommon):
    def test_phase_segments_and_plan_count_the_same_revenue(self):
        """Lifecycle, segmentation and account plan count an order's revenue alike:
        its untaxed lines, without the section and the down payment."""
        client = self._client("Same Revenue Mill")
        company = self.env.company  # it has a sales journal for the down payment
        order = self._order(client, days_ago=30, qty=2.0, price=5000.0, company=company)
        order.write(
            {
                "order_line": [
                    fields.Command.create({"display_type": "line_section", "name": "A"})
                ]
            }
        )
        self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids
        ).create(
            {"advance_payment_method": "fixed", "fixed_amount": 3000.0}
        ).create_invoices()
        self.assertTrue(order.order_line.filtered("is_downpayment"))
        self._recompute(client, company=company)
        self.assertEqual(self._seg(client, company).kam_revenue_12m, 10000.0)
        client.with_company(company)._kam_recompute_phases(today=self.TODAY)
        event = self.env["kam.lifecycle.event"].search(
            [("partner_id", "=", client.id), ("company_id", "=", company.id)]
        )
        self.assertEqual(event.metrics["revenue_12m"], 10000.0)
        plan = self.env["kam.account.plan"].create(
            {
                "partner_id": client.id,
                "company_id": company.id,
                "year": order.date_order.year,
                "uom_id": self.uom_ton.id,
            }
        )
        self.assertEqual(plan._sales_figures()[plan.id][0], 10000.0)
