# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import date

from odoo import fields
from odoo.tests import new_test_user

from .common import KamCommon

# far from the demo data's agreements (this year and next)
YEAR = 2030
TODAY = date(YEAR, 1, 10)


class KamSupplyCommon(KamCommon):
    """Two key accounts with plans of ``YEAR``, a storable product, the stock
    location of the company's warehouse, an inventory manager and a stock user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(
            cls.env, login="kam_stock_manager", groups="stock.group_stock_manager"
        )
        cls.stock_user = new_test_user(
            cls.env, login="kam_stock_user", groups="stock.group_stock_user"
        )
        cls.company.kam_supply_manager_id = cls.stock_manager
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Other Feed Co",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user_2.id,
            }
        )
        cls.plain = cls.env["res.partner"].create(
            {"name": "Walk-in Trader", "is_company": True}
        )
        cls.goods = cls.env["product.product"].create(
            {
                "name": "Nicotinamide Feed (supply test)",
                "type": "consu",
                "is_storable": True,
                "uom_id": cls.uom_ton.id,
                "uom_po_id": cls.uom_ton.id,
                "list_price": 6000.0,
            }
        )
        cls.months = {
            n: cls.env.ref(f"kam_lifecycle.kam_month_{n:02d}") for n in range(1, 13)
        }
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.plan = cls._plan(cls.customer)
        cls.other_plan = cls._plan(cls.other)

    @classmethod
    def _plan(cls, partner, state="agreed", year=YEAR):
        plan = cls.env["kam.account.plan"].create(
            {"partner_id": partner.id, "year": year}
        )
        if state != "draft":
            plan.sudo().write({"state": state})
        return plan

    @classmethod
    def _agree(cls, plan, month, quantity, product=None, uom=None):
        vals = {
            "plan_id": plan.id,
            "month_id": cls.months[month].id,
            "product_id": (product or cls.goods).id,
            "quantity": quantity,
        }
        if uom:
            vals["uom_id"] = uom.id
        return cls.env["kam.supply.agreement"].create(vals)

    @classmethod
    def _on_hand(cls, quantity, product=None):
        cls.env["stock.quant"]._update_available_quantity(
            product or cls.goods, cls.stock_location, quantity
        )

    @classmethod
    def _move(cls, quantity, when, incoming=True, product=None):
        """A confirmed receipt (or delivery) of ``quantity`` planned on ``when``."""
        product = product or cls.goods
        customers = cls.env.ref("stock.stock_location_customers")
        suppliers = cls.env.ref("stock.stock_location_suppliers")
        move = cls.env["stock.move"].create(
            {
                "name": "supply test",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": (suppliers if incoming else cls.stock_location).id,
                "location_dest_id": (cls.stock_location if incoming else customers).id,
                "date": fields.Datetime.to_datetime(when),
            }
        )
        move._action_confirm()
        return move

    @contextmanager
    def assertRaisesText(self, exception, text):
        """``assertRaises`` (rolled back to a savepoint) whose message holds
        ``text``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    def _outlook(self, month, product=None, company=None):
        return self.env["kam.supply.outlook"].search(
            [
                ("product_id", "=", (product or self.goods).id),
                ("date_month", "=", date(YEAR, month, 1)),
                ("company_id", "=", (company or self.company).id),
            ]
        )
