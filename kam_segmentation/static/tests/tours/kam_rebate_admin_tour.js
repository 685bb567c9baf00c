/** The KAM administrator sets up a tiered rebate program and settles it. */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const CUSTOMER = "Tour Niacin Buyer";
const PROGRAM = "Tour tiered rebate";

const openMenu = (rootXmlid, xmlid, content) => [
    ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
    {
        content: "open the menu",
        trigger: `.o_main_navbar [data-menu-xmlid="${rootXmlid}"]`,
        run: "click",
    },
    { content, trigger: `.dropdown-menu [data-menu-xmlid="${xmlid}"]`, run: "click" },
];

// the nth tier (1-based): wait for that row to be the one in edition, so that a slow
// machine never types into the row before it
const addTier = (nth, threshold, rate) => {
    const row = `.o_field_widget[name=tier_ids] .o_data_row:nth-child(${nth}).o_selected_row`;
    return [
        {
            content: `add a tier from ${threshold}`,
            trigger: ".o_field_widget[name=tier_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "its threshold",
            trigger: `${row} td[name=threshold] input`,
            run: `edit ${threshold}`,
        },
        {
            content: "its rate",
            trigger: `${row} td[name=rate] input`,
            run: `edit ${rate}`,
        },
    ];
};

const year = new Date().getFullYear();

registry.category("web_tour.tours").add("kam_tour_rebate_admin", {
    url: "/odoo",
    steps: () => [
        ...openMenu(
            "sale.menu_sale_config",
            "kam_segmentation.kam_rebate_program_menu",
            "open Rebate Programs"
        ),
        {
            content: "a new program",
            trigger: ".o_control_panel_main_buttons button.o_list_button_add",
            run: "click",
        },
        {
            content: "its name",
            trigger: ".o_field_widget[name=name] input",
            run: `edit ${PROGRAM}`,
        },
        {
            content: "starts on January 1st",
            trigger: ".o_field_widget[name=date_start] input",
            run: `edit 01/01/${year}`,
        },
        {
            content: "ends on December 31st",
            trigger: ".o_field_widget[name=date_end] input",
            run: `edit 12/31/${year}`,
        },
        ...addTier(1, 0, 1),
        ...addTier(2, 100000, 2),
        ...addTier(3, 250000, 3),
        {
            content: "the customers tab",
            trigger: ".o_notebook a.nav-link[name=customers]",
            run: "click",
        },
        {
            content: "the customer",
            trigger: ".o_field_widget[name=partner_ids] input",
            run: `edit ${CUSTOMER}`,
        },
        {
            content: "pick the customer",
            trigger: `.o-autocomplete--dropdown-menu a:contains('${CUSTOMER}')`,
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "activate",
            trigger: ".o_statusbar_buttons button[name=action_activate]",
            run: "click",
        },
        {
            content: "the program is active",
            trigger: ".o_statusbar_status button[data-value=active].o_arrow_button_current",
        },
        ...openMenu("sale.sale_order_menu", "sale.menu_sale_quotations", "open Quotations"),
        {
            content: "the customer's quotation",
            trigger: `.o_list_view .o_data_row:contains('${CUSTOMER}') td[name=partner_id]`,
            run: "click",
        },
        {
            content: "the Rebates tab of the quotation",
            trigger: ".o_notebook a.nav-link[name=kam_rebates]",
            run: "click",
        },
        {
            content: "the hint names the program and the tier",
            trigger: `.o_field_widget[name=kam_rebate_summary]:contains('${PROGRAM}')`,
        },
        ...openMenu(
            "sale.menu_sale_config",
            "kam_segmentation.kam_rebate_program_menu",
            "back to Rebate Programs"
        ),
        {
            content: "the program",
            trigger: `.o_list_view .o_data_row td[name=name]:contains('${PROGRAM}')`,
            run: "click",
        },
        {
            content: "settle",
            trigger: ".o_statusbar_buttons button:contains('Settle')",
            run: "click",
        },
        {
            content: "the preview shows the difference to pay",
            trigger: `.modal .o_field_widget[name=preview] td:contains('${CUSTOMER}')`,
        },
        {
            content: "settle the difference",
            trigger: ".modal footer button[name=action_settle]",
            run: "click",
        },
        {
            content: "the new settlement",
            trigger: `.o_list_view .o_data_row:contains('${CUSTOMER}') td[name=partner_id]`,
            run: "click",
        },
        {
            content: "the statement can be downloaded",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_download_statement]",
            async run() {
                // the router writes the record's id in the URL once the form is shown
                let match;
                while (!(match = window.location.pathname.match(/\/(\d+)$/))) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                const id = match[1];
                const url =
                    `/web/content/?model=kam.rebate.settlement&id=${id}` +
                    "&field=statement_file&filename_field=statement_filename&download=true";
                const response = await fetch(url);
                const type = response.headers.get("Content-Type") || "";
                if (!response.ok || !type.includes("spreadsheetml")) {
                    throw new Error(`statement download failed: ${response.status} ${type}`);
                }
                if (!(await response.blob()).size) {
                    throw new Error("the statement is empty");
                }
            },
        },
    ],
});
