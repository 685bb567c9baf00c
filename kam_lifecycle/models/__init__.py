from . import res_company
from . import res_config_settings
from . import res_partner
from . import kam_lifecycle_event
from . import kam_competitor_line
from . import kam_account_plan
from . import kam_account_plan_review
from . import kam_visit
