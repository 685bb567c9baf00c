# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on complaints by users with an ordinary login, grouped by class: each
checks the refusal and, re-read as superuser, that nothing changed."""

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.kam_lifecycle.tests.common import KamAttackMixin

from .common import KamComplaintCommon

Command = fields.Command


class KamComplaintAttackCommon(KamAttackMixin, KamComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam_user_3 = new_test_user(
            cls.env, login="kam_user_3", groups="kam_lifecycle.group_kam_user"
        )
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Other Pharma Co",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user_3.id,
            }
        )
        cls.billing = new_test_user(
            cls.env, login="kam_billing", groups="account.group_account_invoice"
        )
        cls.complaint = cls._new_complaint(description="Caking in the bags")
        cls.complaint.with_user(cls.service).action_submit()


@tagged("post_install", "-at_install")
class TestComplaintOwnership(KamComplaintAttackCommon):
    """1. and 2. A complaint stays with its account."""

    def test_complaint_moved_to_other_account(self):
        """The key-account manager cannot move a complaint to another's account."""
        self.assertRefused(
            AccessError,
            self.complaint,
            self.rpc,
            self.kam_user,
            "kam.complaint",
            "write",
            self.complaint.ids,
            {"partner_id": self.other.id},
        )

    def test_complaint_handed_away(self):
        """Nor hand it to a responsible who would take it out of his reach."""
        self.assertRefused(
            AccessError,
            self.complaint,
            self.rpc,
            self.service,
            "kam.complaint",
            "write",
            self.complaint.ids,
            {"partner_id": self.other.id, "user_id": self.kam_user_3.id},
        )

    def test_complaint_created_on_other_account(self):
        """A KAM user files nothing into another manager's account for someone else."""
        self.assertRefused(
            AccessError,
            self.Complaint,
            self.rpc,
            self.kam_user,
            "kam.complaint",
            "create",
            {
                "partner_id": self.other.id,
                "category": "quality",
                "user_id": self.kam_user_3.id,
            },
        )

    def test_contact_detached_with_its_complaints(self):
        """Detaching the contact a complaint was filed on is refused."""
        complaint = self._new_complaint(contact_id=self.contact.id)
        self.assertRefused(
            AccessError,
            [self.contact, complaint],
            self.rpc,
            self.kam_user_3,
            "res.partner",
            "write",
            self.contact.ids,
            {"parent_id": False, "is_company": True, "user_id": self.kam_user_3.id},
        )
        self.assertEqual(complaint.commercial_partner_id, self.customer)


