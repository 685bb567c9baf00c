# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "kam.guard.mixin"]

    def _kam_system_fields(self):
        return super()._kam_system_fields() | {"kam_complaint_id"}

    def _kam_system_hint(self):
        return self.env._(
            "Complaints and rebate settlements link and mark their own credit notes."
        )

    kam_complaint_id = fields.Many2one(
        comodel_name="kam.complaint",
        string="Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The complaint whose approved resolution created this credit note.",
    )
