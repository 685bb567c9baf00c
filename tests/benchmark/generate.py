# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark data: N customers and M confirmed order lines, by PostgreSQL bulk inserts.

Every row is made by ``INSERT ... SELECT ... FROM generate_series`` (no ORM): customers
with a requirement in tons and a contact for one in ten, orders over the last four
years with a skewed (Pareto-like) share per customer, churned customers whose orders
stop early, some orders in another currency and some lines in kilograms, and a few
complaints. Rows carry the marker ``KAMBENCH`` so a second generation replaces them.
"""

from odoo.tools import SQL

MARKER = "KAMBENCH"


def _products(env):
    """Three products in tons (made once with the ORM: a handful of rows)."""
    ton = env.ref("uom.product_uom_ton")
    specs = [
        ("KAMBENCH Niacin Feed", 5000.0, 4300.0),
        ("KAMBENCH Niacin Food", 7800.0, 5600.0),
        ("KAMBENCH Nicotinamide Pharma", 11500.0, 7900.0),
    ]
    products = env["product.product"]
    for name, price, cost in specs:
        product = products.search([("name", "=", name)], limit=1)
        if not product:
            product = products.create(
                {
                    "name": name,
                    "type": "consu",
                    "uom_id": ton.id,
                    "uom_po_id": ton.id,
                    "list_price": price,
                }
            )
        product.standard_price = cost
        products |= product
    return [(p.id, p.list_price, p.standard_price) for p in products]


def clear(cr):
    """Remove earlier benchmark rows."""
    cr.execute(
        "DELETE FROM kam_complaint WHERE partner_id IN "
        "(SELECT id FROM res_partner WHERE ref = %s)",
        [MARKER],
    )
    cr.execute("DELETE FROM sale_order WHERE client_order_ref = %s", [MARKER])
    cr.execute(
        "DELETE FROM res_partner WHERE ref = %s AND parent_id IS NOT NULL", [MARKER]
    )
    cr.execute("DELETE FROM res_partner WHERE ref = %s", [MARKER])


def generate(env, partners, lines, company=None, today=None, seed=0.42):
    """Create ``partners`` customers and ``lines`` confirmed order lines.

    Returns a dict with the counts made. ``today`` (a date) anchors the histories.
    """
    from odoo import fields

    cr = env.cr
    company = company or env.company
    today = today or fields.Date.context_today(env["res.partner"])
    env.flush_all()
    clear(cr)
    products = _products(env)
    env.flush_all()
    ton = env.ref("uom.product_uom_ton").id
    kg = env.ref("uom.product_uom_kgm").id
    eur = env.ref("base.EUR").id
    orders = max(lines // 4, 1)
    cr.execute("SELECT setseed(%s)", [seed])
    params = {
        "marker": MARKER,
        "n": partners,
        "orders": orders,
        "lines": lines,
        "cid": company.id,
        "cur": company.currency_id.id,
        "eur": eur,
        "ton": ton,
        "kg": kg,
        "today": today,
        "uid": env.uid,
        # sale_stock: the orders ship from the company's warehouse
        "warehouse": env["stock.warehouse"]
        .search([("company_id", "=", company.id)], limit=1)
        .id,
    }
    # customers: requirement in tons, a lifetime (start, churn) in days before today
    cr.execute(
        SQL(
            """
CREATE TEMPORARY TABLE kam_bench_partner ON COMMIT DROP AS
SELECT g AS idx,
    (50 + (random() * 3000)::int)::numeric AS requirement,
    (200 + random() * 1260)::int AS start_days,
    CASE WHEN random() < 0.2 THEN (random() * 700)::int ELSE 0 END AS end_days
FROM generate_series(1, %(n)s) g
""",
            **params,
        )
    )
    cr.execute(
        SQL(
            """
WITH ins AS (
    INSERT INTO res_partner (name, complete_name, ref, active, is_company, type,
        autopost_bills, kam_annual_requirement, kam_requirement_uom_id,
        kam_is_key_account, create_date, write_date, create_uid, write_uid)
    SELECT 'Bench Customer ' || b.idx, 'Bench Customer ' || b.idx, %(marker)s, TRUE,
        TRUE, 'contact', 'ask', b.requirement, %(ton)s, mod(b.idx, 10) = 0,
        now() at time zone 'UTC', now() at time zone 'UTC', %(uid)s, %(uid)s
    FROM kam_bench_partner b ORDER BY b.idx
    RETURNING id
)
SELECT COUNT(*) FROM ins
""",
            **params,
        )
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE ref = %s", [MARKER]
    )
    cr.execute(
        """
