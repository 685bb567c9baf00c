# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Key Account Management: Lifecycle",
    "summary": "Key-account file, account plans, visits and the relationship lifecycle",
    "version": "18.0.1.3.0",
    "category": "Sales/Sales",
    "website": "https://github.com/kam-for-odoo/kam",
    "author": "KAM for Odoo",
    "maintainers": ["kam-for-odoo"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": False,
    "installable": True,
    "depends": [
        "sale_management",
        "sale_stock",
        "contacts",
        "mail",
        "rating",
        "survey",
    ],
    "data": [
        "security/kam_lifecycle_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "data/mail_activity_type_data.xml",
        "views/kam_visit_views.xml",
        "views/res_partner_views.xml",
        "views/kam_account_plan_views.xml",
        "views/kam_lifecycle_event_views.xml",
        "views/res_config_settings_views.xml",
        "views/kam_dashboard_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_backend": ["kam_lifecycle/static/src/**/*"],
    },
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/kam_lifecycle_demo.xml",
    ],
}
