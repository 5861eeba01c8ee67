"""Per-stage I/O and the thin Prefect `@task` wrappers (`wrappers.py`): one module per flow stage, named as the stage.

Stage names are the ones operators see (progress lines, `runs.stage_seconds`, Prefect task names), so the modules keep
them rather than the folder names: `ingest` drives tasks/ingest, `strip` tasks/boilerplate, `annotate` tasks/nlp and
tasks/extract, `check` tasks/quality, `assemble` and `release` tasks/store (and the small tables' validation).
`context` is the run context every step receives, `fingerprint` the allow-list of what makes a document's rows.
"""
