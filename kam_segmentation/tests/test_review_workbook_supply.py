# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import date, datetime

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo.tests import tagged

from .common import KamSegmentCommon

TODAY = date(2030, 1, 10)


@tagged("post_install", "-at_install")
class TestReviewWorkbookSupply(KamSegmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_manager.company_ids |= cls.seg_company
        cls.client_a = cls._client(
            "Supply A", requirement=100.0, kam_manager_id=cls.kam_user.id
        )
        cls.client_b = cls._client(
            "Supply B", requirement=50.0, kam_manager_id=cls.kam_user_2.id
        )
        # the review's other sheets and charts need figures
        cls._order(cls.client_a, qty=10.0, price=5000.0)
        cls._order(cls.client_b, qty=2.0, price=6000.0)
        cls.senv["res.partner"].browse()._kam_recompute_segmentation(today=cls.TODAY)
        cls.goods = cls.env["product.product"].create(
            {
                "name": "Nicotinamide Feed (workbook)",
                "type": "consu",
                "is_storable": True,
                "uom_id": cls.uom_ton.id,
                "uom_po_id": cls.uom_ton.id,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.seg_company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.goods, warehouse.lot_stock_id, 100.0
        )
        march = cls.env.ref("kam_lifecycle.kam_month_03")
        for client, qty in ((cls.client_a, 80.0), (cls.client_b, 50.0)):
            plan = cls.senv["kam.account.plan"].create(
                {
                    "partner_id": client.id,
                    "year": 2030,
                    "company_id": cls.seg_company.id,
                }
            )
            plan.sudo().write({"state": "agreed"})
            cls.senv["kam.supply.agreement"].create(
                {
                    "plan_id": plan.id,
                    "month_id": march.id,
                    "product_id": cls.goods.id,
                    "quantity": qty,
                }
            )
        with freeze_time(TODAY):
            cls.env["kam.supply.outlook"]._kam_recompute(
                companies=cls.seg_company, today=TODAY
            )

    def _sheet(self, **vals):
        wizard = (
            self.senv["kam.review.wizard"]
            .with_user(self.kam_manager)
            .with_company(self.seg_company)
            .create({"date_from": date(2029, 10, 1), "date_to": TODAY, **vals})
        )
        wizard.action_generate()
        book = load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        return [list(row) for row in book["Supply Outlook"].iter_rows(values_only=True)]

    def test_supply_sheet(self):
        """The Supply Outlook sheet: agreed of both accounts against the forecast,
        with the shortfall, one row per product and month."""
        rows = self._sheet()
        self.assertEqual(
            rows[0],
            [
                "Month",
                "Product",
                "Key Accounts",
                "Agreed",
                "On Hand",
                "Incoming",
                "Promised",
                "Forecast",
                "Shortfall",
                "Unit",
            ],
        )
        self.assertEqual(
            rows[1],
            [
                datetime(2030, 3, 1),
                "Nicotinamide Feed (workbook)",
                "Supply A, Supply B",
                130.0,
                100.0,
                0.0,
                0.0,
                100.0,
                30.0,
                "t",
            ],
        )
        self.assertEqual(len(rows), 2)

    def test_supply_sheet_follows_the_manager_filter(self):
        """Choosing one manager keeps the rows and names of that manager's clients."""
        rows = self._sheet(manager_ids=[(6, 0, [self.kam_user_2.id])])
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][2], "Supply B")
        self.assertEqual(rows[1][3], 130.0, "the outlook counts every key account")
