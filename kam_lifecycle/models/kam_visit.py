# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

VISIT_TYPES = [
    ("sales", "Sales Visit"),
    ("executive", "Executive Visit"),
    ("technical", "Technical Visit"),
    ("annual_meeting", "Annual Meeting"),
]


class KamVisit(models.Model):
    _name = "kam.visit"
    _description = "Key-Account Visit"
    _inherit = ["mail.thread", "kam.guard.mixin", "kam.next.visit.source"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _kam_recheck_rules = True
    _kam_next_visit_fields = ("date", "visit_type")

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kam_manager_id = fields.Many2one(
        related="partner_id.kam_manager_id", string="Key-Account Manager"
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    visit_type = fields.Selection(
        selection=VISIT_TYPES, string="Type", required=True, default="sales"
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Visitors",
        default=lambda self: self.env.user,
        help="Our people who made the visit.",
    )
    contact_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="kam_visit_contact_rel",
        column1="visit_id",
        column2="partner_id",
        string="Client Attendees",
        domain="[('parent_id', '=', partner_id)]",
    )
    summary = fields.Text(required=True)
    issues = fields.Text(string="Issues Raised")
    next_steps = fields.Text()

    @api.depends("partner_id", "date", "visit_type")
    def _compute_display_name(self):
        types = dict(self._fields["visit_type"]._description_selection(self.env))
        for visit in self:
            visit.display_name = " - ".join(
                filter(
                    None,
                    [
                        visit.partner_id.name,
                        types.get(visit.visit_type),
                        visit.date and fields.Date.to_string(visit.date),
                    ],
                )
            )

    @api.constrains("partner_id")
    def _check_partner_commercial(self):
        for visit in self:
            if visit.partner_id.commercial_partner_id != visit.partner_id:
                raise ValidationError(
                    self.env._("Log the visit on the company, not on a contact.")
                )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for visit in self:
            if visit.date > today:
                raise ValidationError(
                    self.env._("A visit is logged once made: its date cannot be ahead.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._close_overdue_activities()
        return visits

    def _close_overdue_activities(self):
        """A logged visit settles the 'visit overdue' to-do of its client."""
        activity_type = self.env.ref(
            "kam_lifecycle.mail_activity_type_kam_visit_overdue",
            raise_if_not_found=False,
        )
        if not activity_type:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.partner_id.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        partners = self.partner_id
        activities = activities.filtered(
            lambda a: (
                not partners.browse(a.res_id).kam_next_visit_date
                or partners.browse(a.res_id).kam_next_visit_date
                >= fields.Date.context_today(self)
            )
        )
        if activities:
            activities.action_feedback(feedback=self.env._("Visit logged."))

    @api.model
    def _cron_kam_visit_overdue(self):
        """One 'visit overdue' activity per key account whose next visit is past."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "kam_lifecycle.mail_activity_type_kam_visit_overdue"
        )
        # every client's date stored again first: a visit or plan changed in SQL
        # (an import, a merge of partners) does not go through the ORM
        self.env["res.partner"]._kam_refresh_next_visits()
        # the next visit is due per company: every company's overdue accounts
        overdue = {}
        for company in self.env["res.company"].search([]):
            for partner in (
                self.env["res.partner"]
                .with_company(company)
                .search(
                    [
                        ("kam_is_key_account", "=", True),
                        ("kam_manager_id", "!=", False),
                        ("kam_next_visit_date", "<", today),
                    ]
                )
            ):
                overdue.setdefault(partner.id, partner.kam_next_visit_date)
        partners = self.env["res.partner"].browse(list(overdue))
        open_ids = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": partner.id,
                "activity_type_id": activity_type.id,
                "user_id": partner.kam_manager_id.id,
                "date_deadline": today,
                "summary": self.env._(
                    "Visit overdue since %(date)s",
                    date=fields.Date.to_string(overdue[partner.id]),
                ),
            }
            for partner in partners
            if partner.id not in open_ids
        ]
        self.env["mail.activity"].create(vals_list)
        return len(vals_list)
