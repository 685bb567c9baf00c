# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaint: its fields, constraints and CRUD, with the triggers of the
customer's complaint statistics. The other concerns are abstract models it inherits,
each in a file of its own:

- ``kam_complaint_state_mixin.py``: the state machine (transitions, buttons);
- ``kam_complaint_approval_mixin.py``: approvals and their to-dos;
- ``kam_complaint_credit_note_mixin.py``: the credit note of an approved resolution;
- ``kam_complaint_sla_mixin.py``: SLA deadlines and escalation.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .kam_complaint_sla_mixin import UNRESOLVED_STATES

CATEGORIES = [
    ("quality", "Quality"),
    ("delivery_delay", "Delivery Delay"),
    ("quantity", "Quantity"),
    ("packaging", "Packaging"),
    ("documents", "Documents"),
    ("service", "Service"),
    ("billing", "Billing"),
    ("other", "Other"),
]
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
RESOLUTION_TYPES = [
    ("credit_note", "Credit Note"),
    ("replacement", "Replacement"),
    ("return_refund", "Return and Refund"),
    ("discount", "Discount on Next Order"),
    ("technical_assistance", "Technical Assistance"),
    ("no_action", "No Action"),
]
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("investigation", "Investigation"),
    ("proposal", "Proposal"),
    ("waiting_approval", "Waiting Approval"),
    ("approved", "Approved"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("visit", "Visit"),
    ("letter", "Letter"),
    ("portal", "Portal"),
    ("other", "Other"),
]
DEPARTMENTS = [
    ("customer_service", "Customer Service"),
    ("quality", "Quality"),
    ("production", "Production"),
    ("logistics", "Logistics"),
    ("sales", "Sales"),
    ("finance", "Finance"),
]
# states in which the complaint is open (partner statistics)
OPEN_STATES = UNRESOLVED_STATES
# the proposal cannot change any more in these states
LOCKED_STATES = ("waiting_approval", "approved", "resolved", "closed", "rejected")
# fields that only the transition methods write (besides the computed ones)
WORKFLOW_FIELDS = {
    "state",
    "approval_ids",
    "submitted_by_id",
    "proposed_by_id",
    "date_submitted",
    "date_proposed",
    "date_approved",
    "date_resolved",
    "date_closed",
    "reject_reason",
    "credit_note_id",
    "is_overdue",
    "sla_ack_level",
    "sla_resolve_level",
}
# fields of the proposal, frozen once approval is requested
PROPOSAL_FIELDS = {
    "resolution_type",
    "resolution_cost",
    "partner_id",
    "company_id",
    "severity",
    "sale_order_id",
    "sale_line_id",
    "product_id",
}
# fields that change the customer's complaint statistics
STAT_FIELDS = {
    "state",
    "partner_id",
    "company_id",
    "date_received",
    "date_resolved",
    "resolution_cost",
}


