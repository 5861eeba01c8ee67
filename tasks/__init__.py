"""stancewire's stages and kinds of work, one folder each (the README's *Project layout* says what each owns).

ingest → boilerplate → nlp → extract (entities, quotes, speakers, stances, the encoder) → quality → store, with
`steps/` holding the I/O and Prefect wrappers of each flow stage and `offline/` the training and evaluation code a
refresh never runs.
"""
