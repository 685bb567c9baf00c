# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamSegmentCommon


@tagged("post_install", "-at_install")
class TestSegmentRules(KamSegmentCommon):
    def _complaints(self, partner, count, state="draft", cost=0.0):
        for _i in range(count):
            complaint = self.env["kam.complaint"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.seg_company.id,
                    "date_received": "2026-06-01 10:00:00",
                    "resolution_cost": cost,
                }
            )
            complaint.write({"state": state})

    def test_profit_at_the_margin_rate(self):
        """A margin rate of exactly 20 % is profit; 19.98 % is not."""
        at = self._client("At Threshold")
        below = self._client("Below Threshold")
        self._order(at, qty=1.0, price=5000.0)
        self._order(below, qty=1.0, price=4999.0)
        self._recompute()
        self.assertEqual(self._seg(at).kam_client_class, "profit")
        self.assertEqual(self._seg(at).kam_client_class_rule, "profit_margin")
        self.assertFalse(self._seg(below).kam_client_class)
        self.assertFalse(self._seg(below).kam_client_class_rule)

    def test_cash_flow_needs_orders_and_revenue(self):
        """Six orders and 30,000 of thin margin is cash flow; five orders is not."""
        six = self._client("Six Orders")
        five = self._client("Five Orders")
        poor = self._client("Six Small Orders")
        for days in range(6):
            self._order(six, days_ago=10 + days, qty=1.0, price=5000.0 * 0.9 + 500)
            self._order(poor, days_ago=10 + days, qty=1.0, price=4500.0)
        for days in range(5):
            self._order(five, days_ago=10 + days, qty=1.2, price=5000.0)
        self.product.with_company(self.seg_company).standard_price = 4500.0
        self.env["sale.order.line"].search(
            [("order_id.company_id", "=", self.seg_company.id)]
        ).write({"purchase_price": 4500.0})
        self._recompute()
        self.assertEqual(self._seg(six).kam_orders_12m, 6)
        self.assertAlmostEqual(self._seg(six).kam_revenue_12m, 30000.0)
        self.assertEqual(self._seg(six).kam_client_class, "cash_flow")
        self.assertEqual(self._seg(five).kam_orders_12m, 5)
        self.assertFalse(self._seg(five).kam_client_class)
        self.assertAlmostEqual(self._seg(poor).kam_revenue_12m, 27000.0)
        self.assertFalse(self._seg(poor).kam_client_class)

    def test_potential_at_its_threshold(self):
        """A potential of exactly the threshold is potential; one cent less is not."""
        client = self._client("Growing Mill", requirement=1000.0)
        self._order(client, qty=1.0, price=4999.0)
        self._recompute()
        seg = self._seg(client)
        potential = seg.kam_potential_value
        self.assertAlmostEqual(potential, 999 * 4999.0)
        self.seg_company.kam_seg_potential_min_value = potential
        self._recompute()
        self.assertEqual(self._seg(client).kam_client_class, "potential")
        self.seg_company.kam_seg_potential_min_value = potential + 0.01
        self._recompute()
        self.assertFalse(self._seg(client).kam_client_class)

    def test_malign_when_complaints_eat_the_margin(self):
        """Margin 1,000 and complaint cost 1,000.01 is malign and BZC; 1,000 is not."""
        loss = self._client("Loss Maker")
        even = self._client("Break Even")
        self._order(loss, qty=1.0, price=5000.0)
        self._order(even, qty=1.0, price=5000.0)
        self._complaints(loss, 1, state="approved", cost=1000.01)
        self._complaints(even, 1, state="resolved", cost=1000.0)
        self._recompute()
        self.assertEqual(self._seg(loss).kam_client_class, "malign")
        self.assertEqual(self._seg(loss).kam_client_class_rule, "malign_loss")
        self.assertEqual(self._seg(loss).kam_value_tier, "bzc")
        self.assertNotEqual(self._seg(even).kam_client_class, "malign")
        self.assertNotEqual(self._seg(even).kam_value_tier, "bzc")

    def test_malign_by_complaint_rate(self):
        """Three complaints at three times the portfolio rate is malign; two are not."""
        noisy = self._client("Noisy Client")
        quiet = self._client("Quiet Client")
        two = self._client("Two Complaints")
        self._order(noisy, qty=1.0, price=5000.0)
        self._order(two, qty=1.0, price=5000.0)
        for days in range(10):
            self._order(quiet, days_ago=10 + days, qty=1.0, price=5000.0)
        self._complaints(noisy, 3)
        self._complaints(two, 2)
        self._recompute()
        # portfolio rate 5 complaints / 12 orders; noisy: 3 per order
        self.assertEqual(self._seg(noisy).kam_client_class_rule, "malign_complaints")
        self.assertEqual(self._seg(noisy).kam_client_class, "malign")
        self.assertEqual(self._seg(two).kam_client_class, "profit")
        self.seg_company.kam_seg_malign_min_complaints = 2
        self._recompute()
        self.assertEqual(self._seg(two).kam_client_class, "malign")

    def test_malign_has_priority_over_profit(self):
        """A profitable client with far too many complaints is malign."""
        client = self._client("Profitable But Noisy")
        other = self._client("Calm Client")
        self._order(client, qty=1.0, price=9000.0)
        for days in range(20):
            self._order(other, days_ago=10 + days)
        self._complaints(client, 3)
        self._recompute()
        self.assertEqual(self._seg(client).kam_client_class, "malign")

    def test_pareto_tiers(self):
        """MVC while the margin before the client is under 80 % of the total."""
        a, b, c = (self._client(n) for n in ("Tier A", "Tier B", "Tier C"))
        self._order(a, qty=1.0, price=4600.0)  # margin 600
        self._order(b, qty=1.0, price=4300.0)  # margin 300
        self._order(c, qty=1.0, price=4100.0)  # margin 100
        self._recompute()
        tiers = [self._seg(p).kam_value_tier for p in (a, b, c)]
        self.assertEqual(tiers, ["mvc", "mvc", "standard"])
        self.assertAlmostEqual(self._seg(b).kam_margin_cum_share, 0.9)
        self.seg_company.kam_seg_pareto_share = 0.6
        self._recompute()
        tiers = [self._seg(p).kam_value_tier for p in (a, b, c)]
        self.assertEqual(tiers, ["mvc", "standard", "standard"])

    def test_mgc_by_potential(self):
        """A big unbought requirement makes an MGC unless the client is an MVC."""
        growth = self._client("Growth Client", requirement=500.0)
        self._client("Sleeping Client", requirement=0.0)
        self._order(growth, qty=1.0, price=3000.0)  # negative margin: no MVC
        other = self._client("Margin Client")
        self._order(other, qty=1.0, price=5000.0)
        self.seg_company.kam_seg_mgc_min_potential = 499 * 4000.0 * 0.5
        self._recompute()
        self.assertEqual(self._seg(growth).kam_value_tier, "bzc")
        self.assertEqual(self._seg(other).kam_value_tier, "mvc")
        growth_2 = self._client("Growth Client 2", requirement=500.0)
        self._order(growth_2, qty=1.0, price=4000.0)  # zero margin
        self._recompute()
        self.assertEqual(self._seg(growth_2).kam_value_tier, "mgc")

    def test_size_boundaries(self):
        """Sizes switch exactly at their revenue thresholds."""
        clients = {}
        for revenue in (4999.0, 5000.0, 19999.0, 20000.0, 99999.0, 100000.0):
            clients[revenue] = self._client(f"Size {revenue}")
            self._order(clients[revenue], qty=1.0, price=revenue)
        self._recompute()
        sizes = [self._seg(p).kam_size for p in clients.values()]
        self.assertEqual(sizes, ["small", "medium", "medium", "big", "big", "vip"])

    def test_quadrants(self):
        """High/low share against big/small requirement values give four quadrants."""
        # average price 5,000/t: 500 t = 2.5 M (big), 499 t is small
        key = self._client("Key", requirement=500.0)
        hold = self._client("Hold", requirement=499.0)
        develop = self._client("Develop", requirement=500.0)
        harvest = self._client("Harvest", requirement=499.0)
        self._order(key, qty=250.0)
        self._order(hold, qty=249.5)
        self._order(develop, qty=249.0)
        self._order(harvest, qty=249.0)
        no_requirement = self._client("Unknown Requirement")
        self._order(no_requirement, qty=1.0)
        self._recompute()
        self.assertAlmostEqual(self._seg(key).kam_share_of_wallet, 0.5)
        self.assertEqual(self._seg(key).kam_quadrant, "key")
        self.assertEqual(self._seg(hold).kam_quadrant, "hold")
        self.assertEqual(self._seg(develop).kam_quadrant, "develop")
        self.assertEqual(self._seg(harvest).kam_quadrant, "harvest")
        self.assertFalse(self._seg(no_requirement).kam_quadrant)
        self.assertIn("develop", self._seg(develop).kam_segment_strategy.lower())

    def test_reason_names_rule_and_figures(self):
        """The Segments page says which rule fired and with which figures."""
        client = self._client("Explained Client")
        self._order(client, qty=1.0, price=5000.0)
        self._recompute()
        reason = self._seg(client).kam_segment_reason
        self.assertIn("20.0%", reason)
        self.assertIn("5,000.00", reason)
        self.assertNotIn("5000.00", reason)

    def test_threshold_validation(self):
        """Sizes must increase and rates stay within 0-100 %."""
        with self.assertRaises(ValidationError):
            self.seg_company.kam_seg_size_big = 5000.0
        with self.assertRaises(ValidationError):
            self.seg_company.kam_seg_pareto_share = 1.5
        with self.assertRaises(ValidationError):
            self.seg_company.kam_seg_sow_high = 0.0
        with self.assertRaises(ValidationError):
            self.seg_company.kam_seg_cash_flow_min_orders = 0
        self.assertEqual(self.seg_company.kam_seg_size_big, 20000.0)
