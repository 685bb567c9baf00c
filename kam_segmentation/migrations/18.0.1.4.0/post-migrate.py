# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api
from odoo.tools import sql

from odoo.addons.kam_segmentation.models.res_partner import SEGMENT_DIMENSIONS

OLD_TABLE = "kam_segment_event_by_dimension"


def migrate(cr, version):
    """One event per client and recompute from the events of one dimension each.

    The rows a recompute wrote for one client on one day become one event (the n-th
    change of each dimension that day goes with the n-th of the others); an
    override stays an event of its own."""
    if not sql.table_exists(cr, OLD_TABLE):
        return
    sides = ", ".join(
        f"MAX(value_from) FILTER (WHERE dimension = '{dimension}'),"
        f" MAX(value_to) FILTER (WHERE dimension = '{dimension}')"
        for dimension in SEGMENT_DIMENSIONS
    )
    columns = ", ".join(
        f"{dimension}_from, {dimension}_to" for dimension in SEGMENT_DIMENSIONS
    )
    cr.execute(
        f"""
INSERT INTO kam_segment_event (partner_id, company_id, date, source, rule, reason,
    metrics, {columns})
SELECT partner_id, company_id, date, source,
    MAX(rule) FILTER (WHERE dimension = 'client_class'), MAX(reason),
    (ARRAY_AGG(metrics ORDER BY id))[1], {sides}
FROM (
    SELECT o.*, CASE WHEN source = 'manual' THEN id ELSE ROW_NUMBER() OVER (
        PARTITION BY partner_id, company_id, date, source, dimension ORDER BY id
    ) END AS nth
    FROM {OLD_TABLE} o
) o
GROUP BY partner_id, company_id, date, source, nth
ORDER BY MIN(id)
"""  # noqa: S608 (constant names only)
    )
    cr.execute(f"DROP TABLE {OLD_TABLE}")
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kam.segment.event"].invalidate_model()
