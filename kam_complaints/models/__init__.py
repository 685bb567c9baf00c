from . import kam_complaint_resolution_type
from . import kam_complaint_approval_rule
from . import kam_complaint_approval
from . import kam_complaint
from . import res_company
from . import res_config_settings
from . import res_partner
from . import account_move
