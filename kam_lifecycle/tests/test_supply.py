# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.kam_supply_outlook import outlook_months, shortfall
from .common import KamAttackMixin
from .supply_common import TODAY, YEAR, KamSupplyCommon


@tagged("post_install", "-at_install")
class TestSupplyRules(KamSupplyCommon):
    """The pure rules, without records."""

    def test_outlook_months(self):
        """The outlook covers the current month and the eleven after it."""
        months = outlook_months(date(2030, 11, 17))
        self.assertEqual(len(months), 12)
        self.assertEqual(months[0], date(2030, 11, 1))
        self.assertEqual(months[2], date(2031, 1, 1))
        self.assertEqual(months[-1], date(2031, 10, 1))

    def test_shortfall(self):
        """A shortfall is what was agreed beyond the forecast, never negative."""
        self.assertEqual(shortfall(150.0, 120.0), 30.0)
        self.assertEqual(shortfall(100.0, 120.0), 0.0)
        self.assertEqual(shortfall(50.0, -20.0), 70.0)


@tagged("post_install", "-at_install")
class TestSupplyAgreement(KamSupplyCommon):
    def test_agreement_on_the_plan(self):
        """A KAM adds a quantity for a month on the Supply tab: the unit is the
        product's, the month starts in the plan's year, a peak month is marked."""
        plan = self.plan.with_user(self.kam_user)
        plan.peak_month_ids = self.months[3] | self.months[4]
        with Form(plan) as form:
            with form.supply_agreement_ids.new() as line:
                line.month_id = self.months[3]
                line.product_id = self.goods
                self.assertEqual(line.uom_id, self.uom_ton)
                line.quantity = 80.0
            with form.supply_agreement_ids.new() as line:
                line.month_id = self.months[6]
                line.product_id = self.goods
                line.quantity = 20.0
        march, june = plan.supply_agreement_ids.sorted("date_month")
        self.assertEqual(march.date_month, date(YEAR, 3, 1))
        self.assertTrue(march.in_peak)
        self.assertFalse(june.in_peak, "outside the peak: allowed, and shown")
        self.assertEqual(plan.supply_agreed_qty, 100.0)

    def test_agreed_plan_keeps_supply_open(self):
        """The targets of an agreed plan are frozen; its supply still changes."""
        line = self._agree(self.plan, 3, 50.0).with_user(self.kam_user)
        line.quantity = 60.0
        self.assertEqual(line.quantity, 60.0)
        with self.assertRaises(UserError):
            self.plan.with_user(self.kam_user).target_qty = 5.0

    def test_closed_plan_supply_is_final(self):
        """A closed plan's peak season and agreements can no longer change."""
        line = self._agree(self.plan, 3, 50.0)
        self.plan.sudo().write({"state": "closed"})
        plan = self.plan.with_user(self.kam_manager)
        with self.assertRaisesText(UserError, "is closed"):
            line.with_user(self.kam_manager).quantity = 10.0
        with self.assertRaisesText(UserError, "is closed"):
            line.with_user(self.kam_manager).unlink()
        with self.assertRaisesText(UserError, "is closed"):
            self.env["kam.supply.agreement"].with_user(self.kam_manager).create(
                {
                    "plan_id": plan.id,
                    "month_id": self.months[4].id,
                    "product_id": self.goods.id,
                    "quantity": 5.0,
                }
            )
        with self.assertRaisesText(UserError, "is closed"):
            plan.peak_month_ids = self.months[1]
        self.assertEqual(line.quantity, 50.0)

    def test_bad_input(self):
        """Zero or negative quantities, a unit of another kind and a product whose
        stock is not tracked are refused with a clear message."""
        cases = [
            ({"quantity": 0.0}, "greater than zero"),
            ({"quantity": -3.0}, "greater than zero"),
            ({"uom_id": self.env.ref("uom.product_uom_unit").id}, "does not measure"),
            ({"product_id": self.product.id}, "does not track its inventory"),
        ]
        for vals, message in cases:
            with (
                self.subTest(vals=vals),
                self.assertRaisesText(ValidationError, message),
            ):
                self.env["kam.supply.agreement"].with_user(self.kam_user).create(
                    {
                        "plan_id": self.plan.id,
                        "month_id": self.months[3].id,
                        "product_id": self.goods.id,
                        "quantity": 10.0,
                        **vals,
                    }
                )

    def test_one_line_per_product_and_month(self):
        """A plan agrees one quantity per product and month."""
        self._agree(self.plan, 3, 10.0)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._agree(self.plan, 3, 20.0)

    def test_access(self):
        """A KAM user maintains the agreements of own accounts only; a manager all;
        a salesman without the KAM group none."""
        mine = self._agree(self.plan, 3, 10.0)
        theirs = self._agree(self.other_plan, 3, 10.0)
        Agreement = self.env["kam.supply.agreement"]
        self.assertEqual(
            Agreement.with_user(self.kam_user).search(
                [("id", "in", (mine | theirs).ids)]
            ),
            mine,
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.kam_user).quantity = 99.0
        with self.assertRaises(AccessError):
            Agreement.with_user(self.kam_user).create(
                {
                    "plan_id": self.other_plan.id,
                    "month_id": self.months[5].id,
                    "product_id": self.goods.id,
                    "quantity": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.kam_user).plan_id = self.other_plan
        theirs.with_user(self.kam_manager).quantity = 12.0
        self.assertEqual(theirs.quantity, 12.0)
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).read(["quantity"])
        self.assertEqual(mine.quantity, 10.0)

    def test_system_fields(self):
        """The month's start and the plan's partner follow from the plan."""
        line = self._agree(self.plan, 3, 10.0)
        with self.assertRaises(AccessError):
            line.with_user(self.kam_user).date_month = date(YEAR, 5, 1)
        self.assertEqual(line.date_month, date(YEAR, 3, 1))


