# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The pictures of the quarterly review workbook and of the rebate statement
(xlsxwriter charts). Each chart reads a small table written next to it, so the
figures behind a picture stay in the workbook."""

from datetime import timedelta

QUADRANT_COLORS = {
    "key": "#2E7D32",
    "hold": "#0288D1",
    "develop": "#F9A825",
    "harvest": "#9E9E9E",
}


def _ref(sheet_name, first_row, col, last_row=None, last_col=None):
    """``[sheet, first_row, col, last_row, last_col]`` as xlsxwriter takes it."""
    return [
        sheet_name,
        first_row,
        col,
        first_row if last_row is None else last_row,
        col if last_col is None else last_col,
    ]


def _table(sheet, styles, row, headers, rows, formats=None):
    """Write a small table at ``row`` from column A; returns its first and last
    data rows. ``formats``: {column: style name}."""
    formats = formats or {}
    for col, header in enumerate(headers):
        sheet.write(row, col, header, styles["head"])
    for index, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            sheet.write(row + index, col, value, styles.get(formats.get(col)))
    return row + 1, row + max(len(rows), 1)


def add_review_charts(wizard, book, styles, partners):
    """The Charts sheet of the review workbook: revenue by class, the matrix as a
    scatter chart, the phase changes of the period, complaints by category and
    cost. Returns the sheet (the one the workbook opens on)."""
    env = wizard.env
    name = env._("Charts")
    sheet = book.add_worksheet(name)
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 4, 16)
    title = book.add_format({"bold": True, "font_size": 14})
    sheet.write(
        0,
        0,
        env._(
            "Quarterly review: %(start)s - %(end)s",
            start=wizard.date_from,
            end=wizard.date_to,
        ),
        title,
    )
    row = 2
    for builder in (_revenue_by_class, _matrix_scatter, _phase_changes, _complaints):
        row = builder(wizard, book, sheet, name, styles, partners, row) + 2
    sheet.activate()
    return sheet


def _selection(env, model, field):
    return env[model]._fields[field]._description_selection(env)


def _revenue_by_class(wizard, book, sheet, name, styles, partners, row):
    env = wizard.env
    rows = []
    for code, label in _selection(env, "res.partner", "kam_client_class"):
        members = partners.filtered(lambda p, c=code: p.kam_client_class == c)
        rows.append(
            (
                label,
                sum(members.mapped("kam_revenue_12m")),
                sum(members.mapped("kam_margin_12m")),
            )
        )
    first, last = _table(
        sheet,
        styles,
        row,
        [env._("Client Class"), env._("Revenue 12 Months"), env._("Margin 12 Months")],
        rows,
        {1: "money", 2: "money"},
    )
    chart = book.add_chart({"type": "column"})
    for col, color in ((1, "#1F4E79"), (2, "#70AD47")):
        chart.add_series(
            {
                "name": [name, row, col],
                "categories": _ref(name, first, 0, last, 0),
                "values": _ref(name, first, col, last, col),
                "fill": {"color": color},
            }
        )
    chart.set_title({"name": env._("Revenue and margin by client class")})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 300})
    sheet.insert_chart(row, 5, chart)
    return max(last, row + 15)


def _matrix_scatter(wizard, book, sheet, name, styles, partners, row):
    """One series per quadrant: share of wallet (x) against requirement value (y)."""
    env = wizard.env
    sheet.write(row, 0, env._("Share of wallet × requirement value"), styles["bold"])
    row += 1
    chart = book.add_chart({"type": "scatter"})
    col_headers = [
        env._("Customer"),
        env._("Share of Wallet"),
        env._("Requirement Value"),
        env._("Revenue 12 Months"),
    ]
    start = row
    if not partners.filtered("kam_quadrant"):
        # no client in the matrix yet (no requirement entered): no empty chart
        sheet.write(row, 0, env._("No key account is in the matrix yet."))
        return row + 1
    for code, label in _selection(env, "res.partner", "kam_quadrant"):
        members = partners.filtered(lambda p, c=code: p.kam_quadrant == c)
        if not members:
            continue
        sheet.write(row, 0, label, styles["bold"])
        first, last = _table(
            sheet,
            styles,
            row + 1,
            col_headers,
            [
                (
                    p.name,
                    p.kam_share_of_wallet,
                    p.kam_requirement_value,
                    p.kam_revenue_12m,
                )
                for p in members
            ],
            {1: "pct", 2: "money", 3: "money"},
        )
        color = QUADRANT_COLORS.get(code, "#444444")
        chart.add_series(
            {
                "name": label,
                "categories": _ref(name, first, 1, last, 1),
                "values": _ref(name, first, 2, last, 2),
                "marker": {
                    "type": "circle",
                    "size": 9,
                    "fill": {"color": color},
                    "border": {"color": color},
                },
            }
        )
        row = last + 2
    chart.set_title({"name": env._("The matrix: share of wallet × requirement value")})
    chart.set_x_axis(
        {"name": env._("Share of Wallet"), "num_format": "0%", "min": 0, "max": 1}
    )
    chart.set_y_axis({"name": env._("Requirement Value"), "num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 360})
    sheet.insert_chart(start, 5, chart)
    return max(row, start + 18)


def _phase_changes(wizard, book, sheet, name, styles, partners, row):
    env = wizard.env
    events = env["kam.lifecycle.event"].search(
        [
            ("partner_id", "in", partners.ids),
            ("company_id", "=", env.company.id),
            ("date", ">=", wizard.date_from),
            ("date", "<", wizard.date_to + timedelta(days=1)),
        ]
    )
    rows = [
        (label, len(events.filtered(lambda e, c=code: e.phase_to == c)))
        for code, label in _selection(env, "kam.lifecycle.event", "phase_to")
    ]
    first, last = _table(
        sheet, styles, row, [env._("Moved To"), env._("Changes")], rows
    )
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": env._("Phase changes"),
            "categories": _ref(name, first, 0, last, 0),
            "values": _ref(name, first, 1, last, 1),
            "fill": {"color": "#5B9BD5"},
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": env._("Phase changes of the period")})
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": 260})
    sheet.insert_chart(row, 5, chart)
    return max(last, row + 13)


def _complaints(wizard, book, sheet, name, styles, partners, row):
    env = wizard.env
    start, end = wizard._period_bounds()
    complaints = env["kam.complaint"].search(
        [
            ("commercial_partner_id", "in", partners.ids),
            ("company_id", "=", env.company.id),
            ("date_received", ">=", start),
            ("date_received", "<", end),
        ]
    )
    rows = []
    for code, label in _selection(env, "kam.complaint", "category"):
        members = complaints.filtered(lambda c, k=code: c.category == k)
        rows.append((label, len(members), sum(members.mapped("resolution_cost"))))
    first, last = _table(
        sheet,
        styles,
        row,
        [env._("Category"), env._("Complaints"), env._("Cost")],
        rows,
        {2: "money"},
    )
    chart = book.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": env._("Complaints"),
            "categories": _ref(name, first, 0, last, 0),
            "values": _ref(name, first, 1, last, 1),
            "fill": {"color": "#ED7D31"},
        }
    )
    cost = book.add_chart({"type": "line"})
    cost.add_series(
        {
            "name": env._("Cost"),
            "categories": _ref(name, first, 0, last, 0),
            "values": _ref(name, first, 2, last, 2),
            "y2_axis": True,
            "marker": {"type": "diamond", "size": 7},
        }
    )
    chart.combine(cost)
    chart.set_title({"name": env._("Complaints by category and their cost")})
    chart.set_y_axis({"name": env._("Complaints")})
    cost.set_y2_axis({"name": env._("Cost"), "num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 300})
    sheet.insert_chart(row, 5, chart)
    return max(last, row + 15)


def add_statement_chart(env, book, sheet, first_row, last_row, volume, anchor):
    """The rebate statement's progress chart: the tiers' thresholds (column 0 of
    rows ``first_row``..``last_row``) as bars and the customer's volume as a line
    across them. Writes the volume in column 6 of those rows (the line's data)."""
    name = sheet.get_name()
    sheet.write(first_row - 1, 6, env._("Volume"))
    for r in range(first_row, last_row + 1):
        sheet.write_number(r, 6, volume)
    chart = book.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": env._("Tier threshold"),
            "values": _ref(name, first_row, 0, last_row, 0),
            "fill": {"color": "#A9D18E"},
            "data_labels": {"value": True, "num_format": "#,##0"},
        }
    )
    line = book.add_chart({"type": "line"})
    line.add_series(
        {
            "name": env._("Volume to date"),
            "values": _ref(name, first_row, 6, last_row, 6),
            "line": {"color": "#C00000", "width": 2.5},
        }
    )
    chart.combine(line)
    chart.set_title({"name": env._("Volume against the tiers")})
    chart.set_x_axis({"name": env._("Tier")})
    chart.set_y_axis({"num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 560, "height": 300})
    sheet.insert_chart(anchor, 8, chart)
    return chart
