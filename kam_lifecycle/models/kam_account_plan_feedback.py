# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class KamAccountPlan(models.Model):
    _inherit = "kam.account.plan"

    def action_kam_send_survey(self):
        """Send the satisfaction survey of the plan's year to the account's
        decision unit."""
        self.ensure_one()
        self.check_access("read")
        return self.partner_id.action_kam_send_survey(year=self.year)
