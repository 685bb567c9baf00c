# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Settlement of a rebate program: the settlement run (button, wizard and the
daily cron at period end) and the values of the settlements it creates."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class KamRebateProgramSettlementMixin(models.AbstractModel):
    _name = "kam.rebate.program.settlement.mixin"
    _description = "Rebate program: settlement"

    # ------------------------------------------------------------------ settlement
    def action_settle(self, date=None, partners=None):
        """Settle the covered customers (or ``partners``) up to ``date``.

        The entitlement to date is recomputed from the invoices; what earlier
        settlements paid is subtracted; a positive difference becomes a settlement and
        a draft credit note, a negative one a settlement to review (no document).
        """
        self._kam_check_admin()
        if any(p.state == "draft" for p in self):
            raise UserError(self.env._("A draft rebate program cannot be settled."))
        date = self._kam_date_argument(
            date, self.env._("The settlement date")
        ) or fields.Date.context_today(self)
        partners = self._kam_records_argument(
            "res.partner", partners, self.env._("The customers to settle")
        )
        partner_ids = None
        if partners is not None:
            partner_ids = partners.commercial_partner_id.ids
        # one settlement run per program at a time: the difference is computed once.
        # A real write (not SELECT ... FOR UPDATE, which under REPEATABLE READ lets a
        # waiting run go on with its old snapshot): a concurrent run blocks, then
        # fails to serialize, and Odoo retries it; the retry sees these settlements.
        self.env.cr.execute(
            SQL(
                "UPDATE kam_rebate_program SET write_date = %s WHERE id = ANY(%s)",
                self.env.cr.now(),
                self.ids,
            )
        )
        self.invalidate_recordset(["write_date"])
        settlements = self.env["kam.rebate.settlement"]
        for program in self:
            settlements |= program._kam_settle_one(date, partner_ids)
        self._kam_refresh_progress(partner_ids=partner_ids)
        if not settlements:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "message": self.env._("Nothing to settle: every customer is even."),
                    "type": "info",
                    "sticky": False,
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kam_segmentation.kam_rebate_settlement_action"
        )
        action["domain"] = [("id", "in", settlements.ids)]
        return action

    def _kam_settle_one(self, date, partner_ids):
        self.ensure_one()
        Settlement = self.env["kam.rebate.settlement"].sudo()
        vals_list = self._kam_settlement_values(date, partner_ids)
        # a pending negative difference is recomputed, not stacked
        domain = [("program_id", "=", self.id), ("state", "=", "review")]
        if partner_ids is not None:
            domain.append(("partner_id", "in", partner_ids))
        Settlement.search(domain).write({"state": "cancel"})
        settlements = Settlement.create(vals_list)
        settlements.filtered(lambda s: s.amount > 0)._kam_create_credit_notes()
        settlements._kam_attach_statements()
        return settlements

    def _kam_settlement_values(self, date, partner_ids=None):
        """The settlements a run up to ``date`` would create (nothing is written).

        Customers already paid are included even when their volume vanished (every
        invoice returned): their difference is negative and shown for review.
        """
        self.ensure_one()
        date_to = self._kam_date_to(date)
        volumes = self._kam_volumes(date_to, partner_ids)
        settled = self.env["kam.rebate.settlement"]._kam_settled(self)
        for (_program_id, partner_id), paid in settled.items():
            wanted = partner_ids is None or partner_id in partner_ids
            if wanted and paid and partner_id not in volumes:
                volumes[partner_id] = (0.0, 0.0)
        currency = self.company_id.currency_id
        tiers = self._kam_tier_table()
        vals_list = []
        for partner_id, (quantity, amount) in volumes.items():
            figures = self._kam_evaluate(quantity, amount, tiers)
            earlier = settled.get((self.id, partner_id), 0.0)
            difference = currency.round(figures["earned"] - earlier)
            if currency.is_zero(difference):
                continue
            vals_list.append(
                {
                    "program_id": self.id,
                    "partner_id": partner_id,
                    "date": date_to,
                    "volume": figures["volume"],
                    "counted_amount": amount,
                    "tier_id": figures["tier"].id,
                    "rate": figures["rate"],
                    "entitlement": figures["earned"],
                    "previously_settled": earlier,
                    "amount": difference,
                    "state": "done" if difference > 0 else "review",
                }
            )
        return vals_list

    # ------------------------------------------------------------------ period-end cron
    @api.model
    def _cron_kam_rebates(self, today=None):
        """Daily: refresh progress of active programs; settle and close ended ones."""
        today = today or fields.Date.context_today(self)
        programs = self.search([("state", "=", "active")])
        cron = self.env["ir.cron"]
        for done, program in enumerate(programs, start=1):
            if program.date_end < today:
                try:
                    with self.env.cr.savepoint():
                        program.action_settle(date=program.date_end)
                        program.action_close()
                except UserError as error:
                    # one misconfigured program does not stop the others
                    self.env.invalidate_all()
                    program.message_post(
                        body=self.env._(
                            "The period-end settlement failed: %(error)s",
                            error=str(error),
                        )
                    )
            else:
                program._kam_refresh_progress(today)
            cron._notify_progress(done=done, remaining=len(programs) - done)
        return True
