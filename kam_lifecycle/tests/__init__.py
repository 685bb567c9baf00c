from . import test_security
from . import test_lifecycle_phase
from . import test_access
from . import test_plan_visit
from . import test_views
from . import test_menus
from . import test_attacks
from . import test_state_machine
from . import test_format
from . import test_feedback
from . import test_feedback_access
from . import test_supply
from . import test_supply_priority

# the browser tours: tour_* modules (pytest leaves them out), test_* names (Odoo's
# runner picks them with --test-tags kam_tour)
from . import tour_feedback as test_tour_feedback
from . import tour_supply as test_tour_supply
