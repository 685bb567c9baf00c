from . import test_install
from . import test_segment_metrics
from . import test_segment_rules
from . import test_segment_rule_sql
from . import test_segment_recompute
from . import test_review_workbook
from . import test_review_workbook_supply
from . import test_segment_views
from . import test_segment_demo
from . import test_rebate_math
from . import test_rebate_program
from . import test_rebate_volume
from . import test_rebate_settlement
from . import test_rebate_concurrency
from . import test_menus
from . import test_attacks
from . import test_rebate_state_machine
from . import test_segment_display

# the browser tours: tour_* modules (pytest leaves them out), test_* names (Odoo's
# runner picks them with --test-tags kam_tour)
from . import tour_key_account_user as test_tour_key_account_user
from . import tour_rebate_admin as test_tour_rebate_admin
from . import tour_portfolio_manager as test_tour_portfolio_manager
from . import tour_key_account_zh as test_tour_key_account_zh
from . import test_scorecard
from . import tour_scorecard as test_tour_scorecard
