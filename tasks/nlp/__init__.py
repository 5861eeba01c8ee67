"""The spaCy side: `pipeline.build_nlp` (the only `spacy.load`, with the gazetteer's EntityRuler before NER), the
gazetteer of canonical actors (`gazetteer.jsonl`, see GAZETTEER.md) and `docview`, the read-only view of a parsed Doc
that every extractor shares."""
