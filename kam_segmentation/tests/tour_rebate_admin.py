# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourRebateAdmin(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls._user(
            "kam_tour_admin",
            "kam_lifecycle.group_kam_admin,sales_team.group_sale_manager,"
            "account.group_account_invoice",
            "Zhou Jie",
        )
        cls.customer = cls._key_account("Tour Niacin Buyer", cls.admin)
        today = fields.Date.today()
        cls._posted_invoice(cls.customer, today.replace(month=1, day=1), 30.0)
        cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.admin.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 10.0,
                            "price_unit": 5000.0,
                            "tax_id": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )

    def test_rebate_admin_tour(self):
        """The KAM administrator creates a three-tier program and activates it; the
        customer's quotation shows the Rebates hint; the settlement pays the
        difference and its statement downloads."""
        self.start_tour("/odoo", "kam_tour_rebate_admin", login="kam_tour_admin")
        program = self.env["kam.rebate.program"].search(
            [("name", "=", "Tour tiered rebate")]
        )
        self.assertEqual(program.state, "active")
        self.assertEqual(
            program.tier_ids.mapped("threshold"), [0.0, 100000.0, 250000.0]
        )
        settlement = program.settlement_ids
        self.assertEqual(settlement.partner_id, self.customer)
        # 150,000 invoiced: the second tier, 2 % of the whole volume
        self.assertAlmostEqual(settlement.amount, 3000.0)
        self.assertEqual(settlement.credit_note_id.state, "draft")
        self.assertTrue(settlement.statement_file)
