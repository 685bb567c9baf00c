/** The key-account manager reads an account's feedback and sends the yearly
 * satisfaction survey from its plan (login: demo, a KAM user). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const menu = (xmlid, content) => [
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

registry.category("web_tour.tours").add("kam_tour_feedback", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
        ...menu("kam_lifecycle.res_partner_menu_key_accounts", "open Key Accounts"),
        {
            content: "open the account",
            trigger: ".o_list_view .o_data_row td[name=name]:contains('Tour Feedback Feedmill')",
            run: "click",
        },
        {
            content: "open the Key Account tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=kam_key_account]",
            run: "click",
        },
        {
            content: "open the Feedback section",
            trigger: ".o_notebook .o_notebook a.nav-link[name=kam_feedback]",
            run: "click",
        },
        {
            content: "the visit rating of the last 12 months",
            trigger: ".o_field_widget[name=kam_rating_avg_12m]:contains('5.0')",
        },
        {
            content: "the satisfaction in %",
            trigger: ".o_field_widget[name=kam_rating_satisfaction_12m]:contains('100.0')",
        },
        ...menu("kam_lifecycle.kam_account_plan_menu", "open Account Plans"),
        {
            content: "open the account's plan",
            trigger: ".o_list_view .o_data_row td[name=partner_id]:contains('Tour Feedback Feedmill')",
            run: "click",
        },
        {
            content: "send the satisfaction survey",
            trigger: "button.o_kam_send_survey",
            run: "click",
        },
        {
            content: "the decision unit is invited",
            trigger: ".modal .o_field_widget[name=partner_ids] .o_tag:contains('Gao Yan')",
        },
        {
            content: "for the plan's year",
            trigger: ".modal .o_field_widget[name=kam_year] input",
        },
        {
            content: "send",
            trigger: ".modal button[name=action_invite]",
            run: "click",
        },
        {
            content: "the invitation is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
