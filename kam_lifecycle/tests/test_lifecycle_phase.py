# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.kam_lifecycle.models.kam_partner_figure import twelve_months

from .common import KamCommon, sql_on_values


class KamPhaseCommon(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.Partner = cls.env["res.partner"]

    def _client(self, name="Client"):
        return self.Partner.create({"name": name, "is_company": True})

    def _history(self, partner, days_amounts, company=None):
        """Confirmed orders of ``partner`` ``days`` before today, each of ``amount``."""
        return self._confirmed_orders_bulk(
            [(partner, self.today - timedelta(days=d), a) for d, a in days_amounts],
            company=company,
        )

    def _monthly(self, partner, first_day, count, amount=1000.0, step=30):
        self._history(partner, [(first_day + step * i, amount) for i in range(count)])

    def _recompute(self, partner, days_later=0, company=None):
        env_partner = partner.with_company(company or self.env.company)
        env_partner._kam_recompute_phases(today=self.today + timedelta(days=days_later))
        return env_partner

    def _events(self, partner, company=None):
        return self.env["kam.lifecycle.event"].search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", (company or self.env.company).id),
            ]
        )

    def _last_rule(self, partner):
        return self._events(partner).filtered(lambda e: e.source == "computed")[:1].rule


@tagged("post_install", "-at_install")
class TestPhaseRules(KamPhaseCommon):
    def test_exploration_by_age_boundary(self):
        """A client whose first order is 364 days old explores; at 365 days it forms."""
        young, older = self._client("Young"), self._client("Older")
        days = [300, 240, 180, 120, 60, 10]
        self._history(young, [(364, 1000.0)] + [(d, 1000.0) for d in days])
        self._history(older, [(365, 1000.0)] + [(d, 1000.0) for d in days])
        self._recompute(young)
        self._recompute(older)
        self.assertEqual(young.kam_phase, "exploration")
        self.assertEqual(self._last_rule(young), "exploration")
        self.assertEqual(older.kam_phase, "formation")
        self.assertEqual(self._last_rule(older), "formation_growth")

    def test_exploration_by_order_count_boundary(self):
        """An old client with two orders still explores; a third order moves it on."""
        two, three = self._client("Two"), self._client("Three")
        self._history(two, [(400, 1000.0), (10, 1000.0)])
        self._history(three, [(400, 1000.0), (200, 1000.0), (10, 1000.0)])
        self._recompute(two)
        self._recompute(three)
        self.assertEqual(two.kam_phase, "exploration")
        self.assertEqual(three.kam_phase, "formation")

    def test_stability_regular_steady(self):
        """Monthly orders of the same value for two years are a stable relationship."""
        client = self._client()
        self._monthly(client, 15, 24)
        self._recompute(client)
        self.assertEqual(client.kam_phase, "stability")
        self.assertEqual(client.kam_phase_computed, "stability")
        event = self._events(client)
        self.assertEqual(event.rule, "stability")
        self.assertEqual(event.metrics["orders_12m"], 12)
        self.assertEqual(event.metrics["orders_prev_12m"], 12)
        self.assertEqual(event.metrics["revenue_12m"], 12000.0)
        self.assertEqual(event.metrics["p90_gap_days"], 30.0)

    def test_gaps_are_between_order_days(self):
        """Several orders on one day make one order day: the gaps between the days
        100, 40 and 10 days ago are 60 and 30 (median 45, 90th percentile 57)."""
        client = self._client()
        days = (100, 100, 100, 40, 40, 10)
        self._history(client, [(d, 1000.0) for d in days])
        self._recompute(client)
        metrics = self._events(client).metrics
        self.assertEqual(metrics["orders"], 6)
        self.assertEqual(metrics["median_gap_days"], 45.0)
        self.assertEqual(metrics["p90_gap_days"], 57.0)
        company = self.env.company
        self.assertEqual(
            metrics["recency_limit_days"],
            round(
                max(
                    57.0 * company.kam_recency_p90_factor, company.kam_recency_min_days
                ),
                1,
            ),
        )

    def test_single_order_day_uses_the_fixed_recency(self):
        """Three orders on the same day give no gap: the fixed recency limit holds."""
        client = self._client()
        self._history(client, [(30, 1000.0)] * 3)
        self._recompute(client)
        metrics = self._events(client).metrics
        self.assertEqual(metrics["orders"], 3)
        self.assertIsNone(metrics["p90_gap_days"])
        self.assertIsNone(metrics["median_gap_days"])
        self.assertEqual(
            metrics["recency_limit_days"], float(self.env.company.kam_recency_days)
        )

    def _growth_case(self, last_amount):
        client = self._client()
        self._monthly(client, 375, 12)  # 12,000 in the 12 months before
        self._monthly(client, 45, 11)  # 11,000 in the last 12 months ...
        self._history(client, [(15, last_amount)])  # ... plus this order
        self._recompute(client)
        return client

    def test_formation_growth_boundary(self):
        """Revenue up 20 % against the year before is formation; just below is not."""
        self.assertEqual(self._growth_case(3400.0).kam_phase, "formation")
        below = self._growth_case(3399.0)
        self.assertEqual(below.kam_phase, "stability")

    def test_formation_irregular_boundary(self):
        """Steady revenue from only 3 orders a year is formation, from 4 stability."""
        three, four = self._client("Three"), self._client("Four")
        for client, count in ((three, 3), (four, 4)):
            self._history(client, [(375 + 90 * i, 3000.0) for i in range(4)])
            self._history(
                client, [(15 + 90 * i, 12000.0 / count) for i in range(count)]
            )
        self._recompute(three)
        self._recompute(four)
        self.assertEqual(three.kam_phase, "formation")
        self.assertEqual(self._last_rule(three), "formation_irregular")
        self.assertEqual(four.kam_phase, "stability")

    def _drop_case(self, last_amount):
        client = self._client()
        self._monthly(client, 375, 12)  # 12,000 before
        self._monthly(client, 45, 11, amount=700.0)  # 7,700 ...
        self._history(client, [(15, last_amount)])  # ... plus this order
        self._recompute(client)
        return client

    def test_decline_revenue_drop_boundary(self):
        """Revenue down 25 % against the year before is not yet decline; lower is."""
        self.assertEqual(self._drop_case(1300.0).kam_phase, "stability")
        falling = self._drop_case(1299.0)
        self.assertEqual(falling.kam_phase, "decline")
        self.assertEqual(self._last_rule(falling), "decline_trend")

    def test_decline_order_count_boundary(self):
        """Nine orders after twelve (-25 %) is steady; eight is a decline."""
        nine, eight = self._client("Nine"), self._client("Eight")
        for client, count in ((nine, 9), (eight, 8)):
            self._monthly(client, 375, 12)
            self._monthly(client, 15, count, amount=12000.0 / count)
        self._recompute(nine)
        self._recompute(eight)
        self.assertEqual(nine.kam_phase, "stability")
        self.assertEqual(eight.kam_phase, "decline")
        self.assertEqual(self._last_rule(eight), "decline_trend")

    def test_decline_recency_relative_to_own_gap(self):
        """Monthly buyer: 45 days without order (1.5 x its p90 gap) is fine, 46 not."""
        on_time, late = self._client("On time"), self._client("Late")
        self._monthly(on_time, 45, 24)
        self._monthly(late, 46, 24)
        self._recompute(on_time)
        self._recompute(late)
        self.assertEqual(on_time.kam_phase, "stability")
        self.assertEqual(late.kam_phase, "decline")
        event = self._events(late)
        self.assertEqual(event.rule, "decline_recency")
        self.assertEqual(event.metrics["days_since_last_order"], 46)
        self.assertEqual(event.metrics["recency_limit_days"], 45.0)
        self.assertIn("Days since the last order: 46", event.metrics_display)

    def test_decline_recency_without_history(self):
        """One order: 180 days of silence is still exploration, 181 days decline."""
        client = self._client()
        self._history(client, [(180, 1000.0)])
        self._recompute(client)
        self.assertEqual(client.kam_phase, "exploration")
        self._recompute(client, days_later=1)
        self.assertEqual(client.kam_phase_pending, "decline")
        self._recompute(client, days_later=2)
        self.assertEqual(client.kam_phase, "decline")

    def test_revenue_in_company_currency(self):
        """Orders in a foreign currency count at the order's rate."""
        foreign = self.env["res.currency"].create(
            {
                "name": "KMX",
                "symbol": "K",
                "rate_ids": [
                    fields.Command.create({"name": "2000-01-01", "rate": 2.0})
                ],
            }
        )
        client = self._client()
        self._confirmed_order(
            client,
            self.today - timedelta(days=10),
            [(self.product, 1.0, 2000.0)],
            currency=foreign,
        )
        self._recompute(client)
        self.assertEqual(self._events(client).metrics["revenue_12m"], 1000.0)

    def test_thresholds_per_company_settings(self):
        """An admin raises the exploration age in Settings: the phase follows."""
        client = self._client()
        self._monthly(client, 15, 24)
        settings = self.env["res.config.settings"].create({})
        settings.kam_exploration_days = 1000
        settings.execute()
        self.assertEqual(self.env.company.kam_exploration_days, 1000)
        self._recompute(client)
        self.assertEqual(client.kam_phase, "exploration")

    def test_negative_threshold_refused(self):
        """A negative threshold is refused with a clear message."""
        with self.assertRaises(ValidationError):
            self.env.company.kam_decline_drop = -0.1
        with self.assertRaises(ValidationError):
            self.env.company.kam_decline_drop = 1.0

    def test_no_orders_no_phase(self):
        """No confirmed sales, no phase: draft quotations do not count."""
        client = self._client()
        self.env["sale.order"].create(
            {
                "partner_id": client.id,
                "order_line": [fields.Command.create({"product_id": self.product.id})],
            }
        )
        self._recompute(client)
        self.assertFalse(client.kam_phase)
        self.assertFalse(self._events(client))


