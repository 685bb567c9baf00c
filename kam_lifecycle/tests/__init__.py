from . import test_security
from . import test_lifecycle_phase
from . import test_access
from . import test_plan_visit
from . import test_views
from . import test_menus
from . import test_attacks
from . import test_state_machine
