# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two settlement runs of one program at the same time, on two real connections.

The data are committed (each connection sees only committed rows) and removed at the
end; the test transaction itself writes nothing.
"""

import threading
import time

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged

WAIT = 30  # seconds, at most, for the other connection


@tagged("post_install", "-at_install")
class TestSettlementConcurrency(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls.ids = cls._committed_world(env)

    @classmethod
    def _committed_world(cls, env):
        today = fields.Date.today()
        customer = env["res.partner"].create(
            {"name": "Concurrent Feed Mill", "is_company": True}
        )
        product = env["product.product"].create(
            {"name": "Niacin (concurrency test)", "type": "consu", "list_price": 1.0}
        )
        rebate_product = env["product.product"].create(
            {
                "name": "Rebate (concurrency test)",
                "type": "service",
                "taxes_id": [fields.Command.clear()],
                "kam_rebate_excluded": True,
            }
        )
        program = env["kam.rebate.program"].create(
            {
                "name": "Concurrency test program",
                "date_start": today.replace(month=1, day=1),
                "date_end": today.replace(month=12, day=31),
                "basis": "amount",
                "calculation": "retroactive",
                "partner_ids": [fields.Command.set(customer.ids)],
                "rebate_product_id": rebate_product.id,
                "tier_ids": [
                    fields.Command.create(
                        {"threshold": 0, "rate": 5, "rate_type": "percent"}
                    )
                ],
            }
        )
        program.action_activate()
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": today,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1.0,
                            "price_unit": 10000.0,
                            "tax_ids": [fields.Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return {
            "customer": customer.id,
            "products": (product | rebate_product).ids,
            "program": program.id,
            "invoice": invoice.id,
        }

    @classmethod
    def tearDownClass(cls):
        try:
            cls._remove_committed_world()
        finally:
            super().tearDownClass()

    @classmethod
    def _remove_committed_world(cls):
        """Remove the committed data step by step: one failing step (each in its own
        savepoint) leaves the others done and is reported."""
        failures = []
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["kam.rebate.program"].browse(cls.ids["program"])
            settlements = program.settlement_ids
            invoice = env["account.move"].browse(cls.ids["invoice"])
            credit_notes = settlements.credit_note_id
            attachments = env["ir.attachment"].search(
                [
                    ("res_model", "=", settlements._name),
                    ("res_id", "in", settlements.ids),
                ]
            )
            steps = [
                attachments.unlink,
                settlements.unlink,
                credit_notes.unlink,
                program.action_reset_draft,
                program.unlink,
                invoice.button_draft,
                invoice.unlink,
                env["product.product"].browse(cls.ids["products"]).unlink,
                env["res.partner"].browse(cls.ids["customer"]).unlink,
            ]
            for step in steps:
                try:
                    with cr.savepoint():
                        step()
                except Exception as error:  # noqa: BLE001 - reported below
                    failures.append(repr(error))
        if failures:
            raise AssertionError(f"committed test data left behind: {failures}")

    def _settle(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        return env["kam.rebate.program"].browse(self.ids["program"]).action_settle()

    def _waits_for_a_lock(self, pid):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            row = cr.fetchone()
        return bool(row) and row[0] == "Lock"

    def test_second_run_waits_then_retries_and_pays_nothing_twice(self):
        """Run B waits for run A, fails to serialize, and its retry pays nothing."""
        outcome = {}

        def run_b(cr):
            try:
                # never wait forever, even if run A is never committed
                cr.execute("SET LOCAL lock_timeout = '60s'")
                self._settle(cr)
                outcome["b"] = "settled"
            except SerializationFailure:
                outcome["b"] = "serialization failure"
            except Exception as error:  # noqa: BLE001 - asserted below
                outcome["b"] = repr(error)
            finally:
                cr.rollback()

        cr_a = self.registry.cursor()
        cr_b = self.registry.cursor()
        thread = threading.Thread(target=run_b, args=(cr_b,), daemon=True)
        try:
            cr_b.execute("SELECT pg_backend_pid()")
            pid_b = cr_b.fetchone()[0]
            action_a = self._settle(cr_a)  # holds the program row
            self.assertEqual(action_a["res_model"], "kam.rebate.settlement")
            thread.start()
            deadline = time.monotonic() + WAIT
            while not self._waits_for_a_lock(pid_b) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertTrue(self._waits_for_a_lock(pid_b), "run B did not wait")
            cr_a.commit()
        finally:
            # release run A's lock first (a no-op after the commit), then B can end
            cr_a.rollback()
            cr_a.close()
            if thread.is_alive():
                thread.join(WAIT)
            if not thread.is_alive():
                cr_b.close()
        self.assertFalse(thread.is_alive())
        self.assertEqual(outcome.get("b"), "serialization failure")
        # Odoo retries a transaction that failed to serialize: the retry sees A's run
        with self.registry.cursor() as cr_retry:
            action = self._settle(cr_retry)
        self.assertEqual(action.get("tag"), "display_notification")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            settlements = env["kam.rebate.settlement"].search(
                [("program_id", "=", self.ids["program"])]
            )
            self.assertEqual(len(settlements), 1)
            self.assertEqual(settlements.amount, 500.0)
            self.assertEqual(settlements.credit_note_id.amount_untaxed, 500.0)
