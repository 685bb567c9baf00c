from . import test_install
from . import test_segment_metrics
from . import test_segment_rules
from . import test_segment_recompute
from . import test_review_workbook
from . import test_segment_views
from . import test_segment_demo
