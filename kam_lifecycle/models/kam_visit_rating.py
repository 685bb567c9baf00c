# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Feedback on a visit: Odoo's rating flow, and the annual meeting's conclusions."""

from odoo import api, fields, models

from .res_partner import ROLES

ROLE_ORDER = {role: index for index, (role, _label) in enumerate(ROLES)}
RATING_TEMPLATE = "kam_lifecycle.mail_template_kam_visit_rating"


class KamVisit(models.Model):
    _name = "kam.visit"
    # rating.mixin first: it extends mail.thread, which kam.visit already inherits
    _inherit = ["rating.mixin", "kam.visit"]

    conclusions = fields.Html(
        help="What the key account concluded at the annual meeting about our "
        "products, service, marketing and product development.",
    )

    # -- rating configuration ----------------------------------------------------
    def _rating_get_parent_field_name(self):
        return "partner_id"

    def _rating_get_operator(self):
        """The rated person: the key-account manager of the account."""
        self.ensure_one()
        return self.partner_id.kam_manager_id.partner_id

    def _rating_get_partner(self):
        """Who rates the visit: the first client attendee with an email, else the
        account's main contact (a contact of the decision unit with an email, the
        decision maker first), else the account itself when it has an email."""
        self.ensure_one()
        attendee = self.contact_ids.filtered("email")[:1]
        if attendee:
            return attendee
        account = self.partner_id
        contacts = account.child_ids.filtered(
            lambda c: c.type == "contact" and c.email and c.kam_role
        ).sorted(lambda c: (ROLE_ORDER.get(c.kam_role, 99), c.id))
        if contacts:
            return contacts[0]
        if account.email:
            return account
        return self.env["res.partner"]

    # -- CRUD ------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._kam_send_rating_request()
        return visits

    # -- business methods ----------------------------------------------------------
    def _kam_rating_recipients(self):
        """{visit: partner who rates it} of the visits that get a rating request:
        not opted out, someone with an email to ask."""
        recipients = {}
        for visit in self:
            if visit.partner_id.commercial_partner_id.kam_feedback_opt_out:
                continue
            partner = visit._rating_get_partner()
            if partner:
                recipients[visit] = partner
        return recipients

    def _kam_send_rating_request(self):
        """A visit is logged once made: ask the client how it went."""
        template = self.env.ref(RATING_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        for visit, partner in self._kam_rating_recipients().items():
            visit.rating_send_request(template, lang=partner.lang, force_send=False)