class KamComplaint(models.Model):
    _name = "kam.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kam.complaint.state.mixin",
        "kam.complaint.approval.mixin",
        "kam.complaint.credit.note.mixin",
        "kam.complaint.sla.mixin",
        "kam.guard.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _kam_recheck_rules = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/"
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Customer service owns the complaint.",
    )
    department = fields.Selection(
        selection=DEPARTMENTS,
        string="Responsible Department",
        default="customer_service",
        tracking=True,
    )
    # the complaint
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        check_company=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    kam_manager_id = fields.Many2one(
        related="commercial_partner_id.kam_manager_id",
        string="Key-Account Manager",
        store=True,
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
        tracking=True,
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        domain="[('order_id', '=', sale_order_id)]",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        check_company=True,
    )
    lot_ref = fields.Char(string="Lot / Batch")
    quantity_affected = fields.Float(digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, tracking=True
    )
    category = fields.Selection(
        selection=CATEGORIES, required=True, default="quality", tracking=True
    )
    severity = fields.Selection(
        selection=SEVERITIES, required=True, default="medium", tracking=True
    )
    channel = fields.Selection(selection=CHANNELS, default="email")
    description = fields.Html()
    customer_request = fields.Text(
        string="Customer's Request", help="The remedy the customer asks for."
    )
    # investigation (8D summary)
    root_cause = fields.Text()
    corrective_action = fields.Text()
    preventive_action = fields.Text()
    # resolution
    resolution_type = fields.Selection(selection=RESOLUTION_TYPES, tracking=True)
    resolution_cost = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="The cost of the resolution to the company, in the company's currency.",
    )
    resolution_note = fields.Text(string="Proposal Details")
    state = fields.Selection(
        selection=STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    approval_ids = fields.One2many(
        comodel_name="kam.complaint.approval",
        inverse_name="complaint_id",
        string="Approvals",
        readonly=True,
    )
    submitted_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False
    )
    proposed_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False
    )
    date_submitted = fields.Datetime(
        string="Acknowledged On", readonly=True, copy=False
    )
    date_proposed = fields.Datetime(string="Proposed On", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    date_resolved = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    reject_reason = fields.Text(string="Rejection Reason", readonly=True, copy=False)
    # closing
    decision_communicated = fields.Boolean(
        help="The decision was communicated to the customer.",
    )
    customer_accepted = fields.Boolean(help="The customer accepted the decision.")
    close_reason = fields.Text(
        string="Reason for Closing Without Acceptance",
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move",
        readonly=True,
        copy=False,
        check_company=True,
    )
    _sql_constraints = [
        (
            "resolution_cost_positive",
            "CHECK (resolution_cost IS NULL OR resolution_cost >= 0)",
            "The resolution cost cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------ constraints
    @api.constrains("quantity_affected")
    def _check_quantity_affected(self):
        for complaint in self:
            if complaint.quantity_affected < 0:
                raise ValidationError(
                    self.env._("The quantity affected cannot be negative.")
                )

    @api.model
    def _kam_check_cost(self, vals):
        """A negative cost is refused before anything is written (the table's
        CHECK would stop it with a raw error)."""
        cost = vals.get("resolution_cost")
        if isinstance(cost, int | float) and cost < 0:
            raise ValidationError(self.env._("The resolution cost cannot be negative."))

    @api.constrains("partner_id", "contact_id", "sale_order_id", "sale_line_id")
    def _check_customer_documents(self):
        for complaint in self:
            customer = complaint.commercial_partner_id
            if (
                complaint.contact_id
                and complaint.contact_id.commercial_partner_id != customer
            ):
                raise ValidationError(
                    self.env._("The contact must belong to the customer.")
                )
            order = complaint.sale_order_id
            if order and order.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._("The sale order must be one of the customer's orders.")
                )
            if complaint.sale_line_id and complaint.sale_line_id.order_id != order:
                raise ValidationError(
                    self.env._("The order line must be a line of the sale order.")
                )

    # ------------------------------------------------------------------ onchanges
    @api.onchange("sale_line_id")
    def _onchange_sale_line_id(self):
        if self.sale_line_id:
            self.product_id = self.sale_line_id.product_id
            self.product_uom_id = self.sale_line_id.product_uom

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.product_uom_id:
            self.product_uom_id = self.product_id.uom_id

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id"):
                raise ValidationError(self.env._("A complaint needs a customer."))
            self._kam_check_cost(vals)
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("kam.complaint") or self.env._("New")
        complaints = super().create(vals_list)
        complaints.commercial_partner_id._kam_recompute_complaint_stats()
        return complaints

    def write(self, vals):
        self._kam_check_cost(vals)
        changed = set(vals) & PROPOSAL_FIELDS
        if changed and "state" not in vals:
            self._kam_check_proposal_editable(vals)
        partners = self.commercial_partner_id
        res = super().write(vals)
        if set(vals) & STAT_FIELDS:
            (partners | self.commercial_partner_id)._kam_recompute_complaint_stats()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_open(self):
        for complaint in self:
            if complaint.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Complaint %(name)s cannot be deleted: cancel it instead.",
                        name=complaint.name,
                    )
                )

    def unlink(self):
        partners = self.commercial_partner_id
        res = super().unlink()
        partners._kam_recompute_complaint_stats()
        return res

    def _kam_system_fields(self):
        return super()._kam_system_fields() | WORKFLOW_FIELDS

    def _kam_system_hint(self):
        return self.env._("They change only through the complaint's buttons.")

    def _kam_check_proposal_editable(self, vals):
        for complaint in self:
            if complaint.state not in LOCKED_STATES:
                continue
            for name in set(vals) & PROPOSAL_FIELDS:
                value = complaint._fields[name].convert_to_write(
                    complaint[name], complaint
                )
                if value != vals[name]:
                    raise UserError(
                        self.env._(
                            "Complaint %(name)s is %(state)s: its customer and "
                            "proposal can no longer change. Send it back for rework "
                            "first.",
                            name=complaint.name,
                            state=complaint._kam_state_label(),
                        )
                    )

    # ------------------------------------------------------------------ helpers
    def _kam_post(self, body):
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _kam_cost_counts_sql(self, alias="c"):
        """SQL condition on the complaint table aliased ``alias``: its resolution cost
        is a cost to the company (the proposal was approved). One definition for the
        customer statistics and the segmentation."""
        return SQL(
            "(%(c)s.state IN ('approved', 'resolved') "
            "OR (%(c)s.state = 'closed' AND %(c)s.date_approved IS NOT NULL))",
            c=SQL.identifier(alias),
        )
