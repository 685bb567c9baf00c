# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Per company, product and month of the next twelve: what the key accounts were
promised (their plans' supply agreements) against Odoo's forecast of the stock.

Rows are stored (list, pivot, the review workbook) and rewritten by
:meth:`_kam_recompute` only, from the daily cron or the list's button: one
``_read_group`` over the agreements, one ``_compute_quantities_dict`` per company
and month, and writes of the rows whose figures changed."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import float_compare, float_round

HORIZON_MONTHS = 12
FIGURES = (
    "agreed_qty",
    "on_hand_qty",
    "incoming_qty",
    "outgoing_qty",
    "forecast_qty",
    "shortfall_qty",
)
PLAN_STATES_AGREED = ("agreed", "active")
ACTIVITY_TYPE = "kam_lifecycle.mail_activity_type_kam_supply_shortfall"


def outlook_months(today, count=HORIZON_MONTHS):
    """The first days of the ``count`` months starting with ``today``'s."""
    start = today.replace(day=1)
    return [start + relativedelta(months=n) for n in range(count)]


def shortfall(agreed, forecast):
    """What the key accounts were promised beyond the forecast stock."""
    return max(0.0, agreed - forecast)


class KamSupplyOutlook(models.Model):
    _name = "kam.supply.outlook"
    _description = "Supply Outlook of Key Accounts"
    _inherit = ["mail.thread", "mail.activity.mixin", "kam.guard.mixin"]
    _order = "date_month, product_id, company_id"
    _check_company_auto = True

    # -- fields --------------------------------------------------------------------
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        index=True,
        readonly=True,
    )
    date_month = fields.Date(string="Month", required=True, index=True, readonly=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="kam_supply_outlook_partner_rel",
        column1="outlook_id",
        column2="partner_id",
        string="Key Accounts",
        readonly=True,
        help="The key accounts whose plans agreed a quantity of the product for "
        "the month.",
    )
    agreed_qty = fields.Float(
        string="Agreed",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="sum",
        help="Sum of the quantities agreed with key accounts (plans agreed or "
        "active) for the month, in the product's unit.",
    )
    on_hand_qty = fields.Float(
        string="On Hand",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="max",
        help="The company's stock today.",
    )
    incoming_qty = fields.Float(
        string="Incoming",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="max",
        help="Receipts and production expected until the month's end.",
    )
    outgoing_qty = fields.Float(
        string="Promised",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="max",
        help="Deliveries already promised (confirmed orders) until the month's end.",
    )
    forecast_qty = fields.Float(
        string="Forecast",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="min",
        help="On hand + incoming − promised at the month's end (Odoo's forecasted "
        "quantity).",
    )
    shortfall_qty = fields.Float(
        string="Shortfall",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="sum",
        help="Agreed beyond the forecast: max(0, agreed − forecast).",
    )
    is_short = fields.Boolean(
        string="Short", compute="_compute_is_short", store=True, index=True
    )

    _sql_constraints = [
        (
            "company_product_month_uniq",
            "unique(company_id, product_id, date_month)",
            "One outlook row per company, product and month.",
        ),
    ]

    @api.depends("shortfall_qty")
    def _compute_is_short(self):
        for row in self:
            row.is_short = row.shortfall_qty > 0

    @api.depends("product_id", "date_month")
    def _compute_display_name(self):
        for row in self:
            month = row.date_month and row.date_month.strftime("%Y-%m") or ""
            row.display_name = f"{row.product_id.display_name or ''} {month}".strip()

    def _kam_system_fields(self):
        return super()._kam_system_fields() | {
            "company_id",
            "product_id",
            "date_month",
            "partner_ids",
            *FIGURES,
        }

    def _kam_system_hint(self):
        return self.env._(
            "The outlook follows from the supply agreements and the stock: "
            "recompute it."
        )

    # -- actions -------------------------------------------------------------------
    def action_kam_recompute(self):
        """The list's button: recompute the outlook of the user's companies now."""
        user = self.env.user
        if not (
            user.has_group("kam_lifecycle.group_kam_user")
            or user.has_group("stock.group_stock_user")
        ):
            raise AccessError(
                self.env._(
                    "Only key-account and inventory users recompute the supply outlook."
                )
            )
        self.sudo()._kam_recompute(companies=self.env.companies)
        return {"type": "ir.actions.client", "tag": "reload"}

    # -- recompute -----------------------------------------------------------------
    @api.model
    def _cron_kam_supply_outlook(self):
        """Daily: recompute every company's outlook, then warn of shortfalls."""
        today = fields.Date.context_today(self)
        rows = self._kam_recompute(today=today)
        rows._kam_sync_shortfall_activities(today)
        return rows

    @api.model
    def _kam_recompute(self, companies=None, today=None):
        """Rewrite the outlook rows of ``companies`` (default: all) for the twelve
        months from ``today``'s; returns the rows now in place."""
        companies = (
            companies if companies is not None else self.env["res.company"].search([])
        )
        today = today or fields.Date.context_today(self)
        months = outlook_months(today)
        agreed = self._kam_agreed(companies, months[0], months[-1])
        figures = self._kam_stock_figures(agreed)
        existing = {
            (row.company_id.id, row.product_id.id, row.date_month): row
            for row in self.sudo().search([("company_id", "in", companies.ids)])
        }
        to_create = []
        kept = self.browse()
        for key, (qty, partner_ids) in agreed.items():
            stock = figures[key]
            vals = {
                "agreed_qty": qty,
                **stock,
                "shortfall_qty": shortfall(qty, stock["forecast_qty"]),
                "partner_ids": sorted(partner_ids),
            }
            row = existing.pop(key, None)
            if row is None:
                company_id, product_id, month = key
                vals.update(
                    company_id=company_id, product_id=product_id, date_month=month
                )
                vals["partner_ids"] = [fields.Command.set(vals["partner_ids"])]
                to_create.append(vals)
                continue
            changed = row._kam_changed_values(vals)
            if changed:
                row.sudo().write(changed)
            kept |= row
        if existing:
            self.browse([row.id for row in existing.values()]).sudo().unlink()
        return kept | self.sudo().create(to_create)

    def _kam_changed_values(self, vals):
        """The part of ``vals`` that differs from the row."""
        self.ensure_one()
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        changed = {}
        for name, value in vals.items():
            if name == "partner_ids":
                if set(self.partner_ids.ids) != set(value):
                    changed[name] = [fields.Command.set(value)]
            elif float_compare(self[name], value, precision_digits=digits):
                changed[name] = value
        return changed

    @api.model
    def _kam_agreed(self, companies, first_month, last_month):
        """{(company id, product id, month): (quantity in the product's unit, partner
        ids)} of the agreements of key accounts' agreed or active plans."""
        groups = (
            self.env["kam.supply.agreement"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("plan_id.state", "in", PLAN_STATES_AGREED),
                    ("partner_id.kam_is_key_account", "=", True),
                    ("date_month", ">=", first_month),
                    ("date_month", "<=", last_month),
                ],
                ["company_id", "product_id", "date_month:month", "uom_id"],
                ["quantity:sum", "partner_id:array_agg"],
            )
        )
        agreed = {}
        for company, product, month, uom, quantity, partner_ids in groups:
            key = (company.id, product.id, fields.Date.to_date(month))
            qty, partners = agreed.get(key, (0.0, set()))
            qty += uom._compute_quantity(quantity, product.uom_id, round=False)
            agreed[key] = (qty, partners | set(partner_ids))
        return agreed

    @api.model
    def _kam_stock_figures(self, keys):
        """{key: on hand, incoming, promised and forecast} for the (company id,
        product id, month) ``keys``: one ``_compute_quantities_dict`` per company
        and month, for all its products."""
        products_by = defaultdict(set)
        for company_id, product_id, month in keys:
            products_by[(company_id, month)].add(product_id)
        figures = {}
        for (company_id, month), product_ids in products_by.items():
            month_end = datetime.combine(
                month + relativedelta(months=1) - timedelta(days=1), time.max
            )
            products = (
                self.env["product.product"]
                .sudo()
                .with_company(company_id)
                .with_context(allowed_company_ids=[company_id], to_date=month_end)
                .browse(sorted(product_ids))
            )
            quantities = products._compute_quantities_dict(
                None, None, None, to_date=month_end
            )
            for product in products:
                qty = quantities[product.id]
                rounding = product.uom_id.rounding
                figures[(company_id, product.id, month)] = {
                    "on_hand_qty": qty["qty_available"],
                    "incoming_qty": qty["incoming_qty"],
                    "outgoing_qty": qty["outgoing_qty"],
                    "forecast_qty": float_round(
                        qty["virtual_available"], precision_rounding=rounding
                    ),
                }
        return figures

    # -- activities ----------------------------------------------------------------
    def _kam_warned_users(self):
        """Who hears of a row's shortfall: the company's inventory manager and the
        key-account managers of the accounts agreed for the product and month."""
        self.ensure_one()
        company = self.company_id
        users = company.kam_supply_manager_id
        if not users:
            users = (
                self.env.ref("stock.group_stock_manager")
                .sudo()
                .users.filtered(
                    lambda u: not u.share and company in u.company_ids and u.active
                )
            )
        return (users | self.partner_ids.kam_manager_id).filtered("active")

    def _kam_sync_shortfall_activities(self, today):
        """One shortfall activity per warned user on each row short within its
        company's warning days; the activities of rows no longer short are done."""
        activity_type = self.env.ref(ACTIVITY_TYPE)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        covered = self.filtered(lambda row: not row.is_short)
        done = activities.filtered(lambda a: a.res_id in covered.ids)
        if done:
            done.action_feedback(feedback=self.env._("The shortfall is covered."))
        open_pairs = {(a.res_id, a.user_id.id) for a in activities - done}
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for row in self - covered:
            days = row.company_id.kam_supply_warning_days
            if row.date_month > today + timedelta(days=days):
                continue
            for user in row._kam_warned_users():
                if (row.id, user.id) in open_pairs:
                    continue
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": row.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": row._kam_shortfall_summary(),
                    }
                )
        return self.env["mail.activity"].sudo().create(vals_list)

    def _kam_shortfall_summary(self):
        self.ensure_one()
        # the arguments are no f-strings: the term extraction evaluates them
        qty = f"{self.shortfall_qty:g}"
        return self.env._(
            "Supply short by %(qty)s %(unit)s of %(product)s in %(month)s",
            qty=qty,
            unit=self.uom_id.name,
            product=self.product_id.display_name,
            month=self.date_month.strftime("%Y-%m"),
        )
