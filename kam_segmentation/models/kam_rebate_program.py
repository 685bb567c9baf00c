# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.kam_lifecycle.models.kam_state_mixin import Transition

_lt = LazyTranslate(__name__)

HUNDRED = Decimal(100)
# volumes and thresholds as exact as the volume query (6 decimals): with the 2 of
# "Product Unit of Measure", 999.996 t would be stored as 1,000.00 t
VOLUME_DIGITS = (16, 6)
ADMIN = "kam_lifecycle.group_kam_admin"


def _dec(value):
    """The decimal of a float as written: 0.1 is 0.1, not 0.1000000000000000055."""
    return Decimal(repr(float(value or 0.0)))


def rebate_breakdown(tiers, calculation, volume, amount):
    """The rebate of ``volume`` (and its untaxed ``amount``) over ``tiers``, explained.

    ``tiers``: ``[(threshold, rate, rate_type)]`` sorted by threshold, the first at 0.
    ``calculation``: ``retroactive`` (the whole volume at the rate of the tier reached)
    or ``progressive`` (each slice of volume at its own tier's rate, like tax brackets).
    A ``percent`` rate applies to the amount (retroactive: the whole counted amount;
    progressive: the slice, so the basis is the amount), a ``per_unit`` rate to the
    volume. Returns ``(index of the tier reached or -1, entitlement, slices)`` where
    ``slices`` is ``[(index, slice volume, slice rebate)]``; the entitlement is an
    unrounded ``Decimal`` and never negative.
    """
    volume, amount = _dec(volume), _dec(amount)
    reached = -1
    for index, tier in enumerate(tiers):
        if volume >= _dec(tier[0]):
            reached = index
    if reached < 0:
        return reached, Decimal(0), []
    slices = []
    if calculation == "retroactive":
        _threshold, rate, rate_type = tiers[reached]
        base = amount if rate_type == "percent" else volume
        rebate = base * _dec(rate) / (HUNDRED if rate_type == "percent" else 1)
        slices.append((reached, volume, rebate))
    else:
        for index, (threshold, rate, rate_type) in enumerate(tiers[: reached + 1]):
            low = _dec(threshold)
            high = _dec(tiers[index + 1][0]) if index + 1 < len(tiers) else None
            top = volume if high is None else min(volume, high)
            part = max(top - low, Decimal(0))
            rebate = part * _dec(rate) / (HUNDRED if rate_type == "percent" else 1)
            slices.append((index, part, rebate))
    entitlement = sum((s[2] for s in slices), Decimal(0))
    return reached, max(entitlement, Decimal(0)), slices


