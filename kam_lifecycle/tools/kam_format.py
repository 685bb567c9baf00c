# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Figures as a user reads them: amounts with their currency, quantities in their
unit's precision, ratios as percentages, all with the separators of the user's
language (``env.lang``). One place for every explanation and screen of the addons."""

import math

from babel.numbers import format_percent

from odoo.tools.float_utils import float_round
from odoo.tools.misc import (
    babel_locale_parse,
    format_amount,
    format_date,
    formatLang,
    get_lang,
)


def uom_digits(uom):
    """The decimals a unit of measure shows: 0.001 → 3, 0.01 → 2, 1 → 0."""
    rounding = uom.rounding if uom else 0.01
    if not rounding or rounding >= 1:
        return 0
    return max(0, round(-math.log10(rounding)))


def kam_amount(env, value, currency=None):
    """``value`` in ``currency`` (default: the company's), e.g. ``$ 22,916,000.00``:
    what :func:`odoo.tools.misc.format_amount` writes, from the currencies' symbol,
    position and decimals that the web client formats its amounts with (cached
    for the registry, ``ir.http.get_currencies``) rather than from a read of the
    currency."""
    currency = currency or env.company.currency_id
    data = env["ir.http"].sudo().get_currencies().get(currency.id)
    if data is None:  # an archived currency
        return format_amount(env, value or 0.0, currency)
    digits = data["digits"][1]
    lang = env["res.lang"].browse(get_lang(env).id)
    text = (
        lang.format(
            f"%.{digits}f",
            float_round(value or 0.0, precision_digits=digits),
            grouping=True,
        )
        .replace(" ", "\N{NO-BREAK SPACE}")
        .replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
    )
    symbol = data["symbol"] or ""
    if data["position"] == "before":
        return f"{symbol}\N{NO-BREAK SPACE}{text}"
    return f"{text}\N{NO-BREAK SPACE}{symbol}"


def kam_number(env, value, digits=0):
    """A plain number with the user's separators, e.g. ``1,150``."""
    return formatLang(env, value or 0.0, digits=digits)


def kam_quantity(env, value, uom=None, digits=None):
    """A quantity in the precision of its unit, with the unit: ``1,150.00 t``."""
    digits = uom_digits(uom) if digits is None else digits
    text = formatLang(env, value or 0.0, digits=digits)
    return f"{text} {uom.name}" if uom else text


def kam_percent(env, ratio, digits=1):
    """A ratio (0.35) as a percentage in the user's language: ``35.0%``."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    locale = babel_locale_parse(env.lang or "en_US")
    return format_percent(ratio or 0.0, format=pattern, locale=locale)


def kam_metric(env, key, value):
    """One figure behind a lifecycle rule as a user reads it: revenues as amounts
    of the company currency, counts and days as numbers, dates in the user's
    format."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        if key.startswith("revenue"):
            return kam_amount(env, value)
        return kam_number(env, value, 0 if float(value).is_integer() else 1)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return format_date(env, value)
        except ValueError:
            return value
    return str(value)
