from . import kam_rebate_statement
