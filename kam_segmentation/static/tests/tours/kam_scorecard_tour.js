/** The KAM manager reviews the KAM scorecards: list, recompute, pivot, one row. */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("kam_tour_scorecard", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
        {
            content: "open the Key Accounts menu",
            trigger: '.o_main_navbar [data-menu-xmlid="kam_lifecycle.menu_kam_root"]',
            run: "click",
        },
        {
            content: "open KAM Scorecard",
            trigger: '.dropdown-menu [data-menu-xmlid="kam_segmentation.kam_scorecard_menu"]',
            run: "click",
        },
        {
            content: "the quarter of the manager is listed",
            trigger: ".o_list_view .o_data_row:contains('Zhao Min')",
        },
        {
            content: "recompute now",
            trigger: ".o_control_panel button[name=action_kam_recompute]",
            run: "click",
        },
        {
            content: "the recompute is done and says so",
            trigger: ".o_notification:contains('recomputed')",
        },
        {
            content: "the list is back after the recompute",
            trigger: ".o_list_view .o_data_row:contains('Zhao Min')",
        },
        {
            content: "switch to the pivot",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "the pivot shows the overall score per manager",
            trigger: ".o_pivot_view .o_pivot table th:contains('Overall Score')",
        },
        {
            content: "the manager is a row of the pivot",
            trigger: ".o_pivot_view .o_pivot table th:contains('Zhao Min')",
        },
        {
            content: "back to the list through the menu",
            trigger: '.o_main_navbar [data-menu-xmlid="kam_lifecycle.menu_kam_root"]',
            run: "click",
        },
        {
            content: "open KAM Scorecard again",
            trigger: '.dropdown-menu [data-menu-xmlid="kam_segmentation.kam_scorecard_menu"]',
            run: "click",
        },
        {
            content: "open the manager's quarter",
            trigger: ".o_list_view .o_data_row:contains('Zhao Min') td[name=name]",
            run: "click",
        },
        {
            content: "the form explains the satisfaction",
            trigger: ".o_form_view div[name=satisfaction_explanation]:contains('visit rating')",
        },
        {
            content: "and the complaints behind the rate",
            trigger: ".o_form_view div[name=complaint_explanation]:contains('1 complaints received')",
        },
    ],
});
