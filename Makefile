# stancewire: `make run` and `make test` are all a fresh machine needs (Python 3.11 and make).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
INPUT  ?= seeds
WAREHOUSE ?= warehouse
PYTEST_ARGS ?=

.PHONY: run test test-fast lint format bench eval eval-gate clean-warehouse venv train-stance train-sentence

venv: $(STAMP)

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall when the dependency pins change.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/stancewire refresh --input $(INPUT) --warehouse $(WAREHOUSE)

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py

EVAL ?= ../shared/eval
# Every evaluation on the development sets against the floors in bench/eval_floors.json (fails below a floor).
eval-gate: $(STAMP)
	$(BIN)/python bench/eval_gate.py --eval $(EVAL)

eval: $(STAMP)
	mkdir -p bench/out
	$(BIN)/stancewire eval boilerplate $(EVAL)/boilerplate/dev_fullpage.jsonl --predictions bench/out/boilerplate_fullpage.jsonl
	$(BIN)/stancewire eval boilerplate $(EVAL)/boilerplate/dev_cropped.jsonl --predictions bench/out/boilerplate_cropped.jsonl
	$(BIN)/stancewire eval stance $(EVAL)/stance/dev.jsonl --predictions bench/out/stance_dev.jsonl
	$(BIN)/stancewire eval directed $(EVAL)/stance/directed_dev.jsonl --predictions bench/out/directed_dev.jsonl
	$(BIN)/stancewire eval entities $(EVAL)/entities/conll2003_dev.jsonl --predictions bench/out/entities_dev.jsonl
	$(BIN)/stancewire eval quotes $(EVAL)/quotes/polnear_dev.jsonl --predictions bench/out/quotes_dev.jsonl

# Fine-tune the stance encoder and rewrite tasks/extract/encoder/model (torch lives only in $(TRAIN_VENV), never in $(VENV)).
# About 35-40 minutes on 2 CPU cores. EVAL (../shared/eval) must hold stance/directed_*.jsonl and stance/{train,dev}.jsonl.
TRAIN_VENV ?= .venv-train
train-stance:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found"; exit 1; }
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(TRAIN_VENV)/bin/python -m pip install --quiet -c constraints.txt -e ".[train]"
	mkdir -p bench/out
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(TRAIN_VENV)/bin/python -m tasks.offline.encoder.train --data-dir $(EVAL)/stance

# Train the one-pass-per-sentence encoder (tasks/extract/encoder/sentence.py) and write sentence.onnx, sentence_tokenizer.json
# and SENTENCE_MANIFEST.json into tasks/extract/encoder/model. spaCy's mentions for augmentation come from $(VENV) (cached in
# /tmp), training from $(TRAIN_VENV). About 35-40 minutes on 2 CPU cores; log in bench/out/train_sentence.log
# (follow it with tail -f).
train-sentence: $(STAMP)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found"; exit 1; }
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(TRAIN_VENV)/bin/python -m pip install --quiet -c constraints.txt -e ".[train]"
	mkdir -p bench/out
	$(BIN)/python -m tasks.offline.encoder.train_sentence --stage ner --data-dir $(EVAL)/stance
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(TRAIN_VENV)/bin/python -m tasks.offline.encoder.train_sentence --stage all --data-dir $(EVAL)/stance \
		>bench/out/train_sentence.log 2>&1 || { tail -20 bench/out/train_sentence.log; exit 1; }
	tail -12 bench/out/train_sentence.log

clean-warehouse:
	rm -rf $(WAREHOUSE)/*/ $(WAREHOUSE)/catalog.duckdb $(WAREHOUSE)/.refresh.lock
