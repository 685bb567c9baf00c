# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rebate statement of one settlement as an .xlsx file (xlsxwriter).

One sheet, top to bottom: the header (program, customer, period, basis), the
invoices counted and their total, the tiers with the chart of the volume reached,
the volume and entitlement, the earlier settlements, this settlement. Each block is
a function writing from a row and returning the row after it.
"""

import io
from types import SimpleNamespace

import xlsxwriter

from . import kam_review_charts


def _note_name(move):
    if not move:
        return ""
    return move.name if move.name and move.name != "/" else move.display_name


def _selection_label(record, field_name):
    """The label of a selection field's value, in the environment's language."""
    field = record._fields[field_name]
    return dict(field._description_selection(record.env))[record[field_name]]


def _new_statement(env, output):
    """The workbook, its one sheet and the cell formats, as one namespace."""
    book = xlsxwriter.Workbook(
        output,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    formats = {
        "bold": {"bold": True},
        "title": {"bold": True, "font_size": 14},
        "money": {"num_format": "#,##0.00"},
        "money_bold": {"num_format": "#,##0.00", "bold": True},
        "qty": {"num_format": "#,##0.000"},
    }
    doc = SimpleNamespace(env=env, book=book)
    for name, properties in formats.items():
        setattr(doc, name, book.add_format(properties))
    doc.sheet = book.add_worksheet(env._("Statement"))
    doc.sheet.set_column(0, 0, 28)
    doc.sheet.set_column(1, 5, 18)
    return doc


def _write_column_labels(doc, row, labels):
    for col, label in enumerate(labels):
        doc.sheet.write(row, col, label, doc.bold)
    return row + 1


def _write_header(doc, row, settlement):
    env, program = doc.env, settlement.program_id
    doc.sheet.write(row, 0, env._("Rebate statement"), doc.title)
    row += 2
    header = [
        (env._("Program"), program.name),
        (env._("Customer"), settlement.partner_id.display_name),
        (env._("Company"), program.company_id.name),
        (env._("Period"), f"{program.date_start} - {program.date_end}"),
        (env._("Invoices up to"), str(settlement.date)),
        (env._("Basis"), _selection_label(program, "basis")),
        (env._("Calculation"), _selection_label(program, "calculation")),
        (env._("Unit"), program._kam_basis_unit()),
    ]
    for label, value in header:
        doc.sheet.write(row, 0, label, doc.bold)
        doc.sheet.write(row, 1, value)
        row += 1
    return row + 1


def _write_invoices(doc, row, moves):
    """The invoices and credit notes counted, by date, and their total."""
    env, sheet = doc.env, doc.sheet
    sheet.write(row, 0, env._("Invoices counted"), doc.title)
    labels = [
        env._("Number"),
        env._("Date"),
        env._("Type"),
        env._("Quantity"),
        env._("Amount"),
    ]
    row = _write_column_labels(doc, row + 1, labels)
    records = env["account.move"].sudo().browse([m[0] for m in moves])
    by_id = {move.id: move for move in records}
    total_qty = total_amount = 0.0
    for move_id, quantity, amount in sorted(
        moves, key=lambda m: (by_id[m[0]].invoice_date, by_id[m[0]].name)
    ):
        move = by_id[move_id]
        kind = (
            env._("Credit note") if move.move_type == "out_refund" else env._("Invoice")
        )
        sheet.write(row, 0, move.name)
        sheet.write(row, 1, str(move.invoice_date))
        sheet.write(row, 2, kind)
        sheet.write_number(row, 3, quantity or 0.0, doc.qty)
        sheet.write_number(row, 4, amount or 0.0, doc.money)
        total_qty += quantity or 0.0
        total_amount += amount or 0.0
        row += 1
    sheet.write(row, 0, env._("Total"), doc.bold)
    sheet.write_number(row, 3, total_qty, doc.qty)
    sheet.write_number(row, 4, total_amount, doc.money_bold)
    return row + 2


def _write_tiers(doc, row, settlement):
    """The program's tiers, the one reached, the volume and rebate of each, and the
    chart of the volume against the thresholds."""
    env, sheet, program = doc.env, doc.sheet, settlement.program_id
    unit = program._kam_basis_unit()
    sheet.write(row, 0, env._("Tiers"), doc.title)
    figures = program._kam_evaluate(settlement.volume, settlement.counted_amount)
    slices = {s[0]: s for s in figures["slices"]}
    labels = [
        env._("From"),
        env._("Rate"),
        env._("Reached"),
        env._("Volume in tier"),
        env._("Rebate"),
    ]
    row = _write_column_labels(doc, row + 1, labels)
    tiers = program.tier_ids.sorted(lambda t: (t.threshold, t.id))
    first_tier_row = row
    for index, tier in enumerate(tiers):
        sheet.write_number(row, 0, tier.threshold, doc.qty)
        sheet.write(row, 1, tier._kam_rate_label(unit))
        sheet.write(row, 2, env._("yes") if tier == settlement.tier_id else "")
        if index in slices:
            sheet.write_number(row, 3, float(slices[index][1]), doc.qty)
            sheet.write_number(row, 4, float(slices[index][2]), doc.money)
        row += 1
    if tiers:
        kam_review_charts.add_statement_chart(
            env, doc.book, sheet, first_tier_row, row - 1, settlement.volume, 2
        )
    return row + 1


def _write_entitlement(doc, row, settlement):
    summary = [
        (doc.env._("Volume"), settlement.volume, doc.qty),
        (doc.env._("Entitlement to date"), settlement.entitlement, doc.money_bold),
    ]
    for label, value, fmt in summary:
        doc.sheet.write(row, 0, label, doc.bold)
        doc.sheet.write_number(row, 1, value, fmt)
        row += 1
    return row + 1


def _write_earlier(doc, row, settlement, earlier):
    """The earlier settlements paid, and what they paid in all."""
    env, sheet = doc.env, doc.sheet
    sheet.write(row, 0, env._("Earlier settlements"), doc.title)
    labels = [env._("Up to"), env._("Credit note"), env._("Amount")]
    row = _write_column_labels(doc, row + 1, labels)
    for previous in earlier:
        sheet.write(row, 0, str(previous.date))
        sheet.write(row, 1, _note_name(previous.credit_note_id))
        sheet.write_number(row, 2, previous.amount, doc.money)
        row += 1
    sheet.write(row, 0, env._("Total"), doc.bold)
    sheet.write_number(row, 2, settlement.previously_settled, doc.money_bold)
    return row + 2


def _write_this_settlement(doc, row, settlement):
    env, sheet = doc.env, doc.sheet
    currency = settlement.program_id.company_id.currency_id.name
    sheet.write(row, 0, env._("This settlement"), doc.title)
    row += 1
    sheet.write(row, 0, env._("Amount (%(currency)s)", currency=currency), doc.bold)
    sheet.write_number(row, 1, settlement.amount, doc.money_bold)
    row += 1
    sheet.write(row, 0, env._("Credit note"), doc.bold)
    sheet.write(
        row,
        1,
        _note_name(settlement.credit_note_id)
        or (env._("none: to review") if settlement.amount < 0 else ""),
    )
    return row + 1


def build_statement(settlement, moves, earlier):
    """The statement of ``settlement`` as xlsx bytes.

    ``moves``: ``[(move_id, quantity, amount)]`` the invoices and credit notes counted;
    ``earlier``: the earlier settlements (``kam.rebate.settlement``) paid.
    """
    output = io.BytesIO()
    doc = _new_statement(settlement.env, output)
    row = _write_header(doc, 0, settlement)
    row = _write_invoices(doc, row, moves)
    row = _write_tiers(doc, row, settlement)
    row = _write_entitlement(doc, row, settlement)
    row = _write_earlier(doc, row, settlement, earlier)
    _write_this_settlement(doc, row, settlement)
    doc.book.close()
    return output.getvalue()
