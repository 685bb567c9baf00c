# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


class KamCommon(TransactionCase):
    """A key-account world: users of each group, a customer with contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.salesman = new_test_user(
            cls.env, login="kam_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.kam_user = new_test_user(
            cls.env, login="kam_user", groups="kam_lifecycle.group_kam_user"
        )
        cls.kam_user_2 = new_test_user(
            cls.env, login="kam_user_2", groups="kam_lifecycle.group_kam_user"
        )
        cls.kam_manager = new_test_user(
            cls.env, login="kam_manager", groups="kam_lifecycle.group_kam_manager"
        )
        cls.kam_admin = new_test_user(
            cls.env, login="kam_admin", groups="kam_lifecycle.group_kam_admin"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Feedmill Ltd",
                "is_company": True,
                "kam_is_key_account": True,
                "kam_manager_id": cls.kam_user.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.delivery = cls.env["res.partner"].create(
            {
                "name": "Feedmill Ltd, plant 2",
                "parent_id": cls.customer.id,
                "type": "delivery",
            }
        )