@tagged("post_install", "-at_install")
class TestVisitStock(KamSupplyCommon):
    def _visit(self, partner, day, lines):
        return self.env["kam.visit"].create(
            {
                "partner_id": partner.id,
                "date": day,
                "summary": "stock check",
                "stock_line_ids": [
                    fields.Command.create({"product_id": p.id, "quantity": q})
                    for p, q in lines
                ],
            }
        )

    def test_latest_reported_stock_on_the_plan(self):
        """The plan shows, per product, the client's stock as last reported."""
        today = fields.Date.today()
        self._visit(self.customer, today - timedelta(days=40), [(self.goods, 40.0)])
        self._visit(
            self.customer,
            today - timedelta(days=5),
            [(self.goods, 12.0), (self.product, 3.0)],
        )
        self._visit(self.other, today, [(self.goods, 99.0)])
        stock = self.plan.kam_reported_stock_ids
        self.assertEqual(
            {(line.product_id, line.quantity) for line in stock},
            {(self.goods, 12.0), (self.product, 3.0)},
        )
        self.assertEqual(stock.mapped("uom_id"), self.uom_ton)

    def test_reported_stock_in_one_query(self):
        """The latest stock of many plans costs the same queries as of one."""
        for partner in (self.customer, self.other):
            self._visit(partner, fields.Date.today(), [(self.goods, 5.0)])
        plans = self.plan | self.other_plan
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.assertEqual(len(plans.kam_reported_stock_ids), 2)

    def test_bad_stock_lines(self):
        """Negative stock and a unit of another kind are refused."""
        visit = self._visit(self.customer, fields.Date.today(), [])
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            visit.stock_line_ids = [
                fields.Command.create({"product_id": self.goods.id, "quantity": -1})
            ]
        unit = self.env.ref("uom.product_uom_unit")
        with self.assertRaisesText(ValidationError, "does not measure"):
            visit.stock_line_ids = [
                fields.Command.create(
                    {"product_id": self.goods.id, "quantity": 1, "uom_id": unit.id}
                )
            ]

    def test_access(self):
        """KAM users record stock on visits of own accounts; a salesman cannot."""
        mine = self._visit(self.customer, fields.Date.today(), [])
        theirs = self._visit(self.other, fields.Date.today(), [])
        Stock = self.env["kam.visit.stock"].with_user(self.kam_user)
        line = Stock.create(
            {"visit_id": mine.id, "product_id": self.goods.id, "quantity": 7.0}
        )
        self.assertEqual(line.partner_id, self.customer)
        with self.assertRaises(AccessError):
            Stock.create(
                {"visit_id": theirs.id, "product_id": self.goods.id, "quantity": 7.0}
            )
        with self.assertRaises(AccessError):
            line.with_user(self.salesman).read(["quantity"])


