from . import kam_complaint_decision_wizard
