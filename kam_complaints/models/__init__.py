from . import kam_complaint
