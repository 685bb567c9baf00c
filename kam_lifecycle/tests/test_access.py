# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import KamCommon

PERSONAL = [
    "kam_hometown",
    "kam_education",
    "kam_interests",
    "kam_family_notes",
    "kam_colleague_notes",
    "kam_career_plans",
    "kam_consent_date",
]


@tagged("post_install", "-at_install")
class TestPersonalProfile(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        export = cls.env.ref("base.group_allow_export")
        (cls.kam_user | cls.kam_manager).groups_id = [fields.Command.link(export.id)]
        cls.contact.write(
            {
                "kam_hometown": "Changsha",
                "kam_interests": "Table tennis",
                "kam_consent_date": fields.Date.today(),
                "kam_role": "decision_maker",
                "kam_attitude": "champion",
            }
        )

    def test_manager_reads_and_writes_personal_profile(self):
        """A KAM manager reads and updates a contact's personal profile."""
        contact = self.contact.with_user(self.kam_manager)
        self.assertEqual(contact.read(["kam_hometown"])[0]["kam_hometown"], "Changsha")
        contact.write({"kam_education": "Hunan Agricultural University"})
        self.assertEqual(contact.kam_education, "Hunan Agricultural University")
        rows = contact.export_data(["name", "kam_hometown"])["datas"]
        self.assertEqual(rows, [["Li Wei", "Changsha"]])

    def test_kam_user_cannot_read_personal_profile(self):
        """A KAM user reads the decision unit but not the personal profile (RPC)."""
        contact = self.contact.with_user(self.kam_user)
        self.assertEqual(contact.read(["kam_role"])[0]["kam_role"], "decision_maker")
        for field in PERSONAL:
            with self.assertRaises(AccessError):
                contact.read([field])
        with self.assertRaises(AccessError):
            contact.search([("kam_hometown", "=", "Changsha")])
        self.assertNotIn("kam_hometown", contact.fields_get())
        self.assertNotIn("kam_hometown", contact.read()[0])

    def test_kam_user_cannot_write_personal_profile(self):
        """A KAM user cannot write a personal profile, not even on their account."""
        contact = self.contact.with_user(self.kam_user)
        with self.assertRaises(AccessError):
            contact.write({"kam_hometown": "Beijing"})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.kam_user).create(
                {"name": "New", "parent_id": self.customer.id, "kam_hometown": "X"}
            )
        self.assertEqual(self.contact.kam_hometown, "Changsha")

    def test_personal_profile_not_copied(self):
        """Duplicating a contact does not duplicate its personal profile."""
        copy = self.contact.copy()
        self.assertFalse(copy.kam_hometown)
        self.assertFalse(copy.kam_consent_date)

    def test_kam_user_cannot_export_personal_profile(self):
        """A KAM user's export of personal fields is refused."""
        contact = self.contact.with_user(self.kam_user)
        with self.assertRaises(AccessError):
            contact.export_data(["name", "kam_hometown"])
        with self.assertRaises(AccessError):
            contact.export_data(["name", "child_ids/kam_family_notes"])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.kam_user).export_data(
                ["kam_contact_ids/kam_interests"]
            )

    def test_kam_user_key_account_form(self):
        """A KAM user opens the Key Account page without the personal profile."""
        form = Form(self.customer.with_user(self.kam_user))
        self.assertEqual(form.kam_manager_id, self.kam_user)
        self.assertNotIn("kam_hometown", form._view["fields"])
        form.kam_sensitivity = "service"
        form.save()
        self.assertIn("Service-sensitive", self.customer.kam_sensitivity_strategy)

    def test_manager_form_shows_personal_profile(self):
        """A KAM manager sees the personal profile on the contact form."""
        form = Form(self.contact.with_user(self.kam_manager))
        self.assertEqual(form.kam_hometown, "Changsha")


