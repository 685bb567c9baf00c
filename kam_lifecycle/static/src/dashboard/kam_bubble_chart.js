/** A bubble chart of the dashboard (Chart.js): each bubble opens its record. */
import { Component, onMounted, onWillStart, onWillUnmount, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { useService } from "@web/core/utils/hooks";

export class KamBubbleChart extends Component {
    static template = "kam_lifecycle.KamBubbleChart";
    static props = { chart: Object };

    setup() {
        this.canvasRef = useRef("canvas");
        this.actionService = useService("action");
        onWillStart(() => loadBundle("web.chartjs_lib"));
        onMounted(() => this.draw());
        onWillUnmount(() => this.chart?.destroy());
    }

    draw() {
        const { datasets, x_label, y_label, x_percent, x_split, y_split } = this.props.chart;
        // the thresholds that cut the plane into its quadrants, as dashed lines
        const splits = {
            id: "kamSplits",
            afterDatasetsDraw(chart) {
                const { ctx, chartArea, scales } = chart;
                ctx.save();
                ctx.setLineDash([6, 4]);
                ctx.strokeStyle = "rgba(0, 0, 0, 0.45)";
                ctx.lineWidth = 1.5;
                if (x_split !== undefined) {
                    const x = scales.x.getPixelForValue(x_split);
                    ctx.beginPath();
                    ctx.moveTo(x, chartArea.top);
                    ctx.lineTo(x, chartArea.bottom);
                    ctx.stroke();
                }
                if (y_split !== undefined && y_split <= scales.y.max) {
                    const y = scales.y.getPixelForValue(y_split);
                    ctx.beginPath();
                    ctx.moveTo(chartArea.left, y);
                    ctx.lineTo(chartArea.right, y);
                    ctx.stroke();
                }
                ctx.restore();
            },
        };
        this.chart = new Chart(this.canvasRef.el, {
            type: "bubble",
            data: { datasets },
            plugins: [splits],
            options: {
                animation: false,
                maintainAspectRatio: false,
                scales: {
                    x: {
                        min: 0,
                        max: x_percent ? 1 : undefined,
                        title: { display: true, text: x_label },
                        ticks: {
                            callback: (value) =>
                                x_percent ? `${Math.round(value * 100)}%` : value,
                        },
                    },
                    y: { beginAtZero: true, title: { display: true, text: y_label } },
                },
                plugins: {
                    legend: { position: "bottom" },
                    tooltip: { callbacks: { label: (ctx) => ctx.raw.label } },
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
                onClick: (event, elements) => {
                    if (elements.length) {
                        const { datasetIndex, index } = elements[0];
                        this.actionService.doAction(datasets[datasetIndex].data[index].action);
                    }
                },
            },
        });
    }
}