ALTER TABLE kam_bench_partner ADD COLUMN id integer, ADD COLUMN contact_id integer;
UPDATE kam_bench_partner b SET id = p.id FROM res_partner p
WHERE p.ref = %s AND p.name = 'Bench Customer ' || b.idx;
""",
        [MARKER],
    )
    # a contact for one customer in ten: its orders count for the company
    cr.execute(
        SQL(
            """
INSERT INTO res_partner (name, complete_name, ref, active, is_company, type,
    autopost_bills, parent_id, commercial_partner_id, create_date, write_date,
    create_uid, write_uid)
SELECT 'Buyer of ' || b.idx, 'Bench Customer ' || b.idx || ', Buyer', %(marker)s,
    TRUE, FALSE, 'contact', 'ask', b.id, b.id, now() at time zone 'UTC',
    now() at time zone 'UTC', %(uid)s, %(uid)s
FROM kam_bench_partner b WHERE mod(b.idx, 10) = 3
""",
            **params,
        )
    )
    cr.execute(
        """
UPDATE kam_bench_partner b SET contact_id = p.id FROM res_partner p
WHERE p.parent_id = b.id AND p.ref = %s
""",
        [MARKER],
    )
    # orders: customer picked with a skew (big clients order more), dated within the
    # customer's lifetime; one in twenty in EUR at 1.08
    cr.execute(
        SQL(
            """
CREATE TEMPORARY TABLE kam_bench_order ON COMMIT DROP AS
SELECT g AS idx, b.id AS partner_id, COALESCE(
        CASE WHEN random() < 0.3 THEN b.contact_id END, b.id) AS order_partner_id,
    (%(today)s::date - (b.end_days + random() * (b.start_days - b.end_days))::int)
        + time '09:00' AS date_order,
    CASE WHEN random() < 0.05 THEN %(eur)s ELSE %(cur)s END AS currency_id
FROM (
    SELECT g, 1 + LEAST(floor(power(random(), 2.5) * %(n)s)::int, %(n)s - 1) AS pidx
    FROM generate_series(1, %(orders)s) g
) s
JOIN kam_bench_partner b ON b.idx = s.pidx
""",
            **params,
        )
    )
    cr.execute(
        SQL(
            """
INSERT INTO sale_order (name, state, company_id, partner_id, partner_invoice_id,
    partner_shipping_id, date_order, currency_id, currency_rate, client_order_ref,
    user_id, picking_policy, warehouse_id, create_date, write_date, create_uid,
    write_uid)
SELECT 'BENCH/' || lpad(o.idx::text, 8, '0'), 'sale', %(cid)s, o.order_partner_id,
    o.order_partner_id, o.order_partner_id, o.date_order, o.currency_id,
    CASE WHEN o.currency_id = %(eur)s AND %(eur)s != %(cur)s THEN 1.08 ELSE 1.0 END,
    %(marker)s, %(uid)s, 'direct', %(warehouse)s,
    o.date_order, o.date_order, %(uid)s, %(uid)s
FROM kam_bench_order o ORDER BY o.idx
""",
            **params,
        )
    )
    cr.execute(
        """
ALTER TABLE kam_bench_order ADD COLUMN id integer;
UPDATE kam_bench_order o SET id = so.id FROM sale_order so
WHERE so.client_order_ref = %s AND so.name = 'BENCH/' || lpad(o.idx::text, 8, '0');
CREATE INDEX ON kam_bench_order (idx);
""",
        [MARKER],
    )
    cr.execute(
        SQL(
            """
INSERT INTO sale_order_line (order_id, name, sequence, state, company_id,
    currency_id, order_partner_id, product_id, product_uom, product_uom_qty,
    price_unit, price_subtotal, price_total, price_tax, purchase_price, margin,
    customer_lead, is_downpayment, create_date, write_date, create_uid, write_uid)
SELECT o.id, 'Niacin', 10, 'sale', %(cid)s, o.currency_id, o.order_partner_id,
    (%(products)s)[x.k][1]::int,
    CASE WHEN x.in_kg THEN %(kg)s ELSE %(ton)s END,
    x.qty, x.price, ROUND(x.qty * x.price, 2), ROUND(x.qty * x.price, 2), 0,
    x.cost, ROUND(x.qty * (x.price - x.cost), 2), 0, FALSE,
    o.date_order, o.date_order, %(uid)s, %(uid)s
