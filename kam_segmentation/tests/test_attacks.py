# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the figures, classes and rebates by users with an ordinary login,
grouped by class: each checks the refusal and, re-read as superuser, that nothing
changed."""

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.kam_lifecycle.tests.common import KamAttackMixin

from .common import KamRebateCommon, KamSegmentCommon

Command = fields.Command


class KamSegAttackCommon(KamAttackMixin, KamRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = new_test_user(
            cls.env, login="kam_billing", groups="account.group_account_invoice"
        )
        cls.admin = cls.env.ref("base.user_admin")


@tagged("post_install", "-at_install")
class TestFiguresSystemOnly(KamAttackMixin, KamSegmentCommon):
    """3. The figures and effective classes are written by the recompute only."""

    def test_figures_and_classes_refused(self):
        """A direct write of a figure or a class is refused, administrators too."""
        for user in (self.kam_user, self.kam_manager, self.env.ref("base.user_admin")):
            for vals in (
                {"kam_client_class": "demonstration"},
                {"kam_client_class_computed": "profit"},
                {"kam_margin_12m": 1e9},
                {"kam_revenue_12m": 0.0},
                {"kam_value_tier": "mvc"},
                {"kam_quadrant": "key"},
                {"kam_segment_date": "2020-01-01"},
                {"kam_complaint_cost_12m": 0.0},
            ):
                with self.subTest(user=user.login, vals=vals):
                    error = self.assertRefused(
                        AccessError,
                        self.customer,
                        self.rpc,
                        user,
                        "res.partner",
                        "write",
                        self.customer.ids,
                        vals,
                    )
                    self.assertIn("override", str(error))

    def test_class_on_create_refused(self):
        """Nor set on a new partner."""
        self.assertRefused(
            AccessError,
            self.env["res.partner"],
            self.rpc,
            self.kam_manager,
            "res.partner",
            "create",
            {"name": "Planted Co", "is_company": True, "kam_client_class": "profit"},
        )

    def test_class_override_is_the_way(self):
        """The override sets the effective class, keeps its event, and holds
        through the next recompute; on create too."""
        partner = (
            self.env["res.partner"]
            .with_user(self.kam_manager)
            .create(
                {
                    "name": "Showcase Co",
                    "is_company": True,
                    "kam_client_class_manual": "demonstration",
                    "kam_client_class_manual_reason": "Reference plant",
                }
            )
        )
        self.assertEqual(partner.kam_client_class, "demonstration")
        events = self.env["kam.segment.event"].search(
            [("partner_id", "=", partner.id), ("client_class_to", "!=", False)]
        )
        self.assertEqual(events.mapped("client_class_to"), ["demonstration"])
        self.assertEqual(events.reason, "Reference plant")
        self._recompute(partner, company=self.env.company)
        self.assertEqual(partner.kam_client_class, "demonstration")


@tagged("post_install", "-at_install")
class TestRebateManipulation(KamSegAttackCommon):
    """3. and 4. Program status and rebate volumes cannot be manipulated."""

    def test_program_state_refused_even_with_the_old_context_key(self):
        """The status changes through the buttons; a context key opens nothing."""
        program = self._program([(0, 1)])
        for context in ({}, {"kam_rebate_state_change": True}):
            with self.subTest(context=context):
                error = self.assertRefused(
                    AccessError,
                    program,
                    self.rpc,
                    self.kam_admin,
                    "kam.rebate.program",
                    "write",
                    program.ids,
                    {"state": "active"},
                    context=context,
                )
                self.assertIn("buttons", str(error))
        self.assertRefused(
            AccessError,
            program,
            self.rpc,
            self.kam_admin,
            "kam.rebate.program",
            "create",
            {
                "name": "Born active",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "state": "active",
            },
        )

    def test_billing_user_cannot_mark_a_return_as_rebate(self):
        """A posted return keeps reducing the volume: only settlements mark notes."""
        program = self._program([(0, 1)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01", [(self.product, 10.0, 5000.0)])
        refund = self._invoice(
            self.customer,
            "2026-02-10",
            [(self.product, 2.0, 5000.0)],
            move_type="out_refund",
        )
        for vals in ({"kam_is_rebate": True},):
            self.assertRefused(
                AccessError,
                refund,
                self.rpc,
                self.billing,
                "account.move",
                "write",
                refund.ids,
                vals,
            )
        self.assertEqual(
            program._kam_volumes(fields.Date.to_date("2026-12-31"))[self.customer.id][
                1
            ],
            40000.0,
        )
        # nor copied onto a new note from a settlement's note
        program.action_settle(date="2026-03-31")
        note = program.settlement_ids.credit_note_id
        copy_id = self.rpc(self.billing, "account.move", "copy", note.ids)
        self.assertFalse(self.env["account.move"].browse(copy_id).kam_is_rebate)

    def test_draft_program_of_another_company_excludes_nothing(self):
        """A draft program in company B, paid with a shared product, does not
        remove that product from company A's volumes."""
        company_b = self.env["res.company"].create({"name": "KAM Company B"})
        admin_b = new_test_user(
            self.env,
            login="kam_admin_b",
            groups="kam_lifecycle.group_kam_admin",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        program = self._program([(0, 1)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01", [(self.product, 10.0, 5000.0)])
        day = fields.Date.to_date("2026-12-31")
        self.assertEqual(program._kam_volumes(day)[self.customer.id][1], 50000.0)
        self.rpc(
            admin_b,
            "kam.rebate.program",
            "create",
            {
                "name": "B's bait",
                "company_id": company_b.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "rebate_product_id": self.product.id,
            },
            context={"allowed_company_ids": company_b.ids},
        )
        self.assertEqual(program._kam_volumes(day)[self.customer.id][1], 50000.0)
        # a draft program of the same company excludes nothing either
        self._program([(0, 1)], name="Draft bait", rebate_product_id=self.product.id)
        self.assertEqual(program._kam_volumes(day)[self.customer.id][1], 50000.0)


@tagged("post_install", "-at_install")
class TestRebateBadArguments(KamSegAttackCommon):
    """6. Bad arguments of the public methods get a clear error."""

    def test_settle_with_bad_date_or_partners(self):
        """``action_settle`` refuses a non-date and a list that is not of ids, and
        accepts ids the way RPC passes them."""
        program = self._program([(0, 1)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01", [(self.product, 10.0, 5000.0)])
        for kwargs, message in (
            ({"date": "not-a-date"}, "not a date"),
            ({"date": 42}, "not a date"),
            ({"partners": ["x"]}, "list of record ids"),
            ({"partners": [999999999]}, "do not exist"),
        ):
            with self.subTest(kwargs=kwargs):
                with self.assertRaisesRegex(UserError, message):
                    self.rpc(
                        self.kam_admin,
                        "kam.rebate.program",
                        "action_settle",
                        program.ids,
                        **kwargs,
                    )
                self.assertFalse(program.sudo().settlement_ids)
        self.rpc(
            self.kam_admin,
            "kam.rebate.program",
            "action_settle",
            program.ids,
            date="2026-03-31",
            partners=self.customer.ids,
        )
        self.assertEqual(program.settlement_ids.partner_id, self.customer)
        self.assertEqual(program.settlement_ids.amount, 500.0)

    def test_nan_in_tiers(self):
        """NaN or infinite rates and thresholds are refused, naming the field."""
        program = self._program([(0, 1)])
        tier = program.tier_ids
        for vals in (
            {"rate": float("nan")},
            {"threshold": "NaN"},
            {"rate": float("inf")},
        ):
            with self.subTest(vals=vals):
                error = self.assertRefused(
                    ValidationError,
                    tier,
                    self.rpc,
                    self.kam_admin,
                    "kam.rebate.tier",
                    "write",
                    tier.ids,
                    vals,
                )
                name = next(iter(vals))
                self.assertIn(
                    tier._fields[name]._description_string(self.env), str(error)
                )
        self.assertRefused(
            ValidationError,
            program,
            self.rpc,
            self.kam_admin,
            "kam.rebate.program",
            "write",
            program.ids,
            {"tier_ids": [Command.create({"threshold": float("nan"), "rate": 1})]},
        )
