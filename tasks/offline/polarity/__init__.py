"""Training and evaluation of the linear portrayal (NewsMTSC) fallback model in `tasks/extract/polarity`."""
