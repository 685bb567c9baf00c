# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import tagged

from .tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourSupply(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls._user("demo", "kam_lifecycle.group_kam_user", "Marc Demo")
        cls.account = cls._key_account("Tour Supply Feedmill", cls.demo)
        cls.goods = cls.env["product.product"].create(
            {
                "name": "Nicotinamide Feed (tour)",
                "type": "consu",
                "is_storable": True,
                "uom_id": cls.uom_ton.id,
                "uom_po_id": cls.uom_ton.id,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.goods, warehouse.lot_stock_id, 50.0
        )
        today = fields.Date.today()
        month = cls.env["kam.month"].search([("number", "=", today.month)])
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "partner_id": cls.account.id,
                "year": today.year,
                "peak_month_ids": [fields.Command.set(month.ids)],
            }
        )
        cls.plan.sudo().write({"state": "agreed"})

    def test_supply_tour(self):
        """The KAM agrees 80 t for this month on the plan's Supply tab and finds the
        month 30 t short in the Supply Outlook (50 t on hand)."""
        self.start_tour("/odoo", "kam_tour_supply", login="demo")
        line = self.plan.supply_agreement_ids
        self.assertEqual(line.quantity, 80.0)
        self.assertEqual(line.product_id, self.goods)
        row = self.env["kam.supply.outlook"].search(
            [("product_id", "=", self.goods.id)]
        )
        self.assertEqual(row.shortfall_qty, 30.0)
