# reviewx workflow. `make run` extracts raw/ into extracted/; `make test` runs the whole suite.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install corpus schemas bench lint fuzz clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,postgres,dask]'
	touch $(STAMP)

install: $(STAMP)

## the main job: every review in raw/ -> extracted/<doc_id>.json
run: $(STAMP)
	$(BIN)/reviewx extract raw/ -o extracted/
	$(BIN)/reviewx load extracted/ --db sqlite:///extracted/reviews.db
	$(BIN)/reviewx show extracted/ -o extracted/

## the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest tests

## re-render the test corpus (raw/*_print.pdf and the text renditions) from corpus/*.rvx
corpus: $(STAMP)
	$(BIN)/python tools/make_corpus.py --out raw/

## regenerate schemas/ from the models
schemas: $(STAMP)
	$(BIN)/reviewx schema -o schemas/

bench: $(STAMP)
	$(BIN)/python bench/accuracy.py

## mutation fuzzing of the PDF path and of every JSON reader (each prints its count of cases and their outcomes)
fuzz: $(STAMP)
	$(BIN)/python tools/fuzz_pdf.py --cases 10000 --jobs 2
	$(BIN)/python tools/fuzz_json.py --cases 10000

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests tools bench

clean:
	rm -rf extracted/*.json extracted/_runs