@tagged("post_install", "-at_install")
class TestSupplyOutlook(KamSupplyCommon):
    def _recompute(self, today=TODAY):
        return self.env["kam.supply.outlook"]._kam_recompute(
            companies=self.company, today=today
        )

    def test_outlook_figures(self):
        """Agreed (key accounts' agreed or active plans, in the product's unit)
        against on hand, incoming and promised until the month's end."""
        self._agree(self.plan, 3, 80.0)
        self._agree(self.other_plan, 3, 30000.0, uom=self.uom_kg)
        self._agree(self._plan(self.plain), 3, 500.0)  # not a key account
        draft_customer = self.env["res.partner"].create(
            {"name": "Draft Co", "is_company": True, "kam_is_key_account": True}
        )
        self._agree(self._plan(draft_customer, state="draft"), 3, 500.0)
        self._on_hand(100.0)
        self._move(20.0, f"{YEAR}-02-15")
        self._move(50.0, f"{YEAR}-04-15")  # after March: not counted in March
        self._move(40.0, f"{YEAR}-03-20", incoming=False)
        with freeze_time(TODAY):
            self._recompute()
        row = self._outlook(3)
        self.assertEqual(row.agreed_qty, 110.0)
        self.assertEqual(row.partner_ids, self.customer | self.other)
        self.assertEqual(row.on_hand_qty, 100.0)
        self.assertEqual(row.incoming_qty, 20.0)
        self.assertEqual(row.outgoing_qty, 40.0)
        self.assertEqual(row.forecast_qty, 80.0)
        self.assertEqual(row.shortfall_qty, 30.0)
        self.assertTrue(row.is_short)
        self.assertEqual(row.uom_id, self.uom_ton)

    def test_outlook_months_only(self):
        """Months before the current one and beyond twelve are left out."""
        self._agree(self.plan, 1, 10.0)
        self._agree(self._plan(self.customer, year=YEAR - 1), 12, 10.0)
        self._agree(self._plan(self.customer, year=YEAR + 1), 1, 10.0)
        with freeze_time(date(YEAR, 2, 3)):
            self._recompute(today=date(YEAR, 2, 3))
        rows = self.env["kam.supply.outlook"].search(
            [("product_id", "=", self.goods.id)]
        )
        self.assertEqual(rows.mapped("date_month"), [date(YEAR + 1, 1, 1)])

    def test_upsert_writes_only_changes(self):
        """A second recompute changes nothing; a changed agreement rewrites its
        row; a removed one removes its row."""
        march = self._agree(self.plan, 3, 80.0)
        april = self._agree(self.plan, 4, 10.0)
        with freeze_time(TODAY):
            first = self._recompute()
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE kam_supply_outlook SET write_date = '2000-01-01' "
                "WHERE id = ANY(%s)",
                [first.ids],
            )
            self.env.invalidate_all()
            again = self._recompute()
            self.env.flush_all()
            self.assertEqual(again, first)
            self.env.cr.execute(
                "SELECT count(*) FROM kam_supply_outlook "
                "WHERE id = ANY(%s) AND write_date > '2000-01-01'",
                [first.ids],
            )
            self.assertEqual(self.env.cr.fetchone()[0], 0, "nothing rewritten")
            march.quantity = 90.0
            april.unlink()
            self._recompute()
        self.assertEqual(self._outlook(3).agreed_qty, 90.0)
        self.assertFalse(self._outlook(4))

    def test_recompute_is_set_based(self):
        """A recompute costs the same queries for three products as for one."""
        products = self.goods | self.goods.copy() | self.goods.copy()

        def count(products):
            for product in products:
                self._agree(self.plan, 3, 5.0, product=product)
            with freeze_time(TODAY):
                self._recompute()
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                self._recompute()
                self.env.flush_all()
                return self.env.cr.sql_log_count - before

        one = count(products[:1])
        three = count(products[1:])
        self.assertEqual(one, three)

    def test_access(self):
        """KAM and stock users read the outlook, nobody writes it, a salesman does
        not see it; rows of another company stay hidden."""
        self._agree(self.plan, 3, 10.0)
        with freeze_time(TODAY):
            row = self._recompute()
        for user in (self.kam_user, self.kam_user_2, self.stock_user):
            with self.subTest(user=user.login):
                self.assertEqual(row.with_user(user).agreed_qty, 10.0)
                with self.assertRaises(AccessError):
                    row.with_user(user).agreed_qty = 1.0
                with self.assertRaises(AccessError):
                    self.env["kam.supply.outlook"].with_user(user).create(
                        {
                            "company_id": self.company.id,
                            "product_id": self.goods.id,
                            "date_month": date(YEAR, 5, 1),
                        }
                    )
                with self.assertRaises(AccessError):
                    row.with_user(user).unlink()
        with self.assertRaises(AccessError):
            row.with_user(self.salesman).read(["agreed_qty"])
        other_company = self.env["res.company"].create({"name": "Supply Other Co"})
        self.kam_user.company_ids |= other_company
        self.assertFalse(
            self.env["kam.supply.outlook"]
            .with_user(self.kam_user)
            .with_context(allowed_company_ids=[other_company.id])
            .search([("id", "=", row.id)])
        )
        self.assertEqual(row.agreed_qty, 10.0)

    def test_recompute_button(self):
        """A KAM user recomputes the outlook from its list; a salesman may not."""
        self._agree(self.plan, 3, 10.0)
        Outlook = self.env["kam.supply.outlook"]
        with freeze_time(TODAY):
            action = Outlook.with_user(self.kam_user).action_kam_recompute()
        self.assertEqual(action["tag"], "reload")
        self.assertEqual(self._outlook(3).agreed_qty, 10.0)
        with self.assertRaises(AccessError):
            Outlook.with_user(self.salesman).action_kam_recompute()


