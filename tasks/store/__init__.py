"""Storage: versioned Parquet tables, the DuckDB catalog swapped in atomically, read-only queries and the writer lock.

`parquet_io` writes and reads with the registry's schemas and never leaves a partial file, `publish` builds the
catalog of views over one version of every table, `query` runs read-only SQL for the CLI, `lock` keeps one writer per
warehouse, `crashpoints` names the places where crash-safety tests stop a refresh. Prefect wrappers and I/O:
`tasks/steps/assemble.py` and `tasks/steps/release.py`.
"""
