# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from odoo.addons.kam_lifecycle.tests.tour_common import KamTourCase


@tagged("post_install", "-at_install", "kam_tour")
class TestTourPortfolioManager(KamTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._user(
            "kam_tour_manager", "kam_lifecycle.group_kam_manager", "Li Na"
        )
        cls.company.write({"kam_seg_sow_high": 0.5, "kam_seg_requirement_big": 1e6})
        day = fields.Date.today() - timedelta(days=20)
        key = cls._key_account(
            "Tour Key Client", cls.manager, kam_annual_requirement=500
        )
        develop = cls._key_account(
            "Tour Develop Client", cls.manager, kam_annual_requirement=500
        )
        cls._confirmed_order(key, day, qty=300.0)
        cls._confirmed_order(develop, day, qty=10.0)
        cls.env["kam.complaint.approval.rule"].search([]).active = False
        cls.env["kam.complaint.approval.rule"].create(
            {
                "name": "KAM manager",
                "min_cost": 0.0,
                "approver_type": "group",
                "group_id": cls.env.ref("kam_lifecycle.group_kam_manager").id,
            }
        )
        complaint = cls.env["kam.complaint"].create(
            {"partner_id": key.id, "category": "delivery_delay", "severity": "low"}
        )
        complaint.sudo().write(
            {
                "state": "proposal",
                "resolution_type": "replacement",
                "resolution_cost": 800,
            }
        )
        complaint.action_request_approval()

    def test_portfolio_manager_tour(self):
        """The KAM manager opens the morning dashboard and the complaint waiting for
        him, recomputes the segments, reviews the portfolio as a list,
        pivot and graph, opens a client from the matrix and downloads the quarterly
        review workbook."""
        self.start_tour("/odoo", "kam_tour_portfolio_manager", login="kam_tour_manager")
        key = self.env["res.partner"].search([("name", "=", "Tour Key Client")])
        self.assertEqual(key.kam_quadrant, "key")
        wizard = self.env["kam.review.wizard"].search(
            [("file_name", "!=", False), ("create_uid", "=", self.manager.id)],
            order="id desc",
            limit=1,
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        self.assertIn(
            "Tour Key Client", str([c.value for c in book.worksheets[0]["A"]])
        )
        self.assertEqual(book.active.title, "Charts")
        self.assertEqual(len(book["Charts"]._charts), 4)
