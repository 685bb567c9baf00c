"""Bring an addon's i18n files in line with its terms as Odoo exports them today.

    python3 tests/tools/po_sync.py ADDON EXPORTED.pot tests/tools/zh_CN_terms.json

``EXPORTED.pot``: the addon's terms as ``--i18n-export --modules=ADDON`` writes them
today; the JSON file maps msgid to its zh_CN msgstr. ``ADDON/i18n/ADDON.pot`` becomes
the export (its header dates kept when nothing else changed); ``ADDON/i18n/zh_CN.po``
gets the export's entries in its order, each with the export's ``#.`` and ``#:``
lines (which tell Odoo where the term belongs) and its translation as it was, or from
the JSON file for a new term; entries no longer exported go. A new msgid without a
translation is reported (exit code 1).
"""

import ast
import json
import sys


def _unquote(lines):
    return "".join(
        ast.literal_eval(line[line.index('"') :]) for line in lines if '"' in line
    )


def _entries(path):
    """``(header, [(msgid, comment lines, msgid lines, msgstr lines)])``."""
    with open(path, encoding="utf-8") as handle:
        blocks = handle.read().strip("\n").split("\n\n")
    entries = []
    for block in blocks[1:]:
        lines = block.split("\n")
        starts = [line.split(" ", 1)[0] for line in lines]
        first_id, first_str = starts.index("msgid"), starts.index("msgstr")
        entries.append(
            (
                _unquote(lines[first_id:first_str]),
                lines[:first_id],
                lines[first_id:first_str],
                lines[first_str:],
            )
        )
    return blocks[0], entries


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write(path, header, blocks):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join([header, *blocks]) + "\n")


def sync(addon, exported, table):
    pot_path = f"{addon}/i18n/{addon}.pot"
    po_path = f"{addon}/i18n/zh_CN.po"
    pot_header, pot_entries = _entries(pot_path)
    new_header, new_entries = _entries(exported)
    po_header, po_entries = _entries(po_path)
    if [e[1:] for e in new_entries] == [e[1:] for e in pot_entries]:
        new_header = pot_header
    translated = {msgid: (ids, strs) for msgid, _c, ids, strs in po_entries}
    added = [msgid for msgid, *_rest in new_entries if msgid not in translated]
    missing = [msgid for msgid in added if msgid not in table]
    po_blocks = []
    for msgid, comments, ids, _strs in new_entries:
        ids, strs = translated.get(
            msgid, (ids, [f"msgstr {_quote(table.get(msgid, ''))}"])
        )
        po_blocks.append("\n".join([*comments, *ids, *strs]))
    _write(
        pot_path,
        new_header,
        ["\n".join([*c, *i, *s]) for _m, c, i, s in new_entries],
    )
    _write(po_path, po_header, po_blocks)
    gone = len({m for m, *_r in po_entries} - {m for m, *_r in new_entries})
    return added, missing, gone


if __name__ == "__main__":
    with open(sys.argv[3], encoding="utf-8") as handle:
        table = json.load(handle)
    added, missing, gone = sync(sys.argv[1], sys.argv[2], table)
    print(f"{sys.argv[1]}: {len(added)} new terms, {gone} gone")
    for msgid in missing:
        print("  no translation:", msgid)
    sys.exit(1 if missing else 0)