class KamRebateProgram(models.Model):
    _name = "kam.rebate.program"
    _description = "Rebate Program"
    _inherit = ["mail.thread", "kam.state.mixin", "kam.guard.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _kam_transitions = {
        "action_activate": Transition(("draft",), "active", _lt("activate"), ADMIN),
        "action_close": Transition(("active",), "closed", _lt("close"), ADMIN),
        "action_reset_draft": Transition(
            ("active",),
            "draft",
            _lt("reset to draft"),
            ADMIN,
            condition="_kam_reset_draft_refusal",
        ),
    }

    name = fields.Char(string="Program", required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    state = fields.Selection(
        selection=[("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    kam_can_activate = fields.Boolean(compute="_compute_kam_can")
    kam_can_close = fields.Boolean(compute="_compute_kam_can")
    kam_can_reset_draft = fields.Boolean(compute="_compute_kam_can")
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    basis = fields.Selection(
        selection=[("amount", "Untaxed amount"), ("quantity", "Quantity")],
        required=True,
        default="amount",
        tracking=True,
        help="The cumulative volume the tiers are measured on: the untaxed amount in "
        "the company currency, or the quantity in the program's unit of measure.",
    )
    uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit of Measure",
        help="Quantities of invoice lines in another unit of the same category are "
        "converted; lines in a unit of another category are not counted.",
    )
    calculation = fields.Selection(
        selection=[("retroactive", "Retroactive"), ("progressive", "Progressive")],
        required=True,
        default="retroactive",
        tracking=True,
        help="Retroactive: the whole volume at the rate of the tier reached. "
        "Progressive: each slice of volume at its own tier's rate, like tax brackets.",
    )
    tier_ids = fields.One2many(
        comodel_name="kam.rebate.tier",
        inverse_name="program_id",
        string="Tiers",
        copy=True,
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="kam_rebate_program_partner_rel",
        column1="program_id",
        column2="partner_id",
        string="Customers",
        check_company=True,
        help="Customers covered explicitly; their contacts and addresses count too.",
    )
    partner_category_ids = fields.Many2many(
        comodel_name="res.partner.category",
        relation="kam_rebate_program_partner_category_rel",
        column1="program_id",
        column2="category_id",
        string="Customer Tags",
    )
    client_class_ids = fields.Many2many(
        comodel_name="kam.rebate.client.class",
        relation="kam_rebate_program_client_class_rel",
        column1="program_id",
        column2="class_id",
        string="Client Classes",
        help="Customers whose client class in the program's company is one of these.",
    )
    product_categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="kam_rebate_program_product_categ_rel",
        column1="program_id",
        column2="categ_id",
        string="Product Categories",
        help="Products of these categories and their subcategories count.",
    )
    product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="kam_rebate_program_product_rel",
        column1="program_id",
        column2="product_id",
        string="Products",
        check_company=True,
    )
    rebate_product_id = fields.Many2one(
        comodel_name="product.product",
        check_company=True,
        default=lambda self: self.env.ref(
            "kam_segmentation.product_product_kam_rebate", raise_if_not_found=False
        ),
        help="The product of the credit notes' rebate line.",
    )
    rebate_account_id = fields.Many2one(
        comodel_name="account.account",
        check_company=True,
        help="The account of the credit notes' rebate line; empty: the rebate "
        "product's income account.",
    )
    settlement_ids = fields.One2many(
        comodel_name="kam.rebate.settlement",
        inverse_name="program_id",
        string="Settlements",
    )
    settlement_count = fields.Integer(compute="_compute_settlement_count")
    progress_ids = fields.One2many(
        comodel_name="kam.rebate.progress",
        inverse_name="program_id",
    )
    overlap_warning = fields.Text(compute="_compute_overlap_warning")

    # ------------------------------------------------------------------ constraints
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for program in self:
            if program.date_end < program.date_start:
                raise ValidationError(
                    self.env._(
                        "The rebate program %(name)s ends before it starts.",
                        name=program.name,
                    )
                )

    @api.constrains("basis", "uom_id", "calculation", "tier_ids")
    def _check_tiers(self):
        for program in self:
            program._kam_check_tier_table()

    def _kam_check_tier_table(self):
        self.ensure_one()
        if self.basis == "quantity" and not self.uom_id:
            raise ValidationError(
                self.env._("A quantity-based rebate program needs a unit of measure.")
            )
        tiers = self.tier_ids.sorted(lambda t: (t.threshold, t.id))
        if not tiers:
            return
        if tiers[0].threshold != 0:
            raise ValidationError(
                self.env._(
                    "The first tier of %(name)s must start at 0.", name=self.name
                )
            )
        for low, high in zip(tiers, tiers[1:], strict=False):
            if high.threshold <= low.threshold:
                raise ValidationError(
                    self.env._(
                        "The tier thresholds of %(name)s must be strictly increasing: "
                        "%(value)s appears twice.",
                        name=self.name,
                        value=high.threshold,
                    )
                )
        if any(t.rate < 0 for t in tiers):
            raise ValidationError(self.env._("Rebate rates cannot be negative."))
        if len(set(tiers.mapped("rate_type"))) > 1:
            raise ValidationError(
                self.env._(
                    "All tiers of %(name)s must use the same rate type.", name=self.name
                )
            )
        rate_type = tiers[0].rate_type
        if self.basis == "amount" and rate_type != "percent":
            raise ValidationError(
                self.env._("An amount-based program pays a percentage of the amount.")
            )
        if (
            self.basis == "quantity"
            and self.calculation == "progressive"
            and rate_type != "per_unit"
        ):
            raise ValidationError(
                self.env._(
                    "A progressive quantity-based program pays an amount per unit: a "
                    "slice of quantity has no amount of its own."
                )
            )

    def _kam_system_fields(self):
        return super()._kam_system_fields() | {"state"}

    def _kam_system_hint(self):
        return self.env._("Use the buttons to change a rebate program's status.")

    def write(self, vals):
        frozen = {"basis", "uom_id", "calculation", "company_id", "date_start"}
        if frozen & set(vals) and any(p.state != "draft" for p in self):
            raise UserError(
                self.env._(
                    "The basis, unit, calculation, company and start of an active or "
                    "closed rebate program cannot change."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(p.state != "draft" for p in self):
            raise UserError(self.env._("Only draft rebate programs can be deleted."))

    # ------------------------------------------------------------------ computes
    @api.depends("settlement_ids")
    def _compute_settlement_count(self):
        counts = dict(
            self.env["kam.rebate.settlement"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.settlement_count = counts.get(program._origin, 0)

    def _kam_partner_domain(self):
        """The commercial partners the program covers, as a domain (False: all):
        the customers of :meth:`_kam_covered_sql`, the one definition that the
        volumes use too."""
        self.ensure_one()
        covered = self._kam_covered_sql()
        return False if covered is None else [("id", "in", SQL("(%s)", covered))]

    def _kam_product_sql(self):
        """The condition on ``pp`` (product_product) and ``pt`` (product_template)
        of the products whose sales count: not excluded from rebates, not the
        rebate product of a program of the company that is or was in force (a
        reversed rebate never counts), and among the program's products and
        categories when it lists any."""
        self.ensure_one()
        conditions = [
            SQL("pt.kam_rebate_excluded IS NOT TRUE"),
            SQL(
                "NOT EXISTS (SELECT 1 FROM kam_rebate_program rp"
                " WHERE rp.rebate_product_id = pp.id AND rp.company_id = %s"
                " AND rp.state IN ('active', 'closed'))",
                self.company_id.id,
            ),
        ]
        if self.product_ids or self.product_categ_ids:
            categs = self.env["product.category"].search(
                [("id", "child_of", self.product_categ_ids.ids)]
            )
            conditions.append(
                SQL(
                    "(pp.id = ANY(%s) OR pt.categ_id = ANY(%s))",
                    self.product_ids.ids,
                    categs.ids,
                )
            )
        return SQL(" AND ").join(conditions)

    def _kam_product_domain(self):
        """The products the program counts, as a domain (see
        :meth:`_kam_product_sql`)."""
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT pp.id FROM product_product pp"
                    " JOIN product_template pt ON pt.id = pp.product_tmpl_id"
                    " WHERE %s)",
                    self._kam_product_sql(),
                ),
            )
        ]

    @api.depends(
        "date_start",
        "date_end",
        "company_id",
        "partner_ids",
        "partner_category_ids",
        "client_class_ids",
        "product_ids",
        "product_categ_ids",
    )
    def _compute_overlap_warning(self):
        for program in self:
            program.overlap_warning = program._kam_overlap_text()

    def _kam_overlap_text(self):
        self.ensure_one()
        if not (self.date_start and self.date_end and self.company_id):
            return False
        others = self.search(
            [
                ("id", "!=", self._origin.id or 0),
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "closed"),
                ("date_start", "<=", self.date_end),
                ("date_end", ">=", self.date_start),
            ]
        )
        Partner = self.env["res.partner"].with_company(self.company_id)
        Product = self.env["product.product"]
        names = []
        for other in others:
            mine, theirs = self._kam_partner_domain(), other._kam_partner_domain()
            if mine and theirs and not Partner.search_count(mine + theirs, limit=1):
                continue
            prods = self._kam_product_domain() + other._kam_product_domain()
            if not Product.search_count(prods, limit=1):
                continue
            names.append(other.name)
        if not names:
            return False
        return self.env._(
            "This program overlaps %(programs)s: the same customers and products in "
            "the same period. Each program computes its rebate on its own, so an "
            "invoice line may earn a rebate in both.",
            programs=", ".join(names),
        )

    # ------------------------------------------------------------------ transitions
    def _kam_check_admin(self):
        if not self.env.su and not self.env.user.has_group(ADMIN):
            raise AccessError(
                self.env._("Only key-account administrators manage rebate programs.")
            )

    def _kam_can_depends(self):
        return super()._kam_can_depends() + ["settlement_ids.state"]

    def _kam_reset_draft_refusal(self):
        """A program goes back to draft only while nothing was settled on it."""
        self.ensure_one()
        if self.sudo().settlement_ids.filtered(lambda s: s.state != "cancel"):
            return UserError(
                self.env._(
                    "Only an active program without settlements goes back to draft "
                    "(%(name)s).",
                    name=self.name,
                )
            )
        return None

    def action_activate(self):
        self._kam_check_transition("action_activate")
        for program in self:
            if not program.tier_ids:
                raise UserError(
                    self.env._("The program %(name)s has no tiers.", name=program.name)
                )
            program._kam_check_tier_table()
        self._kam_set_state("active")
        self._kam_refresh_progress()
        return True

    def action_close(self):
        self._kam_check_transition("action_close")
        self._kam_set_state("closed")
        return True

    def action_reset_draft(self):
        self._kam_check_transition("action_reset_draft")
        self._kam_set_state("draft")
        self.sudo().progress_ids.unlink()
        return True

    def action_view_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_segmentation.kam_rebate_settlement_action"
        )
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action

    def action_refresh_progress(self):
        # every customer of the program, as superuser: managers only
        if not self.env.su and not self.env.user.has_group(
            "kam_lifecycle.group_kam_manager"
        ):
            raise AccessError(
                self.env._("Only key-account managers refresh a whole rebate program.")
            )
        self._kam_refresh_progress()
        return True

    # ------------------------------------------------------------------ volume
    def _kam_date_to(self, date):
        self.ensure_one()
        return min(date or fields.Date.context_today(self), self.date_end)

    def _kam_volume_sql(self, date_to, partner_ids=None, by_move=False):
        """One grouped query: the volume per commercial partner up to ``date_to``.

        Rows ``(partner_id, quantity, amount)``; with ``by_move`` one row per invoice
        ``(partner_id, move_id, quantity, amount)``. The amount is the untaxed amount
        in company currency at each invoice's rate (``-balance`` of the product lines,
        so credit notes count negative); the quantity is in the program's unit.
        """
        self.ensure_one()
        company = self.company_id
        where = [
            SQL("m.state = 'posted'"),
            SQL("m.move_type IN ('out_invoice', 'out_refund')"),
            SQL("m.company_id = %s", company.id),
            SQL("m.invoice_date BETWEEN %s AND %s", self.date_start, date_to),
            SQL("m.kam_is_rebate IS NOT TRUE"),
            SQL("aml.display_type = 'product'"),
            self._kam_product_sql(),
        ]
        if partner_ids is not None:
            where.append(SQL("m.commercial_partner_id = ANY(%s)", list(partner_ids)))
        covered = self._kam_covered_sql()
        if covered is not None:
            where.append(SQL("m.commercial_partner_id IN (%s)", covered))
        if self.basis == "quantity":
            # numeric all the way: 2 t / 0.001 * 0.001 is 2, not 2.0000000000000004
            qty = SQL(
                "CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END"
                " * aml.quantity / lu.factor * tu.factor"
            )
            uom_join = SQL(
                "JOIN uom_uom tu ON tu.id = %s"
                " JOIN uom_uom lu ON lu.id = aml.product_uom_id"
                " AND lu.category_id = tu.category_id",
                self.uom_id.id,
            )
        else:
            qty = SQL(
                "CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.quantity"
            )
            uom_join = SQL("")
        group = SQL("m.commercial_partner_id")
        select = SQL("m.commercial_partner_id")
        if by_move:
            group = SQL("m.commercial_partner_id, m.id")
            select = SQL("m.commercial_partner_id, m.id")
        volume = SQL(
            """
            SELECT %(select)s,
                   ROUND(SUM(%(qty)s), 6) AS quantity,
                   SUM(-aml.balance) AS amount
              FROM account_move_line aml
              JOIN account_move m ON m.id = aml.move_id
              JOIN product_product pp ON pp.id = aml.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              %(uom_join)s
             WHERE %(where)s
             GROUP BY %(group)s
            """,
            select=select,
            qty=qty,
            uom_join=uom_join,
            where=SQL(" AND ").join(where),
            group=group,
        )
        if covered is None or by_move:
            return volume
        # covered customers without invoices get a row too (volume 0)
        only = SQL("")
        if partner_ids is not None:
            only = SQL("AND c.id = ANY(%s)", list(partner_ids))
        return SQL(
            """
            WITH vol AS (%(volume)s)
            SELECT c.id, COALESCE(vol.quantity, 0), COALESCE(vol.amount, 0)
              FROM (%(covered)s) c(id)
              LEFT JOIN vol ON vol.commercial_partner_id = c.id
             WHERE TRUE %(only)s
            """,
            volume=volume,
            covered=covered,
            only=only,
        )

    def _kam_covered_sql(self):
        """The ids of the covered commercial partners, as a sub-query (None: all)."""
        self.ensure_one()
        ors = []
        if self.partner_ids:
            ors.append(
                SQL("p.id = ANY(%s)", self.partner_ids.commercial_partner_id.ids)
            )
        if self.partner_category_ids:
            ors.append(
                SQL(
                    "EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel r"
                    " WHERE r.partner_id = p.id AND r.category_id = ANY(%s))",
                    self.partner_category_ids.ids,
                )
            )
        if self.client_class_ids:
            ors.append(
                SQL(
                    "EXISTS (SELECT 1 FROM kam_partner_figure f WHERE f.partner_id ="
                    " p.id AND f.company_id = %s AND f.client_class = ANY(%s))",
                    self.company_id.id,
                    self.client_class_ids.mapped("code"),
                )
            )
        if not ors:
            return None
        return SQL(
            "SELECT p.id FROM res_partner p"
            " WHERE p.id = p.commercial_partner_id AND p.active AND (%s)",
            SQL(" OR ").join(ors),
        )

    def _kam_volumes(self, date=None, partner_ids=None):
        """``{partner_id: (quantity, amount)}`` up to ``date`` (one query)."""
        self.ensure_one()
        date_to = self._kam_date_to(date)
        # invoices, partners (tags, classes), products and units are all read in SQL
        self.env.flush_all()
        self.env.cr.execute(self._kam_volume_sql(date_to, partner_ids))
        return {
            row[0]: (row[1] or 0.0, row[2] or 0.0) for row in self.env.cr.fetchall()
        }

    def _kam_tier_table(self):
        self.ensure_one()
        tiers = self.tier_ids.sorted(lambda t: (t.threshold, t.id))
        return tiers, [(t.threshold, t.rate, t.rate_type) for t in tiers]

    def _kam_evaluate(self, quantity, amount, tiers=None):
        """The figures of one customer: volume, tier, rate, earned, next threshold."""
        self.ensure_one()
        tiers, table = tiers or self._kam_tier_table()
        volume = quantity if self.basis == "quantity" else amount
        reached, entitlement, slices = rebate_breakdown(
            table, self.calculation, volume, amount
        )
        tier = tiers[reached] if reached >= 0 else tiers.browse()
        following = tiers[reached + 1] if reached + 1 < len(tiers) else tiers.browse()
        return {
            "volume": volume,
            "amount": amount,
            "tier": tier,
            "rate": tier.rate if tier else 0.0,
            "earned": self.company_id.currency_id.round(float(entitlement)),
            "next_threshold": following.threshold if following else 0.0,
            "volume_missing": max(following.threshold - volume, 0.0)
            if following
            else 0.0,
            "slices": slices,
        }

    def _kam_basis_unit(self):
        self.ensure_one()
        if self.basis == "quantity":
            return self.uom_id.name or ""
        return self.company_id.currency_id.name or ""

    # ------------------------------------------------------------------ progress
    def _kam_refresh_progress(self, date=None, partner_ids=None):
        """Recompute the stored progress of these programs (one volume query each)."""
        Progress = self.env["kam.rebate.progress"].sudo()
        today = date or fields.Date.context_today(self)
        programs = self.filtered(lambda p: p.state != "draft")
        domain = [("program_id", "in", programs.ids)]
        if partner_ids is not None:
            domain.append(("partner_id", "in", list(partner_ids)))
        existing = {
            (p.program_id.id, p.partner_id.id): p for p in Progress.search(domain)
        }
        settled = self.env["kam.rebate.settlement"]._kam_settled(programs)
        to_create, seen = [], set()
        for program in programs:
            tiers = program._kam_tier_table()
            volumes = program._kam_volumes(today, partner_ids)
            factor = program._kam_run_rate_factor(today)
            for partner_id, (quantity, amount) in volumes.items():
                seen.add((program.id, partner_id))
                now = program._kam_evaluate(quantity, amount, tiers)
                forecast = program._kam_evaluate(
                    quantity * factor, amount * factor, tiers
                )
                vals = {
                    "volume": now["volume"],
                    "amount": amount,
                    "tier_id": now["tier"].id,
                    "rate": now["rate"],
                    "earned": now["earned"],
                    "settled": settled.get((program.id, partner_id), 0.0),
                    "next_threshold": now["next_threshold"],
                    "volume_missing": now["volume_missing"],
                    "forecast_volume": forecast["volume"],
                    "forecast_earned": forecast["earned"],
                    "date": program._kam_date_to(today),
                }
                record = existing.get((program.id, partner_id))
                if record is None:
                    to_create.append(
                        dict(vals, program_id=program.id, partner_id=partner_id)
                    )
                elif record._kam_changed(vals):
                    record.write(vals)
        Progress.create(to_create)
        stale = Progress.browse(
            [rec.id for key, rec in existing.items() if key not in seen]
        )
        stale.unlink()

    def _kam_run_rate_factor(self, today):
        """Period length over elapsed days: the run-rate multiplier at ``today``."""
        self.ensure_one()
        total = (self.date_end - self.date_start).days + 1
        elapsed = (min(today, self.date_end) - self.date_start).days + 1
        if elapsed <= 0:
            return 0.0
        return total / elapsed

    @api.model
    def _cron_kam_rebates(self, today=None):
        """Daily: refresh progress of active programs; settle and close ended ones."""
        today = today or fields.Date.context_today(self)
        programs = self.search([("state", "=", "active")])
        cron = self.env["ir.cron"]
        for done, program in enumerate(programs, start=1):
            if program.date_end < today:
                try:
                    with self.env.cr.savepoint():
                        program.action_settle(date=program.date_end)
                        program.action_close()
                except UserError as error:
                    # one misconfigured program does not stop the others
                    self.env.invalidate_all()
                    program.message_post(
                        body=self.env._(
                            "The period-end settlement failed: %(error)s",
                            error=str(error),
                        )
                    )
            else:
                program._kam_refresh_progress(today)
            cron._notify_progress(done=done, remaining=len(programs) - done)
        return True

    # ------------------------------------------------------------------ settlement
    def action_settle(self, date=None, partners=None):
        """Settle the covered customers (or ``partners``) up to ``date``.

        The entitlement to date is recomputed from the invoices; what earlier
        settlements paid is subtracted; a positive difference becomes a settlement and
        a draft credit note, a negative one a settlement to review (no document).
        """
        self._kam_check_admin()
        if any(p.state == "draft" for p in self):
            raise UserError(self.env._("A draft rebate program cannot be settled."))
        date = self._kam_date_argument(
            date, self.env._("The settlement date")
        ) or fields.Date.context_today(self)
        partners = self._kam_records_argument(
            "res.partner", partners, self.env._("The customers to settle")
        )
        partner_ids = None
        if partners is not None:
            partner_ids = partners.commercial_partner_id.ids
        # one settlement run per program at a time: the difference is computed once.
        # A real write (not SELECT ... FOR UPDATE, which under REPEATABLE READ lets a
        # waiting run go on with its old snapshot): a concurrent run blocks, then
        # fails to serialize, and Odoo retries it; the retry sees these settlements.
        self.env.cr.execute(
            SQL(
                "UPDATE kam_rebate_program SET write_date = %s WHERE id = ANY(%s)",
                self.env.cr.now(),
                self.ids,
            )
        )
        self.invalidate_recordset(["write_date"])
        settlements = self.env["kam.rebate.settlement"]
        for program in self:
            settlements |= program._kam_settle_one(date, partner_ids)
        self._kam_refresh_progress(partner_ids=partner_ids)
        if not settlements:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "message": self.env._("Nothing to settle: every customer is even."),
                    "type": "info",
                    "sticky": False,
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_segmentation.kam_rebate_settlement_action"
        )
        action["domain"] = [("id", "in", settlements.ids)]
        return action

    def _kam_settle_one(self, date, partner_ids):
        self.ensure_one()
        Settlement = self.env["kam.rebate.settlement"].sudo()
        vals_list = self._kam_settlement_values(date, partner_ids)
        # a pending negative difference is recomputed, not stacked
        domain = [("program_id", "=", self.id), ("state", "=", "review")]
        if partner_ids is not None:
            domain.append(("partner_id", "in", partner_ids))
        Settlement.search(domain).write({"state": "cancel"})
        settlements = Settlement.create(vals_list)
        settlements.filtered(lambda s: s.amount > 0)._kam_create_credit_notes()
        settlements._kam_attach_statements()
        return settlements

    def _kam_settlement_values(self, date, partner_ids=None):
        """The settlements a run up to ``date`` would create (nothing is written).

        Customers already paid are included even when their volume vanished (every
        invoice returned): their difference is negative and shown for review.
        """
        self.ensure_one()
        date_to = self._kam_date_to(date)
        volumes = self._kam_volumes(date_to, partner_ids)
        settled = self.env["kam.rebate.settlement"]._kam_settled(self)
        for (_program_id, partner_id), paid in settled.items():
            wanted = partner_ids is None or partner_id in partner_ids
            if wanted and paid and partner_id not in volumes:
                volumes[partner_id] = (0.0, 0.0)
        currency = self.company_id.currency_id
        tiers = self._kam_tier_table()
        vals_list = []
        for partner_id, (quantity, amount) in volumes.items():
            figures = self._kam_evaluate(quantity, amount, tiers)
            earlier = settled.get((self.id, partner_id), 0.0)
            difference = currency.round(figures["earned"] - earlier)
            if currency.is_zero(difference):
                continue
            vals_list.append(
                {
                    "program_id": self.id,
                    "partner_id": partner_id,
                    "date": date_to,
                    "volume": figures["volume"],
                    "counted_amount": amount,
                    "tier_id": figures["tier"].id,
                    "rate": figures["rate"],
                    "entitlement": figures["earned"],
                    "previously_settled": earlier,
                    "amount": difference,
                    "state": "done" if difference > 0 else "review",
                }
            )
        return vals_list

    # ------------------------------------------------------------------ review workbook
    @api.model
    def _kam_review_rebate_rows(self, partners, date_from, date_to):
        """Rows of the review workbook's rebates sheet, one per program and customer.

        Column order: Program, Customer, Manager, Volume, Basis unit, Tier rate,
        Earned to date, Settled, Next threshold, Volume missing. Programs of the
        current company that are active or closed and overlap [date_from, date_to];
        figures up to ``date_to``. One volume query per program.
        """
        programs = self.search(
            [
                ("company_id", "=", self.env.company.id),
                ("state", "in", ("active", "closed")),
                ("date_start", "<=", date_to),
                ("date_end", ">=", date_from),
            ],
            order="date_start, name, id",
        )
        commercial = partners.commercial_partner_id
        settled = self.env["kam.rebate.settlement"]._kam_settled(programs, date_to)
        rows = []
        for program in programs:
            tiers = program._kam_tier_table()
            volumes = program._kam_volumes(date_to, commercial.ids)
            unit = program._kam_basis_unit()
            for partner in commercial.filtered(lambda p, v=volumes: p.id in v):
                quantity, amount = volumes[partner.id]
                figures = program._kam_evaluate(quantity, amount, tiers)
                tier = figures["tier"]
                rows.append(
                    (
                        program.name,
                        partner.display_name,
                        partner.kam_manager_id.name or "",
                        figures["volume"],
                        unit,
                        tier._kam_rate_label(unit) if tier else "",
                        figures["earned"],
                        settled.get((program.id, partner.id), 0.0),
                        figures["next_threshold"],
                        figures["volume_missing"],
                    )
                )
        return rows
