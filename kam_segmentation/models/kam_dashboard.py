# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import models

# "close to the next tier": at most this share of the next threshold missing
CLOSE_TO_NEXT_TIER = 0.2


class KamDashboard(models.AbstractModel):
    _inherit = "kam.dashboard"

    def _kam_dashboard_sections(self, today):
        return [*super()._kam_dashboard_sections(today), self._kam_section_rebates()]

    def _kam_section_accounts(self, today):
        """What changed this week: the segment changes beside the phase changes."""
        section = super()._kam_section_accounts(today)
        domain = [
            ("date", ">", today - timedelta(days=7)),
            ("partner_id.kam_is_key_account", "=", True),
        ]
        if not self._kam_is_manager():
            domain.append(("partner_id.kam_manager_id", "=", self.env.uid))
        section["cards"].append(
            self._kam_card(
                self.env._("Segment changes this week"),
                "kam.segment.event",
                domain,
                "primary",
            )
        )
        return section

    def _kam_section_rebates(self):
        domain = [("program_state", "=", "active"), ("next_threshold", ">", 0)]
        if not self._kam_is_manager():
            domain.append(("partner_id.kam_manager_id", "=", self.env.uid))
        progress = self.env["kam.rebate.progress"].search(domain)
        close = progress.filtered(
            lambda p: p.volume_missing <= CLOSE_TO_NEXT_TIER * p.next_threshold
        )
        return {
            "key": "rebates",
            "title": self.env._("Rebates"),
            "sequence": 40,
            "cards": [
                self._kam_card(
                    self.env._("Close to their next tier"),
                    "kam.rebate.progress",
                    [("id", "in", close.ids)],
                    "success",
                    count=len(close),
                ),
                self._kam_card(
                    self.env._("Below their next tier"),
                    "kam.rebate.progress",
                    domain,
                    "primary",
                    count=len(progress),
                ),
            ],
        }
