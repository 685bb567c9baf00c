from . import kam_rebate_settle_wizard
