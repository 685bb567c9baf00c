# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The key-account manager's morning: what to look at today, each number opening
the list behind it. Each addon adds its sections (``_kam_dashboard_sections``)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

PHASE_CSS = {
    "exploration": "info",
    "formation": "warning",
    "stability": "success",
    "decline": "danger",
}


class KamDashboard(models.AbstractModel):
    _name = "kam.dashboard"
    _description = "Key-Account Dashboard"

    @api.model
    def get_dashboard_data(self):
        """The sections of the dashboard: ``[{title, sequence, cards: [{label,
        value, css, action}]}]``, counted with the user's own access rights."""
        if not self.env.user.has_group("kam_lifecycle.group_kam_user"):
            raise AccessError(self.env._("The dashboard is for key-account users."))
        today = fields.Date.context_today(self)
        sections = sorted(
            self._kam_dashboard_sections(today), key=lambda s: s["sequence"]
        )
        return {"sections": sections}

    def _kam_dashboard_sections(self, today):
        """Hook: the sections of the dashboard (each addon appends its own)."""
        return [self._kam_section_accounts(today), self._kam_section_visits(today)]

    # ---- helpers ------------------------------------------------------------
    def _kam_is_manager(self):
        return self.env.user.has_group("kam_lifecycle.group_kam_manager")

    def _kam_account_domain(self):
        """The key accounts the user looks after (all of them for a manager)."""
        domain = [("kam_is_key_account", "=", True), ("is_company", "=", True)]
        if not self._kam_is_manager():
            domain.append(("kam_manager_id", "=", self.env.uid))
        return domain

    def _kam_card(self, label, model, domain, css="primary", count=None, views=None):
        """A number of the dashboard and the list it opens."""
        if count is None:
            count = self.env[model].search_count(domain)
        return {
            "label": label,
            "value": count,
            "css": css if count else "muted",
            "action": {
                "type": "ir.actions.act_window",
                "name": label,
                "res_model": model,
                "domain": domain,
                "views": views or [[False, "list"], [False, "form"]],
                "target": "current",
            },
        }

    def _kam_partner_views(self):
        return [
            [
                self.env.ref("kam_lifecycle.res_partner_view_list_key_accounts").id,
                "list",
            ],
            [False, "form"],
        ]

    # ---- sections -----------------------------------------------------------
    def _kam_section_accounts(self, today):
        Partner = self.env["res.partner"]
        domain = self._kam_account_domain()
        labels = dict(Partner._fields["kam_phase"]._description_selection(self.env))
        counts = dict(Partner._read_group(domain, ["kam_phase"], ["__count"]))
        cards = [
            self._kam_card(
                labels[phase],
                "res.partner",
                [*domain, ("kam_phase", "=", phase)],
                css,
                count=counts.get(phase, 0),
                views=self._kam_partner_views(),
            )
            for phase, css in PHASE_CSS.items()
        ]
        week_ago = today - timedelta(days=7)
        event_domain = [
            ("date", ">", week_ago),
            ("partner_id.kam_is_key_account", "=", True),
        ]
        if not self._kam_is_manager():
            event_domain.append(("partner_id.kam_manager_id", "=", self.env.uid))
        cards.append(
            self._kam_card(
                self.env._("Phase changes this week"),
                "kam.lifecycle.event",
                event_domain,
                "primary",
            )
        )
        return {
            "key": "accounts",
            "title": self.env._("Key accounts by phase"),
            "sequence": 10,
            "cards": cards,
        }

    def _kam_section_visits(self, today):
        domain = [
            *self._kam_account_domain(),
            ("kam_next_visit_date", "<", fields.Date.to_string(today)),
        ]
        return {
            "key": "visits",
            "title": self.env._("Visits"),
            "sequence": 30,
            "cards": [
                self._kam_card(
                    self.env._("Visits overdue"),
                    "res.partner",
                    domain,
                    "danger",
                    views=self._kam_partner_views(),
                )
            ],
        }