@tagged("post_install", "-at_install")
class TestPhaseHistory(KamPhaseCommon):
    def test_hysteresis_two_consecutive_evaluations(self):
        """A new phase waits for a second evaluation that agrees, then changes."""
        client = self._client()
        self._monthly(client, 15, 24)
        self.assertEqual(self._recompute(client).kam_phase, "stability")
        self._recompute(client, days_later=40)  # 55 days silent: decline by recency
        self.assertEqual(client.kam_phase, "stability")
        self.assertEqual(client.kam_phase_pending, "decline")
        self.assertEqual(len(self._events(client)), 1)
        self._recompute(client, days_later=41)
        self.assertEqual(client.kam_phase, "decline")
        self.assertFalse(client.kam_phase_pending)
        event = self._events(client)[0]
        self.assertEqual(
            (event.phase_from, event.phase_to, event.source),
            ("stability", "decline", "computed"),
        )

    def test_hysteresis_same_day_does_not_confirm(self):
        """Two evaluations on the same day do not confirm a new phase."""
        client = self._client()
        self._monthly(client, 15, 24)
        self._recompute(client)
        self._recompute(client, days_later=40)
        self._recompute(client, days_later=40)
        self.assertEqual(client.kam_phase, "stability")
        self.assertEqual(client.kam_phase_pending, "decline")
        self.assertEqual(
            client.kam_phase_pending_since, self.today + timedelta(days=40)
        )

    def test_hysteresis_no_flapping(self):
        """One evaluation off the phase, then back: no change, no event."""
        client = self._client()
        self._monthly(client, 15, 24)
        self._recompute(client)
        self._recompute(client, days_later=40)
        self.assertEqual(client.kam_phase_pending, "decline")
        self._history(client, [(-40, 1000.0)])  # the client orders again
        self._recompute(client, days_later=41)
        self.assertEqual(client.kam_phase, "stability")
        self.assertFalse(client.kam_phase_pending)
        self.assertEqual(len(self._events(client)), 1)

    def test_events_only_on_change(self):
        """Recomputing twice the same day writes nothing the second time."""
        client = self._client()
        client.kam_is_key_account = True
        self._monthly(client, 15, 24)
        self.assertEqual(self._recompute(client).kam_phase, "stability")
        changed = client._kam_recompute_phases(today=self.today)
        self.assertEqual(changed, 0)
        self.assertEqual(len(self._events(client)), 1)

    def test_chatter_note_on_change_not_on_first_phase(self):
        """A key account's first phase starts its history (an event), without a
        note; a change of phase is a note, made by the mail API."""
        client = self._client()
        client.kam_is_key_account = True
        self._monthly(client, 15, 24)
        self.assertEqual(self._recompute(client).kam_phase, "stability")

        def notes():
            return client.message_ids.filtered(lambda m: "Lifecycle phase" in m.body)

        self.assertFalse(notes())
        self._recompute(client, days_later=40)  # no order for 55 days: pending
        self.assertFalse(notes())
        self.assertEqual(self._recompute(client, days_later=41).kam_phase, "decline")
        self.assertEqual(len(notes()), 1)
        self.assertIn("Stability → Decline", notes().body)
        self.assertTrue(notes().message_id, "a note made by the mail API")
        self.assertEqual(notes().subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(len(self._events(client)), 2)

    def test_chatter_only_on_key_accounts(self):
        """A customer who is no key account gets the event, not the chatter note."""
        client = self._client()
        self._monthly(client, 15, 24)
        self.assertEqual(self._recompute(client).kam_phase, "stability")
        self.assertEqual(len(self._events(client)), 1)
        self.assertFalse(
            client.message_ids.filtered(lambda m: "Lifecycle phase" in m.body)
        )

    def test_contacts_and_addresses_roll_up(self):
        """Orders of a contact and of a delivery address count for the company."""
        self._history(self.contact, [(400, 1000.0), (200, 1000.0)])
        self._history(self.delivery, [(10, 1000.0)])
        self.contact._kam_recompute_phases(today=self.today)
        self.assertEqual(self.customer.kam_phase, "formation")
        self.assertEqual(self._events(self.customer).metrics["orders"], 3)
        self.assertFalse(self.contact.kam_phase)
        self.assertFalse(self.delivery.kam_phase)

    def test_recompute_button(self):
        """The button on the partner recomputes that client."""
        self._monthly(self.customer, 15, 24)
        self.customer.with_user(self.kam_user).action_kam_recompute_phase()
        self.assertEqual(self.customer.kam_phase, "stability")

    def test_multi_company(self):
        """Orders of company B never move the phase in company A."""
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        self.env.user.company_ids |= company_b
        client = self._client()
        self._monthly(client, 15, 24)
        self._history(client, [(5, 1000.0)], company=company_b)
        self._recompute(client)
        self._recompute(client, company=company_b)
        self.assertEqual(client.with_company(self.env.company).kam_phase, "stability")
        self.assertEqual(client.with_company(company_b).kam_phase, "exploration")
        self.assertEqual(self._events(client, company_b).metrics["orders"], 1)
        # a recompute of B alone leaves A untouched, and the reverse
        self._history(client, [(4, 1000.0), (3, 1000.0)], company=company_b)
        self._recompute(client, days_later=400, company=company_b)
        self.assertEqual(client.with_company(self.env.company).kam_phase, "stability")
        self.assertEqual(len(self._events(client)), 1)

    @freeze_time("2026-03-02")
    def test_cron_recomputes_every_company(self):
        """The daily cron recomputes every company's phases."""
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        self.today = fields.Date.today()
        client = self._client()
        self._monthly(client, 15, 24)
        self._history(client, [(5, 1000.0)], company=company_b)
        cron = self.env.ref("kam_lifecycle.ir_cron_kam_lifecycle_recompute")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 99, "remaining": 99}
        )
        self.env["res.partner"].with_context(
            ir_cron_progress_id=progress.id
        )._cron_kam_lifecycle_recompute()
        # each company reports its batches; the last one leaves nothing remaining
        self.assertEqual(progress.remaining, 0)
        self.assertLess(progress.done, 99)
        self.assertEqual(client.with_company(self.env.company).kam_phase, "stability")
        self.assertEqual(client.with_company(company_b).kam_phase, "exploration")
        self.assertEqual(self._events(client).date, fields.Date.today())

    def test_cron_record(self):
        """The recompute is a daily scheduled action on the partner."""
        cron = self.env.ref("kam_lifecycle.ir_cron_kam_lifecycle_recompute")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertIn("_cron_kam_lifecycle_recompute", cron.code)


