#!/usr/bin/env python3
# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Take the README's screenshots from a demo database in headless Chromium.

    python3 tests/tools/screenshots.py --config .kam/odoo-DB.conf --db DB

Starts an Odoo server on the database (with demo data: ``setup/test`` keeps one with
``KAM_TEST_KEEP_DB=1``), logs in as ``admin``, opens each screen, waits for what it
shows (an element, never a fixed time) and writes ``docs/screenshots/<name>.png``.
Needs Chromium (``chromium`` or ``google-chrome``) and ``websocket-client``; retake
the shots after a change to the screens.
"""

import argparse
import base64
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import openpyxl
import websocket

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 960

SCROLL = "@scroll .o_form_view .o_notebook"  # a step: scroll to an element

# name, record (xml id or None), url (with {id}), steps before the shot, wait for,
# what the shot shows (for docs/screenshots/README.md)
SHOTS = [
    (
        "dashboard",
        None,
        "/odoo/action-kam_lifecycle.kam_dashboard_action",
        [],
        ".o_kam_dashboard_section .o_kam_dashboard_value",
        "Sales > Key Accounts > Dashboard: the KAM manager's morning",
    ),
    (
        "partner_key_account",
        "kam_lifecycle.res_partner_huanong_demo",
        "/odoo/action-kam_lifecycle.res_partner_action_key_accounts/{id}",
        ["a.nav-link[name=kam_key_account]", SCROLL],
        ".o_notebook a.nav-link.active[name=kam_key_account]",
        "A key account's Key Account tab: manager, phase, profile and strategy",
    ),
    (
        "partner_segments",
        "kam_lifecycle.res_partner_huanong_demo",
        "/odoo/action-kam_lifecycle.res_partner_action_key_accounts/{id}",
        ["a.nav-link[name=kam_segments]", SCROLL],
        "table.o_kam_figures",
        "The Segments tab: classes, the 12-month figures, why and what to do",
    ),
    (
        "partner_rebates",
        "kam_lifecycle.res_partner_huanong_demo",
        "/odoo/action-kam_lifecycle.res_partner_action_key_accounts/{id}",
        ["a.nav-link[name=kam_rebates]", SCROLL],
        ".o_field_widget[name=kam_rebate_progress_ids] .o_data_row",
        "The Rebates tab: volume to date, tier, progress to the next tier",
    ),
    (
        "partner_complaints",
        "kam_lifecycle.res_partner_huanong_demo",
        "/odoo/action-kam_lifecycle.res_partner_action_key_accounts/{id}",
        ["a.nav-link[name=kam_complaints]", SCROLL],
        ".o_notebook a.nav-link.active[name=kam_complaints]",
        "The Complaints tab: figures of the last 12 months and open complaints",
    ),
    (
        "matrix_bubbles",
        None,
        "/odoo/action-kam_lifecycle.kam_dashboard_action",
        ["@scroll .o_kam_dashboard_matrix"],
        ".o_kam_dashboard_matrix canvas",
        "The dashboard's matrix: a bubble per client (share of wallet × "
        "requirement value, sized by revenue); a click opens the client",
    ),
    (
        "matrix",
        None,
        "/odoo/action-kam_segmentation.res_partner_action_kam_matrix",
        [],
        ".o_kam_matrix .o_kanban_record",
        "Segments > Matrix: share of wallet × requirement size, with strategies",
    ),
    (
        "complaint_approval",
        "kam_complaints.kam_complaint_waiting_approval2_demo",
        "/odoo/action-kam_complaints.kam_complaint_action/{id}",
        ["a.nav-link[name=resolution]"],
        ".o_field_widget[name=approval_ids] .o_data_row",
        "A complaint waiting for approval: the steps of its approval rules",
    ),
    (
        "rebate_program",
        "kam_segmentation.kam_rebate_program_price_demo",
        "/odoo/action-kam_segmentation.kam_rebate_program_action/{id}",
        ["a.nav-link[name=progress]"],
        ".o_field_widget[name=progress_ids] .o_data_row",
        "A rebate program: tiers, customers and their progress",
    ),
    (
        "rebate_tiers",
        "kam_segmentation.kam_rebate_program_price_demo",
        "/odoo/action-kam_segmentation.kam_rebate_program_action/{id}",
        ["a.nav-link[name=tiers]"],
        ".o_field_widget[name=tier_ids] .o_data_row",
        "A rebate program's tiers",
    ),
    (
        "review_workbook",
        None,
        "/odoo/action-kam_segmentation.kam_review_wizard_action",
        [],
        ".modal button[name=action_generate]",
        "Segments > Quarterly Review Workbook (the workbook itself: "
        "workbook_charts.png)",
    ),
]


def write_index():
    """docs/screenshots/README.md: every shot with what it shows."""
    lines = [
        "# Screenshots",
        "",
        "Taken from the demo database in headless Chromium by",
        "`tests/tools/screenshots.py` (see its docstring); retake them after a change",
        "to the screens. `*_zh_CN.png`: the same screen in Simplified Chinese.",
        "",
    ]
    for name, _xmlid, _url, _clicks, _ready, what in SHOTS:
        lines += [f"## {what}", "", f"![{what}]({name}.png)", ""]
        if (OUT / f"{name}_zh_CN.png").exists():
            lines += [f"![{what} (zh_CN)]({name}_zh_CN.png)", ""]
    if (OUT / "workbook_charts.png").exists():
        lines += [
            "## The quarterly review workbook's Charts sheet",
            "",
            "The charts of a workbook generated from the demo data, drawn in the",
            "browser from the charts and cells of the .xlsx (Excel and LibreOffice",
            "show the same charts natively).",
            "",
            "![The workbook's charts](workbook_charts.png)",
            "",
        ]
    (OUT / "README.md").write_text("\n".join(lines), encoding="utf-8")


def _values(book, ref):
    """The cell values of a chart reference such as ``Charts!$B$4:$B$9``."""
    sheet, cells = ref.rsplit("!", 1)
    cells = book[sheet.strip("'")][cells.replace("$", "")]
    if not isinstance(cells, tuple):
        return [cells.value]
    return [cell.value for row in cells for cell in row]


def _chart_specs(book):
    """The charts of the workbook's Charts sheet as Chart.js configurations, read
    from the workbook itself (types, titles, series and the cells they point to)."""
    sheet = book.active
    specs = []
    for chart in sheet._charts:
        title = "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
        datasets, labels, kind = [], None, "bar"
        for part in getattr(chart, "_charts", [chart]):
            part_kind = type(part).__name__
            for series in part.series:
                name = series.tx.v if series.tx and series.tx.v else ""
                if series.tx and series.tx.strRef:
                    name = _values(book, series.tx.strRef.f)[0]
                if part_kind == "ScatterChart":
                    kind = "scatter"
                    xs = _values(book, series.xVal.numRef.f)
                    ys = _values(book, series.yVal.numRef.f)
                    first_row = int(series.xVal.numRef.f.split("$")[-1].split(":")[0])
                    names = [sheet.cell(first_row + i, 1).value for i in range(len(xs))]
                    datasets.append(
                        {
                            "label": name,
                            "data": [
                                {"x": x, "y": y, "name": n}
                                for x, y, n in zip(xs, ys, names, strict=False)
                            ],
                            "pointRadius": 7,
                        }
                    )
                    continue
                if series.cat is not None:
                    ref = series.cat.strRef or series.cat.numRef
                    labels = _values(book, ref.f)
                dataset = {"label": name, "data": _values(book, series.val.numRef.f)}
                if part_kind == "LineChart":
                    dataset.update(type="line", yAxisID="y2")
                elif part_kind == "BarChart" and part.barDir == "bar":
                    kind = "horizontal"
                datasets.append(dataset)
        specs.append({"title": title, "kind": kind, "labels": labels, "data": datasets})
    return specs


CHARTS_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Charts</title>
<style>
body { font-family: sans-serif; margin: 16px; background: #fff; }
h1 { font-size: 20px; margin: 0 0 12px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.cell { border: 1px solid #ddd; border-radius: 6px; padding: 8px; height: 400px; }
</style>
<script src="%(chartjs)s"></script></head>
<body><h1>%(heading)s</h1><div class="grid" id="grid"></div>
<script>
const specs = %(specs)s;
const colors = ["#1F4E79", "#70AD47", "#F9A825", "#9E9E9E", "#ED7D31", "#5B9BD5"];
for (const spec of specs) {
    const cell = document.createElement("div");
    cell.className = "cell";
    const canvas = document.createElement("canvas");
    cell.appendChild(canvas);
    document.getElementById("grid").appendChild(cell);
    spec.data.forEach((d, i) => {
        d.backgroundColor = d.borderColor = colors[i %% 6];
    });
    const scales = {};
    if (spec.kind === "scatter") {
        scales.x = { min: 0, max: 1, title: { display: true, text: "%(x_title)s" },
                     ticks: { callback: (v) => Math.round(v * 100) + "%%" } };
    }
    if (spec.data.some((d) => d.yAxisID === "y2")) {
        scales.y = { position: "left", beginAtZero: true };
        scales.y2 = { position: "right", beginAtZero: true,
                      grid: { drawOnChartArea: false } };
        spec.data.forEach((d) => { d.yAxisID = d.yAxisID || "y"; });
    }
    new Chart(canvas, {
        type: spec.kind === "scatter" ? "scatter" : "bar",
        data: { labels: spec.labels || undefined, datasets: spec.data },
        options: {
            animation: false, maintainAspectRatio: false,
            indexAxis: spec.kind === "horizontal" ? "y" : "x",
            plugins: { title: { display: true, text: spec.title, font: { size: 15 } },
                       legend: { position: "bottom" } },
            scales,
        },
    });
}
window.kamChartsDone = true;
</script></body></html>
"""


