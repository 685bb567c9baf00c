# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One definition of the key accounts' satisfaction, shared by the three addons.

A visit rating is one of Odoo's faces: 5 (satisfied), 3 (okay), 1 (dissatisfied).
Its satisfaction in % is ``(rating - 1) / 4 * 100``: 5 -> 100, 3 -> 50, 1 -> 0. The
yearly survey's score is Odoo's own ``scoring_percentage`` of the answer: every rated
question scores its five answers 4 .. 0, so one answer's percentage follows the same
scale as a visit rating (very satisfied = 100, neutral = 50, very dissatisfied = 0).
"""

from odoo.tools import SQL

RATING_MIN = 1
RATING_MAX = 5
# the Odoo rating model and the model of a visit
VISIT_MODEL = "kam.visit"
KAM_USER = "kam_lifecycle.group_kam_user"
KAM_MANAGER = "kam_lifecycle.group_kam_manager"


def rating_satisfaction(rating):
    """The satisfaction in % (0-100) of a visit rating of 1 to 5."""
    return (rating - RATING_MIN) / (RATING_MAX - RATING_MIN) * 100.0


def rating_satisfaction_sql(rating):
    """:func:`rating_satisfaction` of the SQL expression ``rating``."""
    return SQL(
        "((%s - %s) / %s::numeric * 100)",
        rating,
        RATING_MIN,
        RATING_MAX - RATING_MIN,
    )


def trend(current, previous, tolerance=0.0):
    """``up``, ``down`` or ``stable`` from ``previous`` to ``current`` (either may
    be None: no trend, False)."""
    if current is None or previous is None:
        return False
    if current > previous + tolerance:
        return "up"
    if current < previous - tolerance:
        return "down"
    return "stable"
