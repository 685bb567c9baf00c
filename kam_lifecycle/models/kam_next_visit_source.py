# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The records the next visit due of a client follows: its visits and account plans.
Each change of what the date depends on stores it again, in the same transaction."""

from odoo import api, models


class KamNextVisitSource(models.AbstractModel):
    _name = "kam.next.visit.source"
    _description = "Source of the Next Visit Due"

    # the fields of the record the next visit due depends on (besides
    # partner_id and company_id, which every such record has)
    _kam_next_visit_fields = ()

    def _kam_next_visit_pairs(self):
        return {(record.partner_id.id, record.company_id.id) for record in self}

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["res.partner"]._kam_refresh_next_visits(
            records._kam_next_visit_pairs()
        )
        return records

    def write(self, vals):
        watched = {"partner_id", "company_id", *self._kam_next_visit_fields}
        if not watched & set(vals):
            return super().write(vals)
        before = self._kam_next_visit_pairs()
        result = super().write(vals)
        self.env["res.partner"]._kam_refresh_next_visits(
            before | self._kam_next_visit_pairs()
        )
        return result

    def unlink(self):
        before = self._kam_next_visit_pairs()
        result = super().unlink()
        self.env["res.partner"]._kam_refresh_next_visits(before)
        return result
