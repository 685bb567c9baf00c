# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import format_amount

from odoo.addons.kam_lifecycle.tools import kam_format


@tagged("post_install", "-at_install")
class TestKamFormat(TransactionCase):
    """Figures as users read them, in their language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.usd = cls.env.ref("base.USD")
        cls.cny = cls.env.ref("base.CNY")
        cls.ton = cls.env.ref("uom.product_uom_ton")

    def _env(self, lang):
        return self.env(context=dict(self.env.context, lang=lang))

    def test_amount_has_currency_and_thousands_separator(self):
        """22916000 reads 22,916,000.00 with its currency, not 22916000.00."""
        text = kam_format.kam_amount(self._env("en_US"), 22916000.0, self.usd)
        self.assertIn("22,916,000.00", text)
        self.assertIn(self.usd.symbol, text)
        self.assertIn(
            "22,916,000.00",
            kam_format.kam_amount(self._env("zh_CN"), 22916000, self.cny),
        )
        self.assertIn(
            self.cny.symbol, kam_format.kam_amount(self._env("zh_CN"), 1, self.cny)
        )

    def test_amount_follows_the_language_separators(self):
        """A French user reads the French separators."""
        fr = self.env["res.lang"]._lang_get("fr_FR")
        text = kam_format.kam_amount(self._env("fr_FR"), 1234567.5, self.usd)
        self.assertIn(
            f"1{fr.thousands_sep}234{fr.thousands_sep}567{fr.decimal_point}50", text
        )

    def test_amount_reads_as_odoo_writes_it(self):
        """The text is Odoo's own (``format_amount``): symbol before or after,
        negative amounts, rounding to the currency's decimals, every language."""
        eur = self.env.ref("base.EUR")
        for lang in ("en_US", "fr_FR", "zh_CN"):
            env = self._env(lang)
            for currency in (self.usd, eur, self.cny):
                for value in (0.0, 1234567.5, -98765.432, 0.005, 22916000):
                    with self.subTest(lang=lang, currency=currency.name, value=value):
                        self.assertEqual(
                            kam_format.kam_amount(env, value, currency),
                            format_amount(env, value, currency),
                        )

    def test_amount_reads_no_currency(self):
        """An amount is formatted from the currencies the web client formats its
        amounts with (cached): no read of the currency per screen."""
        env = self._env("en_US")
        kam_format.kam_amount(env, 1.0, self.usd)
        self.env["res.currency"].invalidate_model()
        with self.assertQueryCount(0):
            text = kam_format.kam_amount(env, 1234.5, self.usd)
        self.assertEqual(text, format_amount(env, 1234.5, self.usd))

    def test_amount_of_an_archived_currency(self):
        """A currency the web client does not list (archived) still reads right."""
        eur = self.env.ref("base.EUR")
        eur.active = False
        self.assertEqual(
            kam_format.kam_amount(self._env("en_US"), 10.5, eur),
            format_amount(self._env("en_US"), 10.5, eur),
        )

    def test_amount_defaults_to_company_currency(self):
        """Without a currency the company's is used."""
        currency = self.env.company.currency_id
        self.assertIn(currency.symbol, kam_format.kam_amount(self.env, 10.0))

    def test_percent(self):
        """A ratio is a percentage with the requested decimals."""
        self.assertEqual(kam_format.kam_percent(self._env("en_US"), 0.35), "35.0%")
        self.assertEqual(kam_format.kam_percent(self._env("en_US"), 0.8, 0), "80%")
        self.assertEqual(kam_format.kam_percent(self._env("zh_CN"), 0.125), "12.5%")
        self.assertEqual(kam_format.kam_percent(self._env("en_US"), None), "0.0%")

    def test_quantity_in_the_precision_of_its_unit(self):
        """1150 t in a unit rounded to 0.001 reads 1,150.000 t; a whole unit shows
        no decimals."""
        self.ton.rounding = 0.001
        self.assertEqual(
            kam_format.kam_quantity(self._env("en_US"), 1150.0, self.ton), "1,150.000 t"
        )
        self.ton.rounding = 1.0
        self.assertEqual(
            kam_format.kam_quantity(self._env("en_US"), 1150.0, self.ton), "1,150 t"
        )
        self.assertEqual(
            kam_format.kam_quantity(self._env("en_US"), 2000.0), "2,000.00"
        )

    def test_uom_digits(self):
        """A unit's decimals come from its rounding."""
        self.ton.rounding = 0.01
        self.assertEqual(kam_format.uom_digits(self.ton), 2)
        self.ton.rounding = 0.001
        self.assertEqual(kam_format.uom_digits(self.ton), 3)
        self.ton.rounding = 1.0
        self.assertEqual(kam_format.uom_digits(self.ton), 0)

    def test_number(self):
        """Counts have thousands separators and no decimals."""
        self.assertEqual(kam_format.kam_number(self._env("en_US"), 12345), "12,345")
        self.assertEqual(kam_format.kam_number(self._env("en_US"), 2.5, 1), "2.5")

    def test_metric(self):
        """The figures behind a lifecycle rule read as amounts, numbers and dates."""
        env = self._env("en_US")
        currency = env.company.currency_id
        self.assertEqual(
            kam_format.kam_metric(env, "revenue_12m", 22916000.0),
            kam_format.kam_amount(env, 22916000.0, currency),
        )
        self.assertEqual(kam_format.kam_metric(env, "orders_12m", 1234), "1,234")
        self.assertEqual(kam_format.kam_metric(env, "median_gap_days", 12.5), "12.5")
        self.assertEqual(
            kam_format.kam_metric(env, "first_order", "2026-01-05"), "01/05/2026"
        )
        self.assertEqual(kam_format.kam_metric(env, "rule", "stability"), "stability")
