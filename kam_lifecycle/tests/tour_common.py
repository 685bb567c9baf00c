# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The base of the browser tours: each tour runs on its own data, made here.

Tour modules are named ``tour_*.py`` so that pytest does not collect them (pytest-odoo
cannot serve HTTP on 18.0); each ``tests/__init__.py`` imports them under a
``test_`` name, the prefix Odoo's runner looks for (``--test-tags kam_tour``).
"""

from datetime import datetime, time

from odoo import fields
from odoo.tests import HttpCase, new_test_user


class KamTourCase(HttpCase):
    """Users of each role, a UTC working calendar and helpers to make the data a
    tour reads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.uom_ton = cls.env.ref("uom.product_uom_ton")
        cls.product = cls.env["product.product"].create(
            {
                "name": "Niacin Feed Grade (tour)",
                "type": "consu",
                "uom_id": cls.uom_ton.id,
                "uom_po_id": cls.uom_ton.id,
                "list_price": 5000.0,
                "standard_price": 4000.0,
                "taxes_id": [fields.Command.clear()],
            }
        )

    @classmethod
    def _user(cls, login, groups, name=None):
        """The user ``login`` (password = login) with ``groups`` (comma-separated
        xml ids); an existing user of that login (``demo``) gets the groups."""
        user = cls.env["res.users"].search([("login", "=", login)], limit=1)
        if not user:
            return new_test_user(
                cls.env, login=login, groups=groups, name=name or login.title()
            )
        for xmlid in groups.split(","):
            user.groups_id |= cls.env.ref(xmlid.strip())
        user.password = login
        return user

    @classmethod
    def _key_account(cls, name, manager, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": manager.id,
                "kam_annual_requirement": 1000.0,
                "kam_requirement_uom_id": cls.uom_ton.id,
                **vals,
            }
        )

    @classmethod
    def _confirmed_order(cls, partner, when, qty=1.0, price=5000.0):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.combine(when, time(12))
        return order

    @classmethod
    def _posted_invoice(cls, partner, when, qty=1.0, price=5000.0):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": when,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": qty,
                            "price_unit": price,
                            "tax_ids": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move
