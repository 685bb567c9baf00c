# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import datetime, time, timedelta

import xlsxwriter
from dateutil.relativedelta import relativedelta
from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..report import kam_review_charts

MONEY = "#,##0.00"
QTY = "#,##0.000"
PCT = "0.0%"


def _quarter_start(day):
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


class KamReviewWizard(models.TransientModel):
    _name = "kam.review.wizard"
    _description = "Quarterly Review Workbook"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: (
            _quarter_start(fields.Date.context_today(self)) - relativedelta(months=3)
        ),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: (
            _quarter_start(fields.Date.context_today(self)) - timedelta(days=1)
        ),
    )
    manager_ids = fields.Many2many(
        comodel_name="res.users",
        string="Key-Account Managers",
        help="Only the key accounts of these managers; empty = all key accounts.",
    )
    file_data = fields.Binary(string="Workbook", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._("The review period must end after it starts.")
                )

    # ---- data ----------------------------------------------------------------
    def _review_partners(self):
        domain = [("kam_is_key_account", "=", True), ("parent_id", "=", False)]
        if self.manager_ids:
            domain.append(("kam_manager_id", "in", self.manager_ids.ids))
        return self.env["res.partner"].search(domain, order="name, id")

    def _period_bounds(self):
        return (
            datetime.combine(self.date_from, time.min),
            datetime.combine(self.date_to + timedelta(days=1), time.min),
        )

    @staticmethod
    def _label(record, field_name):
        field = record._fields[field_name]
        value = record[field_name]
        if field.type == "selection":
            return dict(field._description_selection(record.env)).get(value, "")
        if field.type == "many2one":
            return value.display_name or ""
        return value or ""

    # ---- action --------------------------------------------------------------
    def action_generate(self):
        """Build the workbook and download it."""
        self.ensure_one()
        self.file_data = base64.b64encode(self._build_workbook())
        self.file_name = self.env._(
            "key-account-review-%(start)s-%(end)s.xlsx",
            start=self.date_from,
            end=self.date_to,
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/kam.review.wizard/{self.id}/file_data/"
            f"{self.file_name}?download=true",
            "target": "self",
        }

    def _build_workbook(self):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(
            output,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        styles = {
            "head": book.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "money": book.add_format({"num_format": MONEY}),
            "qty": book.add_format({"num_format": QTY}),
            "pct": book.add_format({"num_format": PCT}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "total": book.add_format({"bold": True, "num_format": MONEY, "top": 1}),
            "bold": book.add_format({"bold": True, "top": 1}),
        }
        partners = self._review_partners()
        self._sheet_portfolio(book, styles, partners)
        self._sheet_matrix(book, styles, partners)
        self._sheet_lifecycle(book, styles, partners)
        self._sheet_complaints(book, styles, partners)
        self._sheet_rebates(book, styles, partners)
        self._sheet_supply(book, styles, partners)
        self._sheet_scorecard(book, styles, partners)
        kam_review_charts.add_review_charts(self, book, styles, partners)
        book.close()
        return output.getvalue()

    def _write_table(self, book, styles, name, headers, rows, formats=None):
        """A sheet with a frozen header row, an autofilter and formatted columns."""
        sheet = book.add_worksheet(name)
        formats = formats or {}
        for col, header in enumerate(headers):
            sheet.write(0, col, header, styles["head"])
            sheet.set_column(col, col, max(12, min(len(header) + 4, 40)))
        for row_index, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                style = styles.get(formats.get(col))
                if value is None or value is False:
                    sheet.write_blank(row_index, col, None, style)
                elif isinstance(value, datetime):
                    sheet.write_datetime(row_index, col, value, style)
                elif hasattr(value, "isoformat") and formats.get(col) == "date":
                    sheet.write_datetime(
                        row_index, col, datetime.combine(value, time.min), style
                    )
                else:
                    sheet.write(row_index, col, value, style)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        return sheet

    def _portfolio_headers(self):
        return [
            self.env._("Customer"),
            self.env._("Manager"),
            self.env._("Phase"),
            self.env._("Client Class"),
            self.env._("Value Tier"),
            self.env._("Size"),
            self.env._("Quadrant"),
            self.env._("Revenue 12 Months"),
            self.env._("Revenue Previous 12 Months"),
            self.env._("Margin 12 Months"),
            self.env._("Margin Previous 12 Months"),
            self.env._("Quantity 12 Months"),
            self.env._("Unit"),
            self.env._("Orders 12 Months"),
            self.env._("Share of Wallet"),
            self.env._("Requirement Value"),
            self.env._("Potential Value"),
            self.env._("Complaints 12 Months"),
            self.env._("Complaint Cost 12 Months"),
            self.env._("Net Contribution 12 Months"),
            self.env._("Last Order"),
        ]

    def _sheet_portfolio(self, book, styles, partners):
        headers = self._portfolio_headers()
        rows = [
            (
                p.name,
                p.kam_manager_id.name or "",
                self._label(p, "kam_phase"),
                self._label(p, "kam_client_class"),
                self._label(p, "kam_value_tier"),
                self._label(p, "kam_size"),
                self._label(p, "kam_quadrant"),
                p.kam_revenue_12m,
                p.kam_revenue_prev_12m,
                p.kam_margin_12m,
                p.kam_margin_prev_12m,
                p.kam_qty_12m,
                p.kam_requirement_uom_id.name or "",
                p.kam_orders_12m,
                p.kam_share_of_wallet,
                p.kam_requirement_value,
                p.kam_potential_value,
                p.kam_complaint_count_12m,
                p.kam_complaint_cost_12m,
                p.kam_net_contribution_12m,
                p.kam_last_order_date,
            )
            for p in partners
        ]
        formats = dict.fromkeys((7, 8, 9, 10, 15, 16, 18, 19), "money")
        formats.update({11: "qty", 14: "pct", 20: "date"})
        sheet = self._write_table(
            book, styles, self.env._("Portfolio"), headers, rows, formats
        )
        total_row = len(rows) + 1
        sheet.write(total_row, 0, self.env._("Total"), styles["bold"])
        for col in (7, 8, 9, 10, 13, 15, 16, 17, 18, 19):
            first = xl_rowcol_to_cell(1, col)
            last = xl_rowcol_to_cell(max(len(rows), 1), col)
            sheet.write_formula(
                total_row,
                col,
                f"=SUBTOTAL(9,{first}:{last})",
                styles["total"],
                sum(row[col] for row in rows),
            )

    def _sheet_matrix(self, book, styles, partners):
        Partner = self.env["res.partner"]
        quadrants = Partner._fields["kam_quadrant"]._description_selection(self.env)
        managers = partners.kam_manager_id.sorted("name")
        headers = [
            self.env._("Quadrant"),
            self.env._("Strategy"),
            self.env._("Clients"),
        ]
        headers += [m.name for m in managers]
        headers += [
            self.env._("Requirement Value"),
            self.env._("Revenue 12 Months"),
            self.env._("Margin 12 Months"),
        ]
        rows = []
        for code, label in quadrants:
            members = partners.filtered(lambda p, c=code: p.kam_quadrant == c)
            rows.append(
                (label, Partner._kam_quadrant_strategy(code), len(members))
                + tuple(
                    len(members.filtered(lambda p, m=m: p.kam_manager_id == m))
                    for m in managers
                )
                + (
                    sum(members.mapped("kam_requirement_value")),
                    sum(members.mapped("kam_revenue_12m")),
                    sum(members.mapped("kam_margin_12m")),
                )
            )
        n = 3 + len(managers)
        formats = dict.fromkeys((n, n + 1, n + 2), "money")
        sheet = self._write_table(
            book, styles, self.env._("Matrix"), headers, rows, formats
        )
        sheet.set_column(1, 1, 60)
        # the classes and their strategy below the quadrants
        start = len(rows) + 3
        sheet.write(start, 0, self.env._("Client Class"), styles["head"])
        sheet.write(start, 1, self.env._("Strategy"), styles["head"])
        sheet.write(start, 2, self.env._("Clients"), styles["head"])
        classes = Partner._fields["kam_client_class"]._description_selection(self.env)
        for offset, (code, label) in enumerate(classes, start=1):
            sheet.write(start + offset, 0, label)
            sheet.write(start + offset, 1, Partner._kam_class_strategy(code))
            sheet.write(
                start + offset,
                2,
                len(partners.filtered(lambda p, c=code: p.kam_client_class == c)),
            )

    def _sheet_lifecycle(self, book, styles, partners):
        headers = [
            self.env._("Date"),
            self.env._("Customer"),
            self.env._("Manager"),
            self.env._("From"),
            self.env._("To"),
            self.env._("Source"),
            self.env._("Reason"),
        ]
        events = self.env["kam.lifecycle.event"].search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", self.env.company.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="date, id",
        )
        rows = [
            (
                e.date,
                e.partner_id.name,
                e.partner_id.kam_manager_id.name or "",
                self._label(e, "phase_from"),
                self._label(e, "phase_to"),
                self._label(e, "source"),
                e.reason or "",
            )
            for e in events
        ]
        self._write_table(
            book, styles, self.env._("Lifecycle Changes"), headers, rows, {0: "date"}
        )

    def _sheet_complaints(self, book, styles, partners):
        start, end = self._period_bounds()
        complaints = self.env["kam.complaint"].search(
            [
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "=", self.env.company.id),
                ("date_received", ">=", start),
                ("date_received", "<", end),
            ],
            order="date_received, id",
        )
        headers = [
            self.env._("Number"),
            self.env._("Received On"),
            self.env._("Customer"),
            self.env._("Manager"),
            self.env._("Category"),
            self.env._("Severity"),
            self.env._("State"),
            self.env._("Resolution"),
            self.env._("Cost"),
        ]
        rows = [
            (
                c.name,
                c.date_received,
                c.commercial_partner_id.name,
                c.commercial_partner_id.kam_manager_id.name or "",
                self._label(c, "category"),
                self._label(c, "severity"),
                self._label(c, "state"),
                self._label(c, "resolution_type"),
                c.resolution_cost,
            )
            for c in complaints
        ]
        self._write_table(
            book,
            styles,
            self.env._("Complaints"),
            headers,
            rows,
            {1: "date", 8: "money"},
        )

    def _sheet_rebates(self, book, styles, partners):
        headers = [
            self.env._("Program"),
            self.env._("Customer"),
            self.env._("Manager"),
            self.env._("Volume"),
            self.env._("Basis Unit"),
            self.env._("Tier Rate"),
            self.env._("Earned to Date"),
            self.env._("Settled"),
            self.env._("Next Threshold"),
            self.env._("Volume Missing"),
        ]
        rows = self.env["kam.rebate.program"]._kam_review_rebate_rows(
            partners, self.date_from, self.date_to
        )
        formats = dict.fromkeys((6, 7), "money")
        formats.update({3: "qty", 8: "qty", 9: "qty"})
        self._write_table(book, styles, self.env._("Rebates"), headers, rows, formats)

    def _sheet_supply(self, book, styles, partners):
        """The supply outlook of the reviewed key accounts: per product and month,
        agreed against the forecast stock, with the shortfall."""
        rows = self.env["kam.supply.outlook"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("partner_ids", "in", partners.ids),
            ],
            order="date_month, product_id",
        )
        headers = [
            self.env._("Month"),
            self.env._("Product"),
            self.env._("Key Accounts"),
            self.env._("Agreed"),
            self.env._("On Hand"),
            self.env._("Incoming"),
            self.env._("Promised"),
            self.env._("Forecast"),
            self.env._("Shortfall"),
            self.env._("Unit"),
        ]
        table = [
            (
                row.date_month,
                row.product_id.display_name,
                ", ".join((row.partner_ids & partners).mapped("name")),
                row.agreed_qty,
                row.on_hand_qty,
                row.incoming_qty,
                row.outgoing_qty,
                row.forecast_qty,
                row.shortfall_qty,
                row.uom_id.name,
            )
            for row in rows
        ]
        formats = dict.fromkeys(range(3, 9), "qty")
        formats[0] = "date"
        self._write_table(
            book, styles, self.env._("Supply Outlook"), headers, table, formats
        )

    def _sheet_scorecard(self, book, styles, partners):
        """The KAM scorecard of each manager and quarter of the review period."""
        managers = self.manager_ids or partners.kam_manager_id
        cards = self.env["kam.scorecard"]._kam_review_scorecards(
            managers, self.date_from, self.date_to
        )
        headers = [
            self.env._("Period"),
            self.env._("Manager"),
            self.env._("Accounts"),
            self.env._("Satisfaction (%)"),
            self.env._("Visit Ratings"),
            self.env._("Survey Answers"),
            self.env._("Orders"),
            self.env._("Complaints"),
            self.env._("Complaints per Order"),
            self.env._("Complaint Cost"),
            self.env._("Visits Done"),
            self.env._("Visits Planned"),
            self.env._("Plan Achievement (%)"),
            self.env._("Share-of-Wallet Change"),
            self.env._("Reached Stability"),
            self.env._("Left Stability"),
            self.env._("Overall Score"),
        ]
        rows = [
            (
                card.name,
                card.manager_id.name,
                card.account_count,
                card.satisfaction if card.rating_count or card.survey_count else None,
                card.rating_count,
                card.survey_count,
                card.order_count,
                card.complaint_count,
                card.complaint_rate if card.order_count else None,
                card.complaint_cost,
                card.visits_done,
                card.visits_planned,
                card.plan_achievement if card.plan_count else None,
                card.share_of_wallet_change if card.sow_account_count else None,
                card.stability_reached,
                card.stability_left,
                card.score,
            )
            for card in cards
        ]
        self._write_table(
            book,
            styles,
            self.env._("Scorecard"),
            headers,
            rows,
            {9: "money", 13: "pct"},
        )
