# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's survey invitation, sending the yearly satisfaction survey to key accounts."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SATISFACTION_SURVEY = "kam_lifecycle.survey_kam_satisfaction"


class SurveyInvite(models.TransientModel):
    _inherit = "survey.invite"

    kam_year = fields.Integer(
        string="Survey Year",
        help="The year of the key accounts' satisfaction survey: each answer is "
        "linked to the contact's key account and this year.",
    )

    kam_is_satisfaction = fields.Boolean(
        string="Key-Account Satisfaction Survey",
        compute="_compute_kam_is_satisfaction",
    )

    @api.depends("survey_id")
    def _compute_kam_is_satisfaction(self):
        survey = self.env.ref(SATISFACTION_SURVEY, raise_if_not_found=False)
        for invite in self:
            invite.kam_is_satisfaction = bool(survey) and invite.survey_id == survey

    @api.constrains("kam_year")
    def _check_kam_year(self):
        for invite in self:
            if invite.kam_year and not 2000 <= invite.kam_year <= 2100:
                raise ValidationError(self.env._("The survey year is not valid."))

    def _prepare_answers(self, partners, emails):
        """For the key-account survey: one answer per contact and year, linked to
        the contact's key account. A contact already invited that year gets the
        link to the same answer again (unless finished); nobody gets a second
        one."""
        if not self.kam_is_satisfaction:
            return super()._prepare_answers(partners, emails)
        if not self.kam_year:
            raise UserError(self.env._("Give the year of the satisfaction survey."))
        if emails:
            raise UserError(
                self.env._(
                    "The satisfaction survey goes to the contacts of key accounts: "
                    "add %(emails)s as contacts of their company first.",
                    emails=", ".join(emails),
                )
            )
        not_key = partners.filtered(
            lambda p: not p.commercial_partner_id.kam_is_key_account
        )
        if not_key:
            raise UserError(
                self.env._(
                    "%(names)s: not a contact of a key account.",
                    names=", ".join(not_key.mapped("display_name")),
                )
            )
        # every answer of the year counts, also those the user may not read
        existing = (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [
                    ("survey_id", "=", self.survey_id.id),
                    ("partner_id", "in", partners.ids),
                    ("kam_year", "=", self.kam_year),
                ]
            )
        )
        answers = existing.filtered(lambda a: a.state != "done").sudo(False)
        answers.check_access("read")
        for partner in partners - existing.partner_id:
            answers |= self.survey_id._create_answer(
                partner=partner,
                check_attempts=False,
                **self._get_answers_values(),
                kam_partner_id=partner.commercial_partner_id.id,
                kam_year=self.kam_year,
                kam_company_id=self.env.company.id,
            )
        return answers
