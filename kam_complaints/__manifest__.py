# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Key Account Management: Complaints",
    "summary": "Complaint handling with approval rules, SLA and credit notes",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/kam-for-odoo/kam",
    "author": "KAM for Odoo",
    "maintainers": ["kam-for-odoo"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": False,
    "installable": True,
    "depends": ["kam_lifecycle"],
    "data": [
        "security/kam_complaints_security.xml",
        "security/ir.model.access.csv",
        "views/kam_complaint_views.xml",
        "views/menus.xml",
    ],
    "demo": [],
}
