# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.kam_complaints.tests.common import KamComplaintCommon


class KamSegmentationCommon(KamComplaintCommon):
    """Key-account world for segmentation and rebate tests."""
