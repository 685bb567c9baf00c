# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import timedelta

from odoo import models

from odoo.addons.kam_lifecycle.tools import kam_format

# "close to the next tier": at most this share of the next threshold missing
CLOSE_TO_NEXT_TIER = 0.2
QUADRANT_COLORS = {
    "key": "rgba(46, 125, 50, 0.6)",
    "hold": "rgba(2, 136, 209, 0.6)",
    "develop": "rgba(249, 168, 37, 0.7)",
    "harvest": "rgba(117, 117, 117, 0.5)",
}


class KamDashboard(models.AbstractModel):
    _inherit = "kam.dashboard"

    def _kam_dashboard_sections(self, today):
        return [
            *super()._kam_dashboard_sections(today),
            self._kam_section_rebates(),
            self._kam_section_matrix(),
        ]

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

    def _kam_section_matrix(self):
        """The matrix as a bubble chart: share of wallet (x) against the value of
        the requirement (y), a bubble per client sized by its revenue."""
        partners = self.env["res.partner"].search(
            [*self._kam_account_domain(), ("kam_quadrant", "!=", False)]
        )
        largest = max(partners.mapped("kam_revenue_12m") or [0.0]) or 1.0
        quadrants = partners._fields["kam_quadrant"]._description_selection(self.env)
        datasets = []
        for code, label in quadrants:
            members = partners.filtered(lambda p, c=code: p.kam_quadrant == c)
            datasets.append(
                {
                    "label": label,
                    "backgroundColor": QUADRANT_COLORS[code],
                    "data": [self._kam_bubble(p, largest) for p in members],
                }
            )
        return {
            "key": "matrix",
            "title": self.env._("The matrix: share of wallet × requirement value"),
            "help": self.env._(
                "A bubble per client, as large as its revenue of the last 12 months; "
                "the dashed lines are the thresholds of a high share and a big "
                "requirement. Click a bubble to open the client."
            ),
            "sequence": 50,
            "cards": [],
            "chart": {
                "datasets": datasets,
                "x_label": self.env._("Share of Wallet"),
                "y_label": self.env._("Requirement Value"),
                "x_percent": True,
                "x_split": self.env.company.kam_seg_sow_high,
                "y_split": self.env.company.kam_seg_requirement_big,
            },
        }

    def _kam_bubble(self, partner, largest):
        revenue = partner.kam_revenue_12m
        return {
            "x": min(partner.kam_share_of_wallet, 1.0),
            "y": partner.kam_requirement_value,
            "r": 4 + 22 * math.sqrt(max(revenue, 0.0) / largest),
            "label": self.env._(
                "%(name)s: share %(share)s, revenue %(revenue)s",
                name=partner.name,
                share=kam_format.kam_percent(self.env, partner.kam_share_of_wallet),
                revenue=kam_format.kam_amount(self.env, revenue),
            ),
            "action": {
                "type": "ir.actions.act_window",
                "res_model": "res.partner",
                "res_id": partner.id,
                "views": [[False, "form"]],
                "target": "current",
            },
        }