def workbook_shot(browser, base, call_kw, suffix):
    """The review workbook's Charts sheet, drawn with Chart.js from the charts
    and cells of a workbook generated now (headless Chromium draws no .xlsx)."""
    today = time.strftime("%Y-%m-%d")
    quarter = f"{today[:5]}{3 * ((int(today[5:7]) - 1) // 3) + 1:02d}-01"
    wizard_id = call_kw(
        "kam.review.wizard", "create", {"date_from": quarter, "date_to": today}
    )
    call_kw("kam.review.wizard", "action_generate", [wizard_id])
    data = call_kw("kam.review.wizard", "read", [wizard_id], ["file_data"])[0]
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["file_data"])))
    page = Path(browser.profile) / "charts.html"
    page.write_text(
        CHARTS_PAGE
        % {
            "chartjs": base + "/web/static/lib/Chart/Chart.js",
            "heading": book.active["A1"].value,
            "specs": json.dumps(_chart_specs(book), default=str),
            "x_title": book.active._charts[1].x_axis.title.tx.rich.p[0].r[0].t,
        },
        encoding="utf-8",
    )
    browser.call("Page.navigate", url=page.as_uri())
    end = time.time() + 30
    while not browser.evaluate("window.kamChartsDone === true"):
        if time.time() > end:
            raise TimeoutError("the charts page did not draw")
        time.sleep(0.1)
    path = OUT / f"workbook_charts{suffix}.png"
    browser.shot(path)
    print(path.relative_to(ROOT))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chrome_binary():
    names = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    sys.exit("No Chromium or Chrome found (apt-get install chromium)")


