# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Time the nightly recompute against the bare SQL aggregate over the same rows.

Run through ``tests/benchmark/run`` (which prepares the database); prints, for the
same data in one run: the bare aggregate's time, the full recompute's time (lifecycle
phases when ``res.partner._kam_recompute_phases`` exists, then segmentation), their
ratio, the time and rows written of a second run with nothing changed (the best of two
runs, as the bare aggregate's time is the best of two), the peak memory, and the queries
to open the partner form and the sale order form of the client with the longest and the
shortest history as the signed-in administrator (the same count for both: it does not
grow with the history).
"""

import argparse
import os
import resource
import sys
import time

from lxml import etree

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import assign_managers, generate  # noqa: E402


def bare_aggregate_sql(company_id, today):
    """The plain per-customer sums over the order lines of 24 months."""
    from datetime import datetime, timedelta

    from dateutil.relativedelta import relativedelta

    start = datetime.combine(today, datetime.min.time())
    return SQL(
        """
SELECT op.commercial_partner_id, SUM(sol.price_subtotal / so.currency_rate),
    SUM(sol.margin / so.currency_rate), SUM(sol.product_uom_qty / lu.factor), COUNT(*)
FROM sale_order_line sol
JOIN sale_order so ON so.id = sol.order_id
JOIN res_partner op ON op.id = so.partner_id
LEFT JOIN uom_uom lu ON lu.id = sol.product_uom
WHERE so.state = 'sale' AND so.company_id = %s
    AND so.date_order >= %s AND so.date_order < %s
GROUP BY 1
""",
        company_id,
        start - relativedelta(months=24) + timedelta(days=1),
        start + timedelta(days=1),
    )


def backend_peak_kb(cr):
    """Peak resident memory of this connection's PostgreSQL backend (same host)."""
    cr.execute("SELECT pg_backend_pid()")
    pid = cr.fetchone()[0]
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def recompute(env, today):
    """Lifecycle (when installed) then segmentation: per part, the changed partners,
    the seconds taken and what they went to (passes over the sales, writes of the
    figures, events, chatter notes)."""
    parts = {}
    steps = {"segmentation": "_kam_recompute_segmentation"}
    if hasattr(env["res.partner"], "_kam_recompute_phases"):
        steps = {"lifecycle": "_kam_recompute_phases", **steps}
    for name, method in steps.items():
        timings = {}
        partners = env["res.partner"].with_context(kam_timings=timings).browse()
        seconds, changed = timed(
            lambda m=method, p=partners: getattr(p, m)(today=today)
        )
        parts[name] = (seconds, changed, timings)
    return (
        {name: changed for name, (_s, changed, _t) in parts.items()},
        {name: (seconds, timings) for name, (seconds, _c, timings) in parts.items()},
    )


def scorecard_times(env, today):
    """The KAM scorecard recompute of the generated key accounts given to 20
    managers, twice: (first s, second s, (rows, written by the second run))."""
    assign_managers(env)
    cards = env["kam.scorecard"]
    first, _written = timed(lambda: cards._kam_recompute_scorecards(today=today))
    second, written = timed(lambda: cards._kam_recompute_scorecards(today=today))
    return first, second, (cards.search_count([]), written)


def split(parts):
    return ", ".join(
        f"{name} {seconds:.2f} s"
        + (
            " ["
            + ", ".join(f"{part} {value:.2f}" for part, value in timings.items())
            + "]"
            if timings
            else ""
        )
        for name, (seconds, timings) in parts.items()
    )


def user_env(env, company):
    """The environment of the administrator signed in to ``company``: the user and
    the context (language, time zone, companies) of a web client's request."""
    admin = env.ref("base.user_admin")
    context = dict(admin.context_get(), allowed_company_ids=[company.id])
    return api.Environment(env.cr, admin.id, context)


def form_queries(record):
    """The queries to read what the record's form view shows, as a request of the
    web client does: the records not cached, the registry's caches warm (the
    form is read twice before, as a running server has read others: the first
    read alone leaves some of them cold)."""
    model = record.env[record._name]
    arch = model.get_views([(False, "form")])["views"]["form"]["arch"]
    names = {
        node.get("name")
        for node in etree.fromstring(arch).xpath("//field[not(ancestor::field)]")
    }
    # sorted: the same field order, hence the same prefetch, in every run
    spec = {name: {} for name in sorted(names) if name in model._fields}
    for _warm in range(2):
        record.env.invalidate_all()
        record.web_read(spec)
    record.env.invalidate_all()
    before = record.env.cr.sql_log_count
    record.web_read(spec)
    return record.env.cr.sql_log_count - before


def form_query_counts(env, company):
    """Form queries of the clients with the most and the fewest order lines."""
    env.cr.execute(
        SQL(
            "SELECT p.commercial_partner_id, COUNT(*), MAX(so.id) "
            "FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id "
            "JOIN res_partner p ON p.id = so.partner_id "
            "WHERE so.state = 'sale' AND so.company_id = %s "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            company.id,
        )
    )
    rows = env.cr.fetchall()
    if not rows:
        return []
    result = []
    env = user_env(env, company)
    for partner_id, n_lines, order_id in (rows[0], rows[-1]):
        partner = env["res.partner"].browse(partner_id)
        order = env["sale.order"].browse(order_id)
        result.append((n_lines, form_queries(partner), form_queries(order)))
    return result


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=40000)
    parser.add_argument("--reuse", action="store_true", help="keep existing data")
    args = parser.parse_args()

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    out = print  # noqa: T201
    if not args.reuse:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            today = fields.Date.context_today(env["res.partner"])
            gen_time, made = timed(
                lambda: generate(env, args.partners, args.lines, env.company, today)
            )
            cr.commit()
            out(
                f"generated {made['partners']} customers, {made['orders']} orders, "
                f"{made['lines']} lines in {gen_time:.1f} s"
            )
        # what follows in a PostgreSQL backend of its own: its peak memory is the
        # recomputes' and the forms', not the generator's
        odoo.sql_db.close_db(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        today = fields.Date.context_today(env["res.partner"])
        company = env.company
        cr.execute(
            "SELECT COUNT(*) FROM sale_order_line sol JOIN sale_order so "
            "ON so.id = sol.order_id WHERE so.state = 'sale' AND so.company_id = %s",
            [company.id],
        )
        n_lines = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM res_partner WHERE id = commercial_partner_id")
        n_partners = cr.fetchone()[0]
        # bare aggregate: warm the cache once, keep the best of two
        query = bare_aggregate_sql(company.id, today)
        cr.execute(query)
        cr.fetchall()
        bare = min(
            timed(lambda: (cr.execute(query), cr.fetchall()))[0] for _ in range(2)
        )
        first_time, (first, first_split) = timed(lambda: recompute(env, today))
        cr.commit()
        # timed as the bare aggregate is: the best of two (both write nothing)
        seconds = []
        for _run in range(2):
            seconds.append(timed(lambda: recompute(env, today)))
            cr.commit()
        second_time, (second, second_split) = min(seconds, key=lambda run: run[0])
        second_rows = [sum(changed.values()) for _s, (changed, _split) in seconds]
        recompute_peak = backend_peak_kb(cr)
        lifecycle = (
            "lifecycle + segmentation"
            if "lifecycle" in first
            else ("segmentation only (res.partner._kam_recompute_phases not installed)")
        )
        out(f"data: {n_partners} commercial partners, {n_lines} confirmed order lines")
        out(f"bare SQL aggregate over the order lines: {bare:.2f} s")
        out(
            f"full recompute ({lifecycle}), first run: {first_time:.2f} s "
            f"({split(first_split)}), changed partners {first}"
        )
        out(f"ratio full recompute / bare aggregate: {first_time / bare:.2f}")
        out(
            f"second run, nothing changed (best of two, as the bare aggregate): "
            f"{second_time:.2f} s ({split(second_split)}; ratio "
            f"{second_time / bare:.2f}; the two runs "
            f"{', '.join(f'{run[0]:.2f} s' for run in seconds)}), rows written "
            f"{' and '.join(str(rows) for rows in second_rows)} {second}"
        )
        if "kam.scorecard" in env:
            first_sc, second_sc, n_cards = scorecard_times(env, today)
            cr.commit()
            out(
                f"KAM scorecard recompute (every manager, 5 quarters and 2 years, one "
                f"statement): first run {first_sc:.2f} s, second run {second_sc:.2f} s "
                f"(rows written {n_cards[1]}), {n_cards[0]} scorecards"
            )
        for n_lines, partner_q, order_q in form_query_counts(env, company):
            out(
                f"client with {n_lines} order lines: partner form {partner_q} "
                f"queries, sale order form {order_q} queries"
            )
        python_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        backend = backend_peak_kb(cr)
        backend_txt = (
            f"{recompute_peak / 1024:.0f} MB after the recomputes, "
            f"{backend / 1024:.0f} MB at the end"
            if backend and recompute_peak
            else "unknown"
        )
        out(
            f"peak memory: Odoo process {python_peak:.0f} MB, "
            f"PostgreSQL backend {backend_txt}"
        )


if __name__ == "__main__":
    main()
