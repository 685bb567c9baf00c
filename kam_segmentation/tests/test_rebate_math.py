# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import TransactionCase, tagged

from odoo.addons.kam_segmentation.models.kam_rebate_program import rebate_breakdown

# seed 002's table: 0 / 500 t / 1,000 t / 2,000 t at 0 / 1 / 2 / 3 %
SEED_TIERS = [(0, 0, "percent"), (500, 1, "percent"), (1000, 2, "percent"),
              (2000, 3, "percent")]  # fmt: skip
UNIT_TIERS = [(0, 0, "per_unit"), (500, 10, "per_unit"), (1000, 20, "per_unit")]


def reference_retroactive(tiers, volume, amount):
    """Plain reference: the rate of the last tier whose threshold is reached.

    Rates are read as written (``repr``), like a person reads a tier table.
    """
    rate, rate_type = None, None
    for threshold, tier_rate, tier_type in tiers:
        if volume >= threshold:
            rate, rate_type = tier_rate, tier_type
    if rate is None:
        return Fraction(0)
    if rate_type == "percent":
        return max(Fraction(amount) * Fraction(repr(rate)) / 100, Fraction(0))
    return max(Fraction(volume) * Fraction(repr(rate)), Fraction(0))


def reference_progressive(tiers, volume):
    """Plain reference: each whole unit of volume earns the rate of its tier."""
    total = Fraction(0)
    for unit in range(int(volume)):
        rate, rate_type = 0, "percent"
        for threshold, tier_rate, tier_type in tiers:
            if unit >= threshold:
                rate, rate_type = tier_rate, tier_type
        total += Fraction(repr(rate)) / (100 if rate_type == "percent" else 1)
    return total


@st.composite
def tier_tables(draw, rate_type):
    """Random valid tier tables: thresholds strictly increasing from 0, rates >= 0."""
    steps = draw(st.lists(st.integers(1, 800), min_size=0, max_size=5))
    thresholds = [0]
    for step in steps:
        thresholds.append(thresholds[-1] + step)
    rates = draw(
        st.lists(
            st.decimals(min_value=0, max_value=40, places=2),
            min_size=len(thresholds),
            max_size=len(thresholds),
        )
    )
    return [(t, float(r), rate_type) for t, r in zip(thresholds, rates, strict=True)]


@tagged("post_install", "-at_install")
class TestRebateMath(TransactionCase):
    def _entitlement(self, tiers, calculation, volume, amount=None):
        amount = volume if amount is None else amount
        return rebate_breakdown(tiers, calculation, volume, amount)[1]

    def test_retroactive_seed_table_at_below_above_thresholds(self):
        """Retroactive: the whole volume earns the rate of the tier reached."""
        cases = [
            # (tons, amount, tier index, rebate)
            (0, 0, 0, "0"),
            (499.999, 2499995, 0, "0"),
            (500, 2500000, 1, "25000"),
            (500.001, 2500005, 1, "25000.05"),
            (999.999, 4999995, 1, "49999.95"),
            (1000, 5000000, 2, "100000"),
            (1999, 9995000, 2, "199900"),
            (2000, 10000000, 3, "300000"),
            (5000, 25000000, 3, "750000"),
        ]
        for tons, amount, index, rebate in cases:
            with self.subTest(tons=tons):
                reached, entitlement, _slices = rebate_breakdown(
                    SEED_TIERS, "retroactive", tons, amount
                )
                self.assertEqual(reached, index)
                self.assertEqual(entitlement, Decimal(rebate))

    def test_progressive_slices_at_below_above_thresholds(self):
        """Progressive: each slice earns its own tier's rate, like tax brackets."""
        tiers = [(0, 1, "percent"), (1000, 2, "percent"), (5000, 3, "percent")]
        cases = [
            (0, "0"),
            (999, "9.99"),
            (1000, "10"),
            (1001, "10.02"),
            (4999, "89.98"),
            (5000, "90"),
            (5001, "90.03"),
            (10000, "240"),
        ]
        for volume, rebate in cases:
            with self.subTest(volume=volume):
                self.assertEqual(
                    self._entitlement(tiers, "progressive", volume), Decimal(rebate)
                )

    def test_per_unit_rates(self):
        """A per-unit rate pays an amount per unit of volume, in both calculations."""
        self.assertEqual(self._entitlement(UNIT_TIERS, "retroactive", 499), 0)
        self.assertEqual(self._entitlement(UNIT_TIERS, "retroactive", 500), 5000)
        self.assertEqual(self._entitlement(UNIT_TIERS, "retroactive", 1200), 24000)
        # progressive: 500 t at 10 + 200 t at 20
        self.assertEqual(self._entitlement(UNIT_TIERS, "progressive", 1200), 9000)

    def test_negative_volume_earns_nothing(self):
        """More returns than invoices: no tier is reached and nothing is earned."""
        reached, entitlement, slices = rebate_breakdown(
            SEED_TIERS, "retroactive", -10, -50000
        )
        self.assertEqual((reached, entitlement, slices), (-1, 0, []))
        self.assertEqual(self._entitlement(SEED_TIERS, "progressive", -10), 0)

    def test_decimal_rates_are_exact(self):
        """0.1 % of 0.3 is 0.0003 exactly, not a float approximation."""
        tiers = [(0, 0.1, "percent")]
        self.assertEqual(
            self._entitlement(tiers, "retroactive", 0.3), Decimal("0.0003")
        )

    @settings(max_examples=150, deadline=None)
    @given(
        tiers=tier_tables("percent"),
        volume=st.integers(min_value=-100, max_value=4000),
    )
    def test_property_progressive_matches_reference(self, tiers, volume):
        """Progressive equals a unit-by-unit reference on random tables and volumes."""
        got = self._entitlement(tiers, "progressive", volume)
        self.assertEqual(Fraction(got), reference_progressive(tiers, volume))

    @settings(max_examples=150, deadline=None)
    @given(
        tiers=st.one_of(tier_tables("percent"), tier_tables("per_unit")),
        volume=st.decimals(min_value=-100, max_value=5000, places=3),
        price=st.decimals(min_value=0, max_value=20000, places=2),
    )
    def test_property_retroactive_matches_reference(self, tiers, volume, price):
        """Retroactive equals the plain reference over random tables and volumes."""
        amount = volume * price
        got = self._entitlement(tiers, "retroactive", float(volume), float(amount))
        self.assertEqual(Fraction(got), reference_retroactive(tiers, volume, amount))

    @settings(max_examples=100, deadline=None)
    @given(tiers=tier_tables("percent"), volume=st.integers(0, 4000))
    def test_property_progressive_is_continuous_and_monotonic(self, tiers, volume):
        """One more unit never lowers the progressive rebate nor jumps it by more
        than the top rate."""
        now = self._entitlement(tiers, "progressive", volume)
        more = self._entitlement(tiers, "progressive", volume + 1)
        top = Decimal(repr(max(t[1] for t in tiers))) / 100
        self.assertGreaterEqual(more, now)
        self.assertLessEqual(more - now, top)
