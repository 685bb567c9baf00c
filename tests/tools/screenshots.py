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

import websocket

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 960

SCROLL = "@scroll"  # a step: scroll the form to its notebook

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
            "![The workbook's charts](workbook_charts.png)",
            "",
        ]
    (OUT / "README.md").write_text("\n".join(lines), encoding="utf-8")


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
                if selector == SCROLL:
                    browser.scroll_to(".o_form_view .o_notebook")
                else:
                    browser.click(selector)
            browser.wait_for(ready)
            browser.tidy()
            path = OUT / f"{name}{suffix}.png"
            browser.shot(path)
            print(f"{path.relative_to(ROOT)}")
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
