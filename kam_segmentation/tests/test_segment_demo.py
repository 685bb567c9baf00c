# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

KEYS = ["huanong", "zhengda", "agrovet", "kangde"]
KEYS += ["minsheng", "vitapharm", "jiahe", "nutrimix", "xinhe"]


@tagged("post_install", "-at_install")
class TestSegmentDemo(TransactionCase):
    def test_demo_key_accounts_fill_every_segment(self):
        """A newcomer sees every class, tier, size and quadrant in the demo data."""
        partners = self.env["res.partner"].browse(
            [self.env.ref(f"kam_lifecycle.res_partner_{key}_demo").id for key in KEYS]
        )
        partners.browse()._kam_recompute_segmentation()
        fields = {
            "kam_client_class": 6,
            "kam_value_tier": 4,
            "kam_size": 4,
            "kam_quadrant": 4,
        }
        for name, count in fields.items():
            self.assertEqual(len(set(partners.mapped(name))), count, name)
        self.assertEqual(
            self.env.ref("kam_lifecycle.res_partner_agrovet_demo").kam_client_class,
            "malign",
        )
