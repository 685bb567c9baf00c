/** The key-account manager's morning dashboard (client action ``kam_dashboard``):
 * sections of numbers computed on the server, each opening the list behind it. */
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { KamBubbleChart } from "./kam_bubble_chart";

export class KamDashboard extends Component {
    static template = "kam_lifecycle.KamDashboard";
    static props = ["*"];
    static components = { KamBubbleChart };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ sections: [], loading: true, version: 0 });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        const data = await this.orm.call("kam.dashboard", "get_dashboard_data", []);
        this.state.sections = data.sections;
        this.state.version++;
        this.state.loading = false;
    }

    open(card) {
        this.actionService.doAction(card.action);
    }
}

registry.category("actions").add("kam_dashboard", KamDashboard);
