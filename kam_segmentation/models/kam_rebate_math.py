# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rebate arithmetic, pure Python: no model, no database.

:func:`rebate_breakdown` turns a tier table, a calculation and a customer's volume
into the tier reached and the rebate earned; the rebate program
(``kam.rebate.program._kam_evaluate``) and the tests call it.
"""

from decimal import Decimal

HUNDRED = Decimal(100)


def _dec(value):
    """The decimal of a float as written: 0.1 is 0.1, not 0.1000000000000000055."""
    return Decimal(repr(float(value or 0.0)))


def rebate_breakdown(tiers, calculation, volume, amount):
    """The rebate of ``volume`` (and its untaxed ``amount``) over ``tiers``, explained.

    ``tiers``: ``[(threshold, rate, rate_type)]`` sorted by threshold, the first at 0.
    ``calculation``: ``retroactive`` (the whole volume at the rate of the tier reached)
    or ``progressive`` (each slice of volume at its own tier's rate, like tax brackets).
    A ``percent`` rate applies to the amount (retroactive: the whole counted amount;
    progressive: the slice, so the basis is the amount), a ``per_unit`` rate to the
    volume. Returns ``(index of the tier reached or -1, entitlement, slices)`` where
    ``slices`` is ``[(index, slice volume, slice rebate)]``; the entitlement is an
    unrounded ``Decimal`` and never negative.
    """
    volume, amount = _dec(volume), _dec(amount)
    reached = -1
    for index, tier in enumerate(tiers):
        if volume >= _dec(tier[0]):
            reached = index
    if reached < 0:
        return reached, Decimal(0), []
    slices = []
    if calculation == "retroactive":
        _threshold, rate, rate_type = tiers[reached]
        base = amount if rate_type == "percent" else volume
        rebate = base * _dec(rate) / (HUNDRED if rate_type == "percent" else 1)
        slices.append((reached, volume, rebate))
    else:
        for index, (threshold, rate, rate_type) in enumerate(tiers[: reached + 1]):
            low = _dec(threshold)
            high = _dec(tiers[index + 1][0]) if index + 1 < len(tiers) else None
            top = volume if high is None else min(volume, high)
            part = max(top - low, Decimal(0))
            rebate = part * _dec(rate) / (HUNDRED if rate_type == "percent" else 1)
            slices.append((index, part, rebate))
    entitlement = sum((s[2] for s in slices), Decimal(0))
    return reached, max(entitlement, Decimal(0)), slices
