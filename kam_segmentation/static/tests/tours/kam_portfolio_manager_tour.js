/** The KAM manager's portfolio review: segments, portfolio, matrix, workbook. */
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const openMenu = (xmlid, content) => [
    {
        content: "open the Key Accounts menu",
        trigger: '.o_main_navbar [data-menu-xmlid="kam_lifecycle.menu_kam_root"]',
        run: "click",
    },
    { content, trigger: `.dropdown-menu [data-menu-xmlid="${xmlid}"]`, run: "click" },
];

registry.category("web_tour.tours").add("kam_tour_portfolio_manager", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
        ...openMenu("kam_lifecycle.kam_dashboard_menu", "the morning dashboard"),
        {
            content: "the matrix as a bubble chart",
            trigger: ".o_kam_dashboard_matrix .o_kam_bubble_chart canvas",
        },
        {
            content: "complaints waiting for me are counted",
            trigger: ".o_kam_dashboard_complaints .o_kam_dashboard_card:contains('Waiting for my approval') .o_kam_dashboard_value.text-warning",
        },
        {
            content: "the number opens the complaints behind it",
            trigger: ".o_kam_dashboard_complaints .o_kam_dashboard_card:contains('Waiting for my approval')",
            run: "click",
        },
        {
            content: "the complaint waiting for my approval",
            trigger: ".o_list_view .o_data_row:contains('Tour Key Client')",
        },
        ...openMenu("kam_segmentation.res_partner_menu_kam_recompute_all", "Recompute Segments"),
        {
            content: "the recompute is done and says so",
            trigger: ".o_notification:contains('recomputed')",
        },
        ...openMenu("kam_segmentation.res_partner_menu_kam_portfolio", "open the Portfolio"),
        {
            content: "the portfolio lists the key accounts",
            trigger: ".o_list_view .o_data_row td[name=name]:contains('Tour Key Client')",
        },
        {
            content: "the pivot",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "the pivot shows the revenue",
            trigger: ".o_pivot_view .o_pivot table th:contains('Revenue')",
        },
        {
            content: "the graph",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "the graph is drawn",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
        ...openMenu("kam_segmentation.res_partner_menu_kam_matrix", "open the Matrix"),
        {
            content: "the key quadrant with its strategy",
            trigger: ".o_kanban_view .o_kanban_group:contains('Tour Key Client') .o_kanban_header:contains('maintain')",
        },
        {
            content: "the develop quadrant",
            trigger: ".o_kanban_view .o_kanban_group:contains('Tour Develop Client')",
        },
        {
            content: "a client opens from its card",
            trigger: ".o_kanban_view .o_kanban_record:contains('Tour Develop Client')",
            run: "click",
        },
        {
            content: "its form",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('Tour Develop Client'), .o_form_view .o_field_widget[name=name] input:value('Tour Develop Client')",
        },
        ...openMenu("kam_segmentation.kam_review_wizard_menu", "the quarterly review workbook"),
        {
            content: "download it",
            trigger: ".modal footer button[name=action_generate]",
            run: "click",
        },
        {
            content: "the workbook was built (waits for the server, not for a time)",
            trigger: ".modal footer button[name=action_generate]",
            async run() {
                const args = {
                    model: "kam.review.wizard",
                    method: "search_count",
                    args: [[["file_name", "!=", false]]],
                    kwargs: {},
                };
                while (!(await rpc("/web/dataset/call_kw/kam.review.wizard/search_count", args))) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
            },
        },
    ],
});
