# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourComplaintApproval(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls._user(
            "kam_tour_service", "kam_lifecycle.group_kam_user", "Zhao Min"
        )
        cls.manager = cls._user(
            "kam_tour_manager", "kam_lifecycle.group_kam_manager", "Li Na"
        )
        cls.vp = cls._user(
            "kam_tour_vp",
            "sales_team.group_sale_manager,kam_lifecycle.group_kam_manager,"
            "account.group_account_invoice",
            "Chen Gang",
        )
        calendar = cls.env["resource.calendar"].create(
            {"name": "Tour 40 hours (UTC)", "tz": "UTC", "company_id": cls.company.id}
        )
        cls.company.resource_calendar_id = calendar
        cls.customer = cls._key_account(
            "Tour Pharma Wholesale", cls.manager, email="purchasing@pharma.example.com"
        )
        Rule = cls.env["kam.complaint.approval.rule"]
        Rule.search([]).active = False
        Rule.create(
            {
                "name": "KAM manager from 10,000",
                "min_cost": 10000.0,
                "approver_type": "group",
                "group_id": cls.env.ref("kam_lifecycle.group_kam_manager").id,
                "sequence": 10,
            }
        )
        Rule.create(
            {
                "name": "Sales VP from 15,000",
                "min_cost": 15000.0,
                "approver_type": "user",
                "user_id": cls.vp.id,
                "sequence": 20,
            }
        )

    def test_complaint_approval_tour(self):
        """Customer service files, investigates and proposes a 20,000 credit note;
        the KAM manager approves in My Approvals, then the sales VP; the resolved
        complaint's draft credit note opens."""
        self.start_tour("/odoo", "kam_tour_complaint_service", login="kam_tour_service")
        complaint = self.env["kam.complaint"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(complaint.state, "waiting_approval")
        self.assertEqual(complaint.resolution_cost, 20000.0)
        self.start_tour("/odoo", "kam_tour_complaint_manager", login="kam_tour_manager")
        self.start_tour("/odoo", "kam_tour_complaint_vp", login="kam_tour_vp")
        complaint.invalidate_recordset()
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(
            complaint.approval_ids.sorted("sequence").reviewed_by_id,
            self.manager | self.vp,
        )
        self.assertEqual(complaint.credit_note_id.state, "draft")
        self.assertEqual(complaint.credit_note_id.amount_untaxed, 20000.0)
