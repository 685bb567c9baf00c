from . import test_complaint
from . import test_complaint_transitions
from . import test_complaint_approval
from . import test_complaint_sla
from . import test_complaint_credit_note
from . import test_partner_stats
from . import test_complaint_access
from . import test_menus
from . import test_attacks
from . import test_complaint_state_machine

# the browser tour: a tour_* module (pytest leaves it out), a test_* name (Odoo's
# runner picks it with --test-tags kam_tour)
from . import tour_complaint_approval as test_tour_complaint_approval
