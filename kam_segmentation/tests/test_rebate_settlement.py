# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KamRebateCommon


@tagged("post_install", "-at_install")
class TestRebateSettlement(KamRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # seed 002's table in tons, retroactive, on a price of 5,000 a ton
        cls.program = cls._program(
            [(0, 0), (500, 1), (1000, 2), (2000, 3)],
            basis="quantity",
            uom_id=cls.uom_ton.id,
            partner_ids=[fields.Command.set((cls.customer | cls.customer_2).ids)],
        )
        cls.program.action_activate()

    def _tons(self, tons, day, partner=None, move_type="out_invoice"):
        return self._invoice(
            partner or self.customer,
            day,
            [(self.product, tons, 5000.0)],
            move_type=move_type,
        )

    def _settle(self, day, partners=None):
        before = self.program.settlement_ids
        self.program.action_settle(date=day, partners=partners)
        return (self.program.settlement_ids - before).sorted("id")

    def test_delta_settlement_across_three_runs(self):
        """Each run pays only the difference: a tier jump, then a return after it."""
        self._tons(600, "2026-02-10")
        first = self._settle("2026-03-31", self.customer)
        self.assertEqual(len(first), 1)
        self.assertRecordValues(
            first,
            [
                {
                    "volume": 600.0,
                    "rate": 1.0,
                    "entitlement": 30000.0,
                    "previously_settled": 0.0,
                    "amount": 30000.0,
                    "state": "done",
                }
            ],
        )
        # re-running pays nothing twice
        self.assertFalse(self._settle("2026-03-31", self.customer))
        # second run: 1,100 t reaches 2 % on the whole volume (retroactive)
        self._tons(500, "2026-05-10")
        second = self._settle("2026-06-30", self.customer)
        self.assertRecordValues(
            second,
            [
                {
                    "volume": 1100.0,
                    "rate": 2.0,
                    "entitlement": 110000.0,
                    "previously_settled": 30000.0,
                    "amount": 80000.0,
                    "state": "done",
                }
            ],
        )
        # a return after the settlement drops the volume back to 900 t
        self._tons(200, "2026-07-15", move_type="out_refund")
        third = self._settle("2026-09-30", self.customer)
        self.assertRecordValues(
            third,
            [
                {
                    "volume": 900.0,
                    "rate": 1.0,
                    "entitlement": 45000.0,
                    "previously_settled": 110000.0,
                    "amount": -65000.0,
                    "state": "review",
                    "credit_note_id": False,
                }
            ],
        )
        # shown on the progress, left for a person: a rerun replaces it, never stacks
        again = self._settle("2026-09-30", self.customer)
        self.assertEqual(again.amount, -65000.0)
        self.assertEqual(third.state, "cancel")
        open_reviews = self.program.settlement_ids.filtered(
            lambda s: s.state == "review"
        )
        self.assertEqual(open_reviews, again)
        self.assertEqual(self._progress(self.program).settled, 110000.0)
        # the person accepts (recovered from the customer): it counts
        again.action_accept()
        self.assertEqual(again.state, "done")
        self.assertFalse(self._settle("2026-09-30", self.customer))
        self._tons(300, "2026-10-10")
        fourth = self._settle("2026-10-31", self.customer)
        self.assertEqual(fourth.entitlement, 120000.0)
        self.assertEqual(fourth.previously_settled, 45000.0)
        self.assertEqual(fourth.amount, 75000.0)
        credit_notes = self.program.settlement_ids.credit_note_id
        self.assertEqual(sum(credit_notes.mapped("amount_untaxed")), 185000.0)

    def test_credit_note_is_a_draft_rebate_refund(self):
        """The settlement's credit note is a draft refund with the rebate product."""
        account = self.env["account.account"].search(
            [
                ("company_ids", "in", self.env.company.ids),
                ("account_type", "=", "income"),
            ],
            limit=1,
        )
        self.program.rebate_account_id = account
        self._tons(1000, "2026-02-10", partner=self.contact)
        settlement = self._settle("2026-03-31")
        note = settlement.credit_note_id
        self.assertRecordValues(
            note,
            [
                {
                    "move_type": "out_refund",
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "kam_is_rebate": True,
                    "amount_untaxed": 100000.0,
                    "invoice_date": date(2026, 3, 31),
                }
            ],
        )
        self.assertEqual(note.invoice_line_ids.product_id, self.rebate_product)
        self.assertEqual(note.invoice_line_ids.account_id, account)
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            note.unlink()
        # reversing the rebate (a debit of the rebate product) adds no volume
        self.rebate_product.kam_rebate_excluded = False
        self._invoice(self.customer, "2026-04-01", [(self.rebate_product, 1.0, 99.0)])
        on_amount = self._program([(0, 1)], name="On amount")
        volumes = on_amount._kam_volumes(date(2026, 12, 31))
        self.assertEqual(volumes[self.customer.id][1], 5000000.0)

    def test_customers_even_or_without_volume_get_nothing(self):
        """A customer below the first paying tier gets no settlement and no document."""
        self._tons(100, "2026-02-10")
        self.program.action_settle(date="2026-03-31")
        self.assertFalse(self.program.settlement_ids)

    def test_cancelled_credit_note_is_paid_again(self):
        """A cancelled rebate credit note no longer counts as paid."""
        self._tons(600, "2026-02-10")
        first = self._settle("2026-03-31")
        with self.assertRaisesRegex(UserError, "credit note"):
            first.action_cancel()
        first.credit_note_id.button_cancel()
        first.action_cancel()
        second = self._settle("2026-04-30")
        self.assertEqual(second.previously_settled, 0.0)
        self.assertEqual(second.amount, 30000.0)

    def test_invoice_cancelled_after_settlement(self):
        """A customer whose only invoice was cancelled after being paid shows a
        negative difference, even without any invoice left."""
        self.program.partner_ids = False  # every customer: only those with invoices
        invoice = self._tons(600, "2026-02-10")
        self._settle("2026-03-31")
        invoice.button_draft()
        invoice.button_cancel()
        self.assertNotIn(self.customer.id, self.program._kam_volumes(date(2026, 4, 30)))
        review = self._settle("2026-04-30")
        self.assertRecordValues(
            review,
            [{"volume": 0.0, "entitlement": 0.0, "amount": -30000.0}],
        )
        self.assertEqual(review.state, "review")

    def test_only_reviews_are_decided(self):
        """Accepting is for negative differences only."""
        self._tons(600, "2026-02-10")
        first = self._settle("2026-03-31")
        with self.assertRaisesRegex(UserError, "review"):
            first.action_accept()

    def test_wizard_settles_the_chosen_customers(self):
        """The wizard settles the customers picked, up to the date given."""
        self._tons(600, "2026-02-10")
        self._tons(1200, "2026-02-10", partner=self.customer_2)
        wizard = Form(
            self.env["kam.rebate.settle.wizard"].with_context(
                active_model="kam.rebate.program", active_id=self.program.id
            )
        )
        self.assertEqual(wizard.program_id, self.program)
        wizard.partner_ids.add(self.customer_2)
        wizard.date = date(2026, 3, 31)
        self.assertIn(self.customer_2.name, wizard.preview)
        self.assertNotIn(self.customer.name, wizard.preview)
        self.assertFalse(self.program.settlement_ids)  # a preview writes nothing
        action = wizard.save().action_settle()
        settlement = self.program.settlement_ids
        self.assertEqual(settlement.partner_id, self.customer_2)
        self.assertEqual(settlement.amount, 120000.0)
        self.assertEqual(action["res_model"], "kam.rebate.settlement")

    def test_statement_reads_back(self):
        """The .xlsx statement lists invoices, tiers, entitlement and settlements."""
        first_invoice = self._tons(600, "2026-02-10")
        self._settle("2026-03-31")
        self._tons(500, "2026-05-10")
        refund = self._tons(50, "2026-05-20", move_type="out_refund")
        settlement = self._settle("2026-06-30")
        self.assertTrue(settlement.statement_filename.endswith(".xlsx"))
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(settlement.statement_file))
        )
        cells = [
            [cell for cell in row if cell is not None]
            for row in book.active.iter_rows(values_only=True)
        ]
        flat = [value for row in cells for value in row]
        self.assertIn(self.program.name, flat)
        self.assertIn(self.customer.display_name, flat)
        self.assertIn(first_invoice.name, flat)
        self.assertIn(refund.name, flat)
        total = next(row for row in cells if row and row[0] == "Total")
        self.assertEqual(total[1:], [1050.0, 5250000.0])
        entitlement = next(r for r in cells if r and r[0] == "Entitlement to date")
        self.assertEqual(entitlement[1], 105000.0)
        self.assertIn(30000.0, flat)  # the earlier settlement
        this = next(r for r in cells if r and str(r[0]).startswith("Amount ("))
        self.assertEqual(this[1], 75000.0)
        reached = [r for r in cells if "yes" in r]
        self.assertEqual(reached[0][0], 1000.0)
        (chart,) = book.active._charts  # volume against the tiers
        self.assertEqual(type(chart).__name__, "BarChart")
        action = settlement.action_download_statement()
        self.assertIn("statement_file", action["url"])

    def test_progressive_amount_settlement(self):
        """A progressive amount program settles each slice at its own rate."""
        program = self._program(
            [(0, 0.5), (1000000, 1), (2500000, 1.5)],
            calculation="progressive",
            name="Pharma progressive",
        )
        program.action_activate()
        self._tons(620.2, "2026-03-01")  # 3,101,000
        program.action_settle(date="2026-03-31")
        # 5,000 + 15,000 + 9,015
        self.assertEqual(program.settlement_ids.amount, 29015.0)

    def test_period_end_cron_settles_and_closes(self):
        """After the period, the daily cron settles up to its last day and closes."""
        self._tons(600, "2026-12-31")
        self._tons(600, "2027-01-01")
        with freeze_time("2026-12-31"):
            self.env["kam.rebate.program"]._cron_kam_rebates()
        self.assertEqual(self.program.state, "active")
        self.assertFalse(self.program.settlement_ids)
        with freeze_time("2027-01-02"):
            self.env["kam.rebate.program"]._cron_kam_rebates()
        self.assertEqual(self.program.state, "closed")
        self.assertRecordValues(
            self.program.settlement_ids,
            [{"date": date(2026, 12, 31), "volume": 600.0, "amount": 30000.0}],
        )

    def test_period_end_cron_reports_a_misconfigured_program(self):
        """A program without a rebate product stays active and says why."""
        self._tons(600, "2026-06-01")
        self.program.rebate_product_id = False
        with freeze_time("2027-01-02"):
            self.env["kam.rebate.program"]._cron_kam_rebates()
        self.assertEqual(self.program.state, "active")
        self.assertFalse(self.program.settlement_ids)
        self.assertIn("rebate product", self.program.message_ids[0].body)

    def test_rebates_granted_per_customer(self):
        """Segmentation counts the rebates granted to a customer in its 12 months."""
        self._tons(600, "2026-02-10")
        self._settle("2026-03-31")
        self._tons(500, "2026-05-10")
        self._settle("2026-06-30")
        partners = self.env["res.partner"].browse((self.customer | self.customer_2).ids)
        # the window of 2027-03-31 starts on 2026-04-01: only the second settlement
        partners._kam_recompute_segmentation(today=date(2027, 3, 31))
        self.assertEqual(self.customer.kam_rebate_12m, 80000.0)
        self.assertEqual(self.customer_2.kam_rebate_12m, 0.0)
        # cancelling its credit note takes it out of what was granted
        self.program.settlement_ids.filtered(
            lambda s: s.date == date(2026, 6, 30)
        ).credit_note_id.button_cancel()
        partners._kam_recompute_segmentation(today=date(2027, 3, 31))
        self.assertEqual(self.customer.kam_rebate_12m, 0.0)

    def test_review_workbook_rows(self):
        """The review workbook gets one row per program and customer, in order."""
        self._tons(1100, "2026-02-10")
        self._settle("2026-03-31", self.customer)
        self.customer.kam_manager_id = self.kam_user
        rows = self.env["kam.rebate.program"]._kam_review_rebate_rows(
            self.contact | self.customer_2, date(2026, 1, 1), date(2026, 3, 31)
        )
        self.assertIn(
            (
                self.program.name,
                self.customer.display_name,
                self.kam_user.name,
                1100.0,
                self.uom_ton.name,
                "2 %",
                110000.0,
                110000.0,
                2000.0,
                900.0,
            ),
            rows,
        )
        customer_2_row = next(r for r in rows if r[1] == self.customer_2.display_name)
        self.assertEqual(customer_2_row[3], 0.0)
        self.assertEqual(customer_2_row[8:], (500.0, 500.0))

    def test_settlement_run_writes_the_program_row(self):
        """A settlement run writes its program's row, so a concurrent run conflicts."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE kam_rebate_program SET write_date = '2000-01-01' WHERE id = %s",
            [self.program.id],
        )
        self._tons(600, "2026-02-10")
        self._settle("2026-03-31", self.customer)
        self.env.cr.execute(
            "SELECT write_date FROM kam_rebate_program WHERE id = %s",
            [self.program.id],
        )
        self.assertGreater(self.env.cr.fetchone()[0].year, 2000)

    def test_review_workbook_rows_of_the_current_company_only(self):
        """The rebates sheet lists the current company's programs, not every allowed."""
        other = self.env["res.company"].create({"name": "Niacin Rebates Europe"})
        self.env.user.company_ids |= other
        foreign = self._program(
            [(0, 1)], name="Europe rebate (test)", company_id=other.id
        )
        foreign.with_company(other).action_activate()
        Program = self.env["kam.rebate.program"].with_context(
            allowed_company_ids=[self.env.company.id, other.id]
        )
        rows = Program._kam_review_rebate_rows(
            self.customer, date(2026, 1, 1), date(2026, 3, 31)
        )
        names = {row[0] for row in rows}
        self.assertIn(self.program.name, names)
        self.assertNotIn(foreign.name, names)

    def test_statement_writes_formula_like_names_as_text(self):
        """A customer named like a formula appears as that text in the statement."""
        self.customer.name = "=1+1"
        self._tons(600, "2026-02-10")
        settlement = self._settle("2026-03-31", self.customer)
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(settlement.statement_file)), data_only=True
        )
        flat = [
            value
            for row in book.active.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        self.assertIn("=1+1", flat)

    def test_volume_just_under_a_tier_is_not_rounded_into_it(self):
        """999.996 t stays under the 1,000 t tier: stored, settled, on the statement."""
        kg = self.env.ref("uom.product_uom_kgm")
        self._invoice(self.customer, "2026-02-10", [(self.product, 999996.0, 5.0, kg)])
        settlement = self._settle("2026-03-31", self.customer)
        self.assertRecordValues(
            settlement,
            [{"volume": 999.996, "rate": 1.0, "entitlement": 49999.8}],
        )
        progress = self._progress(self.program)
        self.assertEqual(progress.volume, 999.996)
        self.assertEqual(progress.next_threshold, 1000.0)
        self.assertAlmostEqual(progress.volume_missing, 0.004, places=6)
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(settlement.statement_file))
        )
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
        tiers = {r[0]: r for r in rows if r[0] in (500.0, 1000.0) and r[1]}
        self.assertEqual(tiers[500.0][2], "yes")
        self.assertEqual(tiers[500.0][3], 999.996)
        self.assertIsNone(tiers[1000.0][3])
        volume = next(r for r in rows if r[0] == "Volume")
        self.assertEqual(volume[1], 999.996)
