# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import format_amount

from ..models import res_partner_display
from .common import KamRebateCommon, KamSegmentCommon


@tagged("post_install", "-at_install")
class TestSegmentDisplay(KamSegmentCommon):
    def test_figures_table(self):
        """The Segments tab shows 12 months | previous 12 | change, formatted."""
        client = self._client("Table Client", requirement=100.0)
        self._order(client, days_ago=10, qty=3.0, price=5000.0)
        self._order(client, days_ago=400, qty=2.0, price=5000.0)
        self._recompute()
        partner = self._seg(client).with_context(lang="en_US")
        html = str(partner.kam_figures_html)
        currency = self.seg_company.currency_id
        self.assertIn("o_kam_figures", html)
        self.assertIn(format_amount(self.env, 15000.0, currency), html)
        self.assertIn(format_amount(self.env, 10000.0, currency), html)
        self.assertIn("+50.0%", html)  # revenue 15,000 against 10,000
        self.assertIn("3.00 t", html)

    def test_change_reads_new_and_drop(self):
        """No figure before: new; a drop is negative and red."""
        env = self.env(context=dict(self.env.context, lang="en_US"))
        self.assertEqual(
            res_partner_display.change(env, 5.0, 0.0), ("new", "text-success")
        )
        self.assertEqual(res_partner_display.change(env, 0.0, 0.0)[0], "–")
        self.assertEqual(
            res_partner_display.change(env, 75.0, 100.0), ("-25.0%", "text-danger")
        )

    def test_reason_prints_amounts_with_currency(self):
        """Why and what to do: amounts with their currency and separators."""
        client = self._client("Reason Client", requirement=1000.0)
        self._order(client, qty=10.0, price=5000.0)
        self._recompute()
        reason = self._seg(client).with_context(lang="en_US").kam_segment_reason
        currency = self.seg_company.currency_id
        self.assertIn(format_amount(self.env, 50000.0, currency), reason)
        self.assertNotIn("50000.00", reason)


@tagged("post_install", "-at_install")
class TestRebateDisplay(KamRebateCommon):
    def test_volumes_in_the_unit_precision(self):
        """Rebate volumes read in the program unit's precision, not six decimals."""
        self.uom_ton.rounding = 0.01
        program = self._program(
            [(0.0, 1.0), (2000.0, 2.0)], basis="quantity", uom_id=self.uom_ton.id
        )
        program.action_activate()
        self._invoice(self.customer, "2026-02-10", [(self.product, 1150.0, 10.0)])
        program._kam_refresh_progress(date=program.date_end)
        progress = self._progress(program).with_context(lang="en_US")
        self.assertEqual(progress.volume_display, "1,150.00 t")
        self.assertEqual(progress.next_threshold_display, "2,000.00 t")
        self.assertEqual(progress.volume_missing_display, "850.00 t")
        tiers = program.tier_ids.with_context(lang="en_US").sorted("threshold")
        self.assertEqual(tiers.mapped("threshold_display"), ["0.00 t", "2,000.00 t"])
        self.assertEqual(tiers[1].rate_display, "2 %")

    def test_amount_volumes_in_the_currency(self):
        """An amount program's volumes read as amounts of the company currency."""
        program = self._program([(0.0, 1.0), (100000.0, 2.0)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-10")
        program._kam_refresh_progress(date=program.date_end)
        progress = self._progress(program).with_context(lang="en_US")
        currency = program.company_id.currency_id
        self.assertEqual(
            progress.volume_display, format_amount(self.env, 5000.0, currency)
        )


@tagged("post_install", "-at_install")
class TestDashboard(KamRebateCommon):
    def test_dashboard_sections(self):
        """The dashboard counts accounts by phase, complaints, visits and rebate
        customers, each number with the list it opens."""
        data = (
            self.env["kam.dashboard"].with_user(self.kam_manager).get_dashboard_data()
        )
        keys = [section["key"] for section in data["sections"]]
        self.assertEqual(
            keys, ["accounts", "complaints", "visits", "rebates", "matrix"]
        )
        for section in data["sections"]:
            for card in section["cards"]:
                action = card["action"]
                self.assertEqual(action["type"], "ir.actions.act_window")
                count = self.env[action["res_model"]].with_user(self.kam_manager)
                if section["key"] != "rebates":
                    self.assertEqual(
                        count.search_count(action["domain"]), card["value"], card
                    )

    def test_dashboard_is_for_kam_users(self):
        """A salesman without a KAM group gets no dashboard."""
        with self.assertRaises(AccessError):
            self.env["kam.dashboard"].with_user(self.salesman).get_dashboard_data()

    def test_dashboard_matrix_bubbles(self):
        """The matrix section: a dataset per quadrant, a bubble per client that
        opens the client."""
        self.customer.sudo().write({"kam_quadrant": "develop"})
        data = (
            self.env["kam.dashboard"].with_user(self.kam_manager).get_dashboard_data()
        )
        matrix = next(s for s in data["sections"] if s["key"] == "matrix")
        by_label = {d["label"]: d["data"] for d in matrix["chart"]["datasets"]}
        self.assertEqual(len(by_label), 4)
        bubbles = [b for d in by_label.values() for b in d]
        bubble = next(b for b in bubbles if b["action"]["res_id"] == self.customer.id)
        self.assertIn(self.customer.name, bubble["label"])
        self.assertGreater(bubble["r"], 0)

    def test_dashboard_of_a_kam_user_counts_own_accounts(self):
        """A KAM user's dashboard counts the accounts he manages, not the others'."""
        self.customer_2.sudo().write({"kam_manager_id": self.kam_user_2.id})
        data = self.env["kam.dashboard"].with_user(self.kam_user).get_dashboard_data()
        accounts = next(s for s in data["sections"] if s["key"] == "accounts")
        for card in accounts["cards"][:4]:
            partners = self.env["res.partner"].search(card["action"]["domain"])
            self.assertFalse(
                partners
                - partners.filtered(lambda p: p.kam_manager_id == self.kam_user)
            )
            self.assertNotIn(self.customer_2, partners)
