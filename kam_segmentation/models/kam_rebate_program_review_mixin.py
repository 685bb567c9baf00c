# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rebate program's rows of the review workbook (rebates sheet)."""

from odoo import api, models


class KamRebateProgramReviewMixin(models.AbstractModel):
    _name = "kam.rebate.program.review.mixin"
    _description = "Rebate program: review workbook rows"

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
