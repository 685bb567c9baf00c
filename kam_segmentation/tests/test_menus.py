# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import KamSegmentationCommon

SECTIONS = [
    "kam_lifecycle.menu_kam_accounts",
    "kam_complaints.kam_complaint_menu_root",
    "kam_segmentation.kam_segment_menu_root",
    "kam_segmentation.kam_rebate_menu_root",
    "kam_lifecycle.menu_kam_supply",
]
SEGMENT_LEAVES = [
    "kam_segmentation.res_partner_menu_kam_portfolio",
    "kam_segmentation.res_partner_menu_kam_matrix",
    "kam_segmentation.kam_scorecard_menu",
    "kam_segmentation.kam_segment_event_menu",
    "kam_segmentation.kam_review_wizard_menu",
    "kam_segmentation.res_partner_menu_kam_recompute_all",
]
REBATE_LEAVES = [
    "kam_segmentation.kam_rebate_progress_menu",
    "kam_segmentation.kam_rebate_settlement_menu",
]
USER_LEAVES = [
    "kam_lifecycle.res_partner_menu_key_accounts",
    "kam_lifecycle.kam_account_plan_menu",
    "kam_lifecycle.kam_visit_menu",
    "kam_lifecycle.kam_lifecycle_event_menu",
    "kam_complaints.kam_complaint_menu",
    "kam_complaints.kam_complaint_menu_my_approvals",
    "kam_complaints.kam_complaint_menu_analysis",
    "kam_segmentation.res_partner_menu_kam_portfolio",
    "kam_segmentation.res_partner_menu_kam_matrix",
    "kam_segmentation.kam_scorecard_menu",
    "kam_segmentation.kam_rebate_progress_menu",
]
MANAGER_LEAVES = [
    "kam_segmentation.kam_segment_event_menu",
    "kam_segmentation.kam_review_wizard_menu",
    "kam_segmentation.res_partner_menu_kam_recompute_all",
    "kam_segmentation.kam_rebate_settlement_menu",
]


@tagged("post_install", "-at_install")
class TestSegmentationMenus(KamSegmentationCommon):
    def test_key_accounts_menu_is_five_sections(self):
        """Sales > Key Accounts lists Accounts, Complaints, Segments, Rebates and
        Supply, in this order, and no menu outside them."""
        root = self.env.ref("kam_lifecycle.menu_kam_root")
        children = (
            self.env["ir.ui.menu"]
            .with_context(**{"ir.ui.menu.full_list": True})
            .search([("parent_id", "=", root.id)])
        )
        self.assertEqual(children.ids, [self.env.ref(xmlid).id for xmlid in SECTIONS])
        self.assertEqual(
            children.mapped("name"),
            ["Accounts", "Complaints", "Segments", "Rebates", "Supply"],
        )

    def test_segments_section_holds_the_segment_menus(self):
        """Segments holds Portfolio, Matrix, KAM Scorecard, Segment Changes,
        Quarterly Review Workbook and Recompute Segments, in this order; the last
        three for managers only."""
        _section, leaves = self.assertMenuSection(
            "kam_segmentation.kam_segment_menu_root", SEGMENT_LEAVES, sequence=40
        )
        self.assertEqual(
            [leaf.action for leaf in leaves],
            [
                self.env.ref("kam_segmentation.res_partner_action_kam_portfolio"),
                self.env.ref("kam_segmentation.res_partner_action_kam_matrix"),
                self.env.ref("kam_segmentation.kam_scorecard_action"),
                self.env.ref("kam_segmentation.kam_segment_event_action"),
                self.env.ref("kam_segmentation.kam_review_wizard_action"),
                self.env.ref("kam_segmentation.res_partner_action_kam_recompute_all"),
            ],
        )
        managers = self.env.ref("kam_lifecycle.group_kam_manager")
        self.assertEqual(
            [leaf.groups_id for leaf in leaves],
            [self.env["res.groups"]] * 3 + [managers] * 3,
        )

    def test_rebates_section_holds_the_rebate_menus(self):
        """Rebates holds Rebate Progress and Rebate Settlements (for managers only);
        Rebate Programs stays under Sales > Configuration > Key Accounts."""
        _section, leaves = self.assertMenuSection(
            "kam_segmentation.kam_rebate_menu_root", REBATE_LEAVES, sequence=60
        )
        self.assertEqual(
            [leaf.action for leaf in leaves],
            [
                self.env.ref("kam_segmentation.kam_rebate_progress_action"),
                self.env.ref("kam_segmentation.kam_rebate_settlement_action"),
            ],
        )
        managers = self.env.ref("kam_lifecycle.group_kam_manager")
        self.assertEqual(
            [leaf.groups_id for leaf in leaves], [self.env["res.groups"], managers]
        )
        self.assertEqual(
            self.env.ref("kam_segmentation.kam_rebate_program_menu").parent_id,
            self.env.ref("kam_lifecycle.menu_kam_config"),
        )

    def test_kam_user_finds_sections_and_user_menus(self):
        """A KAM user finds the four sections and the menus meant for users, not the
        managers' Segment Changes, Review Workbook, Recompute and Settlements."""
        shown = self._menus_shown(self.kam_user)
        self.assertLessEqual(self._menu_ids(SECTIONS + USER_LEAVES), shown)
        self.assertFalse(self._menu_ids(MANAGER_LEAVES) & shown)

    def test_kam_manager_finds_every_menu(self):
        """A KAM manager finds the four sections and every menu in them."""
        shown = self._menus_shown(self.kam_manager)
        self.assertLessEqual(
            self._menu_ids(SECTIONS + USER_LEAVES + MANAGER_LEAVES), shown
        )

    def test_salesman_finds_no_section(self):
        """A salesman without a KAM group finds no section and no menu of them."""
        shown = self._menus_shown(self.salesman)
        self.assertFalse(
            self._menu_ids(SECTIONS + USER_LEAVES + MANAGER_LEAVES) & shown
        )
