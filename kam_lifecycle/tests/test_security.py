# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamGroups(KamCommon):
    def test_groups_imply_each_other_and_sales(self):
        """An administrator is a manager, a manager a user, a user a salesman."""
        self.assertTrue(self.kam_admin.has_group("kam_lifecycle.group_kam_manager"))
        self.assertTrue(self.kam_admin.has_group("kam_lifecycle.group_kam_user"))
        self.assertTrue(self.kam_manager.has_group("kam_lifecycle.group_kam_user"))
        self.assertFalse(self.kam_manager.has_group("kam_lifecycle.group_kam_admin"))
        self.assertTrue(
            self.kam_manager.has_group("sales_team.group_sale_salesman_all_leads")
        )
        self.assertTrue(self.kam_user.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(
            self.kam_user.has_group("sales_team.group_sale_salesman_all_leads")
        )
        self.assertFalse(self.kam_user.has_group("kam_lifecycle.group_kam_manager"))

    def test_sales_administrator_is_kam_manager(self):
        """A sales administrator manages every key account without a second click."""
        sales_admin = self.env["res.users"].create(
            {
                "name": "Sales Admin",
                "login": "kam_sales_admin",
                "groups_id": [
                    (6, 0, [self.env.ref("sales_team.group_sale_manager").id])
                ],
            }
        )
        self.assertTrue(sales_admin.has_group("kam_lifecycle.group_kam_manager"))
        self.assertFalse(sales_admin.has_group("kam_lifecycle.group_kam_admin"))

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_key_accounts_menu_visibility(self):
        """A KAM user finds Sales > Key Accounts; a plain salesman does not."""
        menu = self.env.ref("kam_lifecycle.menu_kam_root")
        self.assertIn(menu.id, self._visible_menus(self.kam_user))
        self.assertIn(menu.id, self._visible_menus(self.kam_manager))
        self.assertNotIn(menu.id, self._visible_menus(self.salesman))
        self.assertEqual(menu.parent_id, self.env.ref("sale.sale_menu_root"))

    def test_key_account_list_action(self):
        """The Key Accounts action lists exactly the key accounts."""
        action = self.env.ref("kam_lifecycle.res_partner_action_key_accounts")
        partners = (
            self.env["res.partner"]
            .with_user(self.kam_user)
            .search(safe_eval(action.domain))
        )
        self.assertIn(self.customer, partners)
        self.assertNotIn(self.contact, partners)
