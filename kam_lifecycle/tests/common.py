# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time

from odoo import fields
from odoo.api import call_kw
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


def sql_on_values(env, expression, values, alias="figures"):
    """The value of the SQL ``expression`` on one row of ``values`` (``{column:
    value}``, under ``alias``): a rule checked without any record."""
    env.cr.execute(
        SQL(
            "SELECT %s FROM (VALUES (%s)) AS %s (%s)",
            expression,
            SQL(", ").join(SQL("%s", value) for value in values.values()),
            SQL.identifier(alias),
            SQL(", ").join(SQL.identifier(name) for name in values),
        )
    )
    return env.cr.fetchone()[0]


class KamCommon(TransactionCase):
    """A key-account world: users of each group, a customer with contacts, products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.salesman = new_test_user(
            cls.env, login="kam_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.kam_user = new_test_user(
            cls.env, login="kam_user", groups="kam_lifecycle.group_kam_user"
        )
        cls.kam_user_2 = new_test_user(
            cls.env, login="kam_user_2", groups="kam_lifecycle.group_kam_user"
        )
        cls.kam_manager = new_test_user(
            cls.env, login="kam_manager", groups="kam_lifecycle.group_kam_manager"
        )
        cls.kam_admin = new_test_user(
            cls.env, login="kam_admin", groups="kam_lifecycle.group_kam_admin"
        )
        cls.uom_ton = cls.env.ref("uom.product_uom_ton")
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Feedmill Ltd",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user.id,
                "kam_annual_requirement": 1000.0,
                "kam_requirement_uom_id": cls.uom_ton.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.delivery = cls.env["res.partner"].create(
            {
                "name": "Feedmill Ltd, plant 2",
                "parent_id": cls.customer.id,
                "type": "delivery",
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Niacin Feed Grade (test)",
                "type": "consu",
                "uom_id": cls.uom_ton.id,
                "uom_po_id": cls.uom_ton.id,
                "list_price": 5000.0,
                "standard_price": 4000.0,
            }
        )

    @classmethod
    def _confirmed_order(cls, partner, date, lines=None, company=None, currency=None):
        """A confirmed sale order of ``partner`` dated ``date``.

        ``lines``: ``[(product, qty, price_unit)]`` or ``[(product, qty, price_unit,
        uom)]``; default one ton of the test product at 5,000. ``currency`` is given
        through a pricelist in that currency.
        """
        company = company or cls.env.company
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        lines = lines or [(cls.product, 1.0, 5000.0)]
        vals = {
            "partner_id": partner.id,
            "company_id": company.id,
            "order_line": [
                fields.Command.create(
                    {
                        "product_id": line[0].id,
                        "product_uom_qty": line[1],
                        "price_unit": line[2],
                        "tax_id": [fields.Command.clear()],
                        **({"product_uom": line[3].id} if len(line) > 3 else {}),
                    }
                )
                for line in lines
            ],
        }
        if currency:
            vals["pricelist_id"] = (
                env["product.pricelist"]
                .create({"name": f"{currency.name} list", "currency_id": currency.id})
                .id
            )
        order = env["sale.order"].with_company(company).create(vals)
        order.action_confirm()
        when = date if isinstance(date, datetime) else datetime.combine(date, time(12))
        order.date_order = when
        return order

    @classmethod
    def _confirmed_orders_bulk(cls, specs, company=None):
        """Many confirmed orders at once: ``specs`` is ``[(partner, date, amount)]``.

        One ton of the test product per order at ``amount``; created, confirmed and
        re-dated in batches (fast enough for hundreds of orders).
        """
        company = company or cls.env.company
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        orders = (
            env["sale.order"]
            .with_company(company)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [
                            fields.Command.create(
                                {
                                    "product_id": cls.product.id,
                                    "product_uom_qty": 1.0,
                                    "price_unit": amount,
                                    "tax_id": [fields.Command.clear()],
                                }
                            )
                        ],
                    }
                    for partner, _date, amount in specs
                ]
            )
        )
        orders.action_confirm()
        for order, (_partner, when, _amount) in zip(orders, specs, strict=True):
            if not isinstance(when, datetime):
                when = datetime.combine(when, time(12))
            order.date_order = when
        return orders

    @classmethod
    def _put_figures(cls, partner, company=None, **columns):
        """Store figures of ``partner`` as the recomputes would."""
        company = company or cls.env.company
        cls.env["kam.partner.figure"]._kam_put({(partner.id, company.id): columns})

    def _menu_ids(self, xmlids):
        return {self.env.ref(xmlid).id for xmlid in xmlids}

    def _menus_shown(self, user):
        """Ids of the menus ``user`` reaches in the web client's menu bar.

        ``ir.ui.menu._visible_menu_ids()`` keeps a menu whose own groups and action
        pass even when a parent is hidden; the web client only attaches a menu whose
        ancestors are all visible, so this keeps those.
        """
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {
            menu.id
            for menu in self.env["ir.ui.menu"].browse(visible)
            if visible.issuperset(map(int, menu.parent_path.split("/")[:-1]))
        }

    def assertMenuSection(self, section_xmlid, leaf_xmlids, sequence):
        """``section_xmlid`` is a section of Sales > Key Accounts, without action or
        groups, at ``sequence``, holding exactly ``leaf_xmlids`` in this order."""
        menus = self.env["ir.ui.menu"].with_context(**{"ir.ui.menu.full_list": True})
        section = menus.env.ref(section_xmlid)
        self.assertEqual(section.parent_id, self.env.ref("kam_lifecycle.menu_kam_root"))
        self.assertEqual(section.sequence, sequence)
        self.assertFalse(section.action, "a section opens nothing")
        self.assertFalse(section.groups_id, "a section is hidden with its children")
        leaves = menus.browse([self.env.ref(xmlid).id for xmlid in leaf_xmlids])
        children = menus.search([("parent_id", "=", section.id)])
        self.assertEqual(children.ids, leaves.ids, "the leaves, in their order")
        self.assertTrue(all(leaf.action for leaf in leaves), "each leaf opens a view")
        return section, leaves


class KamAttackMixin:
    """Helpers of the attack tests: an attempt, its refusal, and a re-read as
    superuser showing that nothing changed."""

    def rpc(self, user, model, method, *args, **kwargs):
        """``method`` called on ``model`` as ``user``, the way RPC calls it (ids
        and JSON values, ``context`` a keyword)."""
        return call_kw(self.env[model].with_user(user), method, list(args), kwargs)

    def _stored_values(self, recordsets):
        values = []
        for records in recordsets:
            names = [
                name
                for name, field in records._fields.items()
                if (field.store or getattr(field, "kam_figure", None))
                and field.type not in ("binary", "one2many")
            ]
            records = records.sudo().with_context(active_test=False)
            values.append((records.read(names), records.search_count([])))
        return values

    def assertRefused(self, exception, records, func, *args, **kwargs):
        """``func(*args, **kwargs)`` raises ``exception`` and, re-read as superuser,
        every stored field of ``records`` (a recordset or a list of them) holds the
        value it held before; no record of their models was created. Returns the
        exception."""
        recordsets = records if isinstance(records, list | tuple) else [records]
        self.env.invalidate_all()  # flushes what is pending first
        before = self._stored_values(recordsets)
        with self.assertRaises(exception) as caught:
            func(*args, **kwargs)
        self.env.invalidate_all()
        self.assertEqual(
            self._stored_values(recordsets), before, "nothing changed or created"
        )
        return caught.exception
