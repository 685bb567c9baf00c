# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamRebateCommon


@tagged("post_install", "-at_install")
class TestRebateProgram(KamRebateCommon):
    def test_bad_tier_tables_are_refused(self):
        """An admin cannot save a tier table that would pay ambiguous rebates."""
        bad = [
            ({"tiers": [(100, 1)]}, "must start at 0"),
            ({"tiers": [(0, 1), (500, 2), (500, 3)]}, "strictly increasing"),
            ({"tiers": [(0, 1), (500, -1)]}, "cannot be negative"),
            ({"tiers": [(0, 1)], "rate_type": "per_unit"}, "percentage"),
            (
                {
                    "tiers": [(0, 1)],
                    "basis": "quantity",
                    "uom_id": self.uom_ton.id,
                    "calculation": "progressive",
                },
                "amount per unit",
            ),
            ({"tiers": [(0, 1)], "basis": "quantity"}, "unit of measure"),
            ({"tiers": [(0, 1)], "date_end": "2025-12-31"}, "ends before it starts"),
        ]
        for values, message in bad:
            with self.subTest(message=message):
                tiers = values.pop("tiers")
                with self.assertRaisesRegex(ValidationError, message):
                    with self.env.cr.savepoint():
                        self._program(tiers, **values)

    def test_mixed_rate_types_are_refused(self):
        """All tiers of a program pay the same kind of rate."""
        program = self._program(
            [(0, 10)],
            basis="quantity",
            uom_id=self.uom_ton.id,
            rate_type="per_unit",
        )
        with self.assertRaisesRegex(ValidationError, "same rate type"):
            program.tier_ids = [
                fields.Command.create(
                    {"threshold": 500, "rate": 1, "rate_type": "percent"}
                )
            ]

    def test_nothing_half_written_on_bad_tiers(self):
        """A refused tier table leaves no program behind."""
        before = self.env["kam.rebate.program"].search_count([])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._program([(0, 1), (0, 2)])
        self.assertEqual(self.env["kam.rebate.program"].search_count([]), before)

    def test_activation_and_frozen_tiers(self):
        """Draft -> active freezes the tiers; active -> closed; no way back."""
        program = self._program([(0, 1), (1000, 2)])
        program.tier_ids[1].rate = 2.5  # draft: editable
        program.action_activate()
        self.assertEqual(program.state, "active")
        with self.assertRaisesRegex(UserError, "frozen"):
            program.tier_ids[1].rate = 3
        with self.assertRaisesRegex(UserError, "frozen"):
            program.tier_ids[1].unlink()
        with self.assertRaisesRegex(UserError, "frozen"):
            self.env["kam.rebate.tier"].create(
                {"program_id": program.id, "threshold": 5000, "rate": 4}
            )
        with self.assertRaisesRegex(UserError, "cannot change"):
            program.calculation = "progressive"
        with self.assertRaisesRegex(UserError, "cannot activate a record in state"):
            program.action_activate()
        with self.assertRaisesRegex(UserError, "buttons"):
            program.with_user(self.kam_admin).state = "draft"
        with self.assertRaisesRegex(UserError, "Only draft"):
            program.unlink()
        program.action_close()
        self.assertEqual(program.state, "closed")
        with self.assertRaisesRegex(UserError, "cannot close a record in state Closed"):
            program.action_close()
        with self.assertRaisesRegex(UserError, "allowed from Active"):
            program.action_reset_draft()

    def test_activation_needs_tiers(self):
        """A program without tiers cannot be activated."""
        program = self._program([])
        with self.assertRaisesRegex(UserError, "no tiers"):
            program.action_activate()

    def test_reset_to_draft_only_without_settlements(self):
        """An active program goes back to draft only while nothing was settled."""
        program = self._program([(0, 1)])
        program.action_activate()
        program.action_reset_draft()
        self.assertEqual(program.state, "draft")
        self._invoice(self.customer, "2026-03-01")
        program.action_activate()
        program.action_settle(date=fields.Date.to_date("2026-03-31"))
        with self.assertRaisesRegex(UserError, "without settlements"):
            program.action_reset_draft()

    def test_draft_program_cannot_be_settled(self):
        """Settling needs an active (or closed) program."""
        program = self._program([(0, 1)])
        with self.assertRaisesRegex(UserError, "draft"):
            program.action_settle()

    def test_overlap_warning(self):
        """Two programs on the same customers, products and period warn of it."""
        first = self._program([(0, 1)], name="Feed annual")
        second = self._program(
            [(0, 2)], name="Feed H2", date_start="2026-07-01", date_end="2026-12-31"
        )
        self.assertIn("Feed annual", second.overlap_warning)
        self.assertIn("Feed H2", first.overlap_warning)
        other_customer = self._program(
            [(0, 2)],
            name="Aquafeed",
            partner_ids=[fields.Command.set(self.customer_2.ids)],
        )
        self.assertFalse(other_customer.overlap_warning)
        next_year = self._program(
            [(0, 2)], name="2027", date_start="2027-01-01", date_end="2027-12-31"
        )
        self.assertFalse(next_year.overlap_warning)
        niacin = self._program(
            [(0, 2)],
            name="Niacin only",
            product_categ_ids=[fields.Command.set(self.categ.ids)],
        )
        services = self._program(
            [(0, 2)],
            name="Services only",
            product_ids=[fields.Command.set(self.product_other.ids)],
        )
        self.assertIn("Feed annual", services.overlap_warning)
        self.assertNotIn("Niacin only", services.overlap_warning)
        self.assertNotIn("Services only", niacin.overlap_warning)

    def test_salesman_reads_progress_but_cannot_configure(self):
        """A salesman reads their customers' progress but cannot configure programs."""
        program = self._program(
            [(0, 1), (10000, 2)],
            partner_ids=[fields.Command.set((self.customer | self.customer_2).ids)],
        )
        self.customer.user_id = self.salesman
        self._invoice(self.customer, "2026-02-01")
        self._invoice(self.customer_2, "2026-02-01")
        program.action_activate()
        progress = self.customer.with_user(self.salesman).kam_rebate_progress_ids
        self.assertEqual(progress.program_id, program)
        self.assertEqual(progress.volume, 5000.0)
        self.assertEqual(progress.earned, 50.0)
        # another salesman's customer: not readable
        Progress = self.env["kam.rebate.progress"]
        self.assertEqual(
            Progress.with_user(self.salesman).search([]).partner_id, self.customer
        )
        theirs = self._progress(program, self.customer_2)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["volume"])
        # a key-account user reads the customers they manage, a manager every one
        self.assertEqual(
            Progress.with_user(self.kam_user).search([]).partner_id, self.customer
        )
        self.assertFalse(Progress.with_user(self.kam_user_2).search([]))
        self.assertEqual(
            Progress.with_user(self.kam_manager)
            .search([("program_id", "=", program.id)])
            .partner_id,
            self.customer | self.customer_2,
        )
        with self.assertRaises(AccessError):
            self.env["kam.rebate.program"].with_user(self.salesman).create(
                {"name": "Mine", "date_start": "2026-01-01", "date_end": "2026-12-31"}
            )
        with self.assertRaises(AccessError):
            program.with_user(self.salesman).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            program.with_user(self.salesman).action_settle()
        with self.assertRaises(AccessError):
            program.with_user(self.salesman).action_activate()
        with self.assertRaises(AccessError):
            self.env["kam.rebate.progress"].with_user(self.salesman).create(
                {"program_id": program.id, "partner_id": self.customer.id}
            )

    def test_refresh_needs_a_key_account_user_who_may_write_the_client(self):
        """Refreshing runs as superuser: only key-account users of the client may."""
        program = self._program([(0, 1), (10000, 2)])
        self._invoice(self.customer, "2026-02-01")
        program.action_activate()
        self.customer.user_id = self.salesman
        progress = self._progress(program)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_kam_refresh_rebates()
        with self.assertRaises(AccessError):
            progress.with_user(self.salesman).action_refresh()
        self.assertTrue(
            self.customer.with_user(self.kam_user).action_kam_refresh_rebates()
        )
        self.assertTrue(progress.with_user(self.kam_user).action_refresh())
        # a client of a company the user does not work for: no write access
        other = self.env["res.company"].create({"name": "Niacin Refresh Europe"})
        foreign = self.env["res.partner"].create(
            {"name": "Foreign feed", "is_company": True, "company_id": other.id}
        )
        with self.assertRaises(AccessError):
            foreign.with_user(self.kam_user).action_kam_refresh_rebates()
        # the whole program: managers only
        with self.assertRaises(AccessError):
            program.with_user(self.kam_user).action_refresh_progress()
        self.assertTrue(program.with_user(self.kam_manager).action_refresh_progress())

    def test_kam_manager_cannot_settle_admin_can(self):
        """Settling pays money: a KAM manager may not, a KAM admin may."""
        program = self._program([(0, 1)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01")
        with self.assertRaises(AccessError):
            program.with_user(self.kam_manager).action_settle()
        program.with_user(self.kam_admin).action_settle(date="2026-03-01")
        settlement = self.env["kam.rebate.settlement"].search(
            [("program_id", "=", program.id)]
        )
        self.assertEqual(settlement.amount, 50.0)
        self.assertEqual(settlement.with_user(self.kam_manager).amount, 50.0)
        with self.assertRaises(AccessError):
            settlement.with_user(self.kam_user).read(["amount"])

    def test_admin_configures_a_program_in_the_form(self):
        """A KAM admin creates a quantity program with its tiers through the form."""
        from odoo.tests import Form

        form = Form(self.env["kam.rebate.program"].with_user(self.kam_admin))
        form.name = "Tons 2026"
        form.date_start = fields.Date.to_date("2026-01-01")
        form.date_end = fields.Date.to_date("2026-12-31")
        form.basis = "quantity"
        form.uom_id = self.uom_ton
        with form.tier_ids.new() as tier:
            tier.threshold = 0
            tier.rate = 0
        with form.tier_ids.new() as tier:
            tier.threshold = 500
            tier.rate = 1
        program = form.save()
        self.assertEqual(program.tier_ids.mapped("threshold"), [0.0, 500.0])
        program.with_user(self.kam_admin).action_activate()
        self.assertEqual(program.state, "active")
