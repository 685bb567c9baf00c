# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import KamCommon

ACCOUNT_LEAVES = [
    "kam_lifecycle.kam_dashboard_menu",
    "kam_lifecycle.res_partner_menu_key_accounts",
    "kam_lifecycle.kam_account_plan_menu",
    "kam_lifecycle.kam_visit_menu",
    "kam_lifecycle.kam_lifecycle_event_menu",
    "kam_lifecycle.rating_rating_menu_kam_visit",
    "kam_lifecycle.survey_user_input_menu_kam",
]


@tagged("post_install", "-at_install")
class TestKamMenus(KamCommon):
    def test_accounts_section_holds_the_account_menus(self):
        """Sales > Key Accounts > Accounts holds the Dashboard, Key Accounts, Account
        Plans, Visits, Lifecycle Events, Visit Ratings and Satisfaction Survey Answers,
        in this order, each opening its own list."""
        _section, leaves = self.assertMenuSection(
            "kam_lifecycle.menu_kam_accounts", ACCOUNT_LEAVES, sequence=10
        )
        self.assertEqual(
            [leaf.action for leaf in leaves],
            [
                self.env.ref("kam_lifecycle.kam_dashboard_action"),
                self.env.ref("kam_lifecycle.res_partner_action_key_accounts"),
                self.env.ref("kam_lifecycle.kam_account_plan_action"),
                self.env.ref("kam_lifecycle.kam_visit_action"),
                self.env.ref("kam_lifecycle.kam_lifecycle_event_action"),
                self.env.ref("kam_lifecycle.rating_rating_action_kam_visit"),
                self.env.ref("kam_lifecycle.survey_user_input_action_kam"),
            ],
        )

    def test_configuration_menu_unchanged(self):
        """Sales > Configuration > Key Accounts stays as it was, for administrators."""
        config = self.env.ref("kam_lifecycle.menu_kam_config")
        admins = self.env.ref("kam_lifecycle.group_kam_admin")
        self.assertEqual(config.parent_id, self.env.ref("sale.menu_sale_config"))
        self.assertEqual(config.groups_id, admins)
        settings = self.env.ref("kam_lifecycle.kam_settings_menu")
        self.assertEqual(settings.parent_id, config)

    def test_kam_users_find_the_accounts_section(self):
        """A KAM user and a KAM manager find Accounts and all four menus in it."""
        wanted = self._menu_ids(["kam_lifecycle.menu_kam_accounts", *ACCOUNT_LEAVES])
        for user in (self.kam_user, self.kam_manager):
            with self.subTest(user=user.login):
                self.assertLessEqual(wanted, self._menus_shown(user))

    def test_salesman_finds_no_accounts_section(self):
        """A salesman without a KAM group finds neither Key Accounts nor its menus."""
        shown = self._menus_shown(self.salesman)
        root = self.env.ref("kam_lifecycle.menu_kam_root")
        self.assertNotIn(root.id, shown)
        self.assertFalse(
            self._menu_ids(["kam_lifecycle.menu_kam_accounts", *ACCOUNT_LEAVES]) & shown
        )
        self.assertIn(self.env.ref("sale.sale_menu_root").id, shown)
