# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks by users with an ordinary login, grouped by the class they try: each
checks the refusal and, re-read as superuser, that nothing changed."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KamAttackMixin, KamCommon

Command = fields.Command


class KamAttackCommon(KamAttackMixin, KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # account B: another manager's key account, with a contact
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Other Pharma Co",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user_2.id,
            }
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Zhang Min", "parent_id": cls.other.id, "type": "contact"}
        )
        cls.prospect = cls.env["res.partner"].create(
            {"name": "Plain Prospect Co", "is_company": True}
        )
        cls.year = fields.Date.today().year
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "partner_id": cls.customer.id,
                "year": cls.year,
                "visit_cycle_days": 30,
            }
        )
        cls.other_plan = cls.env["kam.account.plan"].create(
            {"partner_id": cls.other.id, "year": cls.year, "visit_cycle_days": 30}
        )
        (cls.plan | cls.other_plan).with_user(cls.kam_manager).action_agree()
        cls.plan.with_user(cls.kam_user).action_activate()
        cls.other_plan.with_user(cls.kam_user_2).action_activate()
        cls.draft_plan = cls.env["kam.account.plan"].create(
            {"partner_id": cls.customer.id, "year": cls.year + 1}
        )
        cls.visit = cls.env["kam.visit"].create(
            {
                "partner_id": cls.customer.id,
                "date": fields.Date.today() - timedelta(days=3),
                "summary": "Quarterly visit",
                "user_ids": [Command.set(cls.kam_user.ids)],
            }
        )
        cls.competitor = cls.env["kam.competitor.line"].create(
            {"partner_id": cls.customer.id, "competitor": "Rival Chem"}
        )
        cls.review = cls.env["kam.account.plan.review"].create(
            {"plan_id": cls.plan.id, "quarter": "q1", "notes": "<p>On track</p>"}
        )