@tagged("post_install", "-at_install")
class TestRecordRules(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Other Feed Co",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user_2.id,
            }
        )
        cls.line_own = cls.env["kam.competitor.line"].create(
            {
                "partner_id": cls.customer.id,
                "competitor": "Lonza",
                "estimated_share": 30,
            }
        )
        cls.line_other = cls.env["kam.competitor.line"].create(
            {"partner_id": cls.other.id, "competitor": "Vertellus"}
        )
        cls.event_other = cls.env["kam.lifecycle.event"].create(
            {"partner_id": cls.other.id, "phase_to": "formation", "reason": "Test"}
        )

    def test_kam_user_sees_own_competitor_lines(self):
        """A KAM user sees and edits competitor lines of their own key accounts only."""
        Line = self.env["kam.competitor.line"].with_user(self.kam_user)
        self.assertEqual(Line.search([]), self.line_own)
        self.line_own.with_user(self.kam_user).estimated_share = 35
        with self.assertRaises(AccessError):
            self.line_other.with_user(self.kam_user).read(["competitor"])
        with self.assertRaises(AccessError):
            Line.create({"partner_id": self.other.id, "competitor": "X"})

    def test_salesperson_of_account_sees_it(self):
        """The account's salesperson (user_id) counts as its owner."""
        self.other.user_id = self.kam_user
        Line = self.env["kam.competitor.line"].with_user(self.kam_user)
        self.assertEqual(Line.search([]), self.line_own | self.line_other)

    def test_manager_sees_all(self):
        """A KAM manager sees every key account's records."""
        Line = self.env["kam.competitor.line"].with_user(self.kam_manager)
        self.assertLessEqual(self.line_own | self.line_other, Line.search([]))
        Event = self.env["kam.lifecycle.event"].with_user(self.kam_manager)
        self.assertIn(self.event_other, Event.search([]))

    def test_events_read_only(self):
        """Nobody but the system writes lifecycle events."""
        Event = self.env["kam.lifecycle.event"]
        self.assertNotIn(self.event_other, Event.with_user(self.kam_user).search([]))
        for user in (self.kam_user, self.kam_manager, self.kam_admin):
            with self.assertRaises(AccessError):
                Event.with_user(user).create({"partner_id": self.customer.id})
            with self.assertRaises(AccessError):
                self.event_other.with_user(user).write({"reason": "Forged"})
            with self.assertRaises(AccessError):
                self.event_other.with_user(user).unlink()

    def test_salesman_without_kam_group(self):
        """A plain salesman has no access to the key-account records."""
        for model in ("kam.competitor.line", "kam.lifecycle.event", "kam.visit"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.salesman).search([])

    def test_records_per_company(self):
        """Records of another company are invisible even to a manager."""
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        line_b = self.env["kam.competitor.line"].create(
            {
                "partner_id": self.customer.id,
                "competitor": "B",
                "company_id": company_b.id,
            }
        )
        Line = self.env["kam.competitor.line"].with_user(self.kam_manager)
        self.assertNotIn(line_b, Line.search([]))
        self.kam_manager.company_ids |= company_b
        Line = Line.with_context(allowed_company_ids=[company_b.id])
        self.assertIn(line_b, Line.search([]))

    def test_competitor_share_validated(self):
        """An estimated share above 100 % is refused."""
        with self.assertRaises(ValidationError) as ctx:
            self.line_own.estimated_share = 120
        self.assertIn("percentage", str(ctx.exception))

    def test_competitor_line_on_contact_rolls_up(self):
        """A competitor line entered on a contact belongs to its company."""
        line = self.env["kam.competitor.line"].create(
            {"partner_id": self.contact.id, "competitor": "DSM"}
        )
        self.assertEqual(line.partner_id, self.customer)


@tagged("post_install", "-at_install")
class TestKeyAccountOwnership(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Other Feedmill",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user_2.id,
            }
        )
        cls.plain = cls.env["res.partner"].create(
            {"name": "Plain Customer", "is_company": True}
        )

    def test_kam_user_cannot_take_over_an_account(self):
        """A KAM user cannot make themselves manager or salesperson of an account."""
        other = self.other.with_user(self.kam_user)
        with self.assertRaises(AccessError):
            other.write({"kam_manager_id": self.kam_user.id})
        with self.assertRaises(AccessError):
            other.write({"user_id": self.kam_user.id})
        with self.assertRaises(AccessError):
            self.plain.with_user(self.kam_user).write(
                {"kam_is_key_account": True, "kam_manager_id": self.kam_user.id}
            )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.kam_user).write({"kam_is_key_account": False})
        self.assertEqual(self.other.kam_manager_id, self.kam_user_2)
        self.assertFalse(self.other.user_id)
        self.assertFalse(self.plain.kam_is_key_account)

    def test_kam_user_cannot_create_a_key_account(self):
        """Creating a key account or naming its manager needs KAM manager rights."""
        partners = self.env["res.partner"].with_user(self.kam_user)
        with self.assertRaises(AccessError):
            partners.create({"name": "New Key", "kam_is_key_account": True})
        with self.assertRaises(AccessError):
            partners.create({"name": "New Key", "kam_manager_id": self.kam_user.id})
        partner = partners.create({"name": "New Customer", "user_id": self.kam_user.id})
        self.assertEqual(partner.user_id, self.kam_user)

    def test_manager_assigns_accounts(self):
        """A KAM manager makes a client a key account and assigns its owners."""
        plain = self.plain.with_user(self.kam_manager)
        plain.write(
            {
                "kam_is_key_account": True,
                "kam_manager_id": self.kam_user.id,
                "user_id": self.kam_user_2.id,
            }
        )
        self.assertEqual(self.plain.kam_manager_id, self.kam_user)
        self.assertEqual(self.plain.user_id, self.kam_user_2)

    def test_sales_flows_on_normal_customers_unchanged(self):
        """Salespeople still assign the salesperson of a customer that is no key
        account, and rewriting unchanged owners is no change."""
        seller = new_test_user(
            self.env,
            login="kam_seller",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        self.plain.with_user(seller).write({"user_id": seller.id})
        self.assertEqual(self.plain.user_id, seller)
        self.plain.with_user(self.kam_user).write({"user_id": self.kam_user.id})
        self.assertEqual(self.plain.user_id, self.kam_user)
        self.customer.with_user(self.kam_user).write(
            {"kam_manager_id": self.kam_user.id, "kam_is_key_account": True}
        )
