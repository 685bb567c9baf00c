/** The key-account form in Simplified Chinese: no English label on the KAM tabs. */
import { registry } from "@web/core/registry";

// names that stay as they are in Chinese (acronyms, units)
const ALLOWED = /^(MVC|MGC|BZC|VIP|KAM|SLA|ID|t|kg)$/;

function checkTranslated(root) {
    const selectors = [
        ".o_form_label",
        "th",
        ".o_horizontal_separator",
        "a.nav-link",
        ".o_kam_figures td:first-child",
        "button",
        ".alert strong",
    ];
    const english = [];
    for (const el of root.querySelectorAll(selectors.join(","))) {
        const text = (el.innerText || "").trim();
        if (!text || ALLOWED.test(text) || /[\u4e00-\u9fff]/.test(text)) {
            continue;
        }
        if (/[A-Za-z]{3,}/.test(text)) {
            english.push(text);
        }
    }
    if (english.length) {
        throw new Error(`untranslated labels: ${[...new Set(english)].join(" | ")}`);
    }
}

const tab = (name) => [
    {
        content: `open the ${name} tab`,
        trigger: `.o_form_view .o_notebook a.nav-link[name=${name}]`,
        run: "click",
    },
    {
        content: `the ${name} tab reads in Chinese`,
        trigger: `.o_form_view .o_notebook a.nav-link.active[name=${name}]`,
        run() {
            const pane = this.anchor.closest(".o_notebook").querySelector(".tab-pane");
            checkTranslated(pane);
            checkTranslated(this.anchor.parentElement);
        },
    },
];

const subTab = (name) => [
    {
        content: `open the ${name} page`,
        trigger: `.o_notebook .o_notebook a.nav-link[name=${name}]`,
        run: "click",
    },
    {
        content: `the ${name} page reads in Chinese`,
        trigger: `.o_notebook .o_notebook a.nav-link.active[name=${name}]`,
        run() {
            checkTranslated(this.anchor.closest(".o_notebook").querySelector(".tab-pane"));
        },
    },
];

registry.category("web_tour.tours").add("kam_tour_key_account_zh", {
    steps: () => [
        {
            content: "the form is in Chinese",
            trigger: ".o_form_view .o_notebook a.nav-link[name=kam_key_account]:contains('大客户')",
        },
        ...tab("kam_key_account"),
        ...subTab("kam_profile"),
        ...subTab("kam_decision_unit"),
        ...subTab("kam_competitors"),
        ...subTab("kam_plans_visits"),
        ...subTab("kam_lifecycle_events"),
        ...tab("kam_segments"),
        ...tab("kam_rebates"),
        ...tab("kam_complaints"),
    ],
});
