# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rebate program: its fields, constraints and tier-table checks, its states
and buttons. The rest, by concern, in abstract models it inherits, each in its file:

- ``kam_rebate_program_coverage_mixin.py``: the customers and products counted (SQL
  and domains), the overlap warning;
- ``kam_rebate_program_volume_mixin.py``: the volume query, the tier reached, the
  stored progress;
- ``kam_rebate_program_settlement_mixin.py``: settlement runs, the period-end cron;
- ``kam_rebate_program_review_mixin.py``: the review workbook's rows;

and ``kam_rebate_math.py`` the arithmetic (``rebate_breakdown``)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from odoo.addons.kam_lifecycle.models.kam_state_mixin import Transition

# re-exported: ``from ...models.kam_rebate_program import rebate_breakdown`` works
from .kam_rebate_math import HUNDRED, _dec, rebate_breakdown  # noqa: F401

_lt = LazyTranslate(__name__)

# volumes and thresholds as exact as the volume query (6 decimals): with the 2 of
# "Product Unit of Measure", 999.996 t would be stored as 1,000.00 t
VOLUME_DIGITS = (16, 6)
ADMIN = "kam_lifecycle.group_kam_admin"


class KamRebateProgram(models.Model):
    _name = "kam.rebate.program"
    _description = "Rebate Program"
    _inherit = [
        "mail.thread",
        "kam.state.mixin",
        "kam.guard.mixin",
        "kam.rebate.program.coverage.mixin",
        "kam.rebate.program.volume.mixin",
        "kam.rebate.program.settlement.mixin",
        "kam.rebate.program.review.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _kam_transitions = {
        "action_activate": Transition(("draft",), "active", _lt("activate"), ADMIN),
        "action_close": Transition(("active",), "closed", _lt("close"), ADMIN),
        "action_reset_draft": Transition(
            ("active",),
            "draft",
            _lt("reset to draft"),
            ADMIN,
            condition="_kam_reset_draft_refusal",
        ),
    }

    name = fields.Char(string="Program", required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    state = fields.Selection(
        selection=[("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    kam_can_activate = fields.Boolean(compute="_compute_kam_can")
    kam_can_close = fields.Boolean(compute="_compute_kam_can")
    kam_can_reset_draft = fields.Boolean(compute="_compute_kam_can")
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    basis = fields.Selection(
        selection=[("amount", "Untaxed amount"), ("quantity", "Quantity")],
        required=True,
        default="amount",
        tracking=True,
        help="The cumulative volume the tiers are measured on: the untaxed amount in "
        "the company currency, or the quantity in the program's unit of measure.",
    )
    uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit of Measure",
        help="Quantities of invoice lines in another unit of the same category are "
        "converted; lines in a unit of another category are not counted.",
    )
    calculation = fields.Selection(
        selection=[("retroactive", "Retroactive"), ("progressive", "Progressive")],
        required=True,
        default="retroactive",
        tracking=True,
        help="Retroactive: the whole volume at the rate of the tier reached. "
        "Progressive: each slice of volume at its own tier's rate, like tax brackets.",
    )
    tier_ids = fields.One2many(
        comodel_name="kam.rebate.tier",
        inverse_name="program_id",
        string="Tiers",
        copy=True,
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="kam_rebate_program_partner_rel",
        column1="program_id",
        column2="partner_id",
        string="Customers",
        check_company=True,
        help="Customers covered explicitly; their contacts and addresses count too.",
    )
    partner_category_ids = fields.Many2many(
        comodel_name="res.partner.category",
        relation="kam_rebate_program_partner_category_rel",
        column1="program_id",
        column2="category_id",
        string="Customer Tags",
    )
    client_class_ids = fields.Many2many(
        comodel_name="kam.rebate.client.class",
        relation="kam_rebate_program_client_class_rel",
        column1="program_id",
        column2="class_id",
        string="Client Classes",
        help="Customers whose client class in the program's company is one of these.",
    )
    product_categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="kam_rebate_program_product_categ_rel",
        column1="program_id",
        column2="categ_id",
        string="Product Categories",
        help="Products of these categories and their subcategories count.",
    )
    product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="kam_rebate_program_product_rel",
        column1="program_id",
        column2="product_id",
        string="Products",
        check_company=True,
    )
    rebate_product_id = fields.Many2one(
        comodel_name="product.product",
        check_company=True,
        default=lambda self: self.env.ref(
            "kam_segmentation.product_product_kam_rebate", raise_if_not_found=False
        ),
        help="The product of the credit notes' rebate line.",
    )
    rebate_account_id = fields.Many2one(
        comodel_name="account.account",
        check_company=True,
        help="The account of the credit notes' rebate line; empty: the rebate "
        "product's income account.",
    )
    settlement_ids = fields.One2many(
        comodel_name="kam.rebate.settlement",
        inverse_name="program_id",
        string="Settlements",
    )
    settlement_count = fields.Integer(compute="_compute_settlement_count")
    progress_ids = fields.One2many(
        comodel_name="kam.rebate.progress",
        inverse_name="program_id",
    )
    overlap_warning = fields.Text(compute="_compute_overlap_warning")

    # ------------------------------------------------------------------ constraints
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for program in self:
            if program.date_end < program.date_start:
                raise ValidationError(
                    self.env._(
                        "The rebate program %(name)s ends before it starts.",
                        name=program.name,
                    )
                )

    @api.constrains("basis", "uom_id", "calculation", "tier_ids")
    def _check_tiers(self):
        for program in self:
            program._kam_check_tier_table()

    def _kam_check_tier_table(self):
        self.ensure_one()
        if self.basis == "quantity" and not self.uom_id:
            raise ValidationError(
                self.env._("A quantity-based rebate program needs a unit of measure.")
            )
        tiers = self.tier_ids.sorted(lambda t: (t.threshold, t.id))
        if not tiers:
            return
        if tiers[0].threshold != 0:
            raise ValidationError(
                self.env._(
                    "The first tier of %(name)s must start at 0.", name=self.name
                )
            )
        for low, high in zip(tiers, tiers[1:], strict=False):
            if high.threshold <= low.threshold:
                raise ValidationError(
                    self.env._(
                        "The tier thresholds of %(name)s must be strictly increasing: "
                        "%(value)s appears twice.",
                        name=self.name,
                        value=high.threshold,
                    )
                )
        if any(t.rate < 0 for t in tiers):
            raise ValidationError(self.env._("Rebate rates cannot be negative."))
        if len(set(tiers.mapped("rate_type"))) > 1:
            raise ValidationError(
                self.env._(
                    "All tiers of %(name)s must use the same rate type.", name=self.name
                )
            )
        rate_type = tiers[0].rate_type
        if self.basis == "amount" and rate_type != "percent":
            raise ValidationError(
                self.env._("An amount-based program pays a percentage of the amount.")
            )
        if (
            self.basis == "quantity"
            and self.calculation == "progressive"
            and rate_type != "per_unit"
        ):
            raise ValidationError(
                self.env._(
                    "A progressive quantity-based program pays an amount per unit: a "
                    "slice of quantity has no amount of its own."
                )
            )

    def _kam_system_fields(self):
        return super()._kam_system_fields() | {"state"}

    def _kam_system_hint(self):
        return self.env._("Use the buttons to change a rebate program's status.")

    def write(self, vals):
        frozen = {"basis", "uom_id", "calculation", "company_id", "date_start"}
        if frozen & set(vals) and any(p.state != "draft" for p in self):
            raise UserError(
                self.env._(
                    "The basis, unit, calculation, company and start of an active or "
                    "closed rebate program cannot change."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(p.state != "draft" for p in self):
            raise UserError(self.env._("Only draft rebate programs can be deleted."))

    # ------------------------------------------------------------------ computes
    @api.depends("settlement_ids")
    def _compute_settlement_count(self):
        counts = dict(
            self.env["kam.rebate.settlement"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.settlement_count = counts.get(program._origin, 0)

    # ------------------------------------------------------------------ transitions
    def _kam_check_admin(self):
        if not self.env.su and not self.env.user.has_group(ADMIN):
            raise AccessError(
                self.env._("Only key-account administrators manage rebate programs.")
            )

    def _kam_can_depends(self):
        return super()._kam_can_depends() + ["settlement_ids.state"]

    def _kam_reset_draft_refusal(self):
        """A program goes back to draft only while nothing was settled on it."""
        self.ensure_one()
        if self.sudo().settlement_ids.filtered(lambda s: s.state != "cancel"):
            return UserError(
                self.env._(
                    "Only an active program without settlements goes back to draft "
                    "(%(name)s).",
                    name=self.name,
                )
            )
        return None

    def action_activate(self):
        self._kam_check_transition("action_activate")
        for program in self:
            if not program.tier_ids:
                raise UserError(
                    self.env._("The program %(name)s has no tiers.", name=program.name)
                )
            program._kam_check_tier_table()
        self._kam_set_state("active")
        self._kam_refresh_progress()
        return True

    def action_close(self):
        self._kam_check_transition("action_close")
        self._kam_set_state("closed")
        return True

    def action_reset_draft(self):
        self._kam_check_transition("action_reset_draft")
        self._kam_set_state("draft")
        self.sudo().progress_ids.unlink()
        return True

    def action_view_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_segmentation.kam_rebate_settlement_action"
        )
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action

    def action_refresh_progress(self):
        # every customer of the program, as superuser: managers only
        if not self.env.su and not self.env.user.has_group(
            "kam_lifecycle.group_kam_manager"
        ):
            raise AccessError(
                self.env._("Only key-account managers refresh a whole rebate program.")
            )
        self._kam_refresh_progress()
        return True
