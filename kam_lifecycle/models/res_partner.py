# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from contextlib import contextmanager

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .kam_account_plan import EXECUTIVE_VISITS, SALES_VISITS
from .kam_partner_figure import (
    figure_field,
    revenue_sql,
    timed_part,
    twelve_months,
)

PHASES = [
    ("exploration", "Exploration"),
    ("formation", "Formation"),
    ("stability", "Stability"),
    ("decline", "Decline"),
]

SENSITIVITIES = [
    ("price", "Price-sensitive"),
    ("service", "Service-sensitive"),
    ("technology", "Technology-sensitive"),
]

ROLES = [
    ("decision_maker", "Decision Maker"),
    ("influencer", "Influencer"),
    ("purchaser", "Purchaser"),
    ("user_department", "User Department"),
    ("technical", "Technical"),
    ("finance", "Finance"),
    ("gatekeeper", "Gatekeeper"),
]

ATTITUDES = [
    ("champion", "Champion"),
    ("supporter", "Supporter"),
    ("neutral", "Neutral"),
    ("skeptic", "Skeptic"),
    ("opponent", "Opponent"),
]

# the phase rules, in the order of their priority (the first that holds fires)
PHASE_RULES = [
    ("decline_recency", "Decline: no order for longer than the client's usual gap"),
    ("exploration", "Exploration: young relationship or few orders"),
    ("decline_trend", "Decline: revenue or orders fell against the 12 months before"),
    ("formation_growth", "Formation: revenue growing against the 12 months before"),
    ("formation_irregular", "Formation: not yet ordering regularly"),
    ("stability", "Stability: regular orders, steady revenue"),
]

