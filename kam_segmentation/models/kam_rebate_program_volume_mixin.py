# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Volumes of a rebate program: the one grouped query over the posted invoices, the
evaluation of a customer's volume over the tiers, and the stored progress."""

from odoo import fields, models
from odoo.tools import SQL

from .kam_rebate_math import rebate_breakdown


class KamRebateProgramVolumeMixin(models.AbstractModel):
    _name = "kam.rebate.program.volume.mixin"
    _description = "Rebate program: volumes and progress"

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
        covered = self._kam_covered_sql()
        qty, uom_join = self._kam_volume_quantity_sql()
        keys = SQL("m.commercial_partner_id")
        if by_move:
            keys = SQL("m.commercial_partner_id, m.id")
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
            select=keys,
            qty=qty,
            uom_join=uom_join,
            where=self._kam_volume_where_sql(date_to, partner_ids, covered),
            group=keys,
        )
        if covered is None or by_move:
            return volume
        return self._kam_volume_covered_rows_sql(volume, covered, partner_ids)

    def _kam_volume_where_sql(self, date_to, partner_ids, covered):
        """The lines the volume query counts: product lines of the posted customer
        invoices and credit notes of the program's company and period (rebate credit
        notes excluded), of the counted products and the covered customers."""
        self.ensure_one()
        where = [
            SQL("m.state = 'posted'"),
            SQL("m.move_type IN ('out_invoice', 'out_refund')"),
            SQL("m.company_id = %s", self.company_id.id),
            SQL("m.invoice_date BETWEEN %s AND %s", self.date_start, date_to),
            SQL("m.kam_is_rebate IS NOT TRUE"),
            SQL("aml.display_type = 'product'"),
            self._kam_product_sql(),
        ]
        if partner_ids is not None:
            where.append(SQL("m.commercial_partner_id = ANY(%s)", list(partner_ids)))
        if covered is not None:
            where.append(SQL("m.commercial_partner_id IN (%s)", covered))
        return SQL(" AND ").join(where)

    def _kam_volume_quantity_sql(self):
        """``(quantity expression, unit join)`` of the volume query: the signed line
        quantity, converted into the program's unit on a quantity basis (lines in a
        unit of another category drop out of the join)."""
        self.ensure_one()
        if self.basis != "quantity":
            qty = SQL(
                "CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.quantity"
            )
            return qty, SQL("")
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
        return qty, uom_join

    def _kam_volume_covered_rows_sql(self, volume, covered, partner_ids):
        """The ``volume`` query with a row for every covered customer: those without
        invoices get volume 0."""
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
