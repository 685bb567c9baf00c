from . import test_complaint