class Browser:
    """Just enough of the Chrome DevTools protocol to load pages and shoot them."""

    def __init__(self):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="kam_shots_")
        self.proc = subprocess.Popen(
            [
                chrome_binary(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = self._page_socket()
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.counter = 0
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _page_socket(self):
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json") as r:
                    pages = [t for t in json.load(r) if t["type"] == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except OSError:
                pass
            time.sleep(0.1)
        sys.exit("Chromium did not start")

    def call(self, method, **params):
        self.counter += 1
        message = {"id": self.counter, "method": method, "params": params}
        self.ws.send(json.dumps(message))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        """Wait for ``selector`` and for the web client to be idle."""
        check = (
            f"!!document.querySelector({json.dumps(selector)})"
            " && !document.querySelector('.o_loading_indicator, .o-spinner')"
        )
        end = time.time() + timeout
        while time.time() < end:
            if self.evaluate(check):
                # two animation frames: the last render is painted
                self.evaluate(
                    "new Promise(r => requestAnimationFrame("
                    "() => requestAnimationFrame(r)))"
                )
                return
            time.sleep(0.1)
        raise TimeoutError(f"{selector} did not show up")

    def click(self, selector):
        self.wait_for(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def scroll_to(self, selector):
        self.wait_for(selector)
        self.evaluate(
            f"document.querySelector({json.dumps(selector)})"
            ".scrollIntoView({block: 'start'})"
        )

    def tidy(self):
        """No passing notification in the picture."""
        self.evaluate(
            "document.querySelectorAll('.o_notification_manager .o_notification')"
            ".forEach(n => n.remove());"
        )
        self.evaluate(
            "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def shot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def rpc(opener, base, route, params):
    request = urllib.request.Request(
        base + route,
        data=json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params}
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request) as response:
        answer = json.load(response)
    if answer.get("error"):
        raise RuntimeError(answer["error"]["data"]["message"])
    return answer["result"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--lang", default="en_US", help="e.g. zh_CN (suffix _zh_CN)")
    parser.add_argument("--only", nargs="*", help="names of the shots to take")
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "odoo", "-c", args.config, "-d", args.db,
         f"--http-port={port}", "--max-cron-threads=0", "--log-level=warn",
         *([f"--load-language={args.lang}"] if args.lang != "en_US" else [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    browser = None
    try:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(300):
            try:
                opener.open(base + "/web/login")
                break
            except OSError:
                time.sleep(0.2)
        session = rpc(
            opener,
            base,
            "/web/session/authenticate",
            {"db": args.db, "login": args.login, "password": args.password},
        )
        uid = session["uid"]

        def call_kw(model, method, *a, **kw):
            kw.setdefault("context", {"lang": args.lang})
            return rpc(
                opener,
                base,
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": list(a), "kwargs": kw},
            )

        old_lang = call_kw("res.users", "read", [uid], ["lang"])[0]["lang"]
        if args.lang != old_lang:
            call_kw("res.users", "write", [uid], {"lang": args.lang})
        cookie = next(c for c in jar if c.name == "session_id")
        browser = Browser()
        browser.call(
            "Network.setCookie",
            name="session_id",
            value=cookie.value,
            domain="127.0.0.1",
            path="/",
        )
        OUT.mkdir(parents=True, exist_ok=True)
        suffix = "" if args.lang == "en_US" else f"_{args.lang}"
        for name, xmlid, url, clicks, ready, _what in SHOTS:
            if args.only and name not in args.only:
                continue
            record_id = 0
            if xmlid:
                module, xml_name = xmlid.split(".")
                found = call_kw(
                    "ir.model.data",
                    "search_read",
                    [("module", "=", module), ("name", "=", xml_name)],
                    ["res_id"],
                )
                if not found:
                    print(f"skipped {name}: {xmlid} is not in the database")
                    continue
                record_id = found[0]["res_id"]
            browser.call("Page.navigate", url=base + url.format(id=record_id))
            browser.wait_for(".o_action_manager .o_action, .modal")
            for selector in clicks:
                if selector.startswith("@scroll "):
                    browser.scroll_to(selector.removeprefix("@scroll "))
                else:
                    browser.click(selector)
            browser.wait_for(ready)
            browser.tidy()
            path = OUT / f"{name}{suffix}.png"
            browser.shot(path)
            print(f"{path.relative_to(ROOT)}")
        if not args.only or "workbook_charts" in args.only:
            workbook_shot(browser, base, call_kw, suffix)
        if args.lang != old_lang:
            call_kw("res.users", "write", [uid], {"lang": old_lang})
        write_index()
    finally:
        if browser:
            browser.close()
        server.terminate()
        server.wait(30)
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
