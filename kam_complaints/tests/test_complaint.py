# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintBasics(KamComplaintCommon):
    def test_new_complaint_is_draft_for_the_customer(self):
        """A new complaint starts in draft, for the commercial partner of a contact."""
        complaint = self._new_complaint(partner_id=self.contact.id)
        self.assertEqual(complaint.state, "draft")
        self.assertEqual(complaint.commercial_partner_id, self.customer)

    def test_salesman_without_kam_group_cannot_read(self):
        """A salesman outside the KAM groups has no access to complaints."""
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesman).read(["name"])
