from . import test_complaint
from . import test_complaint_transitions
from . import test_complaint_approval
from . import test_complaint_sla
from . import test_complaint_credit_note
from . import test_partner_stats
from . import test_complaint_access
from . import test_menus
