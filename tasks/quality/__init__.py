"""Quality stage: Great Expectations suites over each table, quarantine of failing rows, and offline Data Docs.

`validate` runs a suite over an Arrow table and splits off failing rows, `suite_chunks` runs a whole suite per chunk of
rows and merges the outcome summaries, `data_docs` renders the run's validation pages for reading offline. Prefect
wrappers and I/O: `tasks/steps/check.py` (per-document rows) and `tasks/steps/release.py` (small tables).
"""