@tagged("post_install", "-at_install")
class TestComplaintSystemFields(KamComplaintAttackCommon):
    """3. Workflow, related and SLA fields are written by the system only."""

    def test_related_and_sla_fields(self):
        """Commercial partner and SLA times refuse a write, administrators too."""
        admin = self.env.ref("base.user_admin")
        for user in (self.service, self.kam_manager, admin):
            for vals in (
                {"commercial_partner_id": self.other.id},
                {"commercial_partner_id": False},
                {"date_ack_deadline": "2099-01-01 00:00:00"},
                {"date_resolve_deadline": "2099-01-01 00:00:00"},
                {"date_ack_escalation": "2099-01-01 00:00:00"},
                {"date_resolve_escalation": "2099-01-01 00:00:00"},
                {"is_overdue": False},
                {"sla_resolve_level": 0},
            ):
                with self.subTest(user=user.login, vals=vals):
                    error = self.assertRefused(
                        AccessError,
                        self.complaint,
                        self.rpc,
                        user,
                        "kam.complaint",
                        "write",
                        self.complaint.ids,
                        vals,
                    )
                    self.assertIn("set by the system", str(error))

    def test_workflow_fields(self):
        """State, approvals and decision dates change through the buttons only."""
        for vals in (
            {"state": "approved"},
            {"date_approved": "2020-01-01 00:00:00"},
            {"submitted_by_id": self.kam_manager.id},
            {"approval_ids": [Command.create({"name": "Mine", "sequence": 1})]},
            {"credit_note_id": False},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(
                    AccessError,
                    self.complaint,
                    self.rpc,
                    self.env.ref("base.user_admin"),
                    "kam.complaint",
                    "write",
                    self.complaint.ids,
                    vals,
                )

    def test_create_with_workflow_values(self):
        """A complaint is born in draft: other states, workflow dates and computed
        fields are refused on create, and defaults from the context ignored."""
        base = {"partner_id": self.customer.id, "category": "quality"}
        for vals in (
            {"state": "approved"},
            {"date_approved": "2020-01-01 00:00:00"},
            {"commercial_partner_id": False},
            {"date_resolve_deadline": "2099-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(
                    AccessError,
                    self.Complaint,
                    self.rpc,
                    self.service,
                    "kam.complaint",
                    "create",
                    dict(base, **vals),
                )
        new_id = self.rpc(
            self.service,
            "kam.complaint",
            "create",
            dict(base, state="draft"),
            context={
                "default_state": "approved",
                "default_date_approved": "2020-01-01 00:00:00",
            },
        )
        new = self.Complaint.browse(new_id)
        self.assertEqual(new.state, "draft")
        self.assertFalse(new.date_approved)
        self.assertEqual(new.commercial_partner_id, self.customer)

    def test_copy_starts_over(self):
        """A copy of a submitted complaint is a new draft with its own deadlines."""
        copy_id = self.rpc(self.service, "kam.complaint", "copy", self.complaint.ids)
        copy = self.Complaint.browse(copy_id)
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.submitted_by_id)
        self.assertEqual(copy.commercial_partner_id, self.customer)

    def test_credit_note_link_refused(self):
        """A billing user cannot link a credit note to a complaint."""
        move = self.env["account.move"].create(
            {"move_type": "out_refund", "partner_id": self.customer.id}
        )
        self.assertRefused(
            AccessError,
            move,
            self.rpc,
            self.billing,
            "account.move",
            "write",
            move.ids,
            {"kam_complaint_id": self.complaint.id},
        )


@tagged("post_install", "-at_install")
class TestComplaintBadArguments(KamComplaintAttackCommon):
    """6. Bad arguments and values get a clear error and write nothing."""

    def test_reject_with_a_number_as_reason(self):
        """A reason that is not a text is refused in words."""
        self._rule("Managers")
        complaint = self._waiting()
        for method in ("action_reject", "action_rework"):
            for reason in (12345, ["a"], {"x": 1}):
                with self.subTest(method=method, reason=reason):
                    error = self.assertRefused(
                        UserError,
                        [complaint, complaint.approval_ids],
                        self.rpc,
                        self.kam_manager,
                        "kam.complaint",
                        method,
                        complaint.ids,
                        reason=reason,
                    )
                    self.assertIn("must be a text", str(error))

    def test_nan_and_nul(self):
        """NaN costs and NUL characters are refused, naming the field."""
        complaint = self._proposal()
        for vals in (
            {"resolution_cost": float("nan")},
            {"resolution_cost": "Infinity"},
            {"quantity_affected": float("-inf")},
            {"description": "bad\x00text"},
            {"root_cause": "\x00"},
            {"severity": "apocalyptic"},
        ):
            with self.subTest(vals=vals):
                error = self.assertRefused(
                    ValidationError,
                    complaint,
                    self.rpc,
                    self.service,
                    "kam.complaint",
                    "write",
                    complaint.ids,
                    vals,
                )
                name = next(iter(vals))
                self.assertIn(
                    complaint._fields[name]._description_string(self.env), str(error)
                )
        self.assertRefused(
            ValidationError,
            self.Complaint,
            self.rpc,
            self.service,
            "kam.complaint",
            "create",
            {"partner_id": self.customer.id, "resolution_cost": float("nan")},
        )