FROM (
    SELECT s.oidx, s.k, s.in_kg,
        CASE WHEN s.in_kg THEN s.tons * 1000 ELSE s.tons END AS qty,
        ROUND(((%(products)s)[s.k][2] * (0.85 + random() * 0.25) * s.rate
            / CASE WHEN s.in_kg THEN 1000 ELSE 1 END)::numeric, 2) AS price,
        ROUND(((%(products)s)[s.k][3] * s.rate
            / CASE WHEN s.in_kg THEN 1000 ELSE 1 END)::numeric, 2) AS cost
    FROM (
        SELECT l.*, CASE WHEN o.currency_id = %(eur)s AND %(eur)s != %(cur)s
            THEN 1.08 ELSE 1.0 END AS rate
        FROM (
            SELECT g, 1 + floor(random() * 3)::int AS k, random() < 0.1 AS in_kg,
                ROUND((1 + random() * 40)::numeric, 1) AS tons,
                1 + ((g - 1)::bigint * %(orders)s / %(lines)s)::int AS oidx
            FROM generate_series(1, %(lines)s) g
        ) l
        JOIN kam_bench_order o ON o.idx = l.oidx
    ) s
) x
JOIN kam_bench_order o ON o.idx = x.oidx
""",
            products=[[float(v) for v in p] for p in products],
            **params,
        )
    )
    cr.execute(
        """
UPDATE sale_order so SET amount_untaxed = t.amount, amount_total = t.amount,
    amount_tax = 0
FROM (SELECT order_id, SUM(price_subtotal) AS amount FROM sale_order_line
      WHERE order_id IN (SELECT id FROM kam_bench_order) GROUP BY order_id) t
WHERE so.id = t.order_id
"""
    )
    # complaints: one customer in fifteen, states and costs spread
    cr.execute(
        SQL(
            """
INSERT INTO kam_complaint (name, company_id, partner_id, commercial_partner_id,
    date_received, category, severity, state, resolution_cost, create_date,
    write_date, create_uid, write_uid)
SELECT 'BENCH-C' || b.idx, %(cid)s, b.id, b.id,
    %(today)s::date - (random() * 700)::int + time '10:00', 'quality', 'medium',
    (ARRAY['draft', 'submitted', 'approved', 'resolved', 'closed',
        'cancelled'])[1 + floor(random() * 6)::int],
    ROUND((random() * 20000)::numeric, 2),
    now() at time zone 'UTC', now() at time zone 'UTC', %(uid)s, %(uid)s
FROM kam_bench_partner b WHERE mod(b.idx, 15) = 7
""",
            **params,
        )
    )
    cr.execute("DROP TABLE kam_bench_order")
    cr.execute("DROP TABLE kam_bench_partner")
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE sale_order")
    cr.execute("ANALYZE sale_order_line")
    cr.execute("ANALYZE kam_complaint")
    env.invalidate_all()
    return {"partners": partners, "orders": orders, "lines": lines}


def assign_managers(env, managers=20, company=None):
    """Give the generated key accounts to ``managers`` key-account managers (made
    once, logins ``kam_bench_manager_<n>``), in turn; returns the users."""
    company = company or env.company
    group = env.ref("kam_lifecycle.group_kam_user")
    users = env["res.users"].search(
        [("login", "=like", "kam_bench_manager_%")], order="id"
    )
    missing = [
        f"kam_bench_manager_{n}"
        for n in range(managers)
        if f"kam_bench_manager_{n}" not in users.mapped("login")
    ]
    users |= (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, group.ids)],
                }
                for login in missing
            ]
        )
    )
    users = users.sorted("id")[:managers]
    env.flush_all()
    env.cr.execute(
        SQL(
            """
UPDATE res_partner p SET kam_manager_id = (%(users)s)[1 + mod(k.rank, %(n)s)]
FROM (
    SELECT id, row_number() OVER (ORDER BY id) AS rank FROM res_partner
    WHERE ref = %(marker)s AND kam_is_key_account AND id = commercial_partner_id
) k
WHERE p.id = k.id
""",
            users=users.ids,
            n=len(users),
            marker=MARKER,
        )
    )
    env["res.partner"].invalidate_model(["kam_manager_id"])
    return users
