# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the key accounts think of us: visit ratings and the yearly survey."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_feedback import KAM_USER, VISIT_MODEL, rating_satisfaction, trend
from .kam_partner_figure import twelve_months

LOW_SCORE_ACTIVITY = "kam_lifecycle.mail_activity_type_kam_low_score"
SATISFACTION_SURVEY = "kam_lifecycle.survey_kam_satisfaction"
TRENDS = [("up", "Improving"), ("stable", "Stable"), ("down", "Worsening")]


class ResPartner(models.Model):
    # the feedback concern of the key-account file, in its own file
    _name = "res.partner"
    _inherit = ["res.partner"]

    kam_feedback_opt_out = fields.Boolean(
        string="No Rating Requests",
        help="The key account asked not to receive rating requests after visits.",
    )
    kam_rating_avg_12m = fields.Float(
        string="Visit Rating (12 months)",
        compute="_compute_kam_rating_stats",
        groups=KAM_USER,
        digits=(16, 1),
        help="Average rating (1 to 5) of the visits of the last 12 months, in the "
        "current company.",
    )
    kam_rating_avg_prev_12m = fields.Float(
        string="Visit Rating (12 months before)",
        compute="_compute_kam_rating_stats",
        groups=KAM_USER,
        digits=(16, 1),
    )
    kam_rating_satisfaction_12m = fields.Float(
        string="Visit Satisfaction (%)",
        compute="_compute_kam_rating_stats",
        groups=KAM_USER,
        digits=(16, 1),
        help="The visit ratings of the last 12 months as a satisfaction in % "
        "(5 = 100 %, 3 = 50 %, 1 = 0 %).",
    )
    kam_rating_count_12m = fields.Integer(
        string="Visit Ratings (12 months)",
        compute="_compute_kam_rating_stats",
        groups=KAM_USER,
    )
    kam_rating_count = fields.Integer(
        string="Visit Ratings",
        compute="_compute_kam_rating_stats",
        groups=KAM_USER,
    )
    kam_rating_trend = fields.Selection(
        selection=TRENDS,
        string="Visit Rating Trend",
        compute="_compute_kam_rating_stats",
        groups=KAM_USER,
        help="The last 12 months' average against the 12 months before.",
    )
    kam_survey_year = fields.Integer(
        string="Latest Survey Year",
        compute="_compute_kam_survey_stats",
        groups=KAM_USER,
    )
    kam_survey_score = fields.Float(
        string="Survey Satisfaction (%)",
        compute="_compute_kam_survey_stats",
        groups=KAM_USER,
        digits=(16, 1),
        help="The average score of the finished answers of the latest survey year.",
    )
    kam_survey_score_prev = fields.Float(
        string="Survey Satisfaction, Year Before (%)",
        compute="_compute_kam_survey_stats",
        groups=KAM_USER,
        digits=(16, 1),
    )
    kam_survey_trend = fields.Selection(
        selection=TRENDS,
        string="Survey Trend",
        compute="_compute_kam_survey_stats",
        groups=KAM_USER,
        help="The latest survey year's score against the year before.",
    )
    kam_survey_answer_count = fields.Integer(
        string="Survey Answers",
        compute="_compute_kam_survey_stats",
        groups=KAM_USER,
    )
    kam_annual_meeting_ids = fields.One2many(
        comodel_name="kam.visit",
        inverse_name="partner_id",
        string="Annual Meetings",
        domain=[("visit_type", "=", "annual_meeting")],
    )

    # -- compute -------------------------------------------------------------------
    @api.depends_context("company", "uid")
    def _compute_kam_rating_stats(self):
        stats = self._kam_rating_stats()
        for partner in self:
            current, previous, count_12m, count = stats.get(
                partner.id, (None, None, 0, 0)
            )
            partner.kam_rating_avg_12m = current or 0.0
            partner.kam_rating_avg_prev_12m = previous or 0.0
            partner.kam_rating_satisfaction_12m = (
                rating_satisfaction(current) if current else 0.0
            )
            partner.kam_rating_count_12m = count_12m
            partner.kam_rating_count = count
            partner.kam_rating_trend = trend(current, previous)

    def _kam_rating_stats(self, today=None):
        """{partner id: (average of the last 12 months, of the 12 before, ratings
        of the last 12 months, all ratings)} of the answered ratings of the visits
        the user may read, in the current company: one query."""
        Rating = self.env["rating.rating"]
        partners = self.filtered("id")
        if not partners or not Rating.has_access("read"):
            return {}
        window = twelve_months(today or fields.Date.context_today(self))
        groups = Rating._read_group(
            [
                ("kam_partner_id", "in", partners.ids),
                ("res_model", "=", VISIT_MODEL),
                ("consumed", "=", True),
                ("rating", ">=", 1),
                ("kam_visit_company_id", "=", self.env.company.id),
            ],
            groupby=["kam_partner_id", "kam_visit_date:day"],
            aggregates=["rating:sum", "__count"],
        )
        sums = defaultdict(lambda: [0.0, 0, 0.0, 0, 0])
        for partner, day, total, count in groups:
            row = sums[partner.id]
            row[4] += count
            if day and window.start <= day < window.end:
                row[0] += total
                row[1] += count
            elif day and window.prev_start <= day < window.start:
                row[2] += total
                row[3] += count
        return {
            pid: (
                row[0] / row[1] if row[1] else None,
                row[2] / row[3] if row[3] else None,
                row[1],
                row[4],
            )
            for pid, row in sums.items()
        }

    @api.depends_context("company", "uid")
    def _compute_kam_survey_stats(self):
        stats = self._kam_survey_stats()
        for partner in self:
            scores, count = stats.get(partner.id, ({}, 0))
            year = max(scores, default=0)
            current = scores.get(year)
            previous = scores.get(year - 1)
            partner.kam_survey_year = year
            partner.kam_survey_score = current or 0.0
            partner.kam_survey_score_prev = previous or 0.0
            partner.kam_survey_trend = trend(current, previous)
            partner.kam_survey_answer_count = count

    def _kam_survey_stats(self):
        """{partner id: ({year: average score of the finished answers}, answers)}
        of the survey answers the user may read, in the current company: one
        query."""
        Answer = self.env["survey.user_input"]
        partners = self.filtered("id")
        if not partners or not Answer.has_access("read"):
            return {}
        groups = Answer._read_group(
            [
                ("kam_partner_id", "in", partners.ids),
                ("kam_company_id", "=", self.env.company.id),
            ],
            groupby=["kam_partner_id", "kam_year", "state"],
            aggregates=["scoring_percentage:avg", "__count"],
        )
        stats = defaultdict(lambda: ({}, 0))
        for partner, year, state, score, count in groups:
            scores, total = stats[partner.id]
            if state == "done" and year:
                scores[year] = score
            stats[partner.id] = (scores, total + count)
        return dict(stats)

    # -- actions -------------------------------------------------------------------
    def action_kam_open_ratings(self):
        """The visit ratings of the account."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_lifecycle.rating_rating_action_kam_visit"
        )
        action["domain"] = [
            ("res_model", "=", VISIT_MODEL),
            ("kam_partner_id", "=", self.commercial_partner_id.id),
        ]
        return action

    def action_kam_open_survey_answers(self):
        """The satisfaction survey answers of the account."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_lifecycle.survey_user_input_action_kam"
        )
        action["domain"] = [("kam_partner_id", "=", self.commercial_partner_id.id)]
        return action

    def action_kam_send_survey(self, year=None):
        """Invite the decision unit of the selected key accounts to the yearly
        satisfaction survey (Odoo's invitation wizard, pre-filled)."""
        accounts = self.commercial_partner_id
        if not accounts:
            raise UserError(self.env._("Select the key accounts to survey."))
        not_key = accounts.filtered(lambda p: not p.kam_is_key_account)
        if not_key:
            raise UserError(
                self.env._(
                    "The satisfaction survey goes to key accounts only: %(names)s "
                    "is not one.",
                    names=", ".join(not_key.mapped("display_name")),
                )
            )
        contacts = accounts._kam_survey_contacts()
        if not contacts:
            raise UserError(
                self.env._(
                    "No contact of the decision unit of %(names)s has an email: add "
                    "the buying role and the email of the contacts to survey.",
                    names=", ".join(accounts.mapped("display_name")),
                )
            )
        survey = self.env.ref(SATISFACTION_SURVEY)
        year = year or fields.Date.context_today(self).year
        action = survey.action_send_survey()
        action["name"] = self.env._("Send Satisfaction Survey")
        action["context"] = dict(
            action["context"],
            default_partner_ids=contacts.ids,
            default_kam_year=year,
            default_existing_mode="resend",
        )
        return action

    # -- business methods ----------------------------------------------------------
    def _kam_survey_contacts(self):
        """The contacts of the decision unit (a buying role) with an email."""
        return self.env["res.partner"].search(
            [
                ("parent_id", "in", self.ids),
                ("type", "=", "contact"),
                ("kam_role", "!=", False),
                ("email", "!=", False),
            ]
        )

    @api.model
    def _kam_low_score_activities(self, items):
        """One 'low score' to-do for the key-account manager of each account of
        ``items`` (``[(account, company, summary, note)]``), unless one is open."""
        activity_type = self.env.ref(LOW_SCORE_ACTIVITY, raise_if_not_found=False)
        if not activity_type or not items:
            return self.env["mail.activity"]
        accounts = self.browse({account.id for account, *_rest in items})
        Activity = self.env["mail.activity"].sudo()
        open_ids = set(
            Activity.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", accounts.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for account, company, summary, note in items:
            manager = account.kam_manager_id
            if not manager or account.id in open_ids:
                continue
            open_ids.add(account.id)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": account.id,
                    "activity_type_id": activity_type.id,
                    "user_id": manager.id,
                    "summary": summary[:250],
                    "note": Markup("<p>%s</p>") % note if note else False,
                    "date_deadline": fields.Date.context_today(
                        self.with_company(company)
                    ),
                }
            )
        return Activity.create(vals_list)
