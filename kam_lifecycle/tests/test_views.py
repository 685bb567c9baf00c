# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestViews(KamCommon):
    def _arch(self, model, view_type, user, view=None):
        view_id = self.env.ref(view).id if view else False
        views = (
            self.env[model]
            .with_user(user)
            .get_views([(view_id, view_type)])["views"][view_type]
        )
        return etree.fromstring(views["arch"])

    def test_partner_page_per_group(self):
        """The Key Account page shows the decision unit to a KAM user and the
        personal profile columns only to a manager."""
        arch = self._arch("res.partner", "form", self.kam_user)
        self.assertTrue(arch.xpath("//page[@name='kam_key_account']"))
        self.assertTrue(arch.xpath("//field[@name='kam_role']"))
        self.assertFalse(arch.xpath("//field[@name='kam_hometown']"))
        self.assertFalse(arch.xpath("//field[@name='kam_phase_manual']"))
        arch = self._arch("res.partner", "form", self.kam_manager)
        self.assertTrue(arch.xpath("//field[@name='kam_hometown']"))
        self.assertTrue(arch.xpath("//field[@name='kam_phase_manual']"))
        arch = self._arch("res.partner", "form", self.salesman)
        self.assertFalse(arch.xpath("//page[@name='kam_key_account']"))

    def test_settings_block(self):
        """Settings > Sales has the Key Accounts block with the thresholds."""
        arch = self._arch(
            "res.config.settings", "form", self.env.ref("base.user_admin")
        )
        block = arch.xpath("//block[@name='kam_settings_block']")
        self.assertTrue(block)
        self.assertTrue(block[0].xpath(".//field[@name='kam_recency_p90_factor']"))

    def test_key_account_views(self):
        """The Key Accounts list, search, pivot and graph load and group by phase."""
        action = self.env.ref("kam_lifecycle.res_partner_action_key_accounts")
        for mode, view in (
            ("list", "kam_lifecycle.res_partner_view_list_key_accounts"),
            ("search", "kam_lifecycle.res_partner_view_search_key_accounts"),
            ("pivot", "kam_lifecycle.res_partner_view_pivot_key_accounts"),
            ("graph", "kam_lifecycle.res_partner_view_graph_key_accounts"),
        ):
            self.assertIsNotNone(self._arch("res.partner", mode, self.kam_user, view))
        self.assertIn("pivot", action.view_mode)
        groups = (
            self.env["res.partner"]
            .with_user(self.kam_user)
            .read_group(
                [("kam_is_key_account", "=", True)],
                ["kam_phase"],
                ["kam_phase", "kam_manager_id"],
                lazy=False,
            )
        )
        self.assertTrue(groups)

    def test_plan_visit_event_forms(self):
        """Plans, visits and events open in their forms for a KAM user."""
        for model in ("kam.account.plan", "kam.visit", "kam.lifecycle.event"):
            self.assertIsNotNone(self._arch(model, "form", self.kam_user))
            self.assertIsNotNone(self._arch(model, "list", self.kam_user))
        form = Form(self.env["kam.account.plan"].with_user(self.kam_user))
        form.partner_id = self.customer
        form.target_revenue = 1000.0
        plan = form.save()
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.name, f"Feedmill Ltd {plan.year}")
        form = Form(self.env["kam.visit"].with_user(self.kam_user))
        form.partner_id = self.customer
        form.summary = "First call"
        visit = form.save()
        self.assertEqual(visit.user_ids, self.kam_user)
