# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_complaint import OPEN_STATES

STAT_COLUMNS = (
    "kam_complaint_open_count",
    "kam_complaint_count_12m",
    "kam_complaint_cost_12m",
    "kam_complaint_mttr_days",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _kam_system_fields(self):
        return super()._kam_system_fields() | set(STAT_COLUMNS)

    kam_complaint_open_ids = fields.One2many(
        comodel_name="kam.complaint",
        inverse_name="commercial_partner_id",
        string="Open Complaint Records",
        domain=[("state", "in", OPEN_STATES)],
        groups="kam_lifecycle.group_kam_user",
    )
    kam_complaint_open_count = fields.Integer(
        string="Open Complaints",
        company_dependent=True,
        index=False,
        readonly=True,
        help="Complaints of this customer not resolved, closed, rejected or "
        "cancelled yet, in the current company.",
    )
    kam_complaint_count_12m = fields.Integer(
        string="Complaints (12 Months)",
        company_dependent=True,
        index=False,
        readonly=True,
        help="Complaints received in the last 12 months, except cancelled ones.",
    )
    kam_complaint_cost_12m = fields.Float(
        string="Complaint Cost (12 Months)",
        company_dependent=True,
        index=False,
        readonly=True,
        digits="Account",
        help="Resolution cost of the approved, resolved and closed complaints received "
        "in the last 12 months, in the company's currency.",
    )
    kam_complaint_mttr_days = fields.Float(
        string="Mean Time to Resolve (Days)",
        company_dependent=True,
        index=False,
        readonly=True,
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
        them when ``self`` is empty) for every company, in one grouped query, and
        write only the values that changed."""
        today = today or fields.Date.context_today(self)
        since = fields.Datetime.to_datetime(today - relativedelta(months=12))
        self.env["kam.complaint"].flush_model()
        self.flush_model(list(STAT_COLUMNS))
        partner_ids = self.commercial_partner_id.ids
        if self and not partner_ids:
            return
        scope = SQL("TRUE")
        if partner_ids:
            scope = SQL("c.commercial_partner_id = ANY(%s)", partner_ids)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT c.commercial_partner_id, c.company_id,
                       COUNT(*) FILTER (WHERE c.state IN %(open)s),
                       COUNT(*) FILTER (WHERE c.state != 'cancelled'
                                          AND c.date_received >= %(since)s),
                       COALESCE(SUM(c.resolution_cost) FILTER (
                           WHERE %(cost_counts)s
                             AND c.date_received >= %(since)s), 0),
                       COALESCE(AVG(EXTRACT(EPOCH FROM
                                            c.date_resolved - c.date_received)
                                    / 86400.0) FILTER (
                           WHERE c.date_resolved >= %(since)s
                             AND c.state IN ('resolved', 'closed')), 0)
                  FROM kam_complaint c
                 WHERE %(scope)s AND c.commercial_partner_id IS NOT NULL
                 GROUP BY c.commercial_partner_id, c.company_id
                """,
                open=OPEN_STATES,
                since=since,
                scope=scope,
                cost_counts=self.env["kam.complaint"]._kam_cost_counts_sql("c"),
            )
        )
        values = {(row[0], str(row[1])): row[2:] for row in rows}
        # partners whose stored figures must drop to zero
        targets = set(partner_ids)
        if not partner_ids:
            targets = {row[0] for row in rows}
            targets.update(
                pid
                for (pid,) in self.env.execute_query(
                    SQL(
                        "SELECT id FROM res_partner WHERE %s",
                        SQL(" OR ").join(
                            SQL("%s IS NOT NULL", SQL.identifier(col))
                            for col in STAT_COLUMNS
                        ),
                    )
                )
            )
        company_keys = [
            str(cid) for cid in self.env["res.company"].sudo().search([]).ids
        ]
        pids, cids, opens, counts, costs, mttrs = [], [], [], [], [], []
        for pid in targets:
            for cid in company_keys:
                open_count, count, cost, mttr = values.get((pid, cid), (0, 0, 0.0, 0.0))
                pids.append(pid)
                cids.append(cid)
                opens.append(open_count)
                counts.append(count)
                costs.append(float(cost))
                mttrs.append(round(float(mttr), 2))
        if not pids:
            return
        self.env.cr.execute(
            SQL(
                """
                WITH v AS (
                    SELECT * FROM unnest(%(pids)s::int[], %(cids)s::text[],
                                         %(opens)s::int[], %(counts)s::int[],
                                         %(costs)s::float8[], %(mttrs)s::float8[])
                        AS v(pid, cid, open_count, cnt, cost, mttr)
                ), agg AS (
                    SELECT pid,
                           jsonb_object_agg(cid, open_count) AS open_count,
                           jsonb_object_agg(cid, cnt) AS cnt,
                           jsonb_object_agg(cid, cost) AS cost,
                           jsonb_object_agg(cid, mttr) AS mttr
                      FROM v GROUP BY pid
                )
                UPDATE res_partner p
                   SET kam_complaint_open_count =
                           COALESCE(p.kam_complaint_open_count, '{}'::jsonb)
                           || agg.open_count,
                       kam_complaint_count_12m =
                           COALESCE(p.kam_complaint_count_12m, '{}'::jsonb) || agg.cnt,
                       kam_complaint_cost_12m =
                           COALESCE(p.kam_complaint_cost_12m, '{}'::jsonb) || agg.cost,
                       kam_complaint_mttr_days =
                           COALESCE(p.kam_complaint_mttr_days, '{}'::jsonb) || agg.mttr
                  FROM agg
                 WHERE p.id = agg.pid
                   AND (COALESCE(p.kam_complaint_open_count, '{}'::jsonb)
                            || agg.open_count
                            IS DISTINCT FROM p.kam_complaint_open_count
                        OR COALESCE(p.kam_complaint_count_12m, '{}'::jsonb) || agg.cnt
                            IS DISTINCT FROM p.kam_complaint_count_12m
                        OR COALESCE(p.kam_complaint_cost_12m, '{}'::jsonb) || agg.cost
                            IS DISTINCT FROM p.kam_complaint_cost_12m
                        OR COALESCE(p.kam_complaint_mttr_days, '{}'::jsonb) || agg.mttr
                            IS DISTINCT FROM p.kam_complaint_mttr_days)
                """,
                pids=pids,
                cids=cids,
                opens=opens,
                counts=counts,
                costs=costs,
                mttrs=mttrs,
            )
        )
        self.invalidate_model(list(STAT_COLUMNS))
