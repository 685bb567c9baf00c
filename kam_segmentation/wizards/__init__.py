from . import kam_review_wizard
from . import kam_rebate_settle_wizard
