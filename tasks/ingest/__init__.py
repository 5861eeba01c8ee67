"""Ingest stage: find input files, decode text and HTML pages, split them into documents, and name every reject.

`inputs` scans a directory and reads files, `decode` turns bytes into normalised text (or says why not), `html` turns an
HTML page into text with every visible line audited, `rejects` holds the reason codes and builds every `rejects` row
(every stage that rejects a document uses it). Prefect wrapper and I/O: `tasks/steps/ingest.py`.
"""