@tagged("post_install", "-at_install")
class TestPhaseOverride(KamPhaseCommon):
    def setUp(self):
        super().setUp()
        self._monthly(self.customer, 15, 24)
        self._recompute(self.customer)

    def test_override_and_expiry(self):
        """A manager forces decline until a date; it holds, then expires by itself."""
        until = self.today + timedelta(days=10)
        self.customer.with_user(self.kam_manager).write(
            {
                "kam_phase_manual": "decline",
                "kam_phase_manual_reason": "Lost the 2027 tender",
                "kam_phase_manual_until": until,
            }
        )
        self.assertEqual(self.customer.kam_phase, "decline")
        self.assertEqual(self.customer.kam_phase_computed, "stability")
        event = self._events(self.customer)[0]
        self.assertEqual(
            (event.source, event.phase_from, event.phase_to, event.reason),
            ("manual", "stability", "decline", "Lost the 2027 tender"),
        )
        self._recompute(self.customer, days_later=10)
        self.assertEqual(self.customer.kam_phase, "decline")
        self._history(self.customer, [(-11, 1000.0)])
        self._recompute(self.customer, days_later=11)
        self.assertEqual(self.customer.kam_phase, "stability")
        self.assertFalse(self.customer.kam_phase_manual)
        self.assertFalse(self.customer.kam_phase_manual_reason)
        self.assertFalse(self.customer.kam_phase_manual_until)
        event = self._events(self.customer)[0]
        self.assertEqual(
            (event.source, event.phase_from, event.phase_to, event.reason),
            ("manual", "decline", "stability", "Override expired"),
        )
        self.assertIn("Override expired", self.customer.message_ids[0].body)

    def test_computed_phase_not_writable(self):
        """Nobody writes the computed or effective phase directly."""
        for user in (self.kam_user, self.kam_manager, self.kam_admin):
            for field in ("kam_phase", "kam_phase_computed", "kam_phase_pending"):
                with self.assertRaises(AccessError):
                    self.customer.with_user(user).write({field: "decline"})
        self.assertEqual(self.customer.kam_phase, "stability")

    def test_recompute_button_refused_to_salesman(self):
        """A salesman outside the KAM groups cannot run the recompute button."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_kam_recompute_phase()

    def test_override_removed(self):
        """Removing the override returns to the computed phase, with an event."""
        self.customer.with_user(self.kam_manager).write(
            {"kam_phase_manual": "formation", "kam_phase_manual_reason": "New plant"}
        )
        self.customer.with_user(self.kam_manager).kam_phase_manual = False
        self.assertEqual(self.customer.kam_phase, "stability")
        self.assertFalse(self.customer.kam_phase_manual_reason)
        self.assertEqual(self._events(self.customer)[0].phase_to, "stability")

    def test_override_needs_reason(self):
        """An override without a reason is refused, nothing written."""
        with self.assertRaises(ValidationError):
            self.customer.with_user(self.kam_manager).write(
                {"kam_phase_manual": "decline"}
            )

    def test_override_on_contact_refused(self):
        """The phase is overridden on the company, never on one of its contacts."""
        with self.assertRaises(ValidationError):
            self.contact.with_user(self.kam_manager).write(
                {"kam_phase_manual": "decline", "kam_phase_manual_reason": "Test"}
            )

    def test_override_expiry_in_past_refused(self):
        """An override that has already expired is refused."""
        with self.assertRaises(ValidationError):
            self.customer.with_user(self.kam_manager).write(
                {
                    "kam_phase_manual": "decline",
                    "kam_phase_manual_reason": "Test",
                    "kam_phase_manual_until": self.today - timedelta(days=1),
                }
            )

    def test_override_refused_to_kam_user(self):
        """A KAM user cannot override the phase of even their own key account."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.kam_user).write(
                {"kam_phase_manual": "decline", "kam_phase_manual_reason": "Mine"}
            )
        self.assertFalse(self.customer.kam_phase_manual)


