# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged

from .common import KamSegmentCommon


@tagged("post_install", "-at_install")
class TestSegmentViews(KamSegmentCommon):
    def test_settings_form_sets_company_thresholds(self):
        """An admin changes a threshold in Settings; the company keeps it."""
        settings = self.env["res.config.settings"].with_user(
            self.env.ref("base.user_admin")
        )
        with Form(settings) as form:
            form.kam_seg_size_vip = 7000000.0
            form.kam_seg_sow_high = 0.6
        self.assertEqual(self.env.company.kam_seg_size_vip, 7000000.0)
        self.assertEqual(self.env.company.kam_seg_sow_high, 0.6)
        self.assertEqual(self.seg_company.kam_seg_size_vip, 100000.0)

    def test_matrix_pivot_groups_by_quadrant_and_manager(self):
        """The matrix groups the portfolio by quadrant and manager with sums."""
        key = self._client(
            "Matrix Key", requirement=500.0, kam_manager_id=self.kam_user.id
        )
        dev = self._client(
            "Matrix Dev", requirement=500.0, kam_manager_id=self.kam_user.id
        )
        self._order(key, qty=300.0)
        self._order(dev, qty=10.0)
        self._recompute()
        groups = self.Partner.read_group(
            [("id", "in", (key | dev).ids)],
            ["kam_revenue_12m:sum"],
            ["kam_quadrant", "kam_manager_id"],
            lazy=False,
        )
        by_quadrant = {g["kam_quadrant"]: g["kam_revenue_12m"] for g in groups}
        self.assertEqual(by_quadrant, {"key": 1500000.0, "develop": 50000.0})
        action = self.env.ref("kam_segmentation.res_partner_action_kam_matrix")
        self.assertEqual(action.view_ids[0].view_mode, "kanban")

    def test_partner_form_shows_segments(self):
        """A KAM user opens the customer and reads its Segments tab."""
        self.kam_user.company_ids |= self.seg_company
        self._order(self.customer, qty=1.0)
        self._recompute()
        partner = self.customer.with_user(self.kam_user).with_company(self.seg_company)
        form = Form(partner)
        self.assertEqual(form.kam_client_class, "profit")
        self.assertIn("Profit", form.kam_segment_reason)
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.seg_company
        with Form(
            self.customer.with_user(admin).with_company(self.seg_company)
        ) as form:
            form.kam_client_class_manual = "technology"
        self.assertEqual(self._seg(self.customer).kam_client_class, "technology")
        self.assertTrue(partner.action_kam_recompute_segmentation())
        self.assertEqual(self._seg(self.customer).kam_client_class, "technology")
