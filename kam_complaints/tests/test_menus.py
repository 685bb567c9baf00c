# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import KamComplaintCommon

COMPLAINTS = "kam_complaints.kam_complaint_menu_root"
COMPLAINT_LEAVES = [
    "kam_complaints.kam_complaint_menu",
    "kam_complaints.kam_complaint_menu_my_approvals",
    "kam_complaints.kam_complaint_menu_analysis",
]


@tagged("post_install", "-at_install")
class TestComplaintMenus(KamComplaintCommon):
    def test_complaints_section_holds_the_complaint_menus(self):
        """Sales > Key Accounts > Complaints holds Complaints, My Approvals and
        Complaint Analysis, in this order, each opening its own view."""
        _section, leaves = self.assertMenuSection(
            COMPLAINTS, COMPLAINT_LEAVES, sequence=30
        )
        self.assertEqual(
            [leaf.action for leaf in leaves],
            [
                self.env.ref("kam_complaints.kam_complaint_action"),
                self.env.ref("kam_complaints.kam_complaint_action_my_approvals"),
                self.env.ref("kam_complaints.kam_complaint_action_analysis"),
            ],
        )

    def test_approval_rules_stay_in_configuration(self):
        """Complaint Approval Rules stays under Sales > Configuration > Key Accounts."""
        self.assertEqual(
            self.env.ref("kam_complaints.kam_complaint_approval_rule_menu").parent_id,
            self.env.ref("kam_lifecycle.menu_kam_config"),
        )

    def test_kam_users_find_the_complaints_section(self):
        """A KAM user and a KAM manager find Complaints and all three menus in it."""
        wanted = self._menu_ids([COMPLAINTS, *COMPLAINT_LEAVES])
        for user in (self.kam_user, self.kam_manager):
            with self.subTest(user=user.login):
                self.assertLessEqual(wanted, self._menus_shown(user))

    def test_salesman_finds_no_complaints_section(self):
        """A salesman without a KAM group finds no complaint menu."""
        shown = self._menus_shown(self.salesman)
        self.assertFalse(self._menu_ids([COMPLAINTS, *COMPLAINT_LEAVES]) & shown)
