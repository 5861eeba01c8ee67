"""Evaluation of the quote extractor on PolNeAR-style cases (`stancewire eval quotes`) and the cue-verb mining."""
