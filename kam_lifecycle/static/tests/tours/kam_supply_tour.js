/** A key-account manager agrees a peak-season quantity on a plan and reads the
 * supply outlook (login: demo, a KAM user). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const openKeyAccountsMenu = (xmlid, content) => [
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

registry.category("web_tour.tours").add("kam_tour_supply", {
    url: "/odoo",
    steps: () => {
        const month = new Date().toLocaleString("en-US", { month: "long" });
        return [
            ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
            ...openKeyAccountsMenu("kam_lifecycle.kam_account_plan_menu", "open Account Plans"),
            {
                content: "open the plan of my account",
                trigger: ".o_list_view .o_data_row td[name=partner_id]:contains('Tour Supply Feedmill')",
                run: "click",
            },
            {
                content: "open the Supply tab",
                trigger: ".o_form_view .o_notebook a.nav-link[name=supply]",
                run: "click",
            },
            {
                content: "the peak season is shown",
                trigger: `.o_field_widget[name=peak_month_ids] .o_tag:contains('${month}')`,
            },
            {
                content: "add a supply agreement",
                trigger: ".o_field_widget[name=supply_agreement_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                content: "the month",
                trigger: ".o_field_widget[name=supply_agreement_ids] .o_selected_row div[name=month_id] input",
                run: `edit ${month}`,
            },
            {
                content: "pick the month",
                trigger: `.ui-menu-item > a:contains('${month}')`,
                run: "click",
            },
            {
                content: "the product",
                trigger: ".o_field_widget[name=supply_agreement_ids] .o_selected_row div[name=product_id] input",
                run: "edit Nicotinamide Feed (tour)",
            },
            {
                content: "pick the product",
                trigger: ".ui-menu-item > a:contains('Nicotinamide Feed (tour)')",
                run: "click",
            },
            {
                content: "the agreed quantity",
                trigger: ".o_field_widget[name=supply_agreement_ids] .o_selected_row div[name=quantity] input",
                run: "edit 80",
            },
            ...stepUtils.saveForm(),
            {
                content: "the agreement is saved in tons",
                trigger: ".o_field_widget[name=supply_agreement_ids] .o_data_row td[name=uom_id]:contains('t')",
            },
            ...openKeyAccountsMenu("kam_lifecycle.kam_supply_outlook_menu", "open the Supply Outlook"),
            {
                content: "recompute the outlook",
                trigger: ".o_list_view button[name=action_kam_recompute]",
                run: "click",
            },
            {
                content: "the month is short by 30 t against 50 t on hand",
                trigger: ".o_list_view .o_data_row:contains('Nicotinamide Feed (tour)') td[name=shortfall_qty]:contains('30')",
            },
            {
                content: "the pivot view",
                trigger: ".o_control_panel .o_switch_view.o_pivot",
                run: "click",
            },
            {
                content: "the pivot shows the product",
                trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Nicotinamide Feed (tour)'), .o_pivot th:contains('Nicotinamide Feed (tour)')",
            },
        ];
    },
});
