from . import test_install
from . import test_rebate_math
from . import test_rebate_program
from . import test_rebate_volume
from . import test_rebate_settlement
