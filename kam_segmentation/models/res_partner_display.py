# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the partner's Segments tab and the segment menus show (display only:
formatting, no figures computed here)."""

from markupsafe import Markup

from odoo.addons.kam_lifecycle.tools import kam_format

FIGURE_FIELDS = [
    "kam_revenue_12m",
    "kam_revenue_prev_12m",
    "kam_margin_12m",
    "kam_margin_prev_12m",
    "kam_qty_12m",
    "kam_qty_prev_12m",
    "kam_orders_12m",
    "kam_orders_prev_12m",
    "kam_requirement_uom_id",
]


def figures_rows(partner):
    """``[(label, last 12 months, previous 12, (change, css class))]``, formatted."""
    env = partner.env
    uom = partner.kam_requirement_uom_id
    figures = [
        (
            env._("Revenue"),
            partner.kam_revenue_12m,
            partner.kam_revenue_prev_12m,
            lambda value: kam_format.kam_amount(env, value),
        ),
        (
            env._("Margin"),
            partner.kam_margin_12m,
            partner.kam_margin_prev_12m,
            lambda value: kam_format.kam_amount(env, value),
        ),
        (
            env._("Quantity"),
            partner.kam_qty_12m,
            partner.kam_qty_prev_12m,
            lambda value: kam_format.kam_quantity(env, value, uom),
        ),
        (
            env._("Orders"),
            partner.kam_orders_12m,
            partner.kam_orders_prev_12m,
            lambda value: kam_format.kam_number(env, value),
        ),
    ]
    return [
        (label, fmt(now), fmt(before), change(env, now, before))
        for label, now, before, fmt in figures
    ]


def change(env, now, before):
    """``(text, css class)`` of the change from ``before`` to ``now``."""
    if not before:
        if not now:
            return "–", "text-muted"
        return env._("new"), "text-success"
    ratio = (now - before) / abs(before)
    text = kam_format.kam_percent(env, ratio)
    if ratio > 0:
        return "+" + text, "text-success"
    return text, "text-danger" if ratio < 0 else "text-muted"


def figures_table(partner):
    """The Segments tab's table: 12 months | previous 12 | change, one row per
    figure."""
    env = partner.env
    heads = [env._("Last 12 months"), env._("Previous 12"), env._("Change")]
    head = Markup("<th/>") + Markup("").join(
        Markup('<th class="text-end">%s</th>') % h for h in heads
    )
    rows = Markup("")
    for label, now, before, (text, css) in figures_rows(partner):
        rows += Markup(
            '<tr><td class="fw-bold">%s</td><td class="text-end">%s</td>'
            '<td class="text-end text-muted">%s</td>'
            '<td class="text-end %s">%s</td></tr>'
        ) % (label, now, before, css, text)
    return (
        Markup('<table class="table table-sm mb-0 o_kam_figures"><thead><tr>%s') % head
        + Markup("</tr></thead><tbody>%s</tbody></table>") % rows
    )


def recompute_notification(env):
    """What the Recompute Segments menu says when done, then the portfolio."""
    action = env["ir.actions.act_window"]._for_xml_id(
        "kam_segmentation.res_partner_action_kam_portfolio"
    )
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "message": env._(
                "Segments recomputed: the figures and classes of every client are "
                "up to date."
            ),
            "type": "success",
            "sticky": False,
            "next": action,
        },
    }
