# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields

from odoo.addons.kam_complaints.tests.common import KamComplaintCommon


class KamSegmentationCommon(KamComplaintCommon):
    """Key-account world for segmentation and rebate tests."""


class KamSegmentCommon(KamSegmentationCommon):
    """A company of its own (an isolated portfolio) with round thresholds."""

    TODAY = date(2026, 6, 15)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seg_company = cls.env["res.company"].create(
            {
                "name": "Niacin Segments Ltd",
                "currency_id": cls.env.company.currency_id.id,
                "kam_seg_profit_margin_rate": 0.20,
                "kam_seg_cash_flow_min_orders": 6,
                "kam_seg_cash_flow_min_revenue": 30000.0,
                "kam_seg_potential_min_value": 1000000.0,
                "kam_seg_malign_min_complaints": 3,
                "kam_seg_malign_complaint_factor": 3.0,
                "kam_seg_pareto_share": 0.80,
                "kam_seg_mgc_min_potential": 2000000.0,
                "kam_seg_size_medium": 5000.0,
                "kam_seg_size_big": 20000.0,
                "kam_seg_size_vip": 100000.0,
                "kam_seg_sow_high": 0.50,
                "kam_seg_requirement_big": 2500000.0,
            }
        )
        cls.env.user.company_ids |= cls.seg_company
        cls.product.with_company(cls.seg_company).standard_price = 4000.0
        cls.senv = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.seg_company.id])
        )
        cls.Partner = cls.senv["res.partner"]

    @classmethod
    def _client(cls, name, requirement=0.0, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "kam_is_key_account": True,
                "kam_annual_requirement": requirement,
                "kam_requirement_uom_id": cls.uom_ton.id if requirement else False,
                **vals,
            }
        )

    @classmethod
    def _order(cls, partner, days_ago=10, qty=1.0, price=5000.0, **kw):
        """A confirmed order in the segmentation company, ``days_ago`` before TODAY."""
        day = cls.TODAY - relativedelta(days=days_ago)
        lines = kw.pop("lines", None) or [(cls.product, qty, price)]
        return cls._confirmed_order(
            partner, day, lines, company=kw.pop("company", cls.seg_company), **kw
        )

    def _recompute(self, partners=None, company=None, today=None):
        env = (
            self.senv
            if not company
            else self.env(
                context=dict(self.env.context, allowed_company_ids=[company.id])
            )
        )
        records = env["res.partner"].browse(partners.ids if partners else [])
        return records._kam_recompute_segmentation(today=today or self.TODAY)

    def _seg(self, partner, company=None):
        company = company or self.seg_company
        return partner.with_company(company)


class KamRebateCommon(KamSegmentationCommon):
    """Rebate world: a category of rebated products, a rebate product, invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categ = cls.env["product.category"].create({"name": "Niacin (rebates)"})
        cls.categ_child = cls.env["product.category"].create(
            {"name": "Feed grade", "parent_id": cls.categ.id}
        )
        cls.product.categ_id = cls.categ_child
        cls.product_other = cls.env["product.product"].create(
            {
                "name": "Packaging service (test)",
                "type": "service",
                "list_price": 100.0,
            }
        )
        cls.rebate_product = cls.env["product.product"].create(
            {
                "name": "Volume rebate (test)",
                "type": "service",
                "taxes_id": [fields.Command.clear()],
                "kam_rebate_excluded": True,
            }
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Aquafeed Co", "is_company": True, "kam_is_key_account": True}
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Price buyers"})

    @classmethod
    def _program(cls, tiers, **values):
        """A draft program of ``cls.customer`` with ``tiers`` [(threshold, rate)]."""
        rate_type = values.pop("rate_type", "percent")
        vals = {
            "name": "Volume rebate (test)",
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "basis": "amount",
            "calculation": "retroactive",
            "partner_ids": [fields.Command.set(cls.customer.ids)],
            "rebate_product_id": cls.rebate_product.id,
            "tier_ids": [
                fields.Command.create(
                    {"threshold": t[0], "rate": t[1], "rate_type": rate_type}
                )
                for t in tiers
            ],
        }
        vals.update(values)
        return cls.env["kam.rebate.program"].create(vals)

    @classmethod
    def _invoice(cls, partner, date, lines=None, move_type="out_invoice", **values):
        """A posted customer invoice (or credit note) of ``lines``.

        ``lines``: ``[(product, quantity, price_unit)]`` or with a fourth item, the
        UoM; default one ton of the test product at 5,000.
        """
        lines = lines or [(cls.product, 1.0, 5000.0)]
        vals = {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": date,
            "invoice_line_ids": [
                fields.Command.create(
                    {
                        "product_id": line[0].id,
                        "quantity": line[1],
                        "price_unit": line[2],
                        "tax_ids": [fields.Command.clear()],
                        **({"product_uom_id": line[3].id} if len(line) > 3 else {}),
                    }
                )
                for line in lines
            ],
        }
        vals.update(values)
        move = cls.env["account.move"].create(vals)
        move.action_post()
        return move

    def _progress(self, program, partner=None):
        partner = partner or self.customer
        return program.progress_ids.filtered(lambda p: p.partner_id == partner)