PERSONAL_GROUP = "kam_lifecycle.group_kam_manager"
# work memory of the set-based recomputes (per sort or hash, per parallel worker)
BULK_WORK_MEM = "16MB"
# rows written per statement of the set-based recomputes, and per progress report of
# their crons (the context key ``kam_batch_size`` overrides it)
BULK_BATCH = 20000
# the columns of kam.partner.figure that the phase recompute writes
PHASE_COLUMNS = ("phase_computed", "phase_pending", "phase_pending_since", "phase")
PERSONAL_FIELDS = {
    "kam_hometown",
    "kam_education",
    "kam_interests",
    "kam_family_notes",
    "kam_colleague_notes",
    "kam_career_plans",
    "kam_consent_date",
}
# who owns a key account: every "own key accounts" rule relies on them
OWNER_FIELDS = ("kam_is_key_account", "kam_manager_id", "user_id")
# what decides the commercial entity a partner belongs to
ENTITY_FIELDS = ("parent_id", "is_company", "commercial_partner_id")
MANUAL_FIELDS = {
    "kam_phase_manual",
    "kam_phase_manual_reason",
    "kam_phase_manual_until",
}


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "kam.guard.mixin"]

    # -- the key-account file (shared by all companies) --------------------------
    kam_is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        help="This company is managed as a key account.",
    )
    kam_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Key-Account Manager",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The salesperson who owns the relationship with this key account.",
    )
    kam_key_account_since = fields.Date(string="Key Account Since")
    kam_sensitivity = fields.Selection(
        selection=SENSITIVITIES,
        string="Sensitivity",
        tracking=True,
        help="What the buyer is most sensitive to: it decides the account strategy.",
    )
    kam_sensitivity_strategy = fields.Text(
        string="Strategy",
        compute="_compute_kam_sensitivity_strategy",
        help="The account strategy that the sensitivity implies.",
    )
    kam_annual_requirement = fields.Float(
        string="Annual Requirement",
        digits="Product Unit of Measure",
        help="The client's annual requirement of our product lines, in the unit below: "
        "the basis of the share of wallet.",
    )
    kam_requirement_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Requirement Unit",
    )
    kam_downstream_output = fields.Text(
        string="Downstream Output",
        help="Annual output of the client's downstream products.",
    )
    kam_downstream_markets = fields.Text(
        string="Downstream Markets",
        help="The client's main downstream markets and customers, and their prices.",
    )
    kam_usage_habits = fields.Text(
        string="Usage Habits",
        help="How the client uses our product and what it prefers.",
    )
    kam_industry_notes = fields.Text(string="Industry Notes")

    # -- the decision unit (on contacts) -------------------------------------------
    kam_role = fields.Selection(
        selection=ROLES,
        string="Buying Role",
        help="The contact's role in the client's decision unit.",
    )
    kam_attitude = fields.Selection(
        selection=ATTITUDES,
        string="Attitude",
        help="The contact's attitude towards us.",
    )
    kam_contact_ids = fields.One2many(
        comodel_name="res.partner",
        inverse_name="parent_id",
        string="Decision Unit",
        domain=[("type", "=", "contact")],
    )

    # -- personal profile (personal data: KAM managers only) ------------------------
    kam_hometown = fields.Char(string="Hometown", groups=PERSONAL_GROUP, copy=False)
    kam_education = fields.Char(string="Education", groups=PERSONAL_GROUP, copy=False)
    kam_interests = fields.Text(
        string="Interests and Sports", groups=PERSONAL_GROUP, copy=False
    )
    kam_family_notes = fields.Text(string="Family", groups=PERSONAL_GROUP, copy=False)
    kam_colleague_notes = fields.Text(
        string="Relations with Colleagues", groups=PERSONAL_GROUP, copy=False
    )
    kam_career_plans = fields.Text(
        string="Career Plans and Ambitions", groups=PERSONAL_GROUP, copy=False
    )
    kam_consent_date = fields.Date(
        string="Consent Date",
        groups=PERSONAL_GROUP,
        copy=False,
        help="When the contact agreed that we keep this personal profile.",
    )

    # -- the account's records -----------------------------------------------------
    kam_competitor_line_ids = fields.One2many(
        comodel_name="kam.competitor.line",
        inverse_name="partner_id",
        string="Competitors",
    )
    kam_plan_ids = fields.One2many(
        comodel_name="kam.account.plan",
        inverse_name="partner_id",
        string="Account Plans",
    )
    kam_visit_ids = fields.One2many(
        comodel_name="kam.visit",
        inverse_name="partner_id",
        string="Visits",
    )
    kam_lifecycle_event_ids = fields.One2many(
        comodel_name="kam.lifecycle.event",
        inverse_name="partner_id",
        string="Lifecycle Events",
    )
    kam_next_visit_date = figure_field(
        fields.Date,
        "next_visit_date",
        string="Next Visit Due",
        help="The last visit plus the visit cycle of the active account plan "
        "(the earlier of the sales and the executive cycle), in the current company.",
    )

    # -- the relationship lifecycle (per company: kam.partner.figure) -------------
    kam_phase = figure_field(
        fields.Selection,
        "phase",
        selection=PHASES,
        string="Lifecycle Phase",
        help="The effective relationship phase in the current company: the manual "
        "override while it holds, otherwise the computed phase.",
    )
    kam_phase_computed = figure_field(
        fields.Selection,
        "phase_computed",
        selection=PHASES,
        string="Computed Phase",
        help="The phase the rules give, from the confirmed sales of the company. It "
        "changes only when the new phase held on two consecutive evaluations.",
    )
    kam_phase_pending = figure_field(
        fields.Selection,
        "phase_pending",
        selection=PHASES,
        string="Pending Phase",
        help="The phase the rules gave on the last evaluation when it differs from the "
        "computed phase: it becomes the computed phase if an evaluation on a later day "
        "agrees.",
    )
    kam_phase_pending_since = figure_field(
        fields.Date,
        "phase_pending_since",
        string="Pending Since",
        help="The day the pending phase was first given: it is confirmed by an "
        "evaluation on a later day.",
    )
    kam_phase_manual = fields.Selection(
        selection=PHASES,
        string="Phase Override",
        company_dependent=True,
        help="Set a phase by hand; it replaces the computed phase until it expires.",
    )
    kam_phase_manual_reason = fields.Char(
        string="Override Reason",
        company_dependent=True,
    )
    kam_phase_manual_until = fields.Date(
        string="Override Until",
        company_dependent=True,
        help="Last day of the override; empty: until removed.",
    )

    @api.depends("kam_sensitivity")
    def _compute_kam_sensitivity_strategy(self):
        strategies = self._kam_sensitivity_strategies()
        for partner in self:
            partner.kam_sensitivity_strategy = strategies.get(partner.kam_sensitivity)

    def _kam_sensitivity_strategies(self):
        """The account strategy of each sensitivity (seed 002, 具体管理策略)."""
        return {
            "price": self.env._(
                "Price-sensitive buyer: an annual rebate on cumulative purchases (the "
                "more volume, the higher the rate); special off-season prices so the "
                "client stocks up; bundle prices when it buys two of our products; "
                "cheaper, larger packaging; lower-purity grades at a lower price. "
                "Lead the client towards valuing service."
            ),
            "service": self.env._(
                "Service-sensitive buyer: serve proactively. Remind the client of the "
                "service it is entitled to and prevent misuse in storage and use; add "
                "technical service: technicians who know its downstream process, usage "
                "guidance, regular news of its industry's technology. Be its adviser."
            ),
            "technology": self.env._(
                "Technology-sensitive buyer: develop custom products fast and "
                "introduce new ones; help and follow the client's trials; teach new "
                "technology; help it develop downstream products; share our research "
                "and trial results, seminars and training with partner universities, "
                "free application trials at the client."
            ),
        }

    @api.model
    def _kam_refresh_next_visits(self, pairs=None):
        """Store in the figures the next visit due of the clients and companies of
        ``pairs`` (``{(partner id, company id)}``; ``None``: every client of every
        company), in one statement: per active account plan and cycle, the last
        visit of its kinds in the plan's company (or the plan's 1 January) plus the
        cycle; the earliest. A client whose plan is no longer active loses its
        date. The visits and plans refresh what they change
        (``kam.next.visit.source``), the daily overdue check every client.
        Returns the number of figure rows written (the upsert flushes the pending
        writes of the visits and plans first)."""

        def in_scope(alias):
            return SQL("TRUE")

        if pairs is not None:
            pairs = sorted({(pid, cid) for pid, cid in pairs if pid and cid})
            if not pairs:
                return 0
            partner_ids, company_ids = (list(ids) for ids in zip(*pairs, strict=True))

            def in_scope(alias):
                return SQL(
                    "(%s, %s) IN (SELECT * FROM unnest(%s::int[], %s::int[]))",
                    SQL.identifier(alias, "partner_id"),
                    SQL.identifier(alias, "company_id"),
                    partner_ids,
                    company_ids,
                )

        source = SQL(
            """
WITH last AS (
    SELECT v.partner_id, v.company_id,
           MAX(v.date) FILTER (WHERE v.visit_type IN %(sales)s) AS last_sales,
           MAX(v.date) FILTER (WHERE v.visit_type IN %(executive)s) AS last_exec
      FROM kam_visit v
     WHERE %(visits)s
     GROUP BY v.partner_id, v.company_id
), due AS (
    SELECT pl.partner_id, pl.company_id,
           MIN(LEAST(
               CASE WHEN pl.visit_cycle_days > 0
                    THEN COALESCE(l.last_sales, make_date(pl.year, 1, 1))
                         + pl.visit_cycle_days END,
               CASE WHEN pl.exec_visit_cycle_days > 0
                    THEN COALESCE(l.last_exec, make_date(pl.year, 1, 1))
                         + pl.exec_visit_cycle_days END)) AS next_visit_date
      FROM kam_account_plan pl
      LEFT JOIN last l
        ON l.partner_id = pl.partner_id AND l.company_id = pl.company_id
     WHERE pl.state = 'active' AND %(plans)s
     GROUP BY pl.partner_id, pl.company_id
)
-- the clients with an active plan, and those that had a date (it goes)
SELECT k.partner_id, k.company_id, d.next_visit_date
  FROM (SELECT partner_id, company_id FROM due
        UNION
        SELECT f.partner_id, f.company_id FROM kam_partner_figure f
         WHERE f.next_visit_date IS NOT NULL AND %(figures)s) k
  LEFT JOIN due d ON d.partner_id = k.partner_id AND d.company_id = k.company_id
""",
            sales=SALES_VISITS,
            executive=EXECUTIVE_VISITS,
            visits=in_scope("v"),
            plans=in_scope("pl"),
            figures=in_scope("f"),
        )
        return (
            self.env["kam.partner.figure"]
            .sudo()
            ._kam_upsert(source, ["next_visit_date"])
        )

    # -- manual override ------------------------------------------------------------
    @api.constrains(
        "kam_phase_manual", "kam_phase_manual_reason", "kam_phase_manual_until"
    )
    def _check_kam_phase_manual(self):
        for partner in self:
            if not partner.kam_phase_manual:
                continue
            if partner.commercial_partner_id != partner:
                raise ValidationError(
                    self.env._("Override the phase on the company, not on a contact.")
                )
            if not (partner.kam_phase_manual_reason or "").strip():
                raise ValidationError(
                    self.env._("Give a reason for overriding the lifecycle phase.")
                )

    # -- guards -------------------------------------------------------------------
    def _kam_system_fields(self):
        return super()._kam_system_fields() | set(self._kam_figure_fields())

    def _kam_write_after_create_fields(self):
        return super()._kam_write_after_create_fields() | MANUAL_FIELDS

    def _kam_system_hint(self):
        return self.env._(
            "The recomputes set them; to put a client in another phase or class, "
            "set an override with its reason."
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if PERSONAL_FIELDS & set(vals):
                self.check_field_access_rights(
                    "create", list(PERSONAL_FIELDS & set(vals))
                )
            if vals.get("kam_is_key_account") or vals.get("kam_manager_id"):
                self._kam_check_owner_rights()
        return super().create(vals_list)

    def _kam_check_owner_rights(self):
        if not self.env.su and not self.env.user.has_group(PERSONAL_GROUP):
            raise AccessError(
                self.env._(
                    "Only key-account managers may make a client a key account or "
                    "change its key-account manager or salesperson."
                )
            )

    def _kam_owner_changes(self, vals):
        """Whether ``vals`` change who owns a key account: the flag or the
        key-account manager of any partner, the salesperson of a key account."""

        record_id = self._kam_record_id
        for partner in self:
            if "kam_is_key_account" in vals and bool(
                vals["kam_is_key_account"]
            ) != bool(partner.kam_is_key_account):
                return True
            if "kam_manager_id" in vals and (
                record_id(vals["kam_manager_id"]) != partner.kam_manager_id.id
            ):
                return True
            if (
                "user_id" in vals
                and partner.kam_is_key_account
                and record_id(vals["user_id"]) != partner.user_id.id
            ):
                return True
        return False

    def export_data(self, fields_to_export):
        """Refuse the export of fields the user may not read, also through paths
        (``child_ids/kam_hometown``): Odoo checks only the exported model's own
        fields."""
        if not self.env.su:
            for path in fields_to_export:
                model = self
                for name in path.replace(".id", "id").split("/"):
                    field = model._fields.get(name.split(":")[0])
                    if field is None:
                        break
                    model.check_field_access_rights("read", [field.name])
                    if not field.relational:
                        break
                    model = self.env[field.comodel_name]
        return super().export_data(fields_to_export)

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group(PERSONAL_GROUP):
            if any(name in vals for name in OWNER_FIELDS) and self._kam_owner_changes(
                vals
            ):
                self._kam_check_owner_rights()
            if any(name in vals for name in ENTITY_FIELDS) and self._kam_entity_moves(
                vals
            ):
                raise AccessError(
                    self.env._(
                        "Only key-account managers may move a contact into or out of "
                        "a key account, or make a key account the contact of another "
                        "company: it changes who owns its orders and complaints."
                    )
                )
        if not MANUAL_FIELDS & set(vals):
            return super().write(vals)
        if not self.env.su and not self.env.user.has_group(PERSONAL_GROUP):
            raise AccessError(
                self.env._(
                    "Only key-account managers may override the lifecycle phase."
                )
            )
        before = {p.id: (p.kam_phase, p.kam_phase_manual) for p in self}
        res = super().write(vals)
        if "kam_phase_manual_until" in vals:
            self._kam_check_override_expiry()
        self._kam_apply_override(before)
        return res

    def _kam_check_override_expiry(self):
        today = fields.Date.context_today(self)
        if any(
            p.kam_phase_manual_until and p.kam_phase_manual_until < today for p in self
        ):
            raise ValidationError(self.env._("The override cannot expire in the past."))

    def _kam_entity_moves(self, vals):
        """Whether ``vals`` move a partner from one commercial entity to another
        where the partner, or its entity before or after, is a key account."""
        for partner in self:
            parent = partner.parent_id
            if "parent_id" in vals:
                parent = self.browse(self._kam_record_id(vals["parent_id"]))
            is_company = vals.get("is_company", partner.is_company)
            after = (
                partner if is_company or not parent else parent.commercial_partner_id
            )
            if "commercial_partner_id" in vals:
                after = self.browse(self._kam_record_id(vals["commercial_partner_id"]))
            before = partner.commercial_partner_id
            if after != before and (
                partner.kam_is_key_account
                or before.kam_is_key_account
                or after.kam_is_key_account
            ):
                return True
        return False

    @api.model
    def _kam_record_id(self, value):
        return value.id if isinstance(value, models.BaseModel) else value or False

    def _kam_apply_override(self, before):
        """Set the effective phase after an override changed and keep the event."""
        events = []
        phases = {}
        company_id = self.env.company.id
        for partner in self:
            old_phase, old_manual = before[partner.id]
            if (old_manual or False) == (partner.kam_phase_manual or False):
                continue
            reason = (
                partner.kam_phase_manual_reason
                if partner.kam_phase_manual
                else self.env.su
                and self.env.context.get("kam_override_end")
                or self.env._("Override removed")
            )
            new_phase = partner.kam_phase_manual or partner.kam_phase_computed
            phases[partner.id, company_id] = {"phase": new_phase or False}
            if not partner.kam_phase_manual and (
                partner.kam_phase_manual_reason or partner.kam_phase_manual_until
            ):
                super(ResPartner, partner.sudo()).write(
                    {"kam_phase_manual_reason": False, "kam_phase_manual_until": False}
                )
            events.append(
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "date": fields.Date.context_today(self),
                    "phase_from": old_phase or False,
                    "phase_to": new_phase or False,
                    "source": "manual",
                    "reason": reason,
                }
            )
            partner.message_post(
                body=self.env._(
                    "Lifecycle phase set by hand: %(from)s → %(to)s (%(reason)s)",
                    **{
                        "from": self._kam_phase_label(old_phase),
                        "to": self._kam_phase_label(new_phase),
                        "reason": reason,
                    },
                ),
            )
        self.env["kam.partner.figure"].sudo()._kam_put(phases)
        return self.env["kam.lifecycle.event"].sudo().create(events)

    def _kam_phase_label(self, phase):
        return dict(self._fields["kam_phase"]._description_selection(self.env)).get(
            phase, self.env._("none")
        )

    def action_kam_recompute_phase(self):
        """Button: recompute the phase of this client now."""
        if not self.env.user.has_group("kam_lifecycle.group_kam_user"):
            raise AccessError(
                self.env._("Only key-account users may recompute a lifecycle phase.")
            )
        self._kam_recompute_phases()
        return True

    # -- the set-based recompute ------------------------------------------------
    @api.model
    def _cron_kam_lifecycle_recompute(self):
        """Daily: recompute the phases in every company (each reports its batches)."""
        for company in self.env["res.company"].search([]):
            self.with_company(company).browse()._kam_recompute_phases()

    def _kam_recompute_phases(self, today=None):
        """Recompute the lifecycle phase in the current company.

        On an empty recordset: every commercial partner with confirmed sales (or with a
        phase) of ``self.env.company``; otherwise the commercial partners of ``self``.
        Overrides that expired are removed first (through :meth:`write`, which keeps
        their event). A constant number of queries whatever the number of partners
        (per batch of ``BULK_BATCH`` changed partners, each reported to the cron).
        Returns the number of partners whose figures changed.
        """
        today = today or fields.Date.context_today(self)
        cr = self.env.cr
        self._kam_expire_overrides(today)
        self.env["res.partner"].flush_model(MANUAL_FIELDS)
        cr.execute(SQL("DROP TABLE IF EXISTS kam_phase_eval"))
        query = SQL(
            "CREATE TEMP TABLE kam_phase_eval AS %s", self._kam_phase_eval_query(today)
        )
        with (
            self._kam_bulk_query_settings(whole=not self),
            timed_part(self.env, "passes"),
        ):
            self._kam_order_stats(today)
            cr.execute(query)
        # conditions on kam_phase_eval, always under the alias e
        changed_rows = SQL(
            "(e.new_computed IS DISTINCT FROM e.old_computed"
            " OR e.new_pending IS DISTINCT FROM e.old_pending"
            " OR e.new_pending_since IS DISTINCT FROM e.old_pending_since"
            " OR e.new_phase IS DISTINCT FROM e.old_phase)"
        )
        figures = self.env["kam.partner.figure"]
        company_id = self.env.company.id

        def write_batch(first, last):
            batch = SQL("%s AND e.pid BETWEEN %s AND %s", changed_rows, first, last)
            self._kam_phase_history(today, batch)
            return figures._kam_upsert(
                SQL(
                    "SELECT e.pid AS partner_id, %s AS company_id,"
                    " e.new_computed AS phase_computed, e.new_pending AS phase_pending,"
                    " e.new_pending_since AS phase_pending_since, e.new_phase AS phase"
                    " FROM kam_phase_eval e WHERE %s",
                    company_id,
                    batch,
                ),
                PHASE_COLUMNS,
            )

        changed = self._kam_write_in_batches(
            self._kam_id_batches("kam_phase_eval", "pid", changed_rows), write_batch
        )
        cr.execute(SQL("DROP TABLE kam_phase_eval"))
        return changed

    def _kam_expire_overrides(self, today):
        """Remove the phase overrides of the current company that expired."""
        domain = [("kam_phase_manual_until", "<", today)]
        if self:
            domain.append(("id", "in", self.commercial_partner_id.ids))
        expired = self.env["res.partner"].sudo().search(domain)
        if expired:
            expired.with_context(kam_override_end=self.env._("Override expired")).write(
                dict.fromkeys(MANUAL_FIELDS, False)
            )

    def _kam_id_batches(self, table, column, condition):
        """``(first, last)`` values of ``column`` in consecutive batches of the rows
        of the temporary ``table`` (alias ``e`` in ``condition``) that match
        ``condition``, in ``column`` order."""
        size = self.env.context.get("kam_batch_size") or BULK_BATCH
        self.env.cr.execute(
            SQL(
                "SELECT MIN(id), MAX(id) FROM (SELECT %(col)s AS id, "
                "(ROW_NUMBER() OVER (ORDER BY %(col)s) - 1) / %(size)s AS batch "
                "FROM %(table)s e WHERE %(condition)s) t GROUP BY batch ORDER BY batch",
                col=SQL.identifier("e", column),
                size=size,
                table=SQL.identifier(table),
                condition=condition,
            )
        )
        return self.env.cr.fetchall()

    def _kam_write_in_batches(self, bounds, write_batch):
        """Call ``write_batch(first, last)`` for each batch, report the progress to
        the running cron after each one; return the sum of what the calls return."""
        cron = self.env["ir.cron"]
        written = 0
        for done, (first, last) in enumerate(bounds, start=1):
            written += write_batch(first, last)
            cron._notify_progress(done=done, remaining=len(bounds) - done)
        if not bounds:
            cron._notify_progress(done=0, remaining=0)
        return written

    @contextmanager
    def _kam_bulk_query_settings(self, whole=True):
        """Planner settings for the set-based recomputes, restored on exit.

        No JIT compilation (it costs more than it saves on one pass), a work memory
        of at least ``BULK_WORK_MEM`` so that each parallel worker sorts and hashes
        in memory (a server configured with more keeps its value), and, when
        ``whole`` (every partner of the company), no nested loops: right after a
        recompute has rewritten many partners, the statistics of ``res_partner``
        lag and the planner would otherwise probe the partners one by one.

        The temporary tables are analyzed on a sample of 3,000 rows
        (``default_statistics_target`` 10): the planner needs their row counts and
        distinct clients, which such a sample gives as well as one of 30,000, in a
        tenth of the time.
        """
        settings = {
            "jit": "off",
            "work_mem": SQL(
                "CASE WHEN pg_size_bytes(current_setting('work_mem'))"
                " < pg_size_bytes(%s) THEN %s ELSE current_setting('work_mem') END",
                BULK_WORK_MEM,
                BULK_WORK_MEM,
            ),
            "default_statistics_target": "10",
        }
        if whole:
            settings["enable_nestloop"] = "off"
        with self._kam_query_settings(settings):
            yield

    @contextmanager
    def _kam_query_settings(self, settings):
        """PostgreSQL's ``settings`` (``{name: value}``, a value may be an SQL
        expression) for the statements of the block, restored on exit. One query
        to read and set them, one to restore them."""
        cr = self.env.cr

        def apply(values):
            return SQL(", ").join(
                SQL("set_config(%s, %s, true)", name, value)
                for name, value in values.items()
            )

        # OFFSET 0: the settings before are read before any is set
        cr.execute(
            SQL(
                "SELECT b.*, %s FROM (SELECT %s OFFSET 0) b",
                apply(settings),
                SQL(", ").join(SQL("current_setting(%s)", name) for name in settings),
            )
        )
        # the row: the settings before, then what set_config returned
        before = dict(zip(settings, cr.fetchone()[: len(settings)], strict=True))
        try:
            yield
        except psycopg2.Error:
            # the transaction (or its savepoint) is aborted: its rollback restores
            # the settings, and no statement may run before it
            raise
        except Exception:
            cr.execute(SQL("SELECT %s", apply(before)))
            raise
        cr.execute(SQL("SELECT %s", apply(before)))

    def _kam_phase_rule_sql(self, company):
        """The phase rules as a CASE over the client's sales figures (columns
        ``recency_days``, ``recency_limit``, ``age_days``, ``orders``,
        ``orders_12m``, ``orders_prev``, ``revenue_12m``, ``revenue_prev``), in the
        order of priority: the rule that fires, its phase before the ``_``."""
        return SQL(
            """CASE
            WHEN recency_days > recency_limit THEN 'decline_recency'
            WHEN age_days < %(expl_days)s OR orders < %(expl_orders)s
                THEN 'exploration'
            WHEN revenue_prev > 0 AND (
                revenue_12m < revenue_prev * (1 - %(drop)s)
                OR orders_12m < orders_prev * (1 - %(drop)s)) THEN 'decline_trend'
            WHEN revenue_12m >= revenue_prev * (1 + %(growth)s)
                THEN 'formation_growth'
            WHEN orders_12m < %(stab_orders)s THEN 'formation_irregular'
            ELSE 'stability' END""",
            expl_days=company.kam_exploration_days,
            expl_orders=company.kam_exploration_min_orders,
            drop=company.kam_decline_drop,
            growth=company.kam_formation_growth,
            stab_orders=company.kam_stability_min_orders,
        )

    def _kam_order_stats(self, today):
        """Fill the temporary table ``kam_order_stats``: per client (commercial
        partner) of the current company, its confirmed orders up to ``today``:
        ``first_date``, ``last_date``, ``orders``, ``orders_12m``, ``orders_prev``
        (the 12 months before), ``revenue_12m``, ``revenue_prev`` and the median
        and 90th-percentile gap in days between order days (``median_gap``,
        ``p90_gap``). On an empty recordset every client, otherwise the commercial
        partners of ``self``.

        The one definition of a client's order figures: the lifecycle's phases and
        the segmentation's figures read the same table. It lives until the end of
        the transaction and is built again only when the company, the day, the
        clients or the orders and partners differ (PostgreSQL's counters of the rows
        this transaction wrote in ``sale_order`` and ``res_partner``), so that a
        recompute of phases then segments (the nightly crons' order, the
        benchmark) passes over the orders once."""
        # every pending write first: what it changes in the orders or partners
        # shows in the counters below
        self.env.flush_all()
        ids = sorted(self.commercial_partner_id.ids) if self else None
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT obj_description(to_regclass('pg_temp.kam_order_stats'),"
                " 'pg_class'), %s",
                SQL(" + ").join(
                    SQL("%s(%s::regclass)", SQL(function), table)
                    for table in ("sale_order", "res_partner")
                    for function in (
                        "pg_stat_get_xact_tuples_inserted",
                        "pg_stat_get_xact_tuples_updated",
                        "pg_stat_get_xact_tuples_deleted",
                    )
                ),
            )
        )
        built, written = cr.fetchone()
        key = json.dumps([self.env.company.id, str(today), ids, written])
        if built == key:
            return
        cr.execute("DROP TABLE IF EXISTS pg_temp.kam_order_stats")
        # rows handed from the parallel workers to the leader costed at a tenth of
        # the default: the workers scan, join and sort the orders, the leader runs
        # the window over each client's orders (by default all of it runs in the
        # leader)
        with self._kam_query_settings({"parallel_tuple_cost": "0.01"}):
            cr.execute(
                SQL(
                    "CREATE TEMP TABLE kam_order_stats ON COMMIT DROP AS %s",
                    self._kam_order_stats_sql(today, ids),
                )
            )
        cr.execute(SQL("COMMENT ON TABLE pg_temp.kam_order_stats IS %s", key))
        # a temporary table has no statistics until analyzed (autovacuum never
        # sees it): without them the planner takes it for a few hundred rows
        cr.execute("ANALYZE pg_temp.kam_order_stats")

    @api.model
    def _kam_order_stats_sql(self, today, ids):
        window = twelve_months(today)
        return SQL(
            """
WITH orders AS (
    SELECT cp.commercial_partner_id AS pid, o.date_order::date AS d,
           %(revenue)s AS amount,
           o.date_order::date - LAG(o.date_order::date) OVER (
               PARTITION BY cp.commercial_partner_id ORDER BY o.date_order::date
           ) AS gap
      FROM sale_order o
      JOIN res_partner cp ON cp.id = o.partner_id
     WHERE o.state = 'sale' AND o.company_id = %(company_id)s
       AND o.date_order < %(tomorrow)s AND %(order_filter)s
)
-- the gaps between order days: the non-zero gaps between consecutive orders
SELECT pid, MIN(d) AS first_date, MAX(d) AS last_date, COUNT(*) AS orders,
       COALESCE(SUM(amount) FILTER (WHERE d >= %(y1)s), 0) AS revenue_12m,
       COALESCE(SUM(amount) FILTER (WHERE d >= %(y2)s AND d < %(y1)s), 0)
           AS revenue_prev,
       COUNT(*) FILTER (WHERE d >= %(y1)s) AS orders_12m,
       COUNT(*) FILTER (WHERE d >= %(y2)s AND d < %(y1)s) AS orders_prev,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) FILTER (WHERE gap > 0)
           AS median_gap,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY gap) FILTER (WHERE gap > 0)
           AS p90_gap
  FROM orders GROUP BY pid
""",
            company_id=self.env.company.id,
            tomorrow=window.end,
            y1=window.start,
            y2=window.prev_start,
            revenue=revenue_sql("o"),
            order_filter=(
                SQL("cp.commercial_partner_id = ANY(%s)", ids)
                if ids is not None
                else SQL("TRUE")
            ),
        )

    def _kam_phase_eval_query(self, today):
        """One statement: figures, rule and the new stored values of every partner,
        from the order figures of ``kam_order_stats``.

        The figures stay columns; the events build their JSON only for the rows
        that changed."""
        company = self.env.company
        cid = str(company.id)
        partner_filter = SQL("TRUE")
        if self:
            ids = list(self.commercial_partner_id.ids)
            partner_filter = SQL("p.id = ANY(%s)", ids)
        return SQL(
            """
WITH sales AS (
    SELECT pc.*,
           %(today)s::date - pc.first_date AS age_days,
           %(today)s::date - pc.last_date AS recency_days,
           CASE WHEN pc.p90_gap IS NULL THEN %(recency_days)s::float
                ELSE GREATEST(pc.p90_gap * %(factor)s, %(recency_min)s) END
               AS recency_limit
      FROM kam_order_stats pc
), ruled AS (
    SELECT sales.*, %(rule)s AS rule FROM sales
), evaluated AS (
    SELECT p.id AS pid, ru.rule, split_part(ru.rule, '_', 1) AS phase,
           ru.first_date, ru.last_date, ru.orders, ru.orders_12m, ru.orders_prev,
           ru.revenue_12m, ru.revenue_prev, ru.age_days, ru.recency_days,
           ru.median_gap, ru.p90_gap, ru.recency_limit,
           f.phase_computed AS old_computed, f.phase_pending AS old_pending,
           f.phase_pending_since AS old_pending_since, f.phase AS old_phase,
           p.kam_phase_manual ->> %(cid)s AS manual
      FROM res_partner p
      LEFT JOIN ruled ru ON ru.pid = p.id
      LEFT JOIN kam_partner_figure f
        ON f.partner_id = p.id AND f.company_id = %(company_id)s
     WHERE (ru.pid IS NOT NULL OR f.phase IS NOT NULL OR f.phase_computed IS NOT NULL
            OR p.kam_phase_manual ? %(cid)s)
       AND %(partner_filter)s
), decided AS (
    -- a new phase replaces the computed one when it held on two evaluations
    SELECT evaluated.*,
           CASE WHEN phase IS NULL THEN NULL
                WHEN old_computed IS NULL OR phase = old_computed
                     OR (phase = old_pending AND old_pending_since < %(today)s)
                    THEN phase
                ELSE old_computed END AS new_computed,
           CASE WHEN phase IS NULL OR old_computed IS NULL OR phase = old_computed
                     OR (phase = old_pending AND old_pending_since < %(today)s)
                    THEN NULL
                ELSE phase END AS new_pending
      FROM evaluated
)
SELECT decided.*,
       CASE WHEN new_pending IS NULL THEN NULL
            WHEN new_pending = old_pending THEN old_pending_since
            ELSE %(today)s::date END AS new_pending_since,
       COALESCE(manual, new_computed) AS new_phase
  FROM decided
""",
            company_id=company.id,
            cid=cid,
            today=today,
            recency_days=company.kam_recency_days,
            factor=company.kam_recency_p90_factor,
            recency_min=company.kam_recency_min_days,
            rule=self._kam_phase_rule_sql(company),
            partner_filter=partner_filter,
        )

    def _kam_phase_history(self, today, batch):
        """The events of the changes in the ``batch`` (a condition on
        kam_phase_eval), set-based, and a chatter note on each key account whose
        phase changed, through the mail API: the notes are for the people who
        follow the key accounts, the events for everyone. A client's first phase
        is no change: it starts the history (an event), not a note."""
        rule_labels = dict(
            self.env["kam.lifecycle.event"]
            ._fields["rule"]
            ._description_selection(self.env)
        )
        self.env["kam.lifecycle.event"]._kam_insert_events(
            SQL(
                """
SELECT e.pid AS partner_id, %(cid)s AS company_id, %(today)s::date AS date,
       e.old_computed AS phase_from, e.new_computed AS phase_to,
       'computed' AS source, e.rule, %(rules)s::jsonb ->> e.rule AS reason,
       CASE WHEN e.first_date IS NOT NULL THEN jsonb_build_object(
           'first_order', e.first_date, 'last_order', e.last_date,
           'orders', e.orders, 'orders_12m', e.orders_12m,
           'orders_prev_12m', e.orders_prev,
           'revenue_12m', round(e.revenue_12m::numeric, 2),
           'revenue_prev_12m', round(e.revenue_prev::numeric, 2),
           'age_days', e.age_days, 'days_since_last_order', e.recency_days,
           'median_gap_days', e.median_gap, 'p90_gap_days', e.p90_gap,
           'recency_limit_days', round(e.recency_limit::numeric, 1)) END AS metrics
  FROM kam_phase_eval e
 WHERE e.new_computed IS DISTINCT FROM e.old_computed AND %(batch)s
""",
                cid=self.env.company.id,
                today=today,
                rules=json.dumps(rule_labels),
                batch=batch,
            )
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT e.pid, e.old_phase, e.new_phase, e.rule FROM kam_phase_eval e"
                " JOIN res_partner p ON p.id = e.pid"
                " WHERE p.kam_is_key_account AND e.old_phase IS NOT NULL"
                " AND e.new_phase IS DISTINCT FROM e.old_phase AND %s",
                batch,
            )
        )
        bodies = {
            pid: Markup("<p>%s %s → %s</p><p>%s</p>")
            % (
                self.env._("Lifecycle phase:"),
                self._kam_phase_label(old_phase),
                self._kam_phase_label(new_phase),
                rule_labels.get(rule, ""),
            )
            for pid, old_phase, new_phase, rule in rows
        }
        if bodies:
            with timed_part(self.env, "chatter"):
                self.browse(list(bodies)).sudo()._message_log_batch(bodies=bodies)


class KamPartnerFigure(models.Model):
    _inherit = "kam.partner.figure"

    phase = fields.Selection(selection=PHASES, string="Lifecycle Phase")
    phase_computed = fields.Selection(selection=PHASES, string="Computed Phase")
    phase_pending = fields.Selection(selection=PHASES, string="Pending Phase")
    phase_pending_since = fields.Date(string="Pending Since")
    next_visit_date = fields.Date(string="Next Visit Due")
