# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .supply_common import KamSupplyCommon


@tagged("post_install", "-at_install")
class TestSupplyPriority(KamSupplyCommon):
    def _order(self, partner, qty=10.0, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": self.goods.id,
                            "product_uom_qty": qty,
                            "price_unit": 6000.0,
                            "tax_id": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def test_key_account_delivery_is_urgent(self):
        """A key account's confirmed order: the delivery is starred, and both the
        order and the delivery say why."""
        order = self._order(self.customer)
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(order.kam_priority_reason, "key_account")
        self.assertEqual(picking.priority, "1")
        self.assertEqual(picking.move_ids.priority, "1")
        self.assertEqual(picking.kam_priority_reason, "key_account")
        labels = dict(
            picking._fields["kam_priority_reason"]._description_selection(self.env)
        )
        self.assertEqual(labels["key_account"], "Key account: served first")
        self.assertEqual(Form(order).kam_priority_reason, "key_account")
        self.assertEqual(Form(picking).kam_priority_reason, "key_account")
        self._on_hand(10.0)
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.kam_priority_reason, "key_account", "still shown")

    def test_star_taken_away(self):
        """A user who unstars the delivery takes the reason away with it."""
        picking = self._order(self.customer).picking_ids
        picking.priority = "0"
        self.assertFalse(picking.kam_priority_reason)

    def test_order_of_a_contact_counts(self):
        """An order placed by a key account's contact is the account's."""
        order = self._order(self.contact)
        self.assertEqual(order.picking_ids.priority, "1")

    def test_other_customers_normal(self):
        """Other customers' deliveries keep the normal priority, without reason."""
        order = self._order(self.plain)
        self.assertFalse(order.kam_priority_reason)
        self.assertEqual(order.picking_ids.priority, "0")
        self.assertFalse(order.picking_ids.kam_priority_reason)

    def test_setting_off(self):
        """A company that switches the rule off serves everyone alike."""
        self.company.kam_priority_supply = False
        order = self._order(self.customer)
        self.assertFalse(order.kam_priority_reason)
        self.assertEqual(order.picking_ids.priority, "0")

    def test_reason_not_written_by_hand(self):
        """The reason is set by the confirmation: a salesman cannot write it on his
        order, the form shows it read-only."""
        order = self._order(self.plain, confirm=False)
        order.user_id = self.salesman
        arch = self.env["sale.order"].get_views([(False, "form")])["views"]["form"]
        self.assertIn('name="kam_priority_reason"', arch["arch"])
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write({"kam_priority_reason": "key_account"})
        self.assertFalse(order.kam_priority_reason)
        order.with_user(self.salesman).note = "ok"

    def test_reservation_serves_the_key_account_first(self):
        """Stock for one order only: when it arrives, reservation serves the key
        account's delivery, though the other order came first."""
        first = self._order(self.plain, qty=10.0)
        key = self._order(self.customer, qty=10.0)
        pickings = first.picking_ids | key.picking_ids
        self.assertEqual(pickings.mapped("state"), ["confirmed", "confirmed"])
        self._on_hand(10.0)
        pickings.action_assign()
        self.assertEqual(key.picking_ids.state, "assigned")
        self.assertEqual(key.picking_ids.move_ids.quantity, 10.0)
        self.assertEqual(first.picking_ids.state, "confirmed")
        self.assertEqual(first.picking_ids.move_ids.quantity, 0.0)

    def test_without_the_rule_first_come_first_served(self):
        """The control: with the rule off, the older order is served."""
        self.company.kam_priority_supply = False
        first = self._order(self.plain, qty=10.0)
        key = self._order(self.customer, qty=10.0)
        self._on_hand(10.0)
        (key.picking_ids | first.picking_ids).action_assign()
        self.assertEqual(first.picking_ids.state, "assigned")
        self.assertEqual(key.picking_ids.state, "confirmed")
