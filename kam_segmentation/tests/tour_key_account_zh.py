# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourKeyAccountChinese(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ("base", "kam_lifecycle", "kam_complaints", "kam_segmentation"),
                )
            ]
        )._update_translations(["zh_CN"])
        cls.manager = cls._user(
            "kam_tour_zh", "kam_lifecycle.group_kam_manager", "Wang Qiang"
        )
        cls.manager.lang = "zh_CN"
        cls.account = cls._key_account(
            "Tour Huanong Feed", cls.manager, kam_sensitivity="price"
        )
        cls._confirmed_order(cls.account, fields.Date.today() - timedelta(days=20), 50)
        cls.env["res.partner"].browse(cls.account.ids)._kam_recompute_segmentation()

    def test_key_account_chinese_tour(self):
        """A manager working in Simplified Chinese reads the KAM tabs of a key
        account: every label is translated."""
        self.start_tour(
            f"/odoo/action-kam_lifecycle.res_partner_action_key_accounts/{self.account.id}",
            "kam_tour_key_account_zh",
            login="kam_tour_zh",
        )
