# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The benchmark's data generator, checked against the ORM on a small portfolio."""

import importlib.util
import os
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged

_PATH = os.path.join(os.path.dirname(__file__), "benchmark", "generate.py")
_SPEC = importlib.util.spec_from_file_location("kam_benchmark_generate", _PATH)
generate_module = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(generate_module)


@tagged("post_install", "-at_install", "kam")
class TestBenchmarkSmoke(TransactionCase):
    TODAY = date(2026, 6, 15)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Benchmark Niacin Co"})
        cls.env.user.company_ids |= cls.company
        cls.cenv = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        cls.made = generate_module.generate(
            cls.cenv, 200, 3000, company=cls.company, today=cls.TODAY
        )

    def _orm_figures(self, partner):
        """Revenue, margin and orders of 12 months, summed line by line in Python."""
        start = datetime.combine(self.TODAY, datetime.min.time())
        lines = self.env["sale.order.line"].search(
            [
                ("order_id.partner_id.commercial_partner_id", "=", partner.id),
                ("order_id.company_id", "=", self.company.id),
                ("order_id.state", "=", "sale"),
                (
                    "order_id.date_order",
                    ">=",
                    start - relativedelta(months=12) + timedelta(days=1),
                ),
                ("order_id.date_order", "<", start + timedelta(days=1)),
            ]
        )
        revenue = sum(
            line.price_subtotal / line.order_id.currency_rate for line in lines
        )
        margin = sum(line.margin / line.order_id.currency_rate for line in lines)
        tons = sum(
            line.product_uom._compute_quantity(
                line.product_uom_qty, partner.kam_requirement_uom_id
            )
            for line in lines
        )
        return revenue, margin, len(lines.order_id), tons

    def test_generator_and_recompute_agree_with_the_orm(self):
        """Generated data recomputed in SQL matches the ORM's own sums."""
        partners = self.env["res.partner"].search(
            [("ref", "=", "KAMBENCH"), ("parent_id", "=", False)]
        )
        self.assertEqual(len(partners), 200)
        lines = self.env["sale.order.line"].search_count(
            [("order_id.company_id", "=", self.company.id)]
        )
        self.assertEqual(lines, 3000)
        self.assertTrue(partners.child_ids, "some customers have a contact")
        changed = (
            self.cenv["res.partner"]
            .browse()
            ._kam_recompute_segmentation(today=self.TODAY)
        )
        self.assertGreaterEqual(changed, 1)
        checked = 0
        for partner in partners.with_company(self.company)[:200:10]:
            revenue, margin, orders, tons = self._orm_figures(partner)
            self.assertAlmostEqual(partner.kam_revenue_12m, revenue, delta=0.02)
            self.assertAlmostEqual(partner.kam_margin_12m, margin, delta=0.02)
            self.assertEqual(partner.kam_orders_12m, orders)
            self.assertAlmostEqual(partner.kam_qty_12m, tons, delta=0.002)
            checked += bool(orders)
        self.assertGreater(checked, 5)
        self.assertEqual(
            self.cenv["res.partner"]
            .browse()
            ._kam_recompute_segmentation(today=self.TODAY),
            0,
        )

    def test_scorecard_on_generated_data(self):
        """The KAM scorecard of the generated key accounts, given to 5 managers,
        counts each manager's orders of the running quarter as the ORM does; a
        second run writes nothing."""
        from odoo.addons.kam_segmentation.models.kam_scorecard import quarter_start

        managers = generate_module.assign_managers(self.cenv, 5, company=self.company)
        cards = self.cenv["kam.scorecard"]
        self.assertGreater(cards._kam_recompute_scorecards(today=self.TODAY), 0)
        self.assertEqual(cards._kam_recompute_scorecards(today=self.TODAY), 0)
        start = quarter_start(self.TODAY)
        for manager in managers:
            card = cards.search(
                [
                    ("manager_id", "=", manager.id),
                    ("company_id", "=", self.company.id),
                    ("period_type", "=", "quarter"),
                    ("date_start", "=", start),
                ]
            )
            orders = self.env["sale.order"].search_count(
                [
                    (
                        "partner_id.commercial_partner_id.kam_manager_id",
                        "=",
                        manager.id,
                    ),
                    ("partner_id.commercial_partner_id.kam_is_key_account", "=", True),
                    ("company_id", "=", self.company.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", datetime.combine(start, datetime.min.time())),
                    (
                        "date_order",
                        "<",
                        datetime.combine(self.TODAY, datetime.min.time())
                        + timedelta(days=1),
                    ),
                    ("order_line", "!=", False),
                ]
            )
            self.assertEqual(card.order_count, orders)
            self.assertEqual(
                card.account_count,
                self.env["res.partner"].search_count(
                    [
                        ("kam_manager_id", "=", manager.id),
                        ("kam_is_key_account", "=", True),
                        ("parent_id", "=", False),
                    ]
                ),
            )
