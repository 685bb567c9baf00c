# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import fields
from odoo.tests import Form, tagged

from .common import KamRebateCommon


@tagged("post_install", "-at_install")
class TestRebateVolume(KamRebateCommon):
    def _volume(self, program, partner=None, day="2026-12-31"):
        partner = partner or self.customer
        return program._kam_volumes(fields.Date.to_date(day)).get(partner.id)

    def test_quantity_basis_converts_units(self):
        """Tons and kilograms add up in tons; units of another category don't count."""
        program = self._program([(0, 1)], basis="quantity", uom_id=self.uom_ton.id)
        self._invoice(
            self.customer,
            "2026-02-01",
            [
                (self.product, 2.0, 5000.0),
                (self.product, 500.0, 5.0, self.uom_kg),
                (self.product_other, 3.0, 100.0),
            ],
        )
        quantity, amount = self._volume(program)
        self.assertAlmostEqual(quantity, 2.5, places=6)
        self.assertEqual(amount, 12500.0)  # the service in units is not counted

    def test_threshold_reached_exactly_through_conversions(self):
        """999.9 t plus ten lines of 10 kg reach the 1,000 t tier exactly."""
        program = self._program(
            [(0, 0), (1000, 2)], basis="quantity", uom_id=self.uom_ton.id
        )
        program.action_activate()
        lines = [(self.product, 999.9, 5000.0)]
        lines += [(self.product, 10.0, 5.0, self.uom_kg)] * 10
        self._invoice(self.customer, "2026-02-01", lines)
        progress = self._progress(program)
        self.assertEqual(progress.volume, 1000.0)
        self.assertEqual(progress.rate, 2.0)
        self.assertEqual(progress.earned, 100000.0)  # 2 % of 5,000,000

    def test_quantity_basis_in_kilograms(self):
        """A program in kilograms counts a ton as 1,000 kg."""
        program = self._program(
            [(0, 0.01)],
            basis="quantity",
            uom_id=self.uom_kg.id,
            rate_type="per_unit",
        )
        self._invoice(self.customer, "2026-02-01", [(self.product, 1.25, 5000.0)])
        program.action_activate()
        progress = self._progress(program)
        self.assertAlmostEqual(progress.volume, 1250.0)
        self.assertEqual(progress.earned, 12.5)

    def test_contacts_and_addresses_roll_up(self):
        """Invoices to a contact or a delivery address count for the company."""
        program = self._program([(0, 1)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01")
        self._invoice(self.contact, "2026-02-02")
        self._invoice(self.delivery, "2026-02-03")
        self.assertEqual(self._volume(program)[1], 15000.0)
        self.assertEqual(program.progress_ids.partner_id, self.customer)
        self.assertEqual(self._progress(program).volume, 15000.0)

    def test_returns_reduce_volume(self):
        """A customer credit note reduces the volume and the quantity."""
        program = self._program([(0, 1)], basis="quantity", uom_id=self.uom_ton.id)
        self._invoice(self.customer, "2026-02-01", [(self.product, 10.0, 5000.0)])
        self._invoice(
            self.customer,
            "2026-02-10",
            [(self.product, 3.0, 5000.0)],
            move_type="out_refund",
        )
        self.assertEqual(self._volume(program), (7.0, 35000.0))

    def test_rebate_credit_notes_never_reduce_volume(self):
        """The credit note paying a rebate does not lower the volume it was paid on."""
        program = self._program([(0, 2)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01", [(self.product, 10.0, 5000.0)])
        program.action_settle(date="2026-03-31")
        note = program.settlement_ids.credit_note_id
        self.assertTrue(note.kam_is_rebate)
        note.action_post()
        self.assertEqual(self._volume(program), (10.0, 50000.0))
        # a hand-made credit note of the (excluded) rebate product does not count
        self._invoice(
            self.customer,
            "2026-04-01",
            [(self.rebate_product, 1.0, 300.0)],
            move_type="out_refund",
        )
        self.assertEqual(self._volume(program), (10.0, 50000.0))

    def test_excluded_products_and_categories(self):
        """Products flagged as excluded never count; a category program counts its
        subcategories only."""
        program = self._program(
            [(0, 1)], product_categ_ids=[fields.Command.set(self.categ.ids)]
        )
        self._invoice(
            self.customer,
            "2026-02-01",
            [(self.product, 1.0, 5000.0), (self.product_other, 2.0, 100.0)],
        )
        self.assertEqual(self._volume(program)[1], 5000.0)
        everything = self._program([(0, 1)], name="All products")
        self.assertEqual(self._volume(everything)[1], 5200.0)
        self.product_other.kam_rebate_excluded = True
        self.assertEqual(self._volume(everything)[1], 5000.0)

    def test_period_boundaries(self):
        """Invoices dated on the first and last day count; a day outside does not."""
        program = self._program([(0, 1)])
        for day in ("2025-12-31", "2026-01-01", "2026-12-31", "2027-01-01"):
            self._invoice(self.customer, day)
        self.assertEqual(self._volume(program, day="2027-06-30")[1], 10000.0)
        # settled up to a date inside the period: only invoices up to it
        self.assertEqual(self._volume(program, day="2026-12-30")[1], 5000.0)
        self.assertEqual(self._volume(program, day="2025-12-31")[1], 0.0)

    def test_only_posted_invoices_count(self):
        """Draft and cancelled invoices do not count; resetting one updates progress."""
        program = self._program([(0, 1)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01")
        draft = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2026-02-02",
                "invoice_line_ids": [
                    fields.Command.create(
                        {"product_id": self.product.id, "price_unit": 5000.0}
                    )
                ],
            }
        )
        self.assertEqual(self._progress(program).volume, 5000.0)
        draft.action_post()
        self.assertEqual(self._progress(program).volume, 10000.0)
        draft.button_draft()
        draft.button_cancel()
        self.assertEqual(self._progress(program).volume, 5000.0)

    def test_multi_currency_at_invoice_rate(self):
        """Invoices in another currency count at each invoice's own rate."""
        currency = self.env.ref("base.EUR")
        currency.active = True
        company_currency = self.env.company.currency_id
        self.assertNotEqual(company_currency, currency)
        self.env["res.currency.rate"].create(
            [
                {"currency_id": currency.id, "name": "2026-01-01", "rate": 0.5},
                {"currency_id": currency.id, "name": "2026-06-01", "rate": 0.8},
            ]
        )
        program = self._program([(0, 1)])
        self._invoice(
            self.customer,
            "2026-03-01",
            [(self.product, 1.0, 1000.0)],
            currency_id=currency.id,
        )
        self._invoice(
            self.customer,
            "2026-07-01",
            [(self.product, 1.0, 1000.0)],
            currency_id=currency.id,
        )
        # 1,000 / 0.5 + 1,000 / 0.8
        self.assertEqual(self._volume(program)[1], 3250.0)

    def test_customers_by_tag_and_client_class(self):
        """Tags and client classes select customers; others get no progress."""
        profit = self.env.ref("kam_segmentation.kam_rebate_client_class_profit")
        program = self._program(
            [(0, 1)],
            partner_ids=[fields.Command.clear()],
            partner_category_ids=[fields.Command.set(self.tag.ids)],
            client_class_ids=[fields.Command.set(profit.ids)],
        )
        outsider = self.env["res.partner"].create({"name": "Walk-in buyer"})
        self._invoice(self.customer, "2026-02-01")
        self._invoice(self.customer_2, "2026-02-01")
        self._invoice(outsider, "2026-02-01")
        ours = {self.customer.id, self.customer_2.id, outsider.id}
        self.assertFalse(ours & set(program._kam_volumes(date(2026, 12, 31))))
        self.customer.category_id = self.tag
        self._put_figures(self.customer_2, client_class="profit")
        volumes = program._kam_volumes(date(2026, 12, 31))
        self.assertEqual(ours & set(volumes), {self.customer.id, self.customer_2.id})
        # the client class is per company: another company's class does not count
        other = self.env["res.company"].create({"name": "Niacin Europe GmbH"})
        self._put_figures(self.customer_2, other, client_class="profit")
        self._put_figures(self.customer_2, client_class="potential")
        volumes = program._kam_volumes(date(2026, 12, 31))
        self.assertEqual(ours & set(volumes), {self.customer.id})

    def test_covered_customer_without_invoices_shows_zero(self):
        """A listed customer without invoices sees tier 0 and the volume missing."""
        program = self._program([(0, 0), (10000, 1)])
        program.action_activate()
        progress = self._progress(program)
        self.assertEqual(progress.volume, 0.0)
        self.assertEqual(progress.next_threshold, 10000.0)
        self.assertEqual(progress.volume_missing, 10000.0)
        self.assertEqual(progress.progress_to_next, 0.0)

    def test_other_company_invoices_do_not_count(self):
        """A program counts its own company's invoices only."""
        other = self.env["res.company"].create(
            {
                "name": "Niacin Europe GmbH",
                "currency_id": self.env.company.currency_id.id,
            }
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", other, install_demo=False
        )
        program = self._program([(0, 1)])
        self._invoice(self.customer, "2026-02-01")
        env = self.env(context=dict(self.env.context, allowed_company_ids=[other.id]))
        move = (
            env["account.move"]
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": "2026-02-01",
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": 7000.0,
                                "tax_ids": [fields.Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        self.assertEqual(move.company_id, other)
        self.assertEqual(self._volume(program)[1], 5000.0)

    def test_progress_figures_and_forecast(self):
        """Progress shows tier, rate, earned, next threshold and the forecast."""
        program = self._program(
            [(0, 0), (500, 1), (1000, 2), (2000, 3)],
            basis="quantity",
            uom_id=self.uom_ton.id,
        )
        program.action_activate()
        self._invoice(self.customer, "2026-02-15", [(self.product, 600.0, 5000.0)])
        # 90 days elapsed of 365 on 31 March
        program._kam_refresh_progress(date(2026, 3, 31))
        progress = self._progress(program)
        self.assertEqual(progress.volume, 600.0)
        self.assertEqual(progress.rate, 1.0)
        self.assertEqual(progress.rate_label, "1 %")
        self.assertEqual(progress.earned, 30000.0)
        self.assertEqual(progress.next_threshold, 1000.0)
        self.assertEqual(progress.volume_missing, 400.0)
        self.assertAlmostEqual(progress.progress_to_next, 20.0)
        self.assertAlmostEqual(progress.forecast_volume, 600.0 * 365 / 90, places=2)
        # 2,433.33 t forecast: top tier, 3 % of the forecast amount
        self.assertAlmostEqual(
            progress.forecast_earned, round(3000000.0 * 365 / 90 * 0.03, 2), places=2
        )
        self.assertEqual(progress.date, date(2026, 3, 31))

    def test_progress_query_count_independent_of_invoices(self):
        """Refreshing progress costs the same queries for 2 or 22 invoices."""
        program = self._program([(0, 1), (50000, 2)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01")

        def count_refresh():
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            program._kam_refresh_progress(date(2026, 12, 31))
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        self._invoice(self.customer, "2026-02-02")
        few = count_refresh()
        for day in range(1, 21):
            self._invoice(self.customer, f"2026-03-{day:02d}")
        many = count_refresh()
        self.assertEqual(self._progress(program).volume, 110000.0)
        self.assertEqual(few, many)
        self.assertLess(many, 20)

    def test_progress_refresh_writes_in_one_query_for_any_number_of_customers(self):
        """A daily refresh rewrites every customer's (different) forecast in the same
        queries for 2 or 8 customers, and writes nothing when nothing changed."""
        program = self._program(
            [(0, 1), (50000, 2)],
            partner_ids=[fields.Command.clear()],
            partner_category_ids=[fields.Command.set(self.tag.ids)],
        )
        program.action_activate()

        def customers(count):
            partners = self.env["res.partner"].create(
                [
                    {
                        "name": f"Tagged {n}",
                        "is_company": True,
                        "category_id": self.tag.ids,
                    }
                    for n in range(count)
                ]
            )
            for tons, partner in enumerate(partners, start=1):
                self._invoice(partner, "2026-02-01", [(self.product, tons, 5000.0)])
            return partners

        def refresh(day):
            program._kam_refresh_progress(day)
            self.env.flush_all()

        customers(2)
        refresh(date(2026, 3, 1))
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        refresh(date(2026, 3, 2))
        few = self.env.cr.sql_log_count - before
        customers(6)
        refresh(date(2026, 3, 3))
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            refresh(date(2026, 3, 4))
        self.assertEqual(len(program.progress_ids), 8)
        self.assertEqual(set(program.progress_ids.mapped("date")), {date(2026, 3, 4)})
        self.assertEqual(
            sorted(program.progress_ids.mapped("forecast_volume")),
            [round(tons * 5000.0 * 365 / 63, 6) for tons in (1, 1, 2, 2, 3, 4, 5, 6)],
        )
        # nothing changed (same day): no UPDATE
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        refresh(date(2026, 3, 4))
        self.assertEqual(self.env.cr.sql_log_count - before, few - 1)

    def test_sale_order_shows_tier_and_gap(self):
        """The order shows the current tier, what it adds and the gap to the next."""
        program = self._program(
            [(0, 0), (500, 1), (1000, 2)],
            basis="quantity",
            uom_id=self.uom_ton.id,
            date_start="2026-01-01",
            date_end="2099-12-31",
        )
        program.action_activate()
        self._invoice(self.customer, "2026-02-01", [(self.product, 450.0, 5000.0)])
        order = self._confirmed_order(
            self.contact, date(2026, 3, 1), [(self.product, 100.0, 5000.0)]
        )
        rows = order._kam_rebate_rows()
        self.assertEqual(len(rows), 1)
        _program, now, after = rows[0]
        self.assertEqual(now["volume"], 450.0)
        self.assertEqual(after["volume"], 550.0)
        self.assertEqual(after["rate"], 1.0)
        self.assertEqual(after["volume_missing"], 450.0)
        self.assertIn(
            "top tier reached",
            order._kam_rebate_render(
                [(program, now, program._kam_evaluate(1200.0, 6e6))]
            ),
        )
        self.assertIn(program.name, order.kam_rebate_summary)
        # once invoiced, the order adds nothing more: no double count
        invoice = order._create_invoices()
        invoice.invoice_date = date(2026, 3, 2)
        invoice.action_post()
        _program, now, after = order._kam_rebate_rows()[0]
        self.assertEqual(now["volume"], 550.0)
        self.assertEqual(after["volume"], 550.0)

    def test_sale_order_line_of_another_unit_category_adds_nothing(self):
        """A line in a unit of another category adds neither quantity nor amount."""
        program = self._program(
            [(0, 1), (500, 2)],
            basis="quantity",
            uom_id=self.uom_ton.id,
            date_end="2099-12-31",
        )
        program.action_activate()
        order = self._confirmed_order(
            self.customer,
            date(2026, 3, 1),
            [(self.product_other, 3.0, 100.0), (self.product, 2.0, 5000.0)],
        )
        self.assertEqual(order._kam_rebate_order_adds(program), (2.0, 10000.0))

    def test_sale_order_and_volume_count_the_same_products(self):
        """The order's hint and the volume leave out the same products: the rebate
        product of a program in force, products excluded from rebates."""
        program = self._program([(0, 1), (1e9, 2)], date_end="2099-12-31")
        program.action_activate()
        excluded = self.product_other
        excluded.product_tmpl_id.kam_rebate_excluded = True
        lines = [
            (self.product, 1.0, 5000.0),
            (self.rebate_product, 1.0, 300.0),
            (excluded, 1.0, 700.0),
        ]
        self._invoice(self.customer, "2026-02-01", lines)
        order = self._confirmed_order(self.customer, date(2026, 3, 1), lines)
        self.assertEqual(self._volume(program)[1], 5000.0)
        self.assertEqual(order._kam_rebate_order_adds(program), (1.0, 5000.0))

    def test_sale_order_hint_and_volume_cover_the_same_customers(self):
        """An archived customer of a listed tag is covered by neither."""
        program = self._program(
            [(0, 1)],
            partner_ids=[fields.Command.clear()],
            partner_category_ids=[fields.Command.set(self.tag.ids)],
            date_end="2099-12-31",
        )
        program.action_activate()
        self.customer.category_id = self.tag
        order = self._confirmed_order(self.customer, date(2026, 3, 1))
        self.assertTrue([row for row in order._kam_rebate_rows() if row[0] == program])
        self.customer.active = False
        order.invalidate_recordset()
        self.assertFalse([row for row in order._kam_rebate_rows() if row[0] == program])
        self.assertNotIn(self.customer.id, program._kam_volumes(date(2026, 12, 31)))

    def test_sale_order_of_new_customer_in_program_of_everyone(self):
        """A program of every customer shows its tiers to a customer without sales."""
        program = self._program(
            [(0, 1), (1000, 2)],
            partner_ids=[fields.Command.clear()],
            date_end="2099-12-31",
        )
        program.action_activate()
        order = self._confirmed_order(self.customer_2, date(2026, 3, 1))
        rows = [row for row in order._kam_rebate_rows() if row[0] == program]
        self.assertEqual(len(rows), 1)
        _program, now, after = rows[0]
        self.assertEqual(now["volume"], 0.0)
        self.assertEqual(after["volume"], 5000.0)
        self.assertEqual(after["rate"], 2.0)

    def test_sale_order_query_count_independent_of_invoices(self):
        """The order's rebate hint costs the same queries for 1 or 21 invoices."""
        program = self._program([(0, 1), (1e9, 2)], date_end="2099-12-31")
        program.action_activate()
        self._invoice(self.customer, "2026-02-01")
        order = self._confirmed_order(self.customer, date(2026, 3, 1))

        def count_summary():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertTrue(order.kam_rebate_summary)
            return self.env.cr.sql_log_count - before

        count_summary()  # the first render compiles the QWeb template
        few = count_summary()
        for day in range(1, 21):
            self._invoice(self.customer, f"2026-04-{day:02d}")
        self.assertEqual(count_summary(), few)

    def test_progress_is_per_company(self):
        """A user of another company does not see this company's progress."""
        program = self._program([(0, 1)])
        program.action_activate()
        self._invoice(self.customer, "2026-02-01")
        other = self.env["res.company"].create({"name": "Niacin Europe GmbH"})
        outsider = self.env["res.users"].create(
            {
                "name": "Europe salesman",
                "login": "eu_salesman",
                "company_id": other.id,
                "company_ids": [fields.Command.set(other.ids)],
                "groups_id": [
                    fields.Command.set(
                        [self.env.ref("sales_team.group_sale_salesman").id]
                    )
                ],
            }
        )
        self.customer.user_id = self.salesman
        self.assertTrue(self.customer.with_user(self.salesman).kam_rebate_progress_ids)
        self.assertFalse(self.env["kam.rebate.progress"].with_user(outsider).search([]))

    def test_sale_order_of_uncovered_customer_shows_nothing(self):
        """An order of a customer outside every program shows no rebate page."""
        program = self._program([(0, 1)], date_end="2099-12-31")
        program.action_activate()
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer_2
        with form.order_line.new() as line:
            line.product_id = self.product
        self.assertFalse(form.kam_rebate_summary)