@tagged("post_install", "-at_install")
class TestPhasePerformance(KamPhaseCommon):
    def _clients_with_orders(self, count):
        partners = self.Partner.create(
            [{"name": f"Bulk {i}", "is_company": True} for i in range(count)]
        )
        self._confirmed_orders_bulk(
            [
                (partner, self.today - timedelta(days=d), 1000.0)
                for partner in partners
                for d in (400, 200, 20)
            ]
        )
        return partners

    def _measure(self, days_later, partners=None):
        partners = partners if partners is not None else self.env["res.partner"]
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        changed = partners._kam_recompute_phases(
            today=self.today + timedelta(days=days_later)
        )
        return self.cr.sql_log_count - start, changed

    def test_query_count_on_recordset_does_not_grow(self):
        """Recomputing 200 given clients takes as many queries as 10 given ones."""
        # warm the caches with a recompute that writes (the note's subtype id)
        self._clients_with_orders(1)
        self.env["res.partner"]._kam_recompute_phases(today=self.today)
        partners = self._clients_with_orders(200)
        queries_10, changed_10 = self._measure(0, partners[:10])
        queries_200, changed_200 = self._measure(0, partners)
        self.assertEqual((changed_10, changed_200), (10, 190))
        self.assertEqual(queries_200, queries_10)

    def test_query_count_does_not_grow(self):
        """The recompute of 200 clients takes as many queries as that of 10."""
        # warm the caches with a recompute that writes (the note's subtype id)
        self._clients_with_orders(1)
        self.env["res.partner"]._kam_recompute_phases(today=self.today)
        few = self._clients_with_orders(10)
        queries_10, changed_10 = self._measure(0)
        self.assertGreaterEqual(changed_10, 10)
        self._clients_with_orders(190)
        queries_200, changed_200 = self._measure(0)
        self.assertGreaterEqual(changed_200, 190)
        self.assertEqual(queries_200, queries_10)
        with self.assertQueryCount(queries_10):
            self.env["res.partner"]._kam_recompute_phases(today=self.today)
        self.assertEqual(set(few.mapped("kam_phase")), {"formation"})

    def _order_stats(self, partner):
        self.env.cr.execute(
            "SELECT orders, orders_12m FROM kam_order_stats WHERE pid = %s",
            [partner.id],
        )
        return self.env.cr.fetchone()

    def test_order_figures_read_once_until_orders_change(self):
        """The clients' order figures are built once per transaction: phases then
        segments read the orders once; a new order, another day or other clients
        build them again."""
        Partner = self.env["res.partner"]
        client = self._clients_with_orders(1)
        Partner._kam_order_stats(self.today)
        self.assertEqual(self._order_stats(client), (3, 2))
        # a mark in the table: it stays as long as the table is not built again
        self.env.cr.execute(
            "UPDATE kam_order_stats SET orders = 99 WHERE pid = %s", [client.id]
        )
        with self.assertQueryCount(1):
            Partner._kam_order_stats(self.today)
        self.assertEqual(self._order_stats(client), (99, 2))
        # the phases read the table as it is: not built again
        Partner._kam_recompute_phases(today=self.today)
        self.assertEqual(self._order_stats(client), (99, 2))
        # a new order of any client: built again, with it
        self._history(client, [(5, 500.0)])
        Partner._kam_order_stats(self.today)
        self.assertEqual(self._order_stats(client), (4, 3))
        self.env.cr.execute("UPDATE kam_order_stats SET orders = 99")
        # another day: built again
        Partner._kam_order_stats(self.today + timedelta(days=1))
        self.assertEqual(self._order_stats(client), (4, 3))
        # other clients: built again, only theirs
        other = self._clients_with_orders(1)
        other._kam_order_stats(self.today)
        self.assertEqual(self._order_stats(other), (3, 2))
        self.assertIsNone(self._order_stats(client))
        # a contact moved to another company counts for its new commercial partner
        contact = Partner.create({"name": "Buyer", "parent_id": client.id})
        self._history(contact, [(3, 100.0)])
        Partner._kam_order_stats(self.today)
        self.assertEqual(self._order_stats(client), (5, 4))
        contact.parent_id = other
        Partner._kam_order_stats(self.today)
        self.assertEqual(self._order_stats(client), (4, 3))
        self.assertEqual(self._order_stats(other), (4, 3))

    def test_cron_progress_in_batches(self):
        """The recompute writes its changes in batches and reports each to the cron."""
        self.env["res.partner"]._kam_recompute_phases(today=self.today)
        clients = self._clients_with_orders(5)
        cron = self.env.ref("kam_lifecycle.ir_cron_kam_lifecycle_recompute")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        partners = self.env["res.partner"].with_context(
            ir_cron_progress_id=progress.id, kam_batch_size=2
        )
        changed = partners._kam_recompute_phases(today=self.today)
        self.assertEqual(changed, 5)
        # batches of 2, 2 and 1: three reports, the last with nothing remaining
        self.assertEqual((progress.done, progress.remaining), (3, 0))
        self.assertEqual(set(clients.mapped("kam_phase")), {"formation"})
        events = self.env["kam.lifecycle.event"].search(
            [("partner_id", "in", clients.ids)]
        )
        # one event each: no client written twice by overlapping batches
        self.assertEqual(len(events), 5)
        self.assertEqual(events.partner_id, clients)


