# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user

from odoo.addons.kam_lifecycle.tests.common import KamCommon


class KamComplaintCommon(KamCommon):
    """Key-account world plus customer service, a sales manager, a UTC working
    calendar (Mon-Fri 8-12, 13-17) and helpers to file complaints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.kam_user_2  # customer service: owns the complaints
        cls.sales_manager = new_test_user(
            cls.env, login="kam_sales_manager", groups="sales_team.group_sale_manager"
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Test 40 hours (UTC)", "tz": "UTC", "company_id": cls.company.id}
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.env["kam.complaint.approval.rule"].search([]).active = False
        cls.Rule = cls.env["kam.complaint.approval.rule"]
        cls.Complaint = cls.env["kam.complaint"]

    @classmethod
    def _new_complaint(cls, **values):
        vals = {
            "partner_id": cls.customer.id,
            "category": "quality",
            "severity": "medium",
            "user_id": cls.service.id,
        }
        vals.update(values)
        return cls.env["kam.complaint"].create(vals)

    @classmethod
    def _rule(cls, name, min_cost=0.0, approver_type="group", **values):
        vals = {"name": name, "min_cost": min_cost, "approver_type": approver_type}
        if approver_type == "group" and "group_id" not in values:
            vals["group_id"] = cls.env.ref("kam_lifecycle.group_kam_manager").id
        vals.update(values)
        return cls.env["kam.complaint.approval.rule"].create(vals)

    def _proposal(self, resolution_type="replacement", cost=500.0, **values):
        """A complaint walked by customer service up to its proposal."""
        complaint = self._new_complaint(**values)
        as_service = complaint.with_user(self.service)
        as_service.action_submit()
        as_service.action_investigate()
        as_service.root_cause = "Worn seal"
        as_service.action_propose()
        as_service.write({"resolution_type": resolution_type, "resolution_cost": cost})
        return complaint

    def _waiting(self, resolution_type="replacement", cost=500.0, **values):
        complaint = self._proposal(resolution_type, cost, **values)
        complaint.with_user(self.service).action_request_approval()
        return complaint

    def _force_state(self, complaint, state, **values):
        """Put a complaint in ``state`` as the superuser (test fixtures only)."""
        complaint.sudo().write(dict(values, state=state))
        return complaint

    def _complaint_in(self, state):
        """A complaint submitted and proposed by customer service, in ``state``,
        waiting (when it waits) for the KAM manager."""
        complaint = self._new_complaint(
            root_cause="Worn seal",
            resolution_type="replacement",
            resolution_cost=500.0,
            decision_communicated=True,
            customer_accepted=True,
        )
        self._force_state(
            complaint,
            state,
            submitted_by_id=self.service.id,
            proposed_by_id=self.service.id,
        )
        if state == "waiting_approval":
            self.env["kam.complaint.approval"].create(
                {
                    "complaint_id": complaint.id,
                    "name": "Manager",
                    "approver_type": "user",
                    "user_id": self.kam_manager.id,
                }
            )
        return complaint
