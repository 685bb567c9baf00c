# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import date

from openpyxl import load_workbook

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KamSegmentCommon


@tagged("post_install", "-at_install")
class TestReviewWorkbook(KamSegmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_a = cls._client(
            "Workbook A", requirement=100.0, kam_manager_id=cls.kam_user.id
        )
        cls.client_b = cls._client(
            "Workbook B", requirement=50.0, kam_manager_id=cls.kam_user_2.id
        )
        cls._order(cls.client_a, qty=10.0, price=5000.0)
        cls._order(cls.client_b, qty=2.0, price=6000.0)
        complaint = cls.env["kam.complaint"].create(
            {
                "partner_id": cls.client_a.id,
                "company_id": cls.seg_company.id,
                "date_received": "2026-05-10 09:00:00",
                "resolution_cost": 250.0,
            }
        )
        complaint.write({"state": "approved"})
        cls.senv["res.partner"].browse()._kam_recompute_segmentation(today=cls.TODAY)

    def _workbook(self, **vals):
        wizard = (
            self.senv["kam.review.wizard"]
            .with_user(self.kam_manager)
            .with_company(self.seg_company)
            .create(
                {
                    "date_from": date(2026, 4, 1),
                    "date_to": date(2026, 6, 30),
                    **vals,
                }
            )
        )
        action = wizard.action_generate()
        self.assertIn(
            f"/web/content/kam.review.wizard/{wizard.id}/file_data/", action["url"]
        )
        data = base64.b64decode(wizard.file_data)
        return load_workbook(io.BytesIO(data), data_only=True)

    def _rows(self, sheet):
        return [list(r) for r in sheet.iter_rows(values_only=True)]

    def test_sheets_and_headers(self):
        """The workbook has the five sheets with frozen headers and filters."""
        self.kam_manager.company_ids |= self.seg_company
        book = self._workbook()
        self.assertEqual(
            book.sheetnames,
            [
                "Portfolio",
                "Matrix",
                "Lifecycle Changes",
                "Complaints",
                "Rebates",
                "Supply Outlook",
                "Scorecard",
                "Charts",
            ],
        )
        for sheet in book.worksheets[:-1]:
            self.assertEqual(sheet.freeze_panes, "A2")
            self.assertTrue(sheet.auto_filter.ref)
        self.assertEqual(
            self._rows(book["Rebates"])[0],
            [
                "Program",
                "Customer",
                "Manager",
                "Volume",
                "Basis Unit",
                "Tier Rate",
                "Earned to Date",
                "Settled",
                "Next Threshold",
                "Volume Missing",
            ],
        )

    def test_portfolio_one_row_per_key_account(self):
        """One row per key account of the chosen managers; totals equal the figures."""
        self.kam_manager.company_ids |= self.seg_company
        book = self._workbook(
            manager_ids=[(6, 0, [self.kam_user.id, self.kam_user_2.id])]
        )
        rows = self._rows(book["Portfolio"])
        header, body, total = rows[0], rows[1:-1], rows[-1]
        names = [row[0] for row in body]
        self.assertEqual(names, ["Feedmill Ltd", "Workbook A", "Workbook B"])
        col = header.index("Revenue 12 Months")
        a = self.client_a.with_company(self.seg_company)
        b = self.client_b.with_company(self.seg_company)
        self.assertEqual(body[1][col], a.kam_revenue_12m)
        self.assertEqual(body[1][header.index("Client Class")], "Profit")
        self.assertEqual(total[0], "Total")
        self.assertAlmostEqual(total[col], 62000.0)
        margin = header.index("Margin 12 Months")
        self.assertAlmostEqual(total[margin], a.kam_margin_12m + b.kam_margin_12m)
        cost = header.index("Complaint Cost 12 Months")
        self.assertAlmostEqual(total[cost], 250.0)

    def test_manager_filter_matrix_and_complaints(self):
        """Choosing one manager keeps only that manager's clients in every sheet."""
        self.kam_manager.company_ids |= self.seg_company
        book = self._workbook(manager_ids=[(6, 0, [self.kam_user_2.id])])
        names = [row[0] for row in self._rows(book["Portfolio"])[1:-1]]
        self.assertEqual(names, ["Workbook B"])
        self.assertEqual(len(self._rows(book["Complaints"])), 1)
        matrix = self._rows(book["Matrix"])
        self.assertEqual(matrix[0][:3], ["Quadrant", "Strategy", "Clients"])
        self.assertEqual(sum(row[2] for row in matrix[1:5]), 1)
        book = self._workbook(manager_ids=[(6, 0, [self.kam_user.id])])
        complaints = self._rows(book["Complaints"])
        self.assertEqual(len(complaints), 2)
        self.assertEqual(complaints[1][2], "Workbook A")
        self.assertEqual(complaints[1][-1], 250.0)

    def test_formula_like_names_are_text(self):
        """A client named "=1+1" comes back as the text "=1+1", not a formula."""
        self.client_a.name = "=1+1"
        self.kam_manager.company_ids |= self.seg_company
        book = self._workbook(manager_ids=[(6, 0, [self.kam_user.id])])
        names = [row[0] for row in self._rows(book["Portfolio"])[1:-1]]
        self.assertIn("=1+1", names)

    def test_period_must_be_ordered(self):
        """A review period ending before it starts is refused."""
        with self.assertRaises(ValidationError):
            self.env["kam.review.wizard"].create(
                {"date_from": date(2026, 6, 30), "date_to": date(2026, 4, 1)}
            )

    def test_default_period_is_last_quarter(self):
        """The wizard proposes the last full quarter."""
        with Form(self.env["kam.review.wizard"]) as form:
            self.assertEqual(form.date_from.day, 1)
            self.assertEqual(form.date_from.month % 3, 1)
            self.assertEqual((form.date_to - form.date_from).days // 30, 3)

    def test_workbook_opens_on_its_charts(self):
        """The workbook opens on a Charts sheet: revenue by class, the matrix as a
        scatter chart, the phase changes and the complaints by category and cost,
        each over the figures written beside it."""
        self.kam_manager.company_ids |= self.seg_company
        book = self._workbook()
        charts = book["Charts"]
        self.assertEqual(book.active.title, "Charts")
        kinds = [type(chart).__name__ for chart in charts._charts]
        self.assertEqual(kinds, ["BarChart", "ScatterChart", "BarChart", "BarChart"])
        titles = [
            "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
            for chart in charts._charts
        ]
        self.assertEqual(
            titles,
            [
                "Revenue and margin by client class",
                "The matrix: share of wallet × requirement value",
                "Phase changes of the period",
                "Complaints by category and their cost",
            ],
        )
        values = [cell for row in self._rows(charts) for cell in row if cell]
        self.assertIn("Workbook A", values)  # a point of the matrix
        self.assertIn(50000.0, values)  # its revenue

    def test_workbook_without_matrix(self):
        """Key accounts with no requirement entered are in no quadrant: the workbook
        still builds, saying so instead of drawing an empty matrix."""
        self.kam_manager.company_ids |= self.seg_company
        client = self._client("Workbook C", kam_manager_id=self.kam_manager.id)
        self._order(client, qty=1.0, price=5000.0)
        self.senv["res.partner"].browse()._kam_recompute_segmentation(today=self.TODAY)
        self.assertFalse(client.with_company(self.seg_company).kam_quadrant)
        book = self._workbook(manager_ids=[(6, 0, self.kam_manager.ids)])
        charts = book["Charts"]
        kinds = [type(chart).__name__ for chart in charts._charts]
        self.assertEqual(kinds, ["BarChart", "BarChart", "BarChart"])
        values = [cell for row in self._rows(charts) for cell in row if cell]
        self.assertIn("No key account is in the matrix yet.", values)
        self.assertIn(
            "Workbook C", [c for r in self._rows(book["Portfolio"]) for c in r]
        )
