# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_round

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
# states in which the complaint still waits for its resolution (resolution SLA runs)
UNRESOLVED_STATES = (
    "draft",
    "submitted",
    "investigation",
    "proposal",
    "waiting_approval",
    "approved",
)
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
# the transitions: method -> states it starts from
TRANSITIONS = {
    "action_submit": ("draft",),
    "action_investigate": ("submitted",),
    "action_propose": ("investigation",),
    "action_request_approval": ("proposal",),
    "action_approve": ("waiting_approval",),
    "action_reject": ("waiting_approval",),
    "action_rework": ("waiting_approval",),
    "action_recall": ("waiting_approval",),
    "action_resolve": ("approved",),
    "action_close": ("resolved", "rejected"),
    "action_cancel": (
        "draft",
        "submitted",
        "investigation",
        "proposal",
        "waiting_approval",
        "rejected",
    ),
    "action_reset_draft": ("cancelled",),
}


class KamComplaint(models.Model):
    _name = "kam.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "kam.guard.mixin"]
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
    kam_can_approve = fields.Boolean(
        string="Waits for Me",
        compute="_compute_kam_can_approve",
        search="_search_kam_can_approve",
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
    # SLA
    date_ack_deadline = fields.Datetime(
        string="Acknowledge By",
        compute="_compute_sla_deadlines",
        store=True,
    )
    date_resolve_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_sla_deadlines",
        store=True,
    )
    date_ack_escalation = fields.Datetime(
        string="Acknowledgement Escalation",
        compute="_compute_sla_deadlines",
        store=True,
        help="After this time an unacknowledged complaint goes to the sales manager.",
    )
    date_resolve_escalation = fields.Datetime(
        string="Resolution Escalation",
        compute="_compute_sla_deadlines",
        store=True,
        help="After this time an unresolved complaint goes to the sales manager.",
    )
    is_overdue = fields.Boolean(string="Overdue", readonly=True, copy=False, index=True)
    sla_ack_level = fields.Integer(
        string="Acknowledgement Escalation Level", readonly=True, copy=False
    )
    sla_resolve_level = fields.Integer(
        string="Resolution Escalation Level", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "resolution_cost_positive",
            "CHECK (resolution_cost IS NULL OR resolution_cost >= 0)",
            "The resolution cost cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("date_received", "severity", "company_id")
    def _compute_sla_deadlines(self):
        for complaint in self:
            if not complaint.date_received or not complaint.company_id:
                complaint.date_ack_deadline = False
                complaint.date_resolve_deadline = False
                complaint.date_ack_escalation = False
                complaint.date_resolve_escalation = False
                continue
            company = complaint.company_id
            ack_hours, resolve_days = company._kam_complaint_sla(complaint.severity)
            start = complaint.date_received
            ack = company._kam_plan_working_hours(start, ack_hours)
            resolve = company._kam_plan_working_days(start, resolve_days)
            delay = company.kam_complaint_escalation_hours
            complaint.date_ack_deadline = ack
            complaint.date_resolve_deadline = resolve
            complaint.date_ack_escalation = company._kam_plan_working_hours(ack, delay)
            complaint.date_resolve_escalation = company._kam_plan_working_hours(
                resolve, delay
            )

    @api.depends_context("uid")
    @api.depends("state", "approval_ids.state")
    def _compute_kam_can_approve(self):
        user = self.env.user
        for complaint in self:
            complaint.kam_can_approve = bool(
                complaint.state == "waiting_approval"
                and complaint._kam_current_approvals_for(user)
                and not complaint._kam_segregation_error(user)
            )

    def _search_kam_can_approve(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Waits for Me'."))
        user = self.env.user
        pending = (
            self.env["kam.complaint.approval"]
            .sudo()
            .search(
                [
                    ("state", "=", "pending"),
                    ("complaint_id.state", "=", "waiting_approval"),
                    "|",
                    ("user_id", "=", user.id),
                    ("group_id", "in", user.groups_id.ids),
                ]
            )
        )
        ids = [
            complaint.id
            for complaint in pending.complaint_id
            if complaint._kam_current_approvals_for(user)
            and not complaint._kam_segregation_error(user)
        ]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

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
    def _kam_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _kam_check_transition(self, method):
        """Refuse ``method`` on complaints that are not in one of its start states."""
        self.check_access("write")
        allowed = TRANSITIONS[method]
        for complaint in self:
            if complaint.state not in allowed:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s is %(state)s: this step is not possible "
                        "from there.",
                        name=complaint.name,
                        state=complaint._kam_state_label(),
                    )
                )

    def _kam_write_state(self, vals):
        """Write a transition: the only way to the protected fields."""
        return self.sudo().write(vals)

    def _kam_post(self, body):
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _kam_current_approvals(self):
        """The pending approvals of the current step (lowest pending sequence)."""
        self.ensure_one()
        pending = self.approval_ids.sudo().filtered(lambda a: a.state == "pending")
        if not pending:
            return pending
        step = min(pending.mapped("sequence"))
        return pending.filtered(lambda a: a.sequence == step)

    def _kam_current_approvals_for(self, user):
        self.ensure_one()
        return self._kam_current_approvals().filtered(
            lambda a: a._kam_is_approver(user)
        )

    def _kam_segregation_error(self, user):
        """Why ``user`` may not decide on this complaint, or an empty string."""
        self.ensure_one()
        if user == self.submitted_by_id:
            return self.env._("You submitted complaint %(name)s.", name=self.name)
        if user == self.proposed_by_id:
            return self.env._(
                "You proposed the resolution of complaint %(name)s.", name=self.name
            )
        if (
            user
            in self.approval_ids.sudo()
            .filtered(lambda a: a.state == "approved")
            .reviewed_by_id
        ):
            return self.env._(
                "You already approved complaint %(name)s.", name=self.name
            )
        return ""

    def _kam_approval_to_decide(self):
        """The approval the current user decides now, after every check."""
        self.ensure_one()
        user = self.env.user
        approval = self._kam_current_approvals_for(user)[:1]
        if not approval:
            later = self.approval_ids.sudo().filtered(
                lambda a: a.state == "pending" and a._kam_is_approver(user)
            )
            if later:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s waits for an earlier approval first.",
                        name=self.name,
                    )
                )
            raise AccessError(
                self.env._(
                    "You are not an approver of the current step of complaint "
                    "%(name)s.",
                    name=self.name,
                )
            )
        error = self._kam_segregation_error(user)
        if error:
            raise UserError(
                self.env._(
                    "%(error)s Segregation of duties: somebody else must decide.",
                    error=error,
                )
            )
        return approval

    def _kam_required_approvals(self):
        """Values of the approvals the proposal needs, from the matching rules."""
        self.ensure_one()
        rules = (
            self.env["kam.complaint.approval.rule"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
            .filtered(lambda rule: rule._kam_matches(self))
        )
        approvals = []
        for rule in rules:
            vals = {
                "complaint_id": self.id,
                "rule_id": rule.id,
                "name": rule.name,
                "sequence": rule.sequence,
                "approver_type": rule.approver_type,
            }
            if rule.approver_type == "kam_manager":
                vals.update(self._kam_manager_approver())
            elif rule.approver_type == "user":
                vals.update(self._kam_user_approver(rule.user_id))
            else:
                vals["group_id"] = rule.group_id.id
            approvals.append(vals)
        if self.resolution_type == "return_refund" and not any(
            vals["approver_type"] == "kam_manager" for vals in approvals
        ):
            vals = {
                "complaint_id": self.id,
                "name": self.env._("Return: key-account manager"),
                "sequence": min([a["sequence"] for a in approvals] + [10]) - 1,
                "approver_type": "kam_manager",
            }
            vals.update(self._kam_manager_approver())
            approvals.append(vals)
        return approvals

    def _kam_manager_approver(self):
        """The key-account manager as approver; the KAM managers group stands in
        when the customer has none or when the manager submitted or proposed."""
        return self._kam_user_approver(self.commercial_partner_id.kam_manager_id)

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

    def _kam_user_approver(self, user):
        """``user`` as approver; the KAM managers group stands in when there is
        none, when the user submitted or proposed (segregation of duties would
        leave the step without an approver), or when the user cannot decide: archived,
        not an internal user, or without access to the complaint's company."""
        user = self._kam_users_who_may_decide(user)
        if user and user not in (self.submitted_by_id | self.proposed_by_id):
            return {"user_id": user.id}
        return {
            "approver_type": "group",
            "group_id": self.env.ref("kam_lifecycle.group_kam_manager").id,
        }

    # ------------------------------------------------------------------ transitions
    def action_submit(self):
        """Draft -> submitted: acknowledge the complaint to the customer."""
        self._kam_check_transition("action_submit")
        now = fields.Datetime.now()
        self._kam_write_state(
            {
                "state": "submitted",
                "submitted_by_id": self.env.uid,
                "date_submitted": now,
            }
        )
        template = self.env.ref("kam_complaints.mail_template_kam_complaint_ack")
        for complaint in self:
            complaint.sudo().message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            if complaint.user_id:
                complaint.activity_schedule(
                    "kam_complaints.mail_activity_type_kam_complaint_investigate",
                    user_id=complaint.user_id.id,
                    summary=self.env._(
                        "Investigate complaint %(name)s", name=complaint.name
                    ),
                )
        return True

    def action_investigate(self):
        """Submitted -> investigation."""
        self._kam_check_transition("action_investigate")
        self._kam_write_state({"state": "investigation"})
        return True

    def action_propose(self):
        """Investigation -> proposal, once the root cause is known."""
        self._kam_check_transition("action_propose")
        for complaint in self:
            if not complaint.root_cause:
                raise UserError(
                    self.env._(
                        "Record the root cause of complaint %(name)s before proposing "
                        "a resolution.",
                        name=complaint.name,
                    )
                )
        self._kam_write_state({"state": "proposal"})
        self.sudo().activity_feedback(
            ["kam_complaints.mail_activity_type_kam_complaint_investigate"],
            feedback=self.env._("Root cause found"),
        )
        return True

    def action_request_approval(self):
        """Proposal -> waiting approval, with the approvals of the matching rules;
        a proposal that no rule matches is approved at once."""
        self._kam_check_transition("action_request_approval")
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.resolution_type:
                raise UserError(
                    self.env._(
                        "Choose the resolution type of complaint %(name)s first.",
                        name=complaint.name,
                    )
                )
        for complaint in self:
            complaint._kam_write_state(
                {
                    "state": "waiting_approval",
                    "proposed_by_id": self.env.uid,
                    "date_proposed": now,
                }
            )
            approvals = complaint._kam_required_approvals()
            if not approvals:
                complaint._kam_write_state({"state": "approved", "date_approved": now})
                complaint._kam_post(
                    self.env._("No approval rule applies: the proposal is approved.")
                )
                continue
            records = self.env["kam.complaint.approval"].sudo().create(approvals)
            complaint._kam_post(
                self.env._(
                    "Approval requested from: %(approvers)s.",
                    approvers=", ".join(a._kam_approver_label() for a in records),
                )
            )
            complaint._kam_sync_approval_activities()
        return True

    def _kam_approval_todo_users(self):
        """The users who should have an approval to-do: the approvers of the
        current step who may decide it. A user step gives its user, a group step
        every active internal member of the group who works in the complaint's
        company; segregation of duties removes the submitter, the proposer and
        who already approved."""
        self.ensure_one()
        users = self.env["res.users"]
        if self.state != "waiting_approval":
            return users
        approvals = self._kam_current_approvals()
        users = approvals.user_id
        groups = approvals.filtered(lambda a: a.approver_type == "group").group_id
        if groups:
            members = (
                self.env["res.users"].sudo().search([("groups_id", "in", groups.ids)])
            )
            users |= self._kam_users_who_may_decide(members)
        return users.filtered(lambda user: not self._kam_segregation_error(user))

    def _kam_users_who_may_decide(self, users):
        """The ``users`` who can decide on this complaint at all: active, internal
        and allowed in its company."""
        self.ensure_one()
        return users.sudo().filtered(
            lambda user: (
                user.active and not user.share and self.company_id in user.company_ids
            )
        )

    def _kam_sync_approval_activities(self):
        """Bring the approval to-dos in line with the current step: one to-do for
        each user who may decide it, none for anybody else."""
        activity_type = self.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_approval"
        )
        Activity = self.env["mail.activity"].sudo()
        todos = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).grouped("res_id")
        stale = Activity
        vals_list = []
        for complaint in self:
            users = complaint._kam_approval_todo_users()
            kept = self.env["res.users"]
            for todo in todos.get(complaint.id, Activity):
                if todo.user_id in users and todo.user_id not in kept:
                    kept |= todo.user_id
                else:
                    stale |= todo
            vals_list += [
                complaint._kam_approval_activity_values(activity_type, user)
                for user in users - kept
            ]
        stale.unlink()
        if vals_list and not self.env.context.get("mail_activity_automation_skip"):
            Activity.create(vals_list)

    def _kam_approval_activity_values(self, activity_type, user):
        """Values of the approval to-do of ``user`` on this complaint (as
        ``activity_schedule`` would give them)."""
        self.ensure_one()
        return {
            "activity_type_id": activity_type.id,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "user_id": user.id,
            "summary": self.env._("Approve the resolution of %(name)s", name=self.name),
            "date_deadline": fields.Date.context_today(self),
            "automated": True,
        }

    def _kam_done_approval_activities(self, feedback):
        activity_type = self.env.ref(
            "kam_complaints.mail_activity_type_kam_complaint_approval"
        )
        activities = self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type and a.user_id == self.env.user
        )
        activities.action_feedback(feedback=feedback)

    def _kam_unlink_approval_activities(self):
        """Remove the approval to-dos left to the other approvers: the round is
        decided."""
        self.sudo().activity_unlink(
            ["kam_complaints.mail_activity_type_kam_complaint_approval"]
        )

    def action_approve(self):
        """Approve the current step; the last approval approves the complaint."""
        self._kam_check_transition("action_approve")
        now = fields.Datetime.now()
        for complaint in self:
            approval = complaint._kam_approval_to_decide()
            approval.sudo().write(
                {
                    "state": "approved",
                    "reviewed_by_id": self.env.uid,
                    "date_reviewed": now,
                }
            )
            complaint._kam_post(
                self.env._(
                    "%(user)s approved step %(step)s.",
                    user=self.env.user.name,
                    step=approval.name,
                )
            )
            complaint._kam_done_approval_activities(self.env._("Approved"))
            if not complaint.approval_ids.filtered(lambda a: a.state == "pending"):
                complaint._kam_write_state({"state": "approved", "date_approved": now})
                complaint._kam_post(self.env._("All approvals given."))
            complaint._kam_sync_approval_activities()
        return True

    def _kam_check_reason(self, reason):
        """The reason of a decision, as a non-empty text."""
        reason = self._kam_text_argument(reason, self.env._("The reason"))
        if not reason:
            raise UserError(self.env._("Give a reason for this decision."))
        return reason

    def action_reject(self, reason=None):
        """Waiting approval -> rejected, by an approver of the current step, with
        a reason."""
        self._kam_check_transition("action_reject")
        reason = self._kam_check_reason(reason)
        now = fields.Datetime.now()
        for complaint in self:
            approval = complaint._kam_approval_to_decide()
            approval.sudo().write(
                {
                    "state": "rejected",
                    "reviewed_by_id": self.env.uid,
                    "date_reviewed": now,
                    "reason": reason,
                }
            )
            complaint._kam_write_state({"state": "rejected", "reject_reason": reason})
            complaint._kam_post(
                self.env._(
                    "%(user)s rejected step %(step)s: %(reason)s",
                    user=self.env.user.name,
                    step=approval.name,
                    reason=reason,
                )
            )
            complaint._kam_done_approval_activities(self.env._("Rejected"))
            complaint._kam_unlink_approval_activities()
        return True

    def action_rework(self, reason=None):
        """Waiting approval -> proposal: an approver sends the proposal back, with a
        reason; the approvals given so far are archived."""
        self._kam_check_transition("action_rework")
        reason = self._kam_check_reason(reason)
        for complaint in self:
            approval = complaint._kam_approval_to_decide()
            complaint._kam_done_approval_activities(self.env._("Sent back"))
            complaint._kam_unlink_approval_activities()
            complaint.approval_ids.sudo().write({"active": False})
            complaint._kam_write_state({"state": "proposal"})
            complaint._kam_post(
                self.env._(
                    "%(user)s sent the proposal back for rework at step %(step)s: "
                    "%(reason)s",
                    user=self.env.user.name,
                    step=approval.name,
                    reason=reason,
                )
            )
        return True

    def action_recall(self):
        """Waiting approval -> proposal: the proposer (or a KAM manager) takes the
        request back before it is decided; the round's approvals are archived."""
        self._kam_check_transition("action_recall")
        user = self.env.user
        for complaint in self:
            if user != complaint.proposed_by_id and not user.has_group(
                "kam_lifecycle.group_kam_manager"
            ):
                raise AccessError(
                    self.env._(
                        "Only the proposer or a KAM manager can recall the approval "
                        "request of complaint %(name)s.",
                        name=complaint.name,
                    )
                )
            complaint._kam_unlink_approval_activities()
            complaint.approval_ids.sudo().write({"active": False})
            complaint._kam_write_state({"state": "proposal"})
            complaint._kam_post(
                self.env._("%(user)s recalled the approval request.", user=user.name)
            )
        return True

    def action_resolve(self):
        """Approved -> resolved; a credit-note resolution creates a draft credit
        note."""
        self._kam_check_transition("action_resolve")
        now = fields.Datetime.now()
        for complaint in self:
            vals = {"state": "resolved", "date_resolved": now, "is_overdue": False}
            if complaint.resolution_type == "credit_note" and complaint.resolution_cost:
                vals["credit_note_id"] = complaint._kam_create_credit_note().id
            complaint._kam_write_state(vals)
        return True

    def action_close(self):
        """Resolved or rejected -> closed, once the decision was communicated and
        the customer accepted it or a reason is given."""
        self._kam_check_transition("action_close")
        for complaint in self:
            if not complaint.decision_communicated:
                raise UserError(
                    self.env._(
                        "Communicate the decision on complaint %(name)s to the "
                        "customer before closing it.",
                        name=complaint.name,
                    )
                )
            if (
                not complaint.customer_accepted
                and not (complaint.close_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Record the customer's acceptance of complaint %(name)s, or "
                        "the reason for closing it without.",
                        name=complaint.name,
                    )
                )
        self._kam_write_state(
            {
                "state": "closed",
                "date_closed": fields.Datetime.now(),
                "is_overdue": False,
            }
        )
        return True

    def action_cancel(self):
        """Cancel a complaint that is not approved yet (or was rejected)."""
        self._kam_check_transition("action_cancel")
        self.approval_ids.filtered(lambda a: a.state == "pending").sudo().write(
            {"active": False}
        )
        self._kam_write_state({"state": "cancelled", "is_overdue": False})
        self._kam_sync_approval_activities()
        return True

    def action_reset_draft(self):
        """Cancelled -> draft."""
        self._kam_check_transition("action_reset_draft")
        self._kam_write_state(
            {
                "state": "draft",
                "submitted_by_id": False,
                "proposed_by_id": False,
                "date_submitted": False,
                "sla_ack_level": 0,
                "sla_resolve_level": 0,
            }
        )
        return True

    def _kam_open_decision_wizard(self, decision):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reason"),
            "res_model": "kam.complaint.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_complaint_id": self.id,
                "default_decision": decision,
            },
        }

    def action_open_reject_wizard(self):
        return self._kam_open_decision_wizard("reject")

    def action_open_rework_wizard(self):
        return self._kam_open_decision_wizard("rework")

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ credit note
    def _kam_credit_note_origin(self):
        """The posted customer invoice of the complaint's sale order, if any."""
        self.ensure_one()
        invoices = self.sale_order_id.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return invoices.sorted(lambda m: (m.invoice_date, m.id))[-1:]

    def _kam_credit_note_values(self):
        self.ensure_one()
        invoice = self._kam_credit_note_origin()
        line = {
            "name": self.env._(
                "Complaint %(name)s: %(category)s",
                name=self.name,
                category=dict(
                    self._fields["category"]._description_selection(self.env)
                )[self.category],
            ),
            "tax_ids": [fields.Command.set(self._kam_credit_note_taxes().ids)],
        }
        line.update(self._kam_credit_note_quantity())
        if self.product_id:
            line["product_id"] = self.product_id.id
            line["product_uom_id"] = self.product_id.uom_id.id
            uom = self.product_uom_id
            if uom and uom.category_id == self.product_id.uom_id.category_id:
                line["product_uom_id"] = uom.id
        vals = {
            "move_type": "out_refund",
            "company_id": self.company_id.id,
            "partner_id": (invoice.partner_id or self.commercial_partner_id).id,
            "currency_id": self.company_id.currency_id.id,
            "invoice_origin": self.name,
            "ref": self.env._("Complaint %(name)s", name=self.name),
            "kam_complaint_id": self.id,
            "invoice_line_ids": [fields.Command.create(line)],
        }
        if invoice:
            vals["reversed_entry_id"] = invoice.id
        return vals

    def _kam_credit_note_taxes(self):
        """The taxes of the credit note: those of the origin sale line (already
        mapped by the order's fiscal position), else the product's sales taxes of
        the company mapped by the customer's fiscal position, else none."""
        self.ensure_one()
        line = self.sale_line_id.sudo()
        if line:
            return line.tax_id._filter_taxes_by_company(self.company_id)
        if not self.product_id:
            return self.env["account.tax"]
        company = self.company_id
        taxes = self.product_id.sudo().taxes_id._filter_taxes_by_company(company)
        position = (
            self.env["account.fiscal.position"]
            .sudo()
            .with_company(company)
            ._get_fiscal_position(self.commercial_partner_id)
        )
        return position.map_tax(taxes) if position else taxes

    def _kam_credit_note_quantity(self):
        """Quantity and unit price: the affected quantity at cost / quantity when
        a quantity is known and the price splits exactly (the credit note must
        total the approved cost); otherwise 1 at the cost."""
        self.ensure_one()
        cost = self.resolution_cost
        qty = self.quantity_affected
        if qty and qty > 0:
            digits = self.env["decimal.precision"].precision_get("Product Price")
            price = float_round(cost / qty, precision_digits=digits)
            currency = self.company_id.currency_id
            if currency.is_zero(currency.round(price * qty) - cost):
                return {"quantity": qty, "price_unit": price}
        return {"quantity": 1.0, "price_unit": cost}

    def _kam_create_credit_note(self):
        self.ensure_one()
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .with_context(default_move_type="out_refund")
            .create(self._kam_credit_note_values())
        )
        self._kam_post(
            self.env._("Draft credit note created for the approved resolution.")
        )
        return move

    # ------------------------------------------------------------------ SLA cron
    @api.model
    def _kam_sla_breaches(self, now):
        """Complaints to escalate: {(breach, level): complaints}."""
        ack_states = [("state", "=", "draft")]
        resolve_states = [("state", "in", UNRESOLVED_STATES)]
        return {
            ("ack", 1): self.search(
                ack_states
                + [("sla_ack_level", "<", 1), ("date_ack_deadline", "<", now)]
            ),
            ("ack", 2): self.search(
                ack_states
                + [("sla_ack_level", "<", 2), ("date_ack_escalation", "<", now)]
            ),
            ("resolve", 1): self.search(
                resolve_states
                + [("sla_resolve_level", "<", 1), ("date_resolve_deadline", "<", now)]
            ),
            ("resolve", 2): self.search(
                resolve_states
                + [
                    ("sla_resolve_level", "<", 2),
                    ("date_resolve_escalation", "<", now),
                ]
            ),
        }

    @api.model
    def _cron_sla_escalate(self, now=None):
        """Mark overdue complaints and escalate each breach once per level: to the
        key-account manager, then to the sales manager."""
        now = now or fields.Datetime.now()
        complaints = self.sudo()
        overdue = complaints.search(
            [
                "|",
                "&",
                ("state", "=", "draft"),
                ("date_ack_deadline", "<", now),
                "&",
                ("state", "in", UNRESOLVED_STATES),
                ("date_resolve_deadline", "<", now),
            ]
        )
        overdue.filtered(lambda c: not c.is_overdue).write({"is_overdue": True})
        complaints.search(
            [("is_overdue", "=", True), ("id", "not in", overdue.ids)]
        ).write({"is_overdue": False})
        breaches = complaints._kam_sla_breaches(now)
        total = sum(len(found) for found in breaches.values())
        done = 0
        for (breach, level), found in breaches.items():
            for complaint in found:
                complaint._kam_escalate(breach, level)
            found.write({f"sla_{breach}_level": level})
            done += len(found)
            self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
        return True

    def _kam_sales_managers(self):
        """The escalation target above the key-account manager: the leader of the
        customer's sales team (the partner's team when CRM is installed, else the
        team of its key-account manager, else of its salesperson), else the sales
        administrators (``sales_team.group_sale_manager``) of the company."""
        self.ensure_one()
        partner = self.commercial_partner_id
        team = partner["team_id"] if "team_id" in partner._fields else False
        team = (
            team or partner.kam_manager_id.sale_team_id or partner.user_id.sale_team_id
        )
        leader = team and team.user_id
        if leader and leader.active and not leader.share:
            return leader
        group = self.env.ref("sales_team.group_sale_manager")
        return group.users.filtered(
            lambda u: (
                not u.share
                and u.active
                and self.company_id in u.company_ids
                and u.id != self.env.ref("base.user_root").id
            )
        )

    def _kam_escalate(self, breach, level):
        self.ensure_one()
        manager = self.commercial_partner_id.kam_manager_id
        users = manager if level == 1 and manager else self._kam_sales_managers()
        if breach == "ack":
            summary = self.env._(
                "SLA breached: complaint %(name)s not acknowledged in time",
                name=self.name,
            )
            deadline = self.date_ack_deadline
        else:
            summary = self.env._(
                "SLA breached: complaint %(name)s not resolved in time", name=self.name
            )
            deadline = self.date_resolve_deadline
        today = fields.Date.context_today(self)
        for user in users:
            self.activity_schedule(
                "kam_complaints.mail_activity_type_kam_complaint_escalation",
                date_deadline=today,
                summary=summary,
                user_id=user.id,
            )
        self.message_post(
            body=self.env._(
                "%(summary)s (due %(deadline)s): escalated to %(users)s.",
                summary=summary,
                deadline=fields.Datetime.to_string(deadline),
                users=", ".join(users.mapped("name")) or "-",
            ),
            subtype_xmlid="mail.mt_note",
        )
