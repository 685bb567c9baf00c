# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

CLIENT_CLASSES = [
    ("profit", "Profit"),
    ("cash_flow", "Cash Flow"),
    ("technology", "Technology Advance"),
    ("demonstration", "Demonstration"),
    ("potential", "Potential"),
    ("malign", "Malign"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_client_class = fields.Selection(
        selection=CLIENT_CLASSES,
        string="Client Class",
        company_dependent=True,
        help="The effective client class: the override when set, otherwise the class "
        "computed by the segmentation rules.",
    )

    # --- rebates (kam.rebate.*) ---
    kam_rebate_progress_ids = fields.One2many(
        comodel_name="kam.rebate.progress",
        inverse_name="partner_id",
        string="Rebate Progress",
        help="Where the customer stands in each rebate program of the company.",
    )

    def action_kam_refresh_rebates(self):
        """Refresh this customer's rebate progress in the active programs."""
        programs = (
            self.env["kam.rebate.program"]
            .sudo()
            .search(
                [("state", "=", "active"), ("company_id", "in", self.env.companies.ids)]
            )
        )
        programs._kam_refresh_progress(partner_ids=self.commercial_partner_id.ids)
        return True
