# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintSla(KamComplaintCommon):
    """Working calendar Mon-Fri 8-12 and 13-17 UTC; high severity: 8 hours to
    acknowledge, 5 days to resolve, escalation to the sales manager 8 working hours
    after a missed deadline."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "kam_complaint_ack_hours_high": 8.0,
                "kam_complaint_resolve_days_high": 5,
                "kam_complaint_escalation_hours": 8.0,
            }
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Feed team",
                "user_id": cls.sales_manager.id,
                "member_ids": [(6, 0, cls.kam_user.ids)],
            }
        )
        cls.escalation = cls.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_escalation"
        )
        # received on Friday 9 January 2026 at 15:00
        cls.received = datetime(2026, 1, 9, 15, 0)

    def _escalations(self, complaint):
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.escalation
        )

    def _cron(self, when):
        with freeze_time(when):
            self.Complaint._cron_sla_escalate()

    def test_deadlines_skip_the_weekend(self):
        """Friday 15:00 + 8 working hours is Monday 15:00, not Saturday; 5 working
        days to resolve end with the fifth working day after Friday: Friday 16
        January at 17:00."""
        complaint = self._new_complaint(severity="high", date_received=self.received)
        self.assertEqual(complaint.date_ack_deadline, datetime(2026, 1, 12, 15, 0))
        self.assertEqual(complaint.date_ack_escalation, datetime(2026, 1, 13, 15, 0))
        self.assertEqual(complaint.date_resolve_deadline, datetime(2026, 1, 16, 17, 0))
        self.assertEqual(
            complaint.date_resolve_escalation, datetime(2026, 1, 19, 17, 0)
        )

    def test_resolve_days_are_working_days_not_hours(self):
        """Days to resolve count working days of the calendar, whatever their
        hours: with a short Friday (8-12), 2 days from Thursday end on Monday at
        17:00, where 2 x hours per day would run into Tuesday; a public holiday
        adds a day; the day of receipt never counts, however early."""
        self.company.kam_complaint_resolve_days_high = 2
        friday = self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "4" and a.hour_from >= 13
        )
        friday.unlink()
        thursday = datetime(2026, 1, 8, 7, 0)
        complaint = self._new_complaint(severity="high", date_received=thursday)
        self.assertEqual(complaint.date_resolve_deadline, datetime(2026, 1, 12, 17, 0))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 12, 0, 0),
                "date_to": datetime(2026, 1, 12, 23, 59),
            }
        )
        complaint = self._new_complaint(severity="high", date_received=thursday)
        self.assertEqual(complaint.date_resolve_deadline, datetime(2026, 1, 13, 17, 0))

    def test_deadlines_skip_public_holidays(self):
        """A public holiday of the calendar on Monday moves the deadline to Tuesday."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 12, 0, 0),
                "date_to": datetime(2026, 1, 12, 23, 59),
            }
        )
        complaint = self._new_complaint(severity="high", date_received=self.received)
        self.assertEqual(complaint.date_ack_deadline, datetime(2026, 1, 13, 15, 0))

    def test_deadlines_follow_the_settings(self):
        """Changing the severity recomputes the deadlines from its settings."""
        complaint = self._new_complaint(severity="high", date_received=self.received)
        self.company.kam_complaint_ack_hours_critical = 3.0
        complaint.severity = "critical"
        self.assertEqual(complaint.date_ack_deadline, datetime(2026, 1, 12, 9, 0))

    def test_settings_must_be_positive(self):
        """SLA times of zero or less are refused."""
        with self.assertRaises(ValidationError):
            self.company.kam_complaint_ack_hours_low = 0.0
        with self.assertRaises(ValidationError):
            self.company.kam_complaint_resolve_days_medium = -1

    def test_settings_form(self):
        """The SLA times are company settings, editable in Settings."""
        settings = self.env["res.config.settings"].create(
            {"kam_complaint_ack_hours_medium": 12.0}
        )
        settings.execute()
        self.assertEqual(self.company.kam_complaint_ack_hours_medium, 12.0)

    def test_ack_escalation_on_working_time(self):
        """An unacknowledged complaint goes to the key-account manager after the
        deadline (not over the weekend), then to the sales manager, once each."""
        complaint = self._new_complaint(severity="high", date_received=self.received)
        self._cron("2026-01-10 12:00:00")  # Saturday: 8 clock hours passed
        self._cron("2026-01-12 14:59:00")
        self.assertFalse(self._escalations(complaint))
        self.assertFalse(complaint.is_overdue)

        self._cron("2026-01-12 15:01:00")
        self.assertTrue(complaint.is_overdue)
        self.assertEqual(self._escalations(complaint).user_id, self.kam_user)
        self.assertEqual(complaint.sla_ack_level, 1)
        self._cron("2026-01-12 16:00:00")
        self.assertEqual(len(self._escalations(complaint)), 1, "never twice")

        self._cron("2026-01-13 15:01:00")
        activities = self._escalations(complaint)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.kam_user | self.sales_manager)
        self.assertEqual(complaint.sla_ack_level, 2)
        self._cron("2026-01-14 10:00:00")
        self.assertEqual(len(self._escalations(complaint)), 2, "never twice")
        self.assertIn("escalated", " ".join(complaint.message_ids.mapped("body")))

    def test_resolution_escalation(self):
        """An acknowledged but unresolved complaint escalates after the resolution
        deadline; resolving it clears the overdue mark."""
        complaint = self._new_complaint(severity="high", date_received=self.received)
        with freeze_time("2026-01-09 16:00:00"):
            complaint.with_user(self.service).action_submit()
        self._cron("2026-01-16 16:59:00")
        self.assertFalse(self._escalations(complaint))
        self._cron("2026-01-16 17:01:00")
        self.assertEqual(self._escalations(complaint).user_id, self.kam_user)
        self.assertEqual(complaint.sla_resolve_level, 1)
        self.assertEqual(complaint.sla_ack_level, 0)
        self._cron("2026-01-19 17:01:00")
        self.assertEqual(len(self._escalations(complaint)), 2)
        self._cron("2026-01-20 17:01:00")
        self.assertEqual(len(self._escalations(complaint)), 2)
        self.assertTrue(complaint.is_overdue)
        complaint.with_user(self.service).action_cancel()
        self.assertFalse(complaint.is_overdue)

    def test_sales_manager_fallback_is_the_group(self):
        """Without a sales team leader, the sales administrators get the breach."""
        self.team.user_id = False
        complaint = self._new_complaint(severity="high", date_received=self.received)
        self._cron("2026-01-13 15:01:00")
        users = self._escalations(complaint).user_id
        self.assertIn(self.sales_manager, users)
        self.assertIn(self.kam_user, users)

    def test_customer_without_manager_goes_to_sales_manager(self):
        """Without key-account manager, the first level goes to the leader of the
        salesperson's team."""
        self.customer.kam_manager_id = False
        self.customer.user_id = self.kam_user
        complaint = self._new_complaint(severity="high", date_received=self.received)
        self._cron("2026-01-12 15:01:00")
        self.assertEqual(self._escalations(complaint).user_id, self.sales_manager)

    def test_closed_complaints_not_escalated(self):
        """A resolved complaint is not escalated for the resolution deadline."""
        complaint = self._waiting(severity="high", date_received=self.received)
        complaint.with_user(self.service).action_resolve()
        self._cron("2026-01-30 12:00:00")
        self.assertFalse(self._escalations(complaint))
        self.assertFalse(complaint.is_overdue)

    def test_cron_record_exists(self):
        """The SLA cron calls the escalation method."""
        cron = self.env.ref("kam_complaints.ir_cron_kam_complaint_sla")
        self.assertIn("_cron_sla_escalate", cron.code)
        self.assertTrue(cron.active)
