# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields

from odoo.addons.kam_complaints.tests.common import KamComplaintCommon


class KamSegmentationCommon(KamComplaintCommon):
    """Key-account world for segmentation and rebate tests."""


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
