"""Evaluation of the stance extractor (`stancewire eval directed|stance`) and calibration of its thresholds."""
