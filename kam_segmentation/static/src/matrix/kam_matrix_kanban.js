/** The share-of-wallet × purchase-size matrix as a sales VP draws it: a 2×2 of
 * kanban columns (high share on the left, big requirement on top), each with its
 * strategy, its count and revenue, and the clients as cards. */
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { KanbanHeader } from "@web/views/kanban/kanban_header";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

export const QUADRANTS = {
    key: {
        axes: () => _t("High share of wallet · big requirement"),
        strategy: () =>
            _t("Maintain: executive visits, priority supply and service."),
        css: "success",
    },
    develop: {
        axes: () => _t("Low share of wallet · big requirement"),
        strategy: () =>
            _t("Develop: win volume from competitors with technical support and targeted offers."),
        css: "warning",
    },
    hold: {
        axes: () => _t("High share of wallet · small requirement"),
        strategy: () => _t("Hold and harvest: serve efficiently, do not over-invest."),
        css: "info",
    },
    harvest: {
        axes: () => _t("Low share of wallet · small requirement"),
        strategy: () => _t("Harvest or drop: standard terms and low-cost service channels."),
        css: "secondary",
    },
};

export class KamMatrixKanbanHeader extends KanbanHeader {
    static template = "kam_segmentation.KamMatrixKanbanHeader";

    get kamQuadrant() {
        return QUADRANTS[this.group.value] || null;
    }
}

export class KamMatrixKanbanRenderer extends KanbanRenderer {
    static components = { ...KanbanRenderer.components, KanbanHeader: KamMatrixKanbanHeader };
}

export const kamMatrixKanbanView = {
    ...kanbanView,
    Renderer: KamMatrixKanbanRenderer,
};

registry.category("views").add("kam_matrix_kanban", kamMatrixKanbanView);
