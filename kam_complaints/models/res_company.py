# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SLA_SEVERITIES = ("low", "medium", "high", "critical")


class ResCompany(models.Model):
    _inherit = "res.company"

    kam_complaint_ack_hours_low = fields.Float(
        string="Hours to Acknowledge (Low)", default=24.0
    )
    kam_complaint_ack_hours_medium = fields.Float(
        string="Hours to Acknowledge (Medium)", default=16.0
    )
    kam_complaint_ack_hours_high = fields.Float(
        string="Hours to Acknowledge (High)", default=8.0
    )
    kam_complaint_ack_hours_critical = fields.Float(
        string="Hours to Acknowledge (Critical)", default=4.0
    )
    kam_complaint_resolve_days_low = fields.Integer(
        string="Days to Resolve (Low)", default=20
    )
    kam_complaint_resolve_days_medium = fields.Integer(
        string="Days to Resolve (Medium)", default=10
    )
    kam_complaint_resolve_days_high = fields.Integer(
        string="Days to Resolve (High)", default=5
    )
    kam_complaint_resolve_days_critical = fields.Integer(
        string="Days to Resolve (Critical)", default=2
    )
    kam_complaint_escalation_hours = fields.Float(
        string="Hours Before Escalating to the Sales Manager",
        default=8.0,
        help="Working hours after a missed deadline before the breach also goes to "
        "the sales manager.",
    )

    @api.constrains(
        *[f"kam_complaint_ack_hours_{s}" for s in SLA_SEVERITIES],
        *[f"kam_complaint_resolve_days_{s}" for s in SLA_SEVERITIES],
        "kam_complaint_escalation_hours",
    )
    def _check_kam_complaint_sla(self):
        for company in self:
            values = [company[f"kam_complaint_ack_hours_{s}"] for s in SLA_SEVERITIES]
            values += [
                company[f"kam_complaint_resolve_days_{s}"] for s in SLA_SEVERITIES
            ]
            if any(value <= 0 for value in values):
                raise ValidationError(
                    self.env._("Complaint SLA times must be greater than zero.")
                )
            if company.kam_complaint_escalation_hours < 0:
                raise ValidationError(
                    self.env._("The escalation delay cannot be negative.")
                )

    def _kam_complaint_sla(self, severity):
        """(hours to acknowledge, working days to resolve) for ``severity``."""
        self.ensure_one()
        severity = severity if severity in SLA_SEVERITIES else "medium"
        return (
            self[f"kam_complaint_ack_hours_{severity}"],
            self[f"kam_complaint_resolve_days_{severity}"],
        )

    def _kam_plan_working_hours(self, start, hours):
        """``start`` plus ``hours`` of the company's working calendar (naive UTC);
        plain hours when the company has no calendar."""
        self.ensure_one()
        if not start:
            return False
        calendar = self.resource_calendar_id
        if not calendar:
            return start + timedelta(hours=hours)
        end = calendar.plan_hours(hours, start, compute_leaves=True)
        if not end:
            return start + timedelta(hours=hours)
        return end.replace(tzinfo=None)

    def _kam_plan_working_days(self, start, days):
        """The end of the ``days``-th working day of the company's calendar after
        the day of ``start`` (naive UTC; public holidays skipped): the day of
        receipt, often only partly left, does not count. Plain days when the company
        has no calendar."""
        self.ensure_one()
        if not start:
            return False
        calendar = self.resource_calendar_id
        if not calendar:
            return start + timedelta(days=days)
        tz = pytz.timezone(calendar.tz or "UTC")
        local = pytz.utc.localize(start).astimezone(tz)
        next_day = tz.localize(
            datetime.combine(local.date() + timedelta(days=1), time.min)
        )
        # plan_days gives the end of the first work interval of the last day
        day = calendar.plan_days(days, next_day, compute_leaves=True)
        if not day:
            return start + timedelta(days=days)
        day = day.astimezone(tz)
        midnight = tz.localize(
            datetime.combine(day.date() + timedelta(days=1), time.min)
        )
        intervals = calendar._work_intervals_batch(day, midnight)[False]
        end = max((stop for _start, stop, _meta in intervals), default=day)
        return end.astimezone(pytz.utc).replace(tzinfo=None)
