/** The key-account manager's day on one account (login: demo, a KAM user). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const tab = (name) => [
    {
        content: `open the ${name} tab`,
        trigger: `.o_form_view .o_notebook a.nav-link[name=${name}]`,
        run: "click",
    },
    {
        content: `the ${name} tab is shown`,
        trigger: `.o_form_view .o_notebook a.nav-link.active[name=${name}]`,
    },
];

registry.category("web_tour.tours").add("kam_tour_key_account_user", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
        {
            content: "open the Key Accounts menu",
            trigger: '.o_main_navbar [data-menu-xmlid="kam_lifecycle.menu_kam_root"]',
            run: "click",
        },
        {
            content: "open Key Accounts",
            trigger: '.dropdown-menu [data-menu-xmlid="kam_lifecycle.res_partner_menu_key_accounts"]',
            run: "click",
        },
        {
            content: "my account is listed",
            trigger: ".o_list_view .o_data_row td[name=name]:contains('Tour Feedmill Co.')",
        },
        {
            content: "another manager's account is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Rival Trading')))",
        },
        {
            content: "open my account",
            trigger: ".o_list_view .o_data_row td[name=name]:contains('Tour Feedmill Co.')",
            run: "click",
        },
        ...tab("kam_key_account"),
        {
            content: "the account's manager and lifecycle are shown",
            trigger: ".o_notebook .tab-pane .o_field_widget[name=kam_manager_id]",
        },
        ...tab("kam_segments"),
        {
            content: "the segments figures read as a table",
            trigger: ".o_notebook .tab-pane table.o_kam_figures td:contains('Revenue')",
        },
        {
            content: "the explanation shows formatted amounts",
            trigger: ".o_notebook .tab-pane .o_field_widget[name=kam_segment_reason]:contains('500,000')",
        },
        ...tab("kam_rebates"),
        {
            content: "the rebate progress of my account",
            trigger: ".o_field_widget[name=kam_rebate_progress_ids] .o_data_row:contains('Tour volume rebate')",
        },
        ...tab("kam_complaints"),
        {
            content: "the open complaint of my account",
            trigger: ".o_field_widget[name=kam_complaint_open_ids] .o_data_row",
        },
        ...tab("kam_key_account"),
        {
            content: "the plans and visits",
            trigger: ".o_notebook .o_notebook a.nav-link[name=kam_plans_visits]",
            run: "click",
        },
        {
            content: "log a visit",
            trigger: "button.o_kam_log_visit",
            run: "click",
        },
        {
            content: "the visit's summary",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: "edit Annual price review with the purchasing director",
        },
        {
            content: "save the visit",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "the visit is in the log",
            trigger: ".o_field_widget[name=kam_visit_ids] .o_data_row:contains('Annual price review')",
        },
        {
            content: "the decision unit",
            trigger: ".o_notebook .o_notebook a.nav-link[name=kam_decision_unit]",
            run: "click",
        },
        {
            content: "edit the buyer's job position",
            trigger: ".o_field_widget[name=kam_contact_ids] .o_data_row:contains('Wang Fang') td[name=function]",
            run: "click",
        },
        {
            content: "type the new position",
            trigger: ".o_field_widget[name=kam_contact_ids] .o_selected_row td[name=function] input",
            run: "edit Purchasing Director",
        },
        ...stepUtils.saveForm(),
        {
            content: "the decision unit is saved",
            trigger: ".o_field_widget[name=kam_contact_ids] .o_data_row td[name=function]:contains('Purchasing Director')",
        },
        {
            content: "open the Key Accounts menu",
            trigger: '.o_main_navbar [data-menu-xmlid="kam_lifecycle.menu_kam_root"]',
            run: "click",
        },
        {
            content: "open Complaints",
            trigger: '.dropdown-menu [data-menu-xmlid="kam_complaints.kam_complaint_menu"]',
            run: "click",
        },
        {
            content: "my account's complaint is listed",
            trigger: ".o_kanban_view .o_kanban_record:contains('Tour Feedmill Co.')",
        },
        {
            content: "another manager's complaints are not",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Tour Rival Trading')))",
        },
    ],
});
