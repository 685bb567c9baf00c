from . import kam_review_wizard
