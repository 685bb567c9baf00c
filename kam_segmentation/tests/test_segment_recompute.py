# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KamSegmentCommon


@tagged("post_install", "-at_install")
class TestSegmentRecompute(KamSegmentCommon):
    def _events(self, partner):
        return self.env["kam.segment.event"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.seg_company.id)]
        )

    def test_second_run_writes_nothing(self):
        """A second recompute with nothing changed writes no row and no history."""
        client = self._client("Stable Client", requirement=100.0)
        self._order(client, qty=10.0)
        # every client with a requirement gets figures too (potential at our price)
        self.assertGreaterEqual(self._recompute(), 1)
        events = self._events(client)
        # one event for the first classification, every dimension from none
        self.assertEqual(len(events), 1)
        self.assertEqual(
            (events.client_class_from, events.client_class_to), (False, "profit")
        )
        self.assertTrue(events.value_tier_to and events.size_to and events.quadrant_to)
        self.assertEqual(events.client_class_change, "— → Profit")
        self.assertEqual(events.rule, "profit_margin")
        rules = dict(events._fields["rule"]._description_selection(self.env))
        # the list shows the rule in words
        self.assertEqual(
            rules[events.rule], "Margin rate at or above the profit threshold"
        )
        self.assertEqual(self._recompute(), 0)
        self.assertEqual(self._events(client), events)

    def test_phases_then_segments_count_the_same_orders(self):
        """Phases then segments in one transaction read the orders once, and a new
        order between them still counts in the segments."""
        client = self._client("Phases First")
        self._order(client, days_ago=40)
        self.Partner._kam_recompute_phases(today=self.TODAY)
        self._recompute()
        seg = self._seg(client)
        self.assertEqual(seg.kam_orders_12m, 1)
        self.assertEqual(seg.kam_phase, "exploration")
        self._order(client, days_ago=5)
        self.Partner._kam_recompute_phases(today=self.TODAY)
        self._order(client, days_ago=2)
        self._recompute()
        self.env.invalidate_all()
        self.assertEqual(seg.kam_orders_12m, 3)
        self.assertEqual(seg.kam_last_order_date, self.TODAY - relativedelta(days=2))

    def test_history_only_on_change(self):
        """A new order that changes the size adds one size event, nothing else."""
        client = self._client("Growing Client")
        self._order(client, qty=1.0, price=4999.0)
        self._recompute()
        before = self._events(client)
        fee = self.env["product.product"].create(
            {"name": "Analysis certificate", "type": "service", "list_price": 1.0}
        )
        fee.with_company(self.seg_company).standard_price = 1.0
        # a line outside the ton category: our average price per ton is unchanged
        self._order(client, lines=[(fee, 1.0, 1.0)])
        self.assertEqual(self._recompute(), 1)
        new = self._events(client) - before
        self.assertEqual(len(new), 1)
        self.assertEqual((new.size_from, new.size_to), ("small", "medium"))
        self.assertEqual(new.size_change, "Small → Medium")
        # the dimensions that did not change are empty, the class rule too
        self.assertFalse(
            new.client_class_from or new.client_class_to or new.client_class_change
        )
        self.assertFalse(new.value_tier_change or new.quadrant_change or new.rule)
        self.assertEqual(new.source, "computed")
        self.assertEqual(new.metrics["revenue_12m"], 5000.0)
        # the Segment Changes filters, as the search view declares them
        Event = self.env["kam.segment.event"]
        arch = etree.fromstring(
            self.env.ref("kam_segmentation.kam_segment_event_view_search").arch
        )
        partner = [("partner_id", "=", client.id)]

        def filtered(name):
            domain = arch.xpath(f"//filter[@name='{name}']")[0].get("domain")
            return Event.search(partner + safe_eval(domain))

        self.assertEqual(filtered("filter_size"), new | before)
        self.assertTrue(before.value_tier_to)
        self.assertEqual(filtered("filter_tier"), before)
        self.assertFalse(filtered("filter_quadrant"))  # no requirement, no quadrant

    def test_override_survives_recompute(self):
        """A class set by hand stays through recomputes and is kept in the history."""
        client = self._client("Reference Client")
        self._order(client, qty=1.0, price=5000.0)
        self._recompute()
        seg = self._seg(client)
        self.assertEqual(seg.kam_client_class, "profit")
        seg.write(
            {
                "kam_client_class_manual": "demonstration",
                "kam_client_class_manual_reason": "Reference plant for the region",
            }
        )
        self.assertEqual(seg.kam_client_class, "demonstration")
        manual = self._events(client).filtered(lambda e: e.source == "manual")
        self.assertEqual(
            (manual.client_class_from, manual.client_class_to),
            ("profit", "demonstration"),
        )
        self.assertEqual(manual.client_class_change, "Profit → Demonstration")
        self.assertEqual(manual.rule, "manual")
        self.assertFalse(manual.size_change)
        self.assertEqual(manual.reason, "Reference plant for the region")
        note = client.message_ids.filtered(
            lambda m: "Client class set by hand" in m.body
        )
        self.assertEqual(len(note), 1, "who set the class is in the chatter")
        self.assertIn("Profit → Demonstration (Reference plant", note.body)
        self.assertEqual(note.author_id, self.env.user.partner_id)
        self.assertEqual(self._recompute(), 0)
        self.assertEqual(self._seg(client).kam_client_class, "demonstration")
        self.assertEqual(self._seg(client).kam_client_class_computed, "profit")
        self._seg(client).kam_client_class_manual = False
        self.assertEqual(self._seg(client).kam_client_class, "profit")
        # the override is per company
        self.assertFalse(client.with_company(self.env.company).kam_client_class_manual)

    def test_one_client_recompute(self):
        """The button recomputes only the client it is pressed on."""
        one = self._client("Button Client")
        other = self._client("Other Client")
        self._order(self.contact, qty=1.0)
        self._order(one, qty=1.0)
        self._order(other, qty=1.0)
        self.assertEqual(self._recompute(partners=one), 1)
        self.assertAlmostEqual(self._seg(one).kam_revenue_12m, 5000.0)
        self.assertFalse(self._seg(other).kam_revenue_12m)
        self.assertEqual(self._recompute(partners=self.contact), 1)
        self.assertAlmostEqual(self._seg(self.customer).kam_revenue_12m, 5000.0)

    def test_contacts_orders_add_up_to_their_client(self):
        """A client's figures add up its own orders and those of its contacts: the
        revenue, margin and quantity of each (one unit category) and the orders;
        the contacts get no figures of their own."""
        client = self._client("Group Client", requirement=10.0)
        buyers = self.env["res.partner"].create(
            [{"name": f"Buyer {n}", "parent_id": client.id} for n in range(2)]
        )
        self._order(client, qty=1.0, price=5000.0)
        self._order(buyers[0], qty=2.0, price=5000.0)
        self._order(buyers[1], days_ago=400, qty=3.0, price=5000.0)
        self._recompute()
        seg = self._seg(client)
        self.assertAlmostEqual(seg.kam_revenue_12m, 15000.0)
        self.assertAlmostEqual(seg.kam_revenue_prev_12m, 15000.0)
        self.assertAlmostEqual(seg.kam_margin_12m, 3 * (5000.0 - 4000.0))
        self.assertAlmostEqual(seg.kam_qty_12m, 3.0)  # tons, the requirement's unit
        self.assertAlmostEqual(seg.kam_qty_prev_12m, 3.0)
        self.assertEqual(seg.kam_orders_12m, 2)
        self.assertEqual(seg.kam_orders_prev_12m, 1)
        for buyer in buyers:
            self.assertFalse(self._seg(buyer).kam_revenue_12m)

    def _count_queries(self, func):
        self.env.flush_all()
        start = self.cr.sql_log_count
        func()
        return self.cr.sql_log_count - start

    def test_query_count_independent_of_partners(self):
        """The recompute runs the same number of queries for 2 or 40 clients."""
        for i in range(2):
            self._order(self._client(f"Few {i}", requirement=10.0), qty=1.0)
        few = self._count_queries(self._recompute)
        for i in range(38):
            self._order(self._client(f"Many {i}", requirement=10.0), qty=1.0)
        many = self._count_queries(self._recompute)
        self.assertEqual(few, many)
        with self.assertQueryCount(few):
            self._recompute()

    def test_cron_recomputes_every_company(self):
        """The nightly cron recomputes each company with today's date."""
        client = self._client("Cron Client")
        self._order(client, qty=1.0)
        self._order(client, qty=2.0, company=self.env.company)
        cron = self.env.ref("kam_segmentation.ir_cron_kam_segmentation_recompute")
        self.assertEqual(cron.code, "model._cron_kam_segmentation_recompute()")
        with freeze_time("2026-06-15 03:00:00"):
            self.env["res.partner"]._cron_kam_segmentation_recompute()
        self.assertAlmostEqual(self._seg(client).kam_revenue_12m, 5000.0)
        self.assertAlmostEqual(
            self._seg(client, self.env.company).kam_revenue_12m, 10000.0
        )
        self.assertEqual(self._seg(client).kam_segment_date.isoformat(), "2026-06-15")
        with freeze_time("2027-06-16 03:00:00"):
            self.env["res.partner"]._cron_kam_segmentation_recompute()
        self.assertAlmostEqual(self._seg(client).kam_revenue_12m, 0.0)
        self.assertAlmostEqual(self._seg(client).kam_revenue_prev_12m, 5000.0)
        self.assertFalse(self._seg(client).kam_size)

    def test_access(self):
        """Only managers recompute everything; nobody writes the history by hand."""
        Partner = self.env["res.partner"]
        with self.assertRaises(AccessError):
            Partner.with_user(self.kam_user).action_kam_recompute_segmentation_all()
        self.assertTrue(
            Partner.with_user(self.kam_manager).action_kam_recompute_segmentation_all()
        )
        Event = self.env["kam.segment.event"]
        for user in (self.kam_user, self.kam_manager):
            with self.assertRaises(AccessError):
                Event.with_user(user).create(
                    {"partner_id": self.customer.id, "size_to": "vip"}
                )
        self._order(self.customer, qty=1.0)
        self._recompute()
        events = Event.with_user(self.kam_manager).search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertTrue(events)
        with self.assertRaises(AccessError):
            events[0].with_user(self.kam_manager).write({"size_to": "vip"})
        with self.assertRaises(AccessError):
            self.env["kam.review.wizard"].with_user(self.kam_user).create({})

    def test_recompute_one_client_needs_a_key_account_user(self):
        """Recomputing a client (as superuser) needs a key-account user who may
        write it; a plain salesman who only reads it may not."""
        self.kam_user.company_ids |= self.seg_company
        self.salesman.company_ids |= self.seg_company
        client = self._client("Recompute Rights", user_id=self.salesman.id)
        self._order(client, qty=1.0)
        senv = dict(allowed_company_ids=[self.seg_company.id])
        with self.assertRaises(AccessError):
            client.with_user(self.salesman).with_context(
                **senv
            ).action_kam_recompute_segmentation()
        self.assertFalse(self._seg(client).kam_revenue_12m)
        self.assertTrue(
            client.with_user(self.kam_user)
            .with_context(**senv)
            .action_kam_recompute_segmentation()
        )
        self.env.invalidate_all()
        self.assertAlmostEqual(self._seg(client).kam_revenue_12m, 5000.0)
        other = self.env["res.company"].create({"name": "Niacin Recompute Europe"})
        foreign = self._client("Foreign Recompute", company_id=other.id)
        with self.assertRaises(AccessError):
            foreign.with_user(self.kam_user).action_kam_recompute_segmentation()

    def test_segment_history_of_own_clients_only(self):
        """A key-account user reads the history of their clients, not another's."""
        for user in (self.kam_user, self.kam_user_2, self.kam_manager):
            user.company_ids |= self.seg_company
        self._order(self.customer, qty=1.0)
        self._recompute()
        Event = self.env["kam.segment.event"]
        mine = Event.search([("partner_id", "=", self.customer.id)])
        self.assertTrue(mine)
        self.assertEqual(self.customer.kam_manager_id, self.kam_user)
        self.assertEqual(
            Event.with_user(self.kam_user).search([("id", "in", mine.ids)]), mine
        )
        self.assertFalse(
            Event.with_user(self.kam_user_2).search([("id", "in", mine.ids)])
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.kam_user_2).read(["size_to"])
        self.assertEqual(
            Event.with_user(self.kam_manager).search([("id", "in", mine.ids)]), mine
        )

    def test_override_several_clients_at_once(self):
        """Setting one override on several clients changes each and logs each."""
        first = self._client("Batch One")
        second = self._client("Batch Two")
        self._order(first, qty=1.0, price=5000.0)
        self._recompute()
        both = (first | second).with_company(self.seg_company)
        both.write({"kam_client_class_manual": "technology"})
        self.assertEqual(both.mapped("kam_client_class"), ["technology"] * 2)
        events = self.env["kam.segment.event"].search(
            [("partner_id", "in", both.ids), ("source", "=", "manual")]
        )
        self.assertEqual(
            sorted(events.mapped("client_class_from"), key=str), [False, "profit"]
        )
        self.assertEqual(self._recompute(), 0)

    def test_cron_progress_in_batches(self):
        """The recompute writes its changes in batches and reports each to the cron."""
        self._recompute()
        clients = self.env["res.partner"]
        for i in range(3):
            clients |= self._client(f"Batch {i}")
            self._order(clients[-1], qty=1.0)
        cron = self.env.ref("kam_segmentation.ir_cron_kam_segmentation_recompute")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        self.senv = self.senv(
            context=dict(
                self.senv.context, ir_cron_progress_id=progress.id, kam_batch_size=2
            )
        )
        changed = self._recompute()
        # the new clients, and any client whose Pareto share they moved
        self.assertGreaterEqual(changed, 3)
        # batches of 2: one report each, the last with nothing remaining
        self.assertEqual((progress.done, progress.remaining), ((changed + 1) // 2, 0))
        for client in clients:
            self.assertEqual(self._seg(client).kam_size, "medium")
            events = self._events(client)
            self.assertTrue(events)
            # one event: no client written twice by overlapping batches
            self.assertEqual(len(events), 1)
