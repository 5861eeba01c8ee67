"""Evaluation of the entity stage on CoNLL-style cases (`stancewire eval entities`)."""
