# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Key Account Management: Segmentation and Rebates",
    "summary": "Client metrics, classes, value tiers, the matrix and volume rebates",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/kam-for-odoo/kam",
    "author": "KAM for Odoo",
    "maintainers": ["kam-for-odoo"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": False,
    "installable": True,
    "depends": ["kam_lifecycle", "kam_complaints", "sale_margin"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/kam_segment_security.xml",
        "data/kam_segmentation_cron.xml",
        "views/res_partner_views.xml",
        "views/kam_segment_event_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/kam_review_wizard_views.xml",
        "views/kam_segmentation_menus.xml",
    ],
    "demo": ["demo/sale_order_demo.xml"],
}
