"""Training (`train`), gold labels (`gold`), metric (`metric`), dev evaluation (`evaluate`) and website-grouped CV
(`site_cv`) of the boilerplate stripper."""
