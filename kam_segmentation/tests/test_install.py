# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import KamSegmentationCommon


@tagged("post_install", "-at_install")
class TestSegmentationInstall(KamSegmentationCommon):
    def test_client_class_is_per_company(self):
        """The client class of one company does not show in another."""
        other = self.env["res.company"].create({"name": "Niacin Europe GmbH"})
        self._put_figures(self.customer, client_class="profit")
        self.assertEqual(self.customer.with_company(other).kam_client_class, False)
        self.assertEqual(self.customer.kam_client_class, "profit")
