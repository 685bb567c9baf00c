# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each segmentation rule on its own, on figures given by hand: no orders needed."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.kam_lifecycle.tests.common import sql_on_values

# a client that no rule singles out
PLAIN = {
    "revenue_12m": 100000.0,
    "margin_12m": 10000.0,
    "orders_12m": 4,
    "complaint_count": 0,
    "complaint_cost": 0.0,
    "net_12m": 10000.0,
    "potential": 0.0,
    "portfolio_rate": 0.1,
    "cum_margin": 900000.0,
    "total_margin": 1000000.0,
    "share_of_wallet": 0.2,
    "requirement_value": 100000.0,
    "has_requirement": True,
}


@tagged("post_install", "-at_install")
class TestSegmentRuleSql(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "kam_seg_profit_margin_rate": 0.20,
                "kam_seg_cash_flow_min_orders": 6,
                "kam_seg_cash_flow_min_revenue": 500000.0,
                "kam_seg_potential_min_value": 1000000.0,
                "kam_seg_malign_min_complaints": 3,
                "kam_seg_malign_complaint_factor": 3.0,
                "kam_seg_pareto_share": 0.80,
                "kam_seg_mgc_min_potential": 2000000.0,
                "kam_seg_size_medium": 200000.0,
                "kam_seg_size_big": 1000000.0,
                "kam_seg_size_vip": 5000000.0,
                "kam_seg_sow_high": 0.50,
                "kam_seg_requirement_big": 2500000.0,
            }
        )
        cls.partners = cls.env["res.partner"]

    def _apply(self, rule, **changes):
        """The value of the SQL ``rule`` for the PLAIN client with ``changes``."""
        return sql_on_values(self.env, rule, {**PLAIN, **changes})

    def _cases(self, rule, cases):
        for expected, changes in cases:
            with self.subTest(expected=expected, **changes):
                self.assertEqual(self._apply(rule, **changes), expected)

    def test_class_rules_in_their_order(self):
        rule = self.partners._kam_class_rule_sql(self.company)
        self._cases(
            rule,
            [
                (None, {}),
                ("malign_loss", {"net_12m": -1.0}),
                # complaint costs alone make a loss, even without revenue
                (
                    "malign_loss",
                    {"revenue_12m": 0.0, "complaint_cost": 5.0, "net_12m": -5.0},
                ),
                # 3 complaints for 4 orders: 0.75 ≥ 3 × 0.1
                ("malign_complaints", {"complaint_count": 3}),
                (None, {"complaint_count": 3, "portfolio_rate": 0.3}),
                (None, {"complaint_count": 2}),
                ("profit_margin", {"margin_12m": 20000.0}),
                ("malign_loss", {"margin_12m": 20000.0, "net_12m": -1.0}),
                ("cash_flow_regular", {"orders_12m": 6, "revenue_12m": 500000.0}),
                (None, {"orders_12m": 5, "revenue_12m": 500000.0}),
                (
                    "profit_margin",
                    {"orders_12m": 6, "revenue_12m": 500000.0, "margin_12m": 1e5},
                ),
                ("potential_requirement", {"potential": 1000000.0}),
                (None, {"potential": 999999.0}),
            ],
        )

    def test_class_of_each_rule(self):
        of_rule = self.partners._kam_class_of_rule_sql(SQL("rule"))
        for rule, expected in [
            ("malign_loss", "malign"),
            ("malign_complaints", "malign"),
            ("profit_margin", "profit"),
            ("cash_flow_regular", "cash_flow"),
            ("potential_requirement", "potential"),
            (None, None),
        ]:
            with self.subTest(rule=rule):
                self.env.cr.execute(
                    SQL("SELECT %s FROM (SELECT %s::varchar AS rule) r", of_rule, rule)
                )
                self.assertEqual(self.env.cr.fetchone()[0], expected)

    def test_value_tiers(self):
        self._cases(
            self.partners._kam_value_tier_sql(self.company),
            [
                ("standard", {}),
                # the clients before this one made less than 80 % of the margin
                ("mvc", {"cum_margin": 809999.0}),
                ("standard", {"cum_margin": 810000.0}),
                ("bzc", {"cum_margin": 10000.0, "net_12m": -1.0}),
                ("mgc", {"potential": 2000000.0}),
                (None, {"revenue_12m": 0.0, "margin_12m": 0.0}),
                ("standard", {"revenue_12m": 0.0, "margin_12m": 0.0, "potential": 1.0}),
            ],
        )

    def test_sizes(self):
        self._cases(
            self.partners._kam_size_sql(self.company),
            [
                (None, {"revenue_12m": 0.0}),
                ("small", {"revenue_12m": 199999.99}),
                ("medium", {"revenue_12m": 200000.0}),
                ("big", {"revenue_12m": 1000000.0}),
                ("vip", {"revenue_12m": 5000000.0}),
            ],
        )

    def test_quadrants(self):
        self._cases(
            self.partners._kam_quadrant_sql(self.company),
            [
                (None, {"has_requirement": False}),
                ("harvest", {}),
                ("hold", {"share_of_wallet": 0.5}),
                ("develop", {"requirement_value": 2500000.0}),
                ("key", {"share_of_wallet": 0.5, "requirement_value": 2500000.0}),
            ],
        )
