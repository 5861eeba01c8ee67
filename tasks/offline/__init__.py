"""Offline work: training and evaluation, run by hand or by `stancewire train|eval`, never by a refresh.

Nothing here is imported by the refresh flow, so nothing here is in the pipeline fingerprint: editing an evaluation or
a training script reprocesses no document (tests/tasks/test_pipeline_fingerprint.py). Subpackages mirror the runtime
package they train or measure: `boilerplate`, `polarity`, `encoder`, `stances`, `quotes`, `entities`.
"""
