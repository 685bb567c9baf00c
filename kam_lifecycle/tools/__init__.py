from . import kam_format