@tagged("post_install", "-at_install")
class TestSupplyCron(KamSupplyCommon):
    def _activities(self, rows=None):
        domain = [
            ("res_model", "=", "kam.supply.outlook"),
            (
                "activity_type_id",
                "=",
                self.env.ref(
                    "kam_lifecycle.mail_activity_type_kam_supply_shortfall"
                ).id,
            ),
        ]
        if rows is not None:
            domain.append(("res_id", "in", rows.ids))
        return self.env["mail.activity"].search(domain)

    def _cron(self, when=TODAY):
        with freeze_time(when):
            return self.env["kam.supply.outlook"]._cron_kam_supply_outlook()

    def test_warns_within_the_days(self):
        """A short month within 60 days gives the inventory manager and the
        accounts' managers one activity each; a later one none yet."""
        self._agree(self.plan, 3, 80.0)
        self._agree(self.other_plan, 3, 40.0)
        self._agree(self.plan, 5, 200.0)
        self._on_hand(100.0)
        self._cron()
        march, may = self._outlook(3), self._outlook(5)
        self.assertTrue(march.is_short and may.is_short)
        activities = self._activities(march)
        self.assertEqual(
            activities.user_id, self.stock_manager | self.kam_user | self.kam_user_2
        )
        self.assertIn("20", activities[0].summary)
        self.assertFalse(self._activities(may), "May starts in 111 days")
        self._cron(date(YEAR, 3, 5))
        self.assertEqual(len(self._activities(may)), 2)

    def test_never_duplicated(self):
        """Running the cron again raises nothing new."""
        self._agree(self.plan, 2, 80.0)
        self._cron()
        first = self._activities()
        self.assertEqual(len(first), 2)
        self._cron(TODAY + timedelta(days=1))
        self.assertEqual(self._activities(), first)

    def test_done_when_covered(self):
        """When stock arrives the shortfall's activities are marked done."""
        self._agree(self.plan, 2, 80.0)
        self._cron()
        row = self._outlook(2)
        self.assertEqual(len(self._activities(row)), 2)
        self._on_hand(100.0)
        self._cron(TODAY + timedelta(days=1))
        self.assertFalse(row.is_short)
        self.assertFalse(self._activities(row))
        self.assertIn("The shortfall is covered.", row.message_ids.mapped("body")[0])

    def test_warning_days_setting(self):
        """The warning days are per company, zero warns in the month only, and a
        negative number is refused."""
        self.company.kam_supply_warning_days = 0
        self._agree(self.plan, 2, 80.0)
        self._cron()
        self.assertFalse(self._activities())
        self._cron(date(YEAR, 2, 1))
        self.assertTrue(self._activities())
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.company.kam_supply_warning_days = -1

    def test_default_inventory_manager(self):
        """Without a named inventory manager, the company's inventory
        administrators are warned."""
        self.company.kam_supply_manager_id = False
        self._agree(self.plan, 2, 80.0)
        self._cron()
        users = self._activities().user_id
        self.assertIn(self.stock_manager, users)
        self.assertIn(self.kam_user, users)
        self.assertFalse(
            users - self.env.ref("stock.group_stock_manager").users - self.kam_user
        )

    def test_cron_record(self):
        """The daily cron calls the outlook's recompute."""
        cron = self.env.ref("kam_lifecycle.ir_cron_kam_supply_outlook")
        self.assertEqual(cron.interval_type, "days")
        self.assertEqual(cron.model_id.model, "kam.supply.outlook")
        self.assertIn("_cron_kam_supply_outlook", cron.code)


