# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestPartnerStats(KamComplaintCommon):
    TODAY = date(2026, 6, 30)

    def _stats(self, partner, company=None):
        partner = partner.with_company(company or self.company)
        return (
            partner.kam_complaint_open_count,
            partner.kam_complaint_count_12m,
            partner.kam_complaint_cost_12m,
            partner.kam_complaint_mttr_days,
        )

    def _resolved(self, received, resolved, cost, state="resolved", **values):
        complaint = self._new_complaint(
            date_received=received, resolution_cost=cost, **values
        )
        self._force_state(
            complaint, state, date_resolved=resolved, date_approved=received
        )
        return complaint

    def test_rejected_proposal_closed_adds_no_cost(self):
        """A proposal rejected by its approver and then closed cost nothing: only
        approved proposals count in the customer's complaint cost."""
        self._rule("Manager from 1,000", min_cost=1000.0)
        rejected = self._waiting(cost=4000.0)
        rejected.with_user(self.kam_manager).action_reject(reason="Too expensive")
        rejected.with_user(self.service).write(
            {"decision_communicated": True, "customer_accepted": True}
        )
        rejected.with_user(self.service).action_close()
        self.assertEqual(rejected.state, "closed")
        approved = self._waiting(cost=1500.0)
        approved.with_user(self.kam_manager).action_approve()
        self.assertEqual(approved.state, "approved")
        self.assertEqual(self.customer.kam_complaint_cost_12m, 1500.0)

    def test_statistics_over_twelve_months(self):
        """Open count, count, cost and mean time to resolve of the last 12 months,
        counted for the commercial partner."""
        self._new_complaint(partner_id=self.contact.id, date_received="2026-06-01")
        self._resolved("2026-03-01 00:00:00", "2026-03-05 00:00:00", 1000.0)
        self._resolved(
            "2026-04-01 00:00:00", "2026-04-03 00:00:00", 500.0, state="closed"
        )
        # outside the window: received 13 months ago
        self._resolved("2025-05-01 00:00:00", "2025-05-03 00:00:00", 9000.0)
        cancelled = self._new_complaint(
            date_received="2026-05-01 00:00:00", resolution_cost=50.0
        )
        self._force_state(cancelled, "cancelled")
        # proposals not approved yet add no cost
        self._new_complaint(date_received="2026-05-02 00:00:00", resolution_cost=70.0)
        self.customer._kam_recompute_complaint_stats(today=self.TODAY)
        self.assertEqual(self._stats(self.customer), (2, 4, 1500.0, 3.0))

    def test_window_moves_with_today(self):
        """A year later the same complaints drop out of the 12-month figures."""
        self._resolved("2026-03-01 00:00:00", "2026-03-05 00:00:00", 1000.0)
        self.customer._kam_recompute_complaint_stats(today=self.TODAY)
        self.assertEqual(self._stats(self.customer), (0, 1, 1000.0, 4.0))
        self.customer._kam_recompute_complaint_stats(today=date(2027, 6, 30))
        self.assertEqual(self._stats(self.customer), (0, 0, 0.0, 0.0))

    def test_updated_on_complaint_changes(self):
        """Filing and cancelling a complaint updates the customer's figures."""
        complaint = self._new_complaint()
        self.assertEqual(self.customer.kam_complaint_open_count, 1)
        self.assertEqual(self.customer.kam_complaint_count_12m, 1)
        complaint.with_user(self.service).action_cancel()
        self.assertEqual(self.customer.kam_complaint_open_count, 0)
        self.assertEqual(self.customer.kam_complaint_count_12m, 0)

    def test_per_company(self):
        """Each company sees the figures of its own complaints."""
        other = self.env["res.company"].create({"name": "Other Co"})
        self._new_complaint()
        self._new_complaint(company_id=other.id, user_id=False)
        self._new_complaint(company_id=other.id, user_id=False)
        self.assertEqual(self._stats(self.customer)[:2], (1, 1))
        self.assertEqual(self._stats(self.customer, other)[:2], (2, 2))

    def test_all_partners_cron_resets_stale_figures(self):
        """The daily run covers every customer and zeroes figures that expired."""
        second = self.env["res.partner"].create(
            {"name": "Pig Farm", "is_company": True}
        )
        self._resolved(
            "2026-03-01 00:00:00",
            "2026-03-02 00:00:00",
            200.0,
            partner_id=second.id,
        )
        self.env["res.partner"]._kam_recompute_complaint_stats(today=self.TODAY)
        self.assertEqual(self._stats(second), (0, 1, 200.0, 1.0))
        self.env["res.partner"]._kam_recompute_complaint_stats(today=date(2028, 1, 1))
        self.assertEqual(self._stats(second), (0, 0, 0.0, 0.0))

    def test_daily_cron_moves_the_window(self):
        """The daily cron, on a frozen clock, drops complaints older than a year."""
        self._resolved("2026-03-01 00:00:00", "2026-03-05 00:00:00", 1000.0)
        with freeze_time("2026-06-30 08:00:00"):
            self.env["res.partner"]._cron_kam_recompute_complaint_stats()
        self.assertEqual(self._stats(self.customer), (0, 1, 1000.0, 4.0))
        with freeze_time("2027-03-06 08:00:00"):
            self.env["res.partner"]._cron_kam_recompute_complaint_stats()
        self.assertEqual(self._stats(self.customer), (0, 0, 0.0, 0.0))

    def test_query_count_does_not_grow(self):
        """One grouped query however many customers and complaints."""
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "is_company": True} for i in range(6)]
        )
        self._new_complaint(partner_id=partners[0].id)
        self.env.flush_all()
        with self.assertQueryCount(__system__=4):
            partners[:1]._kam_recompute_complaint_stats(today=self.TODAY)
        for partner in partners:
            for _i in range(3):
                self._new_complaint(partner_id=partner.id)
        self.env.flush_all()
        with self.assertQueryCount(__system__=4):
            partners._kam_recompute_complaint_stats(today=self.TODAY)
        self.assertEqual(partners[5].kam_complaint_count_12m, 3)

    def test_partner_page_lists_open_complaints(self):
        """The Complaints page lists the open complaints only."""
        open_one = self._new_complaint()
        closed = self._resolved("2026-03-01 00:00:00", "2026-03-02 00:00:00", 0.0)
        self.assertIn(open_one, self.customer.kam_complaint_open_ids)
        self.assertNotIn(closed, self.customer.kam_complaint_open_ids)

    def test_partner_smart_button(self):
        """The smart button opens the customer's complaints."""
        complaint = self._new_complaint(partner_id=self.contact.id)
        action = self.customer.action_view_kam_complaints()
        self.assertEqual(self.env["kam.complaint"].search(action["domain"]), complaint)

    def test_stat_date_received(self):
        """The figures count complaints by the date they were received, in the
        12 months of every figure: 2025-07-01 to 2026-06-30."""
        self._new_complaint(date_received=datetime(2025, 6, 30, 23, 0))
        self._new_complaint(date_received=datetime(2025, 7, 1, 0, 0))
        self.customer._kam_recompute_complaint_stats(today=self.TODAY)
        self.assertEqual(self.customer.kam_complaint_count_12m, 1)