@tagged("post_install", "-at_install")
class TestTwelveMonths(TransactionCase):
    def test_one_window_for_every_figure(self):
        """The last 12 months end today and start 12 months before tomorrow; the
        12 before end the day before; month ends and leap days stay calendar
        months."""
        cases = [
            (date(2026, 6, 30), date(2025, 7, 1), date(2024, 7, 1)),
            (date(2026, 12, 31), date(2026, 1, 1), date(2025, 1, 1)),
            (date(2028, 2, 29), date(2027, 3, 1), date(2026, 3, 1)),
        ]
        for today, start, prev_start in cases:
            with self.subTest(today=today):
                window = twelve_months(today)
                self.assertEqual(window.start, start)
                self.assertEqual(window.prev_start, prev_start)
                self.assertEqual(window.end, today + timedelta(days=1))


@tagged("post_install", "-at_install")
class TestPhaseRuleSql(TransactionCase):
    """The phase rules on figures given by hand: no orders needed."""

    PLAIN = {
        "recency_days": 20,
        "recency_limit": 60.0,
        "age_days": 800,
        "orders": 30,
        "orders_12m": 12,
        "orders_prev": 12,
        "revenue_12m": 120000.0,
        "revenue_prev": 120000.0,
    }

    def _rule(self, **changes):
        rule = self.env["res.partner"]._kam_phase_rule_sql(self.env.company)
        return sql_on_values(self.env, rule, {**self.PLAIN, **changes}, "sales")

    def test_rules_in_their_order(self):
        company = self.env.company
        company.write(
            {
                "kam_exploration_days": 180,
                "kam_exploration_min_orders": 3,
                "kam_decline_drop": 0.3,
                "kam_formation_growth": 0.2,
                "kam_stability_min_orders": 6,
            }
        )
        cases = [
            ("stability", {}),
            ("decline_recency", {"recency_days": 61}),
            ("decline_recency", {"recency_days": 61, "age_days": 10}),
            ("exploration", {"age_days": 179}),
            ("exploration", {"orders": 2}),
            ("decline_trend", {"revenue_12m": 83999.0}),
            ("decline_trend", {"orders_12m": 8}),
            ("stability", {"revenue_12m": 84000.0}),
            ("formation_growth", {"revenue_12m": 144000.0}),
            # nothing the year before: growth
            ("formation_growth", {"revenue_prev": 0.0, "orders_prev": 0}),
            ("formation_irregular", {"orders_12m": 5, "orders_prev": 5}),
        ]
        for expected, changes in cases:
            with self.subTest(expected=expected, **changes):
                self.assertEqual(self._rule(**changes), expected)
