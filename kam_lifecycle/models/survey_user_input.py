# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from .kam_feedback import KAM_MANAGER, KAM_USER

KAM_LINK_FIELDS = {"kam_partner_id", "kam_year", "kam_company_id"}


class SurveyUserInput(models.Model):
    """An answer to the yearly satisfaction survey, linked to the key account."""

    _inherit = "survey.user_input"

    kam_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Key Account",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        help="The key account whose decision unit gave this answer.",
    )
    kam_year = fields.Integer(
        string="Survey Year",
        readonly=True,
        help="The year of the key-account satisfaction survey this answer belongs to.",
    )
    kam_company_id = fields.Many2one(
        comodel_name="res.company",
        string="Surveying Company",
        readonly=True,
        index="btree_not_null",
        help="The company that sent the key-account satisfaction survey.",
    )
    kam_readable = fields.Boolean(
        string="Key Account Readable",
        compute="_compute_kam_readable",
        search="_search_kam_readable",
        help="Technical: the current user may read the answers of this key account "
        "(the record rule of key-account answers).",
    )

    _sql_constraints = [
        (
            "kam_contact_year_uniq",
            "unique(survey_id, partner_id, kam_year)",
            "A contact answers the key-account satisfaction survey once a year.",
        ),
    ]

    # -- access ----------------------------------------------------------------------
    @api.model
    def _kam_readable_domain(self):
        """The key-account answers the current user may read: those of the
        accounts he manages (or sells to) as a KAM user, all as a KAM manager; in
        the companies he works in."""
        user = self.env.user
        if user.has_group(KAM_MANAGER):
            own = []
        elif user.has_group(KAM_USER):
            own = [
                "|",
                ("kam_partner_id.kam_manager_id", "=", user.id),
                ("kam_partner_id.user_id", "=", user.id),
            ]
        else:
            return expression.FALSE_DOMAIN
        return expression.AND(
            [
                [("kam_partner_id", "!=", False)],
                [("kam_company_id", "in", self.env.companies.ids)],
                own,
            ]
        )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kam_readable(self):
        readable = self.sudo().filtered_domain(self._kam_readable_domain())
        for answer in self:
            answer.kam_readable = answer in readable

    def _search_kam_readable(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(
                self.env._("Search the readable answers with = or != only.")
            )
        domain = self._kam_readable_domain()
        return domain if (operator == "=") == bool(value) else ["!", *domain]

    # -- CRUD ------------------------------------------------------------------------
    def write(self, vals):
        if KAM_LINK_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "The key account, year and company of a survey answer are set "
                    "by the invitation and cannot be changed."
                )
            )
        res = super().write(vals)
        if vals.get("state") == "done":
            self._kam_check_low_scores()
        return res

    # -- business methods ----------------------------------------------------------
    def _kam_check_low_scores(self):
        """A finished key-account answer scoring below the company's limit gives
        the key-account manager a to-do."""
        items = []
        for answer in self.sudo().filtered(
            lambda a: a.kam_partner_id and a.state == "done" and not a.test_entry
        ):
            company = answer.kam_company_id or self.env.company
            if answer.scoring_percentage >= company.kam_feedback_low_survey:
                continue
            items.append(
                (
                    answer.kam_partner_id,
                    company,
                    self.env._(
                        "Low satisfaction survey score: %(score)s %% by %(partner)s "
                        "(%(year)s)",
                        score=round(answer.scoring_percentage),
                        partner=answer.partner_id.display_name or answer.email or "-",
                        year=answer.kam_year,
                    ),
                    False,
                )
            )
        self.env["res.partner"]._kam_low_score_activities(items)
