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