@tagged("post_install", "-at_install")
class TestSupplyViews(KamSupplyCommon):
    def _arch(self, model, view_type, user):
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_plan_and_visit_forms(self):
        """The plan form has the Supply tab, the visit form its stock lines."""
        plan = self._arch("kam.account.plan", "form", self.kam_user)
        page = plan.xpath("//page[@name='supply']")
        self.assertTrue(page)
        for name in (
            "peak_month_ids",
            "supply_agreement_ids",
            "kam_reported_stock_ids",
        ):
            self.assertTrue(page[0].xpath(f".//field[@name='{name}']"), name)
        visit = self._arch("kam.visit", "form", self.kam_user)
        self.assertTrue(visit.xpath("//field[@name='stock_line_ids']"))

    def test_outlook_views(self):
        """The outlook opens in list, pivot and form for KAM and stock users, with
        the Recompute button on the list."""
        action = self.env.ref("kam_lifecycle.kam_supply_outlook_action")
        self.assertEqual(action.view_mode, "list,pivot,form")
        for user in (self.kam_user, self.stock_user):
            for view_type in ("list", "pivot", "form", "search"):
                with self.subTest(user=user.login, view=view_type):
                    self.assertIsNotNone(
                        self._arch("kam.supply.outlook", view_type, user)
                    )
        arch = self._arch("kam.supply.outlook", "list", self.kam_user)
        self.assertTrue(arch.xpath("//button[@name='action_kam_recompute']"))

    def test_settings(self):
        """Settings > Sales > Key Accounts has the supply settings."""
        arch = self._arch(
            "res.config.settings", "form", self.env.ref("base.user_admin")
        )
        block = arch.xpath("//block[@name='kam_settings_block']")[0]
        for name in (
            "kam_priority_supply",
            "kam_supply_warning_days",
            "kam_supply_manager_id",
        ):
            self.assertTrue(block.xpath(f".//field[@name='{name}']"), name)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.kam_supply_warning_days, 60)
        self.assertTrue(settings.kam_priority_supply)

    def test_menus(self):
        """KAM users find Supply Outlook and Supply Agreements under Sales > Key
        Accounts > Supply; inventory managers the outlook under Inventory >
        Reporting; a salesman neither."""
        supply = self._menu_ids(
            [
                "kam_lifecycle.menu_kam_supply",
                "kam_lifecycle.kam_supply_outlook_menu",
                "kam_lifecycle.kam_supply_agreement_menu",
            ]
        )
        self.assertMenuSection(
            "kam_lifecycle.menu_kam_supply",
            [
                "kam_lifecycle.kam_supply_outlook_menu",
                "kam_lifecycle.kam_supply_agreement_menu",
            ],
            sequence=70,
        )
        self.assertLessEqual(supply, self._menus_shown(self.kam_user))
        stock_menu = self._menu_ids(["kam_lifecycle.kam_supply_outlook_menu_stock"])
        self.assertLessEqual(stock_menu, self._menus_shown(self.stock_manager))
        self.assertFalse((supply | stock_menu) & self._menus_shown(self.salesman))


