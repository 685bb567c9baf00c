# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA of a complaint: deadlines on the company's working calendar, and the cron
that marks overdue complaints and escalates them."""

from odoo import api, fields, models

# states in which the complaint still waits for its resolution (resolution SLA runs)
UNRESOLVED_STATES = (
    "draft",
    "submitted",
    "investigation",
    "proposal",
    "waiting_approval",
    "approved",
)


class KamComplaintSlaMixin(models.AbstractModel):
    _name = "kam.complaint.sla.mixin"
    _description = "Complaint: SLA and escalation"

    date_ack_deadline = fields.Datetime(
        string="Acknowledge By",
        compute="_compute_sla_deadlines",
        store=True,
    )
    date_resolve_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_sla_deadlines",
        store=True,
    )
    date_ack_escalation = fields.Datetime(
        string="Acknowledgement Escalation",
        compute="_compute_sla_deadlines",
        store=True,
        help="After this time an unacknowledged complaint goes to the sales manager.",
    )
    date_resolve_escalation = fields.Datetime(
        string="Resolution Escalation",
        compute="_compute_sla_deadlines",
        store=True,
        help="After this time an unresolved complaint goes to the sales manager.",
    )
    is_overdue = fields.Boolean(string="Overdue", readonly=True, copy=False, index=True)
    sla_ack_level = fields.Integer(
        string="Acknowledgement Escalation Level", readonly=True, copy=False
    )
    sla_resolve_level = fields.Integer(
        string="Resolution Escalation Level", readonly=True, copy=False
    )

    # ------------------------------------------------------------------ computes
    @api.depends("date_received", "severity", "company_id")
    def _compute_sla_deadlines(self):
        for complaint in self:
            if not complaint.date_received or not complaint.company_id:
                complaint.date_ack_deadline = False
                complaint.date_resolve_deadline = False
                complaint.date_ack_escalation = False
                complaint.date_resolve_escalation = False
                continue
            company = complaint.company_id
            ack_hours, resolve_days = company._kam_complaint_sla(complaint.severity)
            start = complaint.date_received
            ack = company._kam_plan_working_hours(start, ack_hours)
            resolve = company._kam_plan_working_days(start, resolve_days)
            delay = company.kam_complaint_escalation_hours
            complaint.date_ack_deadline = ack
            complaint.date_resolve_deadline = resolve
            complaint.date_ack_escalation = company._kam_plan_working_hours(ack, delay)
            complaint.date_resolve_escalation = company._kam_plan_working_hours(
                resolve, delay
            )

    # ------------------------------------------------------------------ SLA cron
    @api.model
    def _kam_sla_breaches(self, now):
        """Complaints to escalate: {(breach, level): complaints}."""
        ack_states = [("state", "=", "draft")]
        resolve_states = [("state", "in", UNRESOLVED_STATES)]
        return {
            ("ack", 1): self.search(
                ack_states
                + [("sla_ack_level", "<", 1), ("date_ack_deadline", "<", now)]
            ),
            ("ack", 2): self.search(
                ack_states
                + [("sla_ack_level", "<", 2), ("date_ack_escalation", "<", now)]
            ),
            ("resolve", 1): self.search(
                resolve_states
                + [("sla_resolve_level", "<", 1), ("date_resolve_deadline", "<", now)]
            ),
            ("resolve", 2): self.search(
                resolve_states
                + [
                    ("sla_resolve_level", "<", 2),
                    ("date_resolve_escalation", "<", now),
                ]
            ),
        }

    @api.model
    def _cron_sla_escalate(self, now=None):
        """Mark overdue complaints and escalate each breach once per level: to the
        key-account manager, then to the sales manager."""
        now = now or fields.Datetime.now()
        complaints = self.sudo()
        overdue = complaints.search(
            [
                "|",
                "&",
                ("state", "=", "draft"),
                ("date_ack_deadline", "<", now),
                "&",
                ("state", "in", UNRESOLVED_STATES),
                ("date_resolve_deadline", "<", now),
            ]
        )
        overdue.filtered(lambda c: not c.is_overdue).write({"is_overdue": True})
        complaints.search(
            [("is_overdue", "=", True), ("id", "not in", overdue.ids)]
        ).write({"is_overdue": False})
        breaches = complaints._kam_sla_breaches(now)
        total = sum(len(found) for found in breaches.values())
        done = 0
        for (breach, level), found in breaches.items():
            for complaint in found:
                complaint._kam_escalate(breach, level)
            found.write({f"sla_{breach}_level": level})
            done += len(found)
            self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
        return True

    def _kam_sales_managers(self):
        """The escalation target above the key-account manager: the leader of the
        customer's sales team (the partner's team when CRM is installed, else the
        team of its key-account manager, else of its salesperson), else the sales
        administrators (``sales_team.group_sale_manager``) of the company."""
        self.ensure_one()
        partner = self.commercial_partner_id
        team = partner["team_id"] if "team_id" in partner._fields else False
        team = (
            team or partner.kam_manager_id.sale_team_id or partner.user_id.sale_team_id
        )
        leader = team and team.user_id
        if leader and leader.active and not leader.share:
            return leader
        group = self.env.ref("sales_team.group_sale_manager")
        return group.users.filtered(
            lambda u: (
                not u.share
                and u.active
                and self.company_id in u.company_ids
                and u.id != self.env.ref("base.user_root").id
            )
        )

    def _kam_escalate(self, breach, level):
        self.ensure_one()
        manager = self.commercial_partner_id.kam_manager_id
        users = manager if level == 1 and manager else self._kam_sales_managers()
        if breach == "ack":
            summary = self.env._(
                "SLA breached: complaint %(name)s not acknowledged in time",
                name=self.name,
            )
            deadline = self.date_ack_deadline
        else:
            summary = self.env._(
                "SLA breached: complaint %(name)s not resolved in time", name=self.name
            )
            deadline = self.date_resolve_deadline
        today = fields.Date.context_today(self)
        for user in users:
            self.activity_schedule(
                "kam_complaints.mail_activity_type_kam_complaint_escalation",
                date_deadline=today,
                summary=summary,
                user_id=user.id,
            )
        self.message_post(
            body=self.env._(
                "%(summary)s (due %(deadline)s): escalated to %(users)s.",
                summary=summary,
                deadline=fields.Datetime.to_string(deadline),
                users=", ".join(users.mapped("name")) or "-",
            ),
            subtype_xmlid="mail.mt_note",
        )
