"""Append the new terms of an addon to its i18n files, leaving the others as they are.

    python3 tests/tools/po_append.py ADDON EXPORTED.pot tests/tools/zh_CN_terms.json

``EXPORTED.pot``: the addon's terms as ``--i18n-export --modules=ADDON`` writes them
today; the JSON file maps msgid to its zh_CN msgstr. Each entry of the
export whose msgid is missing from ``ADDON/i18n/ADDON.pot`` is appended to it as
exported (with its ``#:`` references, which tell Odoo where the term belongs) and,
translated, to ``ADDON/i18n/zh_CN.po``; a msgid without a translation is reported.
"""

import ast
import json
import sys


def _unquote(lines):
    return "".join(
        ast.literal_eval(line[line.index('"') :]) for line in lines if '"' in line
    )


def _blocks(path):
    """``[(msgid, lines before msgstr)]`` of the entries of a .po/.pot file."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        strs = [i for i, line in enumerate(lines) if line.startswith("msgstr ")]
        if not ids or not strs:
            continue
        msgid = _unquote(lines[ids[0] : strs[0]])
        if msgid:
            entries.append((msgid, lines[: strs[0]]))
    return entries


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def append(addon, exported, table):
    pot_path = f"{addon}/i18n/{addon}.pot"
    po_path = f"{addon}/i18n/zh_CN.po"
    known = {msgid for msgid, _lines in _blocks(pot_path)}
    new = [(msgid, lines) for msgid, lines in _blocks(exported) if msgid not in known]
    missing = [msgid for msgid, _lines in new if msgid not in table]
    for path, translate in ((pot_path, False), (po_path, True)):
        with open(path, "a", encoding="utf-8") as handle:
            for msgid, lines in new:
                msgstr = _quote(table.get(msgid, "") if translate else "")
                handle.write("\n" + "\n".join(lines) + f"\nmsgstr {msgstr}\n")
    return [msgid for msgid, _lines in new], missing


if __name__ == "__main__":
    with open(sys.argv[3], encoding="utf-8") as handle:
        table = json.load(handle)
    added, missing = append(sys.argv[1], sys.argv[2], table)
    print(f"{sys.argv[1]}: {len(added)} new terms")
    for msgid in missing:
        print("  no translation:", msgid)
    sys.exit(1 if missing else 0)
