/** A complaint from customer service to the KAM manager and the sales VP. */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const CUSTOMER = "Tour Pharma Wholesale";

const openMenu = (xmlid, content) => [
    ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
    {
        content: "open the Key Accounts menu",
        trigger: '.o_main_navbar [data-menu-xmlid="kam_lifecycle.menu_kam_root"]',
        run: "click",
    },
    {
        content,
        trigger: `.dropdown-menu [data-menu-xmlid="${xmlid}"]`,
        run: "click",
    },
];

const inState = (state) => ({
    content: `the complaint is ${state}`,
    trigger: `.o_form_view .o_statusbar_status button[data-value=${state}].o_arrow_button_current`,
});

const button = (name, content) => ({
    content,
    trigger: `.o_form_view .o_statusbar_buttons button[name=${name}]`,
    run: "click",
});

registry.category("web_tour.tours").add("kam_tour_complaint_service", {
    url: "/odoo",
    steps: () => [
        ...openMenu("kam_complaints.kam_complaint_menu", "open Complaints"),
        {
            content: "file a new complaint",
            trigger: ".o_control_panel_main_buttons button.btn-primary",
            run: "click",
        },
        {
            content: "the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: `edit ${CUSTOMER}`,
        },
        {
            content: "pick the customer",
            trigger: `.o-autocomplete--dropdown-menu a:contains('${CUSTOMER}')`,
            run: "click",
        },
        {
            content: "a quality complaint",
            trigger: ".o_field_widget[name=category] select",
            run: 'select "quality"',
        },
        {
            content: "what the customer asks for",
            trigger: ".o_field_widget[name=customer_request] input, .o_field_widget[name=customer_request] textarea",
            run: "edit Credit for the off-spec lot",
        },
        button("action_submit", "submit: the customer gets an acknowledgement"),
        inState("submitted"),
        button("action_investigate", "investigate"),
        inState("investigation"),
        {
            content: "the investigation tab",
            trigger: ".o_notebook a.nav-link[name=investigation]",
            run: "click",
        },
        {
            content: "the root cause",
            trigger: ".o_field_widget[name=root_cause] textarea",
            run: "edit Moisture in the lot: a drier failed",
        },
        button("action_propose", "propose a resolution"),
        inState("proposal"),
        {
            content: "the resolution tab",
            trigger: ".o_notebook a.nav-link[name=resolution]",
            run: "click",
        },
        {
            content: "a credit note",
            trigger: ".o_field_widget[name=resolution_type] select",
            run: 'select "credit_note"',
        },
        {
            content: "of 20,000",
            trigger: ".o_field_widget[name=resolution_cost] input",
            run: "edit 20000",
        },
        button("action_request_approval", "request approval"),
        inState("waiting_approval"),
        {
            content: "two approvals are required",
            trigger: ".o_field_widget[name=approval_ids] .o_data_row:eq(1)",
        },
    ],
});

const approveSteps = (nextState) => [
    ...openMenu("kam_complaints.kam_complaint_menu_my_approvals", "open My Approvals"),
    {
        content: "the complaint waits for me",
        trigger: `.o_list_view .o_data_row:contains('${CUSTOMER}') td[name=partner_id]`,
        run: "click",
    },
    inState("waiting_approval"),
    button("action_approve", "approve"),
    inState(nextState),
];

registry.category("web_tour.tours").add("kam_tour_complaint_manager", {
    url: "/odoo",
    steps: () => [
        ...approveSteps("waiting_approval"),
        {
            content: "the resolution tab",
            trigger: ".o_notebook a.nav-link[name=resolution]",
            run: "click",
        },
        {
            content: "my approval is recorded",
            trigger: ".o_field_widget[name=approval_ids] .o_data_row:contains('Li Na')",
        },
    ],
});

registry.category("web_tour.tours").add("kam_tour_complaint_vp", {
    url: "/odoo",
    steps: () => [
        ...approveSteps("approved"),
        button("action_resolve", "resolve: the credit note is drafted"),
        inState("resolved"),
        {
            content: "open the credit note",
            trigger: ".o_form_view button[name=action_view_credit_note]",
            run: "click",
        },
        {
            content: "a draft credit note",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Draft')",
        },
        {
            content: "of the customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run() {
                if (this.anchor.value !== CUSTOMER) {
                    throw new Error(`the credit note is for ${this.anchor.value}`);
                }
            },
        },
    ],
});
