# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Cross-addon checks: the module graph of SPEC and the installed state."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "kam")
class TestModuleGraph(TransactionCase):
    def _module(self, name):
        return self.env["ir.module.module"].search([("name", "=", name)])

    def test_three_addons_installed(self):
        """The three KAM addons are installed."""
        for name in ("kam_lifecycle", "kam_complaints", "kam_segmentation"):
            self.assertEqual(self._module(name).state, "installed", name)

    def test_dependency_chain(self):
        """kam_lifecycle <- kam_complaints <- kam_segmentation, as SPEC draws it."""
        deps = {
            name: set(self._module(name).dependencies_id.mapped("name"))
            for name in ("kam_lifecycle", "kam_complaints", "kam_segmentation")
        }
        self.assertEqual(
            deps["kam_lifecycle"],
            {"sale_management", "sale_stock", "contacts", "mail", "rating", "survey"},
        )
        self.assertEqual(deps["kam_complaints"], {"kam_lifecycle"})
        self.assertEqual(
            deps["kam_segmentation"], {"kam_lifecycle", "kam_complaints", "sale_margin"}
        )
