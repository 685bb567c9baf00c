# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.kam_lifecycle.models.kam_partner_figure import (
    figure_field,
    figure_number,
    twelve_months,
)

from .kam_complaint import OPEN_STATES

# the columns of kam.partner.figure that the complaint statistics write
FIGURE_COLUMNS = (
    "complaint_open_count",
    "complaint_count_12m",
    "complaint_cost_12m",
    "complaint_mttr_days",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_complaint_open_ids = fields.One2many(
        comodel_name="kam.complaint",
        inverse_name="commercial_partner_id",
        string="Open Complaint Records",
        domain=[("state", "in", OPEN_STATES)],
        groups="kam_lifecycle.group_kam_user",
    )
    kam_complaint_open_count = figure_field(
        fields.Integer,
        "complaint_open_count",
        string="Open Complaints",
        help="Complaints of this customer not resolved, closed, rejected or "
        "cancelled yet, in the current company.",
    )
    kam_complaint_count_12m = figure_field(
        fields.Integer,
        "complaint_count_12m",
        string="Complaints (12 Months)",
        help="Complaints received in the last 12 months, except cancelled ones.",
    )
    kam_complaint_cost_12m = figure_field(
        fields.Float,
        "complaint_cost_12m",
        string="Complaint Cost (12 Months)",
        digits="Account",
        help="Resolution cost of the approved, resolved and closed complaints received "
        "in the last 12 months, in the company's currency.",
    )
    kam_complaint_mttr_days = figure_field(
        fields.Float,
        "complaint_mttr_days",
        string="Mean Time to Resolve (Days)",
        digits=(16, 1),
        help="Mean number of days from receipt to resolution of the complaints "
        "resolved in the last 12 months.",
    )

    def action_view_kam_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_complaints.kam_complaint_action"
        )
        partner = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", partner.id)]
        action["context"] = {"default_partner_id": partner.id}
        return action

    @api.model
    def _cron_kam_recompute_complaint_stats(self):
        """Daily: move the 12-month window of every customer's complaint figures."""
        self._kam_recompute_complaint_stats()

    def _kam_recompute_complaint_stats(self, today=None):
        """Recompute the complaint statistics of these commercial partners (all of
        them when ``self`` is empty) for every company, in one statement that writes
        only the rows that changed."""
        today = today or fields.Date.context_today(self)
        since = fields.Datetime.to_datetime(twelve_months(today).start)
        self.env["kam.complaint"].flush_model()
        partner_ids = self.commercial_partner_id.ids
        if self and not partner_ids:
            return 0
        scope = SQL("TRUE")
        figure_scope = SQL("TRUE")
        if partner_ids:
            scope = SQL("c.commercial_partner_id = ANY(%s)", partner_ids)
            figure_scope = SQL("f.partner_id = ANY(%s)", partner_ids)
        stats = SQL(
            """
WITH stats AS (
    SELECT c.commercial_partner_id AS partner_id, c.company_id,
           COUNT(*) FILTER (WHERE c.state IN %(open)s) AS open_count,
           COUNT(*) FILTER (WHERE c.state != 'cancelled'
                              AND c.date_received >= %(since)s) AS count_12m,
           COALESCE(SUM(c.resolution_cost) FILTER (
               WHERE %(cost_counts)s AND c.date_received >= %(since)s), 0) AS cost_12m,
           COALESCE(AVG(EXTRACT(EPOCH FROM c.date_resolved - c.date_received)
                        / 86400.0) FILTER (
               WHERE c.date_resolved >= %(since)s
                 AND c.state IN ('resolved', 'closed')), 0) AS mttr
      FROM kam_complaint c
     WHERE %(scope)s AND c.commercial_partner_id IS NOT NULL
     GROUP BY 1, 2
), targets AS (
    SELECT partner_id, company_id FROM stats
    UNION
    -- figures that must drop to zero
    SELECT f.partner_id, f.company_id FROM kam_partner_figure f
     WHERE %(figure_scope)s AND (f.complaint_open_count != 0
           OR f.complaint_count_12m != 0 OR f.complaint_cost_12m != 0
           OR f.complaint_mttr_days != 0)
)
SELECT t.partner_id, t.company_id,
       COALESCE(s.open_count, 0) AS complaint_open_count,
       COALESCE(s.count_12m, 0) AS complaint_count_12m,
       COALESCE(s.cost_12m, 0) AS complaint_cost_12m,
       ROUND(COALESCE(s.mttr, 0)::numeric, 2) AS complaint_mttr_days
  FROM targets t LEFT JOIN stats s USING (partner_id, company_id)
""",
            open=OPEN_STATES,
            since=since,
            scope=scope,
            figure_scope=figure_scope,
            cost_counts=self.env["kam.complaint"]._kam_cost_counts_sql("c"),
        )
        return self.env["kam.partner.figure"]._kam_upsert(stats, FIGURE_COLUMNS)


class KamPartnerFigure(models.Model):
    _inherit = "kam.partner.figure"

    complaint_open_count = fields.Integer()
    complaint_count_12m = fields.Integer()
    complaint_cost_12m = figure_number()
    complaint_mttr_days = figure_number()
