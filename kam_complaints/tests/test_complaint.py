# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintBasics(KamComplaintCommon):
    def test_new_complaint_is_draft_for_the_customer(self):
        """A new complaint starts in draft, for the commercial partner of a contact."""
        complaint = self._new_complaint(partner_id=self.contact.id)
        self.assertEqual(complaint.state, "draft")
        self.assertEqual(complaint.commercial_partner_id, self.customer)
        self.assertEqual(complaint.kam_manager_id, self.kam_user)

    def test_salesman_without_kam_group_cannot_read(self):
        """A salesman outside the KAM groups has no access to complaints."""
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesman).read(["name"])

    def test_number_from_sequence(self):
        """Each complaint gets its own number from the sequence."""
        first = self._new_complaint()
        second = self._new_complaint()
        self.assertTrue(first.name.startswith("CMP/"))
        self.assertNotEqual(first.name, second.name)

    def test_form_files_a_complaint(self):
        """Customer service files a complaint through the form, with its details."""
        order = self._confirmed_order(self.customer, date(2026, 1, 5))
        form = Form(self.Complaint.with_user(self.kam_manager))
        form.partner_id = self.customer
        form.contact_id = self.contact
        form.sale_order_id = order
        form.sale_line_id = order.order_line
        form.lot_ref = "L2026-01"
        form.quantity_affected = 2.0
        form.category = "packaging"
        form.severity = "high"
        form.customer_request = "Replace the torn bags"
        complaint = form.save()
        self.assertEqual(complaint.product_id, self.product)
        self.assertEqual(complaint.product_uom_id, self.uom_ton)
        self.assertEqual(complaint.user_id, self.kam_manager)

    def test_submit_acknowledges_to_the_customer(self):
        """Submitting sends the customer the acknowledgement with the number."""
        self.customer.email = "quality@feedmill.example.com"
        complaint = self._new_complaint()
        complaint.with_user(self.service).action_submit()
        message = complaint.message_ids.filtered(
            lambda m: complaint.name in (m.subject or "")
        )
        self.assertTrue(message, "the acknowledgement is in the chatter")
        self.assertIn(complaint.name, str(message.body))
        self.assertIn(self.customer, message.partner_ids)
        self.assertEqual(complaint.submitted_by_id, self.service)
        self.assertTrue(complaint.date_submitted)

    def test_state_changes_are_tracked(self):
        """The state change is tracked in the chatter, with who made it."""
        complaint = self._new_complaint().with_context(
            tracking_disable=False, mail_notrack=False
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # as if the complaint was created earlier
        complaint.with_user(self.service).action_submit()
        complaint.with_user(self.service).action_investigate()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit time
        complaint.invalidate_recordset(["message_ids"])
        tracked = complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked[:1].new_value_char, "Investigation")
        self.assertEqual(
            tracked.mail_message_id.author_id, self.service.partner_id, "who"
        )

    def test_duplicate_starts_as_a_new_draft(self):
        """Duplicating a closed complaint gives a new draft with its own number."""
        complaint = self._force_state(self._new_complaint(), "closed")
        duplicate = complaint.with_user(self.service).copy()
        self.assertEqual(duplicate.state, "draft")
        self.assertNotEqual(duplicate.name, complaint.name)

    def test_contact_must_belong_to_customer(self):
        """A contact of another company is refused."""
        other = self.env["res.partner"].create(
            {"name": "Other Ltd", "is_company": True}
        )
        with self.assertRaises(ValidationError):
            self._new_complaint(contact_id=other.id)

    def test_order_must_be_the_customers(self):
        """A sale order of another customer is refused."""
        other = self.env["res.partner"].create(
            {"name": "Other Ltd", "is_company": True}
        )
        order = self._confirmed_order(other, date(2026, 1, 5))
        with self.assertRaises(ValidationError):
            self._new_complaint(sale_order_id=order.id)
