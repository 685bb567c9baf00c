# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamCommon


class KamPlanCommon(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Other Pharma Co",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user_2.id,
            }
        )
        cls.year = fields.Date.today().year
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "partner_id": cls.customer.id,
                "year": cls.year,
                "target_qty": 100.0,
                "target_revenue": 500000.0,
                "target_share": 0.2,
                "visit_cycle_days": 30,
                "exec_visit_cycle_days": 180,
            }
        )

    def _activate(self, plan):
        plan.with_user(self.kam_manager).action_agree()
        plan.with_user(self.kam_user).action_activate()


@tagged("post_install", "-at_install")
class TestAccountPlan(KamPlanCommon):
    def test_plan_lifecycle(self):
        """Draft, agreed by a manager, activated, closed: each step by its button."""
        plan = self.plan.with_user(self.kam_user)
        with self.assertRaises(AccessError):
            plan.action_agree()
        self.plan.with_user(self.kam_manager).action_agree()
        self.assertEqual(plan.state, "agreed")
        self.assertEqual(plan.agreed_by_id, self.kam_manager)
        plan.action_activate()
        self.assertEqual(plan.state, "active")
        plan.action_close()
        self.assertEqual(plan.state, "closed")

    def test_refused_transitions(self):
        """A plan cannot skip a state or leave a closed state."""
        plan = self.plan.with_user(self.kam_manager)
        with self.assertRaises(UserError):
            plan.action_activate()
        with self.assertRaises(UserError):
            plan.action_close()
        with self.assertRaises(UserError):
            plan.action_reset_draft()
        self._activate(self.plan)
        plan.action_close()
        for action in (
            plan.action_agree,
            plan.action_activate,
            plan.action_reset_draft,
        ):
            with self.assertRaises(UserError):
                action()
        self.assertEqual(plan.state, "closed")

    def test_state_not_writable(self):
        """Writing the state directly is refused."""
        with self.assertRaises(UserError):
            self.plan.with_user(self.kam_manager).write({"state": "active"})
        self.assertEqual(self.plan.state, "draft")

    def test_transition_context_key_is_no_bypass(self):
        """A KAM user cannot agree a plan or forge its sign-off through the
        context or the sign-off fields."""
        plan = self.plan.with_user(self.kam_user).with_context(kam_plan_transition=True)
        for vals in (
            {"state": "agreed"},
            {"agreed_by_id": self.kam_user.id},
            {"date_agreed": "2026-01-01"},
        ):
            with self.assertRaises(UserError):
                plan.write(vals)
        self.plan.with_user(self.kam_manager).action_agree()
        with self.assertRaises(UserError):
            plan.write({"target_revenue": 1.0})
        self.assertEqual(self.plan.state, "agreed")
        self.assertEqual(self.plan.agreed_by_id, self.kam_manager)
        # nor by creating a plan already agreed
        for vals in (
            {"state": "active"},
            {"agreed_by_id": self.kam_manager.id},
            {"date_agreed": "2026-01-01"},
        ):
            with self.assertRaises(UserError):
                self.env["kam.account.plan"].with_user(self.kam_user).create(
                    dict(vals, partner_id=self.customer.id, year=self.year + 1)
                )
        # the transition still checks the record rules of the acting user
        foreign = self.plan.with_user(self.kam_user_2)
        with self.assertRaises(AccessError):
            foreign.action_activate()
        self.assertEqual(self.plan.state, "agreed")

    def test_targets_frozen_once_agreed(self):
        """Agreed targets are frozen until a manager resets the plan to draft."""
        self.plan.with_user(self.kam_manager).action_agree()
        with self.assertRaises(UserError):
            self.plan.with_user(self.kam_user).target_revenue = 1.0
        self.plan.with_user(self.kam_user).goals = "<p>Win the premix line</p>"
        with self.assertRaises(AccessError):
            self.plan.with_user(self.kam_user).action_reset_draft()
        self.plan.with_user(self.kam_manager).action_reset_draft()
        self.plan.with_user(self.kam_user).target_revenue = 1.0
        self.assertEqual(self.plan.target_revenue, 1.0)

    def test_one_active_plan(self):
        """A client has one active plan per company."""
        self._activate(self.plan)
        next_plan = self.plan.copy({"year": self.year + 1})
        next_plan.with_user(self.kam_manager).action_agree()
        with self.assertRaises(UserError):
            next_plan.action_activate()

    def test_one_plan_per_year(self):
        """Two plans of the same client, company and year are refused."""
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.plan.copy()
            self.env.flush_all()

    def test_bad_targets(self):
        """Negative targets or a share above 100 % are refused."""
        with self.assertRaises(ValidationError):
            self.plan.target_qty = -1
        with self.assertRaises(ValidationError):
            self.plan.target_share = 1.5
        with self.assertRaises(ValidationError):
            self.plan.year = 1900

    def test_plan_on_contact_refused(self):
        """A plan belongs to the company, not to one of its contacts."""
        with self.assertRaises(ValidationError):
            self.env["kam.account.plan"].create(
                {"partner_id": self.contact.id, "year": self.year + 2}
            )

    def test_actuals_from_confirmed_sales(self):
        """Actuals count the year's confirmed sales of the client, its contacts and
        addresses, in the plan's unit."""
        in_year = date(self.year, 3, 1)
        self._confirmed_order(self.customer, in_year, [(self.product, 10.0, 5000.0)])
        self._confirmed_order(
            self.delivery, in_year, [(self.product, 2000.0, 6.0, self.uom_kg)]
        )
        self._confirmed_order(self.contact, date(self.year - 1, 12, 31))
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [fields.Command.create({"product_id": self.product.id})],
            }
        )
        plan = self.plan.with_user(self.kam_user)
        self.assertAlmostEqual(plan.actual_qty, 12.0)
        self.assertAlmostEqual(plan.actual_revenue, 62000.0)
        self.assertEqual(plan.actual_orders, 2)
        self.assertAlmostEqual(plan.actual_avg_price, 62000.0 / 12, places=2)
        self.assertAlmostEqual(plan.actual_share, 12.0 / 1000.0)
        self.assertAlmostEqual(plan.qty_achievement, 12.0)
        self.assertAlmostEqual(plan.revenue_achievement, 62000.0 / 5000.0)

    def test_actuals_other_company_excluded(self):
        """Sales of another company do not count for the plan."""
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        self.env.user.company_ids |= company_b
        self._confirmed_order(self.customer, date(self.year, 3, 1), company=company_b)
        self.assertEqual(self.plan.actual_orders, 0)

    def test_plan_rights_per_group(self):
        """A KAM user plans their own accounts only; deleting is for managers."""
        Plan = self.env["kam.account.plan"].with_user(self.kam_user)
        other_plan = self.env["kam.account.plan"].create(
            {"partner_id": self.other.id, "year": self.year}
        )
        self.assertEqual(Plan.search([]), self.plan)
        with self.assertRaises(AccessError):
            other_plan.with_user(self.kam_user).read(["year"])
        with self.assertRaises(AccessError):
            Plan.create({"partner_id": self.other.id, "year": self.year + 1})
        with self.assertRaises(AccessError):
            self.plan.with_user(self.kam_user).unlink()
        with self.assertRaises(AccessError):
            self.env["kam.account.plan"].with_user(self.salesman).search([])
        self.assertLessEqual(
            self.plan | other_plan,
            self.env["kam.account.plan"].with_user(self.kam_manager).search([]),
        )
        other_plan.with_user(self.kam_manager).unlink()

    def test_quarterly_reviews(self):
        """The KAM user writes one review note per quarter."""
        Review = self.env["kam.account.plan.review"].with_user(self.kam_user)
        Review.create({"plan_id": self.plan.id, "quarter": "q1", "notes": "On track"})
        self.assertEqual(self.plan.review_ids.quarter, "q1")
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            Review.create({"plan_id": self.plan.id, "quarter": "q1"})
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestVisits(KamPlanCommon):
    def _visit(self, partner, when, visit_type="sales", user=None):
        return (
            self.env["kam.visit"]
            .with_user(user or self.kam_user)
            .create(
                {
                    "partner_id": partner.id,
                    "date": when,
                    "visit_type": visit_type,
                    "summary": "Discussed the 2027 volumes",
                }
            )
        )

    def test_next_visit_from_plan_cycles(self):
        """The next visit is the last visit plus the active plan's cycle."""
        self.assertFalse(self.customer.kam_next_visit_date)
        self._activate(self.plan)
        start = date(self.year, 1, 1)
        self.assertEqual(self.customer.kam_next_visit_date, start + timedelta(days=30))
        today = fields.Date.today()
        self._visit(self.customer, today - timedelta(days=5))
        self._visit(self.customer, today - timedelta(days=20))
        self.assertEqual(
            self.customer.kam_next_visit_date,
            min(today + timedelta(days=25), start + timedelta(days=180)),
        )
        self._visit(self.customer, today - timedelta(days=1), "executive")
        self.assertEqual(self.customer.kam_next_visit_date, today + timedelta(days=25))

    def test_next_visit_follows_every_change(self):
        """The stored next visit due follows each change of what it depends on: a
        visit logged, redated, moved to another client or deleted, the plan reset
        to draft (the date goes), its cycle changed, the plan closed."""
        self.plan.exec_visit_cycle_days = 0  # the sales cycle alone
        self._activate(self.plan)
        start = date(self.year, 1, 1)
        today = fields.Date.today()
        visit = self._visit(self.customer, today - timedelta(days=10))
        self.assertEqual(self.customer.kam_next_visit_date, today + timedelta(days=20))
        visit.with_user(self.kam_manager).date = today - timedelta(days=12)
        self.assertEqual(self.customer.kam_next_visit_date, today + timedelta(days=18))
        other_plan = self.plan.copy({"partner_id": self.other.id})
        other_plan.with_user(self.kam_manager).action_agree()
        other_plan.with_user(self.kam_manager).action_activate()
        visit.with_user(self.kam_manager).partner_id = self.other
        self.assertEqual(self.customer.kam_next_visit_date, start + timedelta(days=30))
        self.assertEqual(self.other.kam_next_visit_date, today + timedelta(days=18))
        visit.with_user(self.kam_manager).unlink()
        self.assertEqual(self.other.kam_next_visit_date, start + timedelta(days=30))
        plan = self.plan.with_user(self.kam_manager)
        plan.action_reset_draft()
        self.assertFalse(self.customer.kam_next_visit_date)
        plan.visit_cycle_days = 10
        self._activate(self.plan)
        self.assertEqual(self.customer.kam_next_visit_date, start + timedelta(days=10))
        self.plan.with_user(self.kam_user).action_close()
        self.assertFalse(self.customer.kam_next_visit_date)
        self.assertEqual(self.other.kam_next_visit_date, start + timedelta(days=30))

    def test_next_visit_repaired_by_the_daily_check(self):
        """A visit written in SQL (an import, a merge of partners) bypasses the
        ORM: the daily overdue check stores every client's date again first."""
        self.plan.exec_visit_cycle_days = 0  # the sales cycle alone
        self._activate(self.plan)
        start = date(self.year, 1, 1)
        today = fields.Date.today()
        self.env.flush_all()
        self.env.cr.execute(
            "INSERT INTO kam_visit (partner_id, company_id, date, visit_type, summary)"
            " VALUES (%s, %s, %s, 'sales', 'imported')",
            [self.customer.id, self.env.company.id, today - timedelta(days=3)],
        )
        self.env["kam.partner.figure"]._kam_invalidate()
        self.assertEqual(self.customer.kam_next_visit_date, start + timedelta(days=30))
        self.env["kam.visit"]._cron_kam_visit_overdue()
        self.assertEqual(self.customer.kam_next_visit_date, today + timedelta(days=27))

    def test_next_visit_read_and_searched_without_the_visits(self):
        """The form reads the next visit due with the other figures, and a filter on
        it is one condition of the query: neither reads the visits or plans."""
        self._activate(self.plan)
        self._visit(self.customer, fields.Date.today() - timedelta(days=1))
        partner = self.customer.with_user(self.kam_user)
        partner.read(["kam_next_visit_date", "kam_phase"])
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            due = partner.kam_next_visit_date
            phase = partner.kam_phase
        self.assertTrue(due)
        self.assertFalse(phase)
        Partner = self.env["res.partner"].with_user(self.kam_user)
        Partner.search([("kam_next_visit_date", "<", due)])
        with self.assertQueryCount(1):
            found = Partner.search([("kam_next_visit_date", "<=", due)]).ids
        self.assertIn(self.customer.id, found)

    def test_next_visit_per_company(self):
        """The next visit due counts the plans and visits of the current company
        only; the visit cron finds an account overdue in either company."""
        other_company = self.env["res.company"].create({"name": "Other Niacin Co"})
        self.env.user.company_ids |= other_company
        plan = self.plan.copy({"company_id": other_company.id, "visit_cycle_days": 5})
        plan.write({"state": "active"})
        self.assertFalse(self.customer.kam_next_visit_date)
        start = date(self.year, 1, 1)
        in_other = self.customer.with_company(other_company)
        self.assertEqual(in_other.kam_next_visit_date, start + timedelta(days=5))
        self._activate(self.plan)
        self.assertEqual(self.customer.kam_next_visit_date, start + timedelta(days=30))
        Partner = self.env["res.partner"]
        domain = [
            ("id", "=", self.customer.id),
            ("kam_next_visit_date", "<", start + timedelta(days=10)),
        ]
        self.assertFalse(Partner.search(domain))
        self.assertEqual(
            Partner.with_company(other_company).search(domain), self.customer
        )
        self.assertEqual(
            Partner.search(
                [("id", "=", self.customer.id), ("kam_next_visit_date", "=", False)]
            ),
            Partner,
        )
        with freeze_time(start + timedelta(days=10)):
            self.env["kam.visit"]._cron_kam_visit_overdue()
        activity_type = self.env.ref(
            "kam_lifecycle.mail_activity_type_kam_visit_overdue"
        )
        self.assertTrue(
            self.customer.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
        )

    def test_visit_rights_per_group(self):
        """A KAM user logs visits of their own accounts; deleting is for managers."""
        visit = self._visit(self.customer, fields.Date.today())
        with self.assertRaises(AccessError):
            self._visit(self.other, fields.Date.today())
        with self.assertRaises(AccessError):
            visit.with_user(self.kam_user_2).read(["summary"])
        with self.assertRaises(AccessError):
            visit.with_user(self.kam_user).unlink()
        self._visit(self.other, fields.Date.today(), user=self.kam_manager).unlink()
        visit.with_user(self.kam_manager).unlink()

    def test_visit_bad_input(self):
        """A visit in the future or on a contact is refused."""
        with self.assertRaises(ValidationError):
            self._visit(self.customer, fields.Date.today() + timedelta(days=1))
        with self.assertRaises(ValidationError):
            self._visit(self.contact, fields.Date.today())

    def test_overdue_visit_cron(self):
        """An overdue visit raises one activity for the key-account manager, once."""
        self._activate(self.plan)
        when = date(self.year, 1, 1) + timedelta(days=100)
        self._visit(self.customer, when - timedelta(days=40))
        self._visit(self.other, when - timedelta(days=5), user=self.kam_manager)
        Visit = self.env["kam.visit"]
        activity_type = self.env.ref(
            "kam_lifecycle.mail_activity_type_kam_visit_overdue"
        )

        def overdue_activities():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("activity_type_id", "=", activity_type.id),
                    ("res_id", "in", (self.customer | self.other).ids),
                ]
            )

        with freeze_time(when):
            Visit._cron_kam_visit_overdue()
            activity = overdue_activities()
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.res_id, self.customer.id)
            self.assertEqual(activity.user_id, self.kam_user)
            Visit._cron_kam_visit_overdue()
            self.assertEqual(overdue_activities(), activity)
            # logging the visit settles the to-do
            self._visit(self.customer, when)
            self.assertFalse(overdue_activities())
            Visit._cron_kam_visit_overdue()
            self.assertFalse(overdue_activities())
