# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..report.kam_rebate_statement import build_statement
from .kam_rebate_program import VOLUME_DIGITS


class KamRebateSettlement(models.Model):
    """One settlement of one customer in one program: the difference paid or owed."""

    _name = "kam.rebate.settlement"
    _description = "Rebate Settlement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", compute="_compute_name", store=True)
    program_id = fields.Many2one(
        comodel_name="kam.rebate.program",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    date = fields.Date(
        string="Up To", required=True, readonly=True, help="Invoices up to this date."
    )
    volume = fields.Float(digits=VOLUME_DIGITS, readonly=True)
    counted_amount = fields.Monetary(readonly=True)
    tier_id = fields.Many2one(
        comodel_name="kam.rebate.tier", string="Tier Reached", readonly=True
    )
    rate = fields.Float(digits=(16, 4), readonly=True)
    entitlement = fields.Monetary(
        readonly=True, help="The rebate earned up to this date."
    )
    previously_settled = fields.Monetary(string="Earlier Settlements", readonly=True)
    amount = fields.Monetary(
        string="This Settlement",
        readonly=True,
        help="Entitlement minus earlier settlements.",
    )
    state = fields.Selection(
        selection=[
            ("done", "Settled"),
            ("review", "To Review"),
            ("cancel", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="done",
        readonly=True,
        tracking=True,
        help="Settled: counts as paid (a credit note, or a negative difference a "
        "person accepted). To review: a negative difference (returns after an "
        "earlier settlement) waiting for a decision. Cancelled: does not count.",
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move",
        readonly=True,
        ondelete="restrict",
        copy=False,
    )
    credit_note_state = fields.Selection(
        related="credit_note_id.state", string="Credit Note Status"
    )
    statement_file = fields.Binary(
        string="Statement", attachment=True, readonly=True, copy=False
    )
    statement_filename = fields.Char(string="Statement File Name", readonly=True)

    @api.depends("program_id.name", "partner_id.name", "date")
    def _compute_name(self):
        for settlement in self:
            settlement.name = (
                f"{settlement.program_id.name} / {settlement.partner_id.name} / "
                f"{settlement.date}"
            )

    @api.model
    def _kam_settled(self, programs, date_to=None):
        """``{(program_id, partner_id): amount}`` counted as paid (one query).

        Counted: settlements ``done`` whose credit note is not cancelled.
        """
        domain = [
            ("program_id", "in", programs.ids),
            ("state", "=", "done"),
            "|",
            ("credit_note_id", "=", False),
            ("credit_note_id.state", "!=", "cancel"),
        ]
        if date_to:
            domain.append(("date", "<=", date_to))
        groups = self.sudo()._read_group(
            domain, ["program_id", "partner_id"], ["amount:sum"]
        )
        return {(program.id, partner.id): total for program, partner, total in groups}

    @api.model
    def _kam_check_review(self):
        self.env["kam.rebate.program"]._kam_check_admin()
        if any(s.state != "review" for s in self):
            raise UserError(
                self.env._("Only a settlement to review can be decided on.")
            )

    def action_accept(self):
        """A person accepts the negative difference (recovered or written off)."""
        self._kam_check_review()
        self.sudo().write({"state": "done"})
        self.program_id._kam_refresh_progress(partner_ids=self.partner_id.ids)
        return True

    def action_cancel(self):
        """Leave the difference open: the next settlement shows it again."""
        self.env["kam.rebate.program"]._kam_check_admin()
        for settlement in self:
            if settlement.state == "cancel":
                continue
            note = settlement.credit_note_id
            if note and note.state != "cancel":
                raise UserError(
                    self.env._(
                        "Cancel the credit note %(note)s first.",
                        note=note.display_name,
                    )
                )
        self.sudo().write({"state": "cancel"})
        self.program_id._kam_refresh_progress(partner_ids=self.partner_id.ids)
        return True

    def _kam_credit_note_vals(self):
        self.ensure_one()
        program = self.program_id
        product = program.rebate_product_id
        if not product:
            raise UserError(
                self.env._(
                    "Set the rebate product of the program %(name)s.",
                    name=program.name,
                )
            )
        account = program.rebate_account_id
        if not account:
            accounts = product.product_tmpl_id.with_company(
                program.company_id
            )._get_product_accounts()
            account = accounts["income"]
        line = {
            "product_id": product.id,
            "name": self.env._(
                "Rebate %(program)s up to %(date)s: entitlement %(entitlement)s, "
                "earlier settlements %(earlier)s",
                program=program.name,
                date=self.date,
                entitlement=self.entitlement,
                earlier=self.previously_settled,
            ),
            "quantity": 1.0,
            "price_unit": self.amount,
        }
        if account:
            line["account_id"] = account.id
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": program.company_id.id,
            "currency_id": program.company_id.currency_id.id,
            "invoice_date": self.date,
            "invoice_origin": program.name,
            "kam_is_rebate": True,
            "invoice_line_ids": [fields.Command.create(line)],
        }

    def _kam_create_credit_notes(self):
        for company in self.company_id:
            mine = self.filtered(lambda s, c=company: s.company_id == c)
            moves = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .create([s._kam_credit_note_vals() for s in mine])
            )
            for settlement, move in zip(mine, moves, strict=True):
                settlement.credit_note_id = move

    def _kam_attach_statements(self):
        for program in self.program_id:
            mine = self.filtered(lambda s, p=program: s.program_id == p)
            if not mine:
                continue
            self.env.flush_all()
            self.env.cr.execute(
                program._kam_volume_sql(
                    max(mine.mapped("date")), mine.partner_id.ids, by_move=True
                )
            )
            moves_of = {}
            for partner_id, move_id, quantity, amount in self.env.cr.fetchall():
                moves_of.setdefault(partner_id, []).append((move_id, quantity, amount))
            earlier = self.search(
                [
                    ("program_id", "=", program.id),
                    ("partner_id", "in", mine.partner_id.ids),
                    ("id", "not in", mine.ids),
                    ("state", "=", "done"),
                ],
                order="date, id",
            ).filtered(lambda s: s.credit_note_id.state != "cancel")
            for settlement in mine:
                content = build_statement(
                    settlement,
                    moves_of.get(settlement.partner_id.id, []),
                    earlier.filtered(
                        lambda s, st=settlement: s.partner_id == st.partner_id
                    ),
                )
                settlement.write(
                    {
                        "statement_file": base64.b64encode(content),
                        "statement_filename": f"{settlement.name}.xlsx".replace(
                            "/", "-"
                        ),
                    }
                )

    def action_download_statement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model=kam.rebate.settlement&id={self.id}"
                "&field=statement_file&filename_field=statement_filename&download=true"
            ),
            "target": "self",
        }
