# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ratings of visits: who may read them, and the low score's to-do."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .kam_feedback import VISIT_MODEL


class RatingRating(models.Model):
    _inherit = "rating.rating"

    kam_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Key Account",
        compute="_compute_kam_partner_id",
        store=True,
        index="btree_not_null",
        help="The key account of the rated visit.",
    )
    kam_visit_id = fields.Many2one(
        comodel_name="kam.visit",
        string="Visit",
        compute="_compute_kam_visit_id",
        store=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The rated visit.",
    )
    kam_visit_date = fields.Date(
        related="kam_visit_id.date", store=True, string="Visit Date"
    )
    kam_visit_company_id = fields.Many2one(
        related="kam_visit_id.company_id", store=True, string="Visit Company"
    )
    kam_visit_readable = fields.Boolean(
        string="Visit Readable",
        compute="_compute_kam_visit_readable",
        search="_search_kam_visit_readable",
        help="Technical: the current user may read the rated visit (the record rule "
        "of visit ratings).",
    )

    @api.depends("res_model", "res_id")
    def _compute_kam_visit_id(self):
        for rating in self:
            rating.kam_visit_id = self.env[VISIT_MODEL].browse(
                rating.res_id if rating.res_model == VISIT_MODEL else ()
            )

    @api.depends("res_model", "parent_res_model", "parent_res_id")
    def _compute_kam_partner_id(self):
        for rating in self:
            is_visit = (
                rating.res_model == VISIT_MODEL
                and rating.parent_res_model == "res.partner"
            )
            rating.kam_partner_id = self.env["res.partner"].browse(
                rating.parent_res_id if is_visit else ()
            )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kam_visit_readable(self):
        visit_ids = {r.res_id for r in self if r.res_model == VISIT_MODEL}
        visits = self.env[VISIT_MODEL].with_user(self.env.uid).browse(visit_ids)
        readable = set(visits._filtered_access("read").ids) if visits else set()
        for rating in self:
            rating.kam_visit_readable = (
                rating.res_model == VISIT_MODEL and rating.res_id in readable
            )

    def _search_kam_visit_readable(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Search the readable visits with = or != only."))
        visits = self.env[VISIT_MODEL].with_user(self.env.uid)
        if visits.has_access("read"):
            readable = [("res_id", "in", visits._search([]))]
        else:
            readable = [(0, "=", 1)]
        domain = expression.AND([[("res_model", "=", VISIT_MODEL)], readable])
        return domain if (operator == "=") == bool(value) else ["!", *domain]

    # -- CRUD ----------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._kam_check_low_scores()
        return ratings

    def write(self, vals):
        res = super().write(vals)
        if {"rating", "consumed"} & set(vals):
            self._kam_check_low_scores()
        return res

    # -- business methods ----------------------------------------------------------
    def _kam_low_ratings(self):
        """The answered visit ratings of ``self`` at or below the low rating of
        the visit's company (0: never low)."""
        ratings = self.filtered(
            lambda r: r.res_model == VISIT_MODEL and r.consumed and r.rating >= 1
        )
        if not ratings:
            return ratings
        visits = self.env[VISIT_MODEL].sudo().browse(ratings.mapped("res_id"))
        limits = {v.id: v.company_id.kam_feedback_low_rating for v in visits.exists()}
        return ratings.filtered(lambda r: r.rating <= limits.get(r.res_id, 0))

    def _kam_check_low_scores(self):
        low = self._kam_low_ratings()
        if not low:
            return
        visits = self.env[VISIT_MODEL].sudo().browse(low.mapped("res_id"))
        by_visit = {v.id: v for v in visits}
        items = []
        for rating in low:
            visit = by_visit[rating.res_id]
            summary = self.env._(
                "Low visit rating: %(rating)s/5 by %(partner)s on %(visit)s",
                rating=int(rating.rating),
                partner=rating.partner_id.display_name or "-",
                visit=visit.display_name,
            )
            items.append((visit.partner_id, visit.company_id, summary, rating.feedback))
        self.env["res.partner"]._kam_low_score_activities(items)