@tagged("post_install", "-at_install")
class TestSupplyAttacks(KamAttackMixin, KamSupplyCommon):
    """What a user with an ordinary login tries, refused, nothing changed."""

    def test_one2many_on_a_closed_plan(self):
        """Agreements added through the closed plan's one2many are refused."""
        line = self._agree(self.plan, 3, 10.0)
        self.plan.sudo().write({"state": "closed"})
        self.assertRefused(
            UserError,
            [self.plan, line],
            self.rpc,
            self.kam_user,
            "kam.account.plan",
            "write",
            self.plan.ids,
            {
                "supply_agreement_ids": [
                    fields.Command.create(
                        {
                            "month_id": self.months[4].id,
                            "product_id": self.goods.id,
                            "quantity": 5.0,
                        }
                    ),
                    fields.Command.update(line.id, {"quantity": 99.0}),
                ]
            },
        )

    def test_one2many_reaching_another_account(self):
        """A KAM user cannot move another account's agreement into his plan."""
        theirs = self._agree(self.other_plan, 3, 10.0)
        self.assertRefused(
            AccessError,
            [theirs],
            self.rpc,
            self.kam_user,
            "kam.account.plan",
            "write",
            self.plan.ids,
            {"supply_agreement_ids": [fields.Command.link(theirs.id)]},
        )

    def test_outlook_by_rpc(self):
        """Nobody writes the outlook by RPC, not even a KAM manager."""
        self._agree(self.plan, 3, 10.0)
        with freeze_time(TODAY):
            row = self.env["kam.supply.outlook"]._kam_recompute(
                companies=self.company, today=TODAY
            )
        for method, args in (
            ("write", [row.ids, {"shortfall_qty": 0.0}]),
            ("unlink", [row.ids]),
            ("create", [{"company_id": self.company.id, "product_id": self.goods.id}]),
        ):
            with self.subTest(method=method):
                self.assertRefused(
                    AccessError,
                    [row],
                    self.rpc,
                    self.kam_manager,
                    "kam.supply.outlook",
                    method,
                    *args,
                )

    def test_priority_reason_by_rpc(self):
        """A salesman cannot star his normal customer's order as a key account's."""
        order = self.env["sale.order"].create(
            {"partner_id": self.plain.id, "user_id": self.salesman.id}
        )
        self.assertRefused(
            AccessError,
            [order],
            self.rpc,
            self.salesman,
            "sale.order",
            "write",
            order.ids,
            {"kam_priority_reason": "key_account"},
        )