@tagged("post_install", "-at_install")
class TestOwnershipMoves(KamAttackCommon):
    """1. Who owns a key account cannot be changed around the guard."""

    def test_key_account_made_contact_of_own_account(self):
        """A KAM user cannot make another manager's account a contact of his."""
        for vals in (
            {"is_company": False, "parent_id": self.customer.id},
            {"commercial_partner_id": self.customer.id},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(
                    AccessError,
                    self.other | self.other_contact,
                    self.rpc,
                    self.kam_user,
                    "res.partner",
                    "write",
                    self.other.ids,
                    vals,
                )

    def test_key_account_linked_through_child_commands(self):
        """Linking another account's contact to his own (one2many command) is
        refused."""
        self.assertRefused(
            AccessError,
            self.other_contact | self.customer,
            self.rpc,
            self.kam_user,
            "res.partner",
            "write",
            self.customer.ids,
            {"child_ids": [Command.link(self.other_contact.id)]},
        )

    def test_contact_detached_from_key_account(self):
        """Detaching a contact of another manager's account is refused."""
        self.assertRefused(
            AccessError,
            self.other_contact,
            self.rpc,
            self.kam_user,
            "res.partner",
            "write",
            self.other_contact.ids,
            {"parent_id": False, "is_company": True, "user_id": self.kam_user.id},
        )
        self.assertRefused(
            AccessError,
            self.other_contact,
            self.other_contact.with_user(self.kam_user).write,
            {"parent_id": self.prospect.id},
        )

    def test_own_contact_moved_out_is_refused_too(self):
        """Even his own account's contacts move only by a KAM manager."""
        self.assertRefused(
            AccessError,
            self.contact,
            self.contact.with_user(self.kam_user).write,
            {"parent_id": self.prospect.id},
        )

    def test_manager_moves_between_entities(self):
        """A KAM manager makes the move; the contact then belongs to the other."""
        self.other_contact.with_user(self.kam_manager).write(
            {"parent_id": self.customer.id}
        )
        self.assertEqual(self.other_contact.commercial_partner_id, self.customer)

    def test_moves_without_key_account_stay_free(self):
        """Moving contacts between companies that are not key accounts is ordinary."""
        contact = self.env["res.partner"].create(
            {"name": "Free Agent", "parent_id": self.prospect.id}
        )
        second = self.env["res.partner"].create(
            {"name": "Second Co", "is_company": True}
        )
        contact.with_user(self.kam_user).write({"parent_id": second.id})
        self.assertEqual(contact.commercial_partner_id, second)
        # and a new contact can be added to a key account
        new = (
            self.env["res.partner"]
            .with_user(self.kam_user)
            .create({"name": "New Buyer", "parent_id": self.customer.id})
        )
        self.assertEqual(new.commercial_partner_id, self.customer)


@tagged("post_install", "-at_install")
class TestMoveIntoOtherAccount(KamAttackCommon):
    """2. A record cannot be moved into somebody else's account."""

    def test_plan_visit_competitor_moved_to_other_account(self):
        """Plans, visits and competitor lines keep their account."""
        due_before = self.other.with_company(self.company).kam_next_visit_date
        for record in (self.draft_plan, self.visit, self.competitor):
            with self.subTest(model=record._name):
                self.assertRefused(
                    AccessError,
                    record,
                    self.rpc,
                    self.kam_user,
                    record._name,
                    "write",
                    record.ids,
                    {"partner_id": self.other.id},
                )
        self.assertEqual(self.other.kam_next_visit_date, due_before)

    def test_review_moved_to_other_plan(self):
        """A review cannot be moved to another manager's plan."""
        self.assertRefused(
            AccessError,
            self.review,
            self.rpc,
            self.kam_user,
            "kam.account.plan.review",
            "write",
            self.review.ids,
            {"plan_id": self.other_plan.id},
        )

    def test_partner_commands_create_into_other_account(self):
        """Nor created there through the partner's one2many commands."""
        self.assertRefused(
            AccessError,
            self.other,
            self.rpc,
            self.kam_user,
            "res.partner",
            "write",
            self.other.ids,
            {
                "kam_visit_ids": [
                    Command.create({"summary": "Planted visit", "date": "2020-01-01"})
                ]
            },
        )

    def test_moves_within_own_accounts_stay_possible(self):
        """Moving a visit between two of his own accounts is allowed."""
        second = self.env["res.partner"].create(
            {
                "name": "Second Own Co",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": self.kam_user.id,
            }
        )
        self.visit.with_user(self.kam_user).write({"partner_id": second.id})
        self.assertEqual(self.visit.partner_id, second)


@tagged("post_install", "-at_install")
class TestSystemFields(KamAttackCommon):
    """3. What the system computes is written by the system only."""

    def test_phase_fields_refused_to_everyone(self):
        """The phase and its computed parts: refused, administrators included."""
        admin = self.env.ref("base.user_admin")
        for user in (self.kam_user, self.kam_manager, admin):
            for name, value in (
                ("kam_phase", "stability"),
                ("kam_phase_computed", "stability"),
                ("kam_phase_pending", "decline"),
                ("kam_phase_pending_since", "2020-01-01"),
            ):
                with self.subTest(user=user.login, field=name):
                    error = self.assertRefused(
                        AccessError,
                        self.customer,
                        self.rpc,
                        user,
                        "res.partner",
                        "write",
                        self.customer.ids,
                        {name: value},
                    )
                    self.assertIn("set by the system", str(error))
                    self.assertIn("override", str(error))

    def test_phase_on_create_and_default_context(self):
        """Creating a partner with a phase is refused; a default is ignored."""
        partners = self.env["res.partner"]
        self.assertRefused(
            AccessError,
            partners,
            self.rpc,
            self.kam_manager,
            "res.partner",
            "create",
            {"name": "Planted Co", "is_company": True, "kam_phase": "stability"},
        )
        new_id = self.rpc(
            self.kam_manager,
            "res.partner",
            "create",
            {"name": "Defaulted Co", "is_company": True},
            context={"default_kam_phase": "stability"},
        )
        self.assertFalse(partners.browse(new_id).kam_phase)

    def test_copy_leaves_system_fields(self):
        """A copy starts with no computed phase."""
        self._put_figures(self.prospect, phase="stability", phase_computed="stability")
        self.prospect.invalidate_recordset()
        self.assertEqual(self.prospect.kam_phase, "stability")
        copy_id = self.rpc(self.kam_user, "res.partner", "copy", self.prospect.ids)
        copy = self.env["res.partner"].browse(copy_id)
        self.assertFalse(copy.kam_phase)
        self.assertFalse(copy.kam_phase_computed)

    def test_plan_state_refused(self):
        """A plan's state and sign-off: its buttons only, on create and write."""
        for vals in (
            {"state": "active"},
            {"agreed_by_id": self.kam_user.id},
            {"date_agreed": "2020-01-01"},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(
                    AccessError,
                    self.plan,
                    self.rpc,
                    self.env.ref("base.user_admin"),
                    "kam.account.plan",
                    "write",
                    self.plan.ids,
                    vals,
                )
        self.assertRefused(
            AccessError,
            self.plan,
            self.rpc,
            self.kam_user,
            "kam.account.plan",
            "create",
            {"partner_id": self.customer.id, "year": self.year + 2, "state": "active"},
        )
        plan_id = self.rpc(
            self.kam_user,
            "kam.account.plan",
            "create",
            {"partner_id": self.customer.id, "year": self.year + 2, "state": "draft"},
            context={"default_state": "active", "default_agreed_by_id": 2},
        )
        plan = self.env["kam.account.plan"].browse(plan_id)
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.agreed_by_id)

    def test_review_partner_is_related(self):
        """The review's account follows its plan: it is not written directly."""
        self.assertRefused(
            AccessError,
            self.review,
            self.review.with_user(self.kam_user).write,
            {"partner_id": self.other.id},
        )


@tagged("post_install", "-at_install")
class TestCreatePath(KamAttackCommon):
    """5. The rules that guard ``write`` guard ``create`` too."""

    def test_kam_user_creates_partner_with_override(self):
        """A KAM user cannot create a partner with a phase override."""
        self.assertRefused(
            AccessError,
            self.env["res.partner"],
            self.rpc,
            self.kam_user,
            "res.partner",
            "create",
            {
                "name": "Overridden Co",
                "is_company": True,
                "kam_phase_manual": "stability",
                "kam_phase_manual_reason": "because",
            },
        )

    def test_manager_creates_partner_with_override(self):
        """A KAM manager may: the override takes effect and its event is kept."""
        partner = (
            self.env["res.partner"]
            .with_user(self.kam_manager)
            .create(
                {
                    "name": "Overridden Co",
                    "is_company": True,
                    "kam_phase_manual": "stability",
                    "kam_phase_manual_reason": "Framework contract signed",
                }
            )
        )
        self.assertEqual(partner.kam_phase, "stability")
        event = self.env["kam.lifecycle.event"].search(
            [("partner_id", "=", partner.id)]
        )
        self.assertEqual(len(event), 1)
        self.assertEqual(
            (event.source, event.phase_to, event.reason),
            ("manual", "stability", "Framework contract signed"),
        )

    def test_override_in_the_past_on_create(self):
        """The expiry rule of ``write`` holds on ``create``."""
        with self.assertRaises(ValidationError):
            self.env["res.partner"].with_user(self.kam_manager).create(
                {
                    "name": "Expired Co",
                    "is_company": True,
                    "kam_phase_manual": "decline",
                    "kam_phase_manual_reason": "Lost the tender",
                    "kam_phase_manual_until": "2001-01-01",
                }
            )

    def test_kam_user_creates_key_account(self):
        """Creating a key account (or one with a manager) is for KAM managers."""
        for vals in ({"kam_is_key_account": True}, {"kam_manager_id": 2}):
            with self.subTest(vals=vals):
                self.assertRefused(
                    AccessError,
                    self.env["res.partner"],
                    self.rpc,
                    self.kam_user,
                    "res.partner",
                    "create",
                    {"name": "Self-made Key Co", "is_company": True, **vals},
                )


@tagged("post_install", "-at_install")
class TestBadArguments(KamAttackCommon):
    """6. Bad values get a clear error in the user's language, and write nothing."""

    def test_next_visit_search_with_bad_value(self):
        """A search on the next visit due with a non-date says so."""
        with self.assertRaisesRegex(UserError, "not a date"):
            self.rpc(
                self.kam_user,
                "res.partner",
                "search",
                [("kam_next_visit_date", "<", "not-a-date")],
            )
        found = self.rpc(
            self.kam_user,
            "res.partner",
            "search",
            [("kam_next_visit_date", "<=", "2999-01-01")],
        )
        self.assertIn(self.customer.id, found)

    def test_nan_and_nul_values(self):
        """NaN numbers and NUL characters are refused with the field's name."""
        for model, record, vals in (
            ("kam.account.plan", self.draft_plan, {"target_revenue": float("nan")}),
            ("kam.account.plan", self.draft_plan, {"target_qty": "inf"}),
            ("kam.visit", self.visit, {"summary": "bad\x00text"}),
            ("kam.competitor.line", self.competitor, {"estimated_share": "NaN"}),
            ("res.partner", self.customer, {"kam_annual_requirement": float("inf")}),
            ("res.partner", self.customer, {"kam_usage_habits": "a\x00b"}),
            ("kam.visit", self.visit, {"date": "not-a-date"}),
            ("kam.visit", self.visit, {"visit_type": "party"}),
        ):
            with self.subTest(model=model, vals=vals):
                error = self.assertRefused(
                    ValidationError,
                    record,
                    self.rpc,
                    self.kam_manager,
                    model,
                    "write",
                    record.ids,
                    vals,
                )
                label = record._fields[next(iter(vals))]._description_string(self.env)
                self.assertIn(label, str(error))

    def test_form_save_still_works(self):
        """A KAM user's form of his plan saves as before."""
        with Form(self.env["kam.account.plan"].with_user(self.kam_user)) as form:
            form.partner_id = self.customer
            form.year = self.year + 3
            form.target_revenue = 1000.0
        self.assertEqual(form.record.state, "draft")
