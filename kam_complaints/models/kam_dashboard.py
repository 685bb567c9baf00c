# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

OPEN_STATES = (
    "draft",
    "submitted",
    "investigation",
    "proposal",
    "waiting_approval",
    "approved",
)


class KamDashboard(models.AbstractModel):
    _inherit = "kam.dashboard"

    def _kam_dashboard_sections(self, today):
        return [*super()._kam_dashboard_sections(today), self._kam_section_complaints()]

    def _kam_section_complaints(self):
        open_domain = [("state", "in", OPEN_STATES)]
        return {
            "key": "complaints",
            "title": self.env._("Complaints"),
            "sequence": 20,
            "cards": [
                self._kam_card(
                    self.env._("Waiting for my approval"),
                    "kam.complaint",
                    [("kam_can_approve", "=", True)],
                    "warning",
                ),
                self._kam_card(
                    self.env._("Overdue"),
                    "kam.complaint",
                    [*open_domain, ("is_overdue", "=", True)],
                    "danger",
                ),
                self._kam_card(
                    self.env._("Open"), "kam.complaint", open_domain, "primary"
                ),
            ],
        }
