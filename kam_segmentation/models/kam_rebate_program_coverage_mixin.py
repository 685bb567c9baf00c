# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Coverage of a rebate program: which customers and products count, as SQL the
volume query embeds and as domains, and the warning on overlapping programs."""

from odoo import api, models
from odoo.tools import SQL


class KamRebateProgramCoverageMixin(models.AbstractModel):
    _name = "kam.rebate.program.coverage.mixin"
    _description = "Rebate program: coverage"

    def _kam_partner_domain(self):
        """The commercial partners the program covers, as a domain (False: all):
        the customers of :meth:`_kam_covered_sql`, the one definition that the
        volumes use too."""
        self.ensure_one()
        covered = self._kam_covered_sql()
        return False if covered is None else [("id", "in", SQL("(%s)", covered))]

    def _kam_product_sql(self):
        """The condition on ``pp`` (product_product) and ``pt`` (product_template)
        of the products whose sales count: not excluded from rebates, not the
        rebate product of a program of the company that is or was in force (a
        reversed rebate never counts), and among the program's products and
        categories when it lists any."""
        self.ensure_one()
        conditions = [
            SQL("pt.kam_rebate_excluded IS NOT TRUE"),
            SQL(
                "NOT EXISTS (SELECT 1 FROM kam_rebate_program rp"
                " WHERE rp.rebate_product_id = pp.id AND rp.company_id = %s"
                " AND rp.state IN ('active', 'closed'))",
                self.company_id.id,
            ),
        ]
        if self.product_ids or self.product_categ_ids:
            categs = self.env["product.category"].search(
                [("id", "child_of", self.product_categ_ids.ids)]
            )
            conditions.append(
                SQL(
                    "(pp.id = ANY(%s) OR pt.categ_id = ANY(%s))",
                    self.product_ids.ids,
                    categs.ids,
                )
            )
        return SQL(" AND ").join(conditions)

    def _kam_product_domain(self):
        """The products the program counts, as a domain (see
        :meth:`_kam_product_sql`)."""
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT pp.id FROM product_product pp"
                    " JOIN product_template pt ON pt.id = pp.product_tmpl_id"
                    " WHERE %s)",
                    self._kam_product_sql(),
                ),
            )
        ]

    @api.depends(
        "date_start",
        "date_end",
        "company_id",
        "partner_ids",
        "partner_category_ids",
        "client_class_ids",
        "product_ids",
        "product_categ_ids",
    )
    def _compute_overlap_warning(self):
        for program in self:
            program.overlap_warning = program._kam_overlap_text()

    def _kam_overlap_text(self):
        self.ensure_one()
        if not (self.date_start and self.date_end and self.company_id):
            return False
        others = self.search(
            [
                ("id", "!=", self._origin.id or 0),
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "closed"),
                ("date_start", "<=", self.date_end),
                ("date_end", ">=", self.date_start),
            ]
        )
        Partner = self.env["res.partner"].with_company(self.company_id)
        Product = self.env["product.product"]
        names = []
        for other in others:
            mine, theirs = self._kam_partner_domain(), other._kam_partner_domain()
            if mine and theirs and not Partner.search_count(mine + theirs, limit=1):
                continue
            prods = self._kam_product_domain() + other._kam_product_domain()
            if not Product.search_count(prods, limit=1):
                continue
            names.append(other.name)
        if not names:
            return False
        return self.env._(
            "This program overlaps %(programs)s: the same customers and products in "
            "the same period. Each program computes its rebate on its own, so an "
            "invoice line may earn a rebate in both.",
            programs=", ".join(names),
        )

    def _kam_covered_sql(self):
        """The ids of the covered commercial partners, as a sub-query (None: all)."""
        self.ensure_one()
        ors = []
        if self.partner_ids:
            ors.append(
                SQL("p.id = ANY(%s)", self.partner_ids.commercial_partner_id.ids)
            )
        if self.partner_category_ids:
            ors.append(
                SQL(
                    "EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel r"
                    " WHERE r.partner_id = p.id AND r.category_id = ANY(%s))",
                    self.partner_category_ids.ids,
                )
            )
        if self.client_class_ids:
            ors.append(
                SQL(
                    "EXISTS (SELECT 1 FROM kam_partner_figure f WHERE f.partner_id ="
                    " p.id AND f.company_id = %s AND f.client_class = ANY(%s))",
                    self.company_id.id,
                    self.client_class_ids.mapped("code"),
                )
            )
        if not ors:
            return None
        return SQL(
            "SELECT p.id FROM res_partner p"
            " WHERE p.id = p.commercial_partner_id AND p.active AND (%s)",
            SQL(" OR ").join(ors),
        )
