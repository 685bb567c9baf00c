# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourKeyAccountUser(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls._user("demo", "kam_lifecycle.group_kam_user", "Marc Demo")
        cls.rival_manager = cls._user("kam_tour_rival", "kam_lifecycle.group_kam_user")
        cls.account = cls._key_account("Tour Feedmill Co.", cls.demo)
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Wang Fang",
                "parent_id": cls.account.id,
                "type": "contact",
                "function": "Buyer",
                "kam_role": "purchaser",
            }
        )
        rival = cls._key_account("Tour Rival Trading", cls.rival_manager)
        cls.env["kam.complaint"].create(
            {
                "partner_id": rival.id,
                "category": "quality",
                "severity": "high",
                "user_id": cls.rival_manager.id,
            }
        )
        today = fields.Date.today()
        cls._confirmed_order(cls.account, today - timedelta(days=30), qty=100.0)
        cls._posted_invoice(cls.account, today.replace(month=1, day=1), qty=100.0)
        cls.env["res.partner"].browse(cls.account.ids)._kam_recompute_segmentation()
        cls.env["kam.complaint"].create(
            {
                "partner_id": cls.account.id,
                "category": "packaging",
                "severity": "medium",
                "user_id": cls.demo.id,
            }
        )
        program = cls.env["kam.rebate.program"].create(
            {
                "name": "Tour volume rebate",
                "date_start": today.replace(month=1, day=1),
                "date_end": today.replace(month=12, day=31),
                "basis": "quantity",
                "uom_id": cls.uom_ton.id,
                "partner_ids": [fields.Command.set(cls.account.ids)],
                "tier_ids": [
                    fields.Command.create({"threshold": 0.0, "rate": 1.0}),
                    fields.Command.create({"threshold": 500.0, "rate": 2.0}),
                ],
            }
        )
        program.action_activate()

    def test_key_account_user_tour(self):
        """The KAM user opens an account from Sales > Key Accounts, reads its tabs,
        logs a visit and edits the decision unit; another manager's account stays
        out of the list, its complaints out of sight."""
        self.start_tour("/odoo", "kam_tour_key_account_user", login="demo")
        visit = self.env["kam.visit"].search([("partner_id", "=", self.account.id)])
        self.assertEqual(
            visit.summary, "Annual price review with the purchasing director"
        )
        self.assertEqual(self.buyer.function, "Purchasing Director")
