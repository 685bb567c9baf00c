# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.kam_lifecycle.tests.common import KamCommon


class KamComplaintCommon(KamCommon):
    """Key-account world plus a helper to file complaints."""

    @classmethod
    def _new_complaint(cls, **values):
        vals = {
            "partner_id": cls.customer.id,
            "category": "quality",
            "severity": "medium",
        }
        vals.update(values)
        return cls.env["kam.complaint"].create(vals)
