# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rebate statement of one settlement as an .xlsx file (xlsxwriter)."""

import io

import xlsxwriter

from . import kam_review_charts


def _note_name(move):
    if not move:
        return ""
    return move.name if move.name and move.name != "/" else move.display_name


def build_statement(settlement, moves, earlier):
    """The statement of ``settlement`` as xlsx bytes.

    ``moves``: ``[(move_id, quantity, amount)]`` the invoices and credit notes counted;
    ``earlier``: the earlier settlements (``kam.rebate.settlement``) paid.
    """
    env = settlement.env
    program = settlement.program_id
    unit = program._kam_basis_unit()
    currency = program.company_id.currency_id.name
    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    qty = book.add_format({"num_format": "#,##0.000"})
    sheet = book.add_worksheet(env._("Statement"))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 5, 18)
    row = 0
    sheet.write(row, 0, env._("Rebate statement"), title)
    row += 2
    header = [
        (env._("Program"), program.name),
        (env._("Customer"), settlement.partner_id.display_name),
        (env._("Company"), program.company_id.name),
        (env._("Period"), f"{program.date_start} - {program.date_end}"),
        (env._("Invoices up to"), str(settlement.date)),
        (
            env._("Basis"),
            dict(program._fields["basis"]._description_selection(env))[program.basis],
        ),
        (
            env._("Calculation"),
            dict(program._fields["calculation"]._description_selection(env))[
                program.calculation
            ],
        ),
        (env._("Unit"), unit),
    ]
    for label, value in header:
        sheet.write(row, 0, label, bold)
        sheet.write(row, 1, value)
        row += 1

    row += 1
    sheet.write(row, 0, env._("Invoices counted"), title)
    row += 1
    for col, label in enumerate(
        [
            env._("Number"),
            env._("Date"),
            env._("Type"),
            env._("Quantity"),
            env._("Amount"),
        ]
    ):
        sheet.write(row, col, label, bold)
    row += 1
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
        sheet.write_number(row, 3, quantity or 0.0, qty)
        sheet.write_number(row, 4, amount or 0.0, money)
        total_qty += quantity or 0.0
        total_amount += amount or 0.0
        row += 1
    sheet.write(row, 0, env._("Total"), bold)
    sheet.write_number(row, 3, total_qty, qty)
    sheet.write_number(row, 4, total_amount, money_bold)
    row += 2

    sheet.write(row, 0, env._("Tiers"), title)
    row += 1
    figures = program._kam_evaluate(settlement.volume, settlement.counted_amount)
    slices = {s[0]: s for s in figures["slices"]}
    for col, label in enumerate(
        [
            env._("From"),
            env._("Rate"),
            env._("Reached"),
            env._("Volume in tier"),
            env._("Rebate"),
        ]
    ):
        sheet.write(row, col, label, bold)
    row += 1
    tiers = program.tier_ids.sorted(lambda t: (t.threshold, t.id))
    first_tier_row = row
    for index, tier in enumerate(tiers):
        sheet.write_number(row, 0, tier.threshold, qty)
        sheet.write(row, 1, tier._kam_rate_label(unit))
        sheet.write(row, 2, env._("yes") if tier == settlement.tier_id else "")
        if index in slices:
            sheet.write_number(row, 3, float(slices[index][1]), qty)
            sheet.write_number(row, 4, float(slices[index][2]), money)
        row += 1
    if tiers:
        kam_review_charts.add_statement_chart(
            env, book, sheet, first_tier_row, row - 1, settlement.volume, 2
        )
    row += 1
    summary = [
        (env._("Volume"), settlement.volume, qty),
        (env._("Entitlement to date"), settlement.entitlement, money_bold),
    ]
    for label, value, fmt in summary:
        sheet.write(row, 0, label, bold)
        sheet.write_number(row, 1, value, fmt)
        row += 1
    row += 1

    sheet.write(row, 0, env._("Earlier settlements"), title)
    row += 1
    for col, label in enumerate(
        [env._("Up to"), env._("Credit note"), env._("Amount")]
    ):
        sheet.write(row, col, label, bold)
    row += 1
    for previous in earlier:
        sheet.write(row, 0, str(previous.date))
        sheet.write(row, 1, _note_name(previous.credit_note_id))
        sheet.write_number(row, 2, previous.amount, money)
        row += 1
    sheet.write(row, 0, env._("Total"), bold)
    sheet.write_number(row, 2, settlement.previously_settled, money_bold)
    row += 2

    sheet.write(row, 0, env._("This settlement"), title)
    row += 1
    sheet.write(row, 0, env._("Amount (%(currency)s)", currency=currency), bold)
    sheet.write_number(row, 1, settlement.amount, money_bold)
    row += 1
    sheet.write(row, 0, env._("Credit note"), bold)
    sheet.write(
        row,
        1,
        _note_name(settlement.credit_note_id)
        or (env._("none: to review") if settlement.amount < 0 else ""),
    )
    book.close()
    return output.getvalue()
