# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import formatLang

from odoo.addons.kam_lifecycle.tools import kam_format


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kam_rebate_summary = fields.Html(
        string="Rebates",
        compute="_compute_kam_rebate_summary",
        sanitize=False,
        help="Per active rebate program covering this customer: the tier reached, what "
        "this order adds (its part not yet invoiced) and the gap to the next tier.",
    )

    def _kam_rebate_order_adds(self, program):
        """``(quantity, amount)`` the order adds to ``program`` (not yet invoiced)."""
        self.ensure_one()
        products = (
            self.env["product.product"]
            .with_context(active_test=False)
            .search(
                [("id", "in", self.order_line.product_id.ids)]
                + program._kam_product_domain()
            )
        )
        quantity = amount = 0.0
        for line in self.order_line:
            if line.display_type or line.product_id not in products:
                continue
            if not line.product_uom_qty:
                continue
            remaining = line.product_uom_qty - line.qty_invoiced
            if remaining <= 0:
                continue
            category = program.uom_id.category_id
            if program.basis == "quantity" and line.product_uom.category_id != category:
                # not counted at all, like an invoice line in another unit category
                continue
            share = remaining / line.product_uom_qty
            amount += line.price_subtotal * share / (self.currency_rate or 1.0)
            if program.basis == "quantity":
                quantity += line.product_uom._compute_quantity(
                    remaining, program.uom_id, round=False
                )
            else:
                quantity += remaining
        return quantity, amount

    def _kam_rebate_rows(self):
        """One row per active program covering the order's customer (one query each)."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if not partner:
            return []
        day = fields.Date.context_today(self)
        programs = (
            self.env["kam.rebate.program"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("company_id", "=", self.company_id.id),
                    ("date_start", "<=", day),
                    ("date_end", ">=", day),
                ]
            )
        )
        rows = []
        for program in programs:
            volumes = program._kam_volumes(day, [partner.id])
            if partner.id not in volumes:
                if program._kam_partner_domain() is not False:
                    continue
                # a program of every customer covers one without invoices yet
                volumes[partner.id] = (0.0, 0.0)
            quantity, amount = volumes[partner.id]
            add_qty, add_amount = self._kam_rebate_order_adds(program)
            tiers = program._kam_tier_table()
            now = program._kam_evaluate(quantity, amount, tiers)
            after = program._kam_evaluate(
                quantity + add_qty, amount + add_amount, tiers
            )
            rows.append((program, now, after))
        return rows

    @api.depends(
        "partner_id", "company_id", "order_line.price_subtotal", "order_line.product_id"
    )
    def _compute_kam_rebate_summary(self):
        for order in self:
            rows = order._kam_rebate_rows() if order.partner_id else []
            order.kam_rebate_summary = order._kam_rebate_render(rows) if rows else False

    def _kam_rebate_render(self, rows):
        """The rebates table of the order (QWeb template
        ``kam_segmentation.sale_order_rebate_summary``)."""
        self.ensure_one()
        env = self.env
        lines = []
        for program, now, after in rows:
            unit = program._kam_basis_unit()
            currency = program.currency_id

            def label(figures, unit=unit):
                tier = figures["tier"]
                return tier._kam_rate_label(unit) if tier else "-"

            def qty(value, unit=unit):
                return f"{formatLang(env, value)} {unit}"

            missing = (
                qty(after["volume_missing"])
                if after["next_threshold"]
                else self.env._("top tier reached")
            )
            lines.append(
                [
                    program.name,
                    qty(now["volume"]),
                    label(now),
                    qty(after["volume"] - now["volume"]),
                    qty(after["volume"]),
                    label(after),
                    missing,
                    f"{kam_format.kam_amount(env, now['earned'], currency)} / "
                    f"{kam_format.kam_amount(env, after['earned'], currency)}",
                ]
            )
        return self.env["ir.qweb"]._render(
            "kam_segmentation.sale_order_rebate_summary", {"rows": lines}
        )
