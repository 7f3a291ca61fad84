# reviewx workflow. `make run` extracts raw/ into extracted/; `make test` runs the whole suite.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bytecode corpus corpus-traits schemas bench bench-traits lint fuzz clean

$(STAMP): pyproject.toml constraints.txt pipeline/ingest/pdf/_glyphloop.c
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,postgres,dask,ocr]'
	$(MAKE) bytecode
	touch $(STAMP)

## the package's compiled bytecode, written even where PYTHONDONTWRITEBYTECODE is set: without it
## every worker start compiles pipeline/ from source again (about 0.25 s); up-to-date files are skipped
bytecode:
	$(BIN)/python -m compileall -q pipeline

install: $(STAMP)

## the main job: every review in raw/ -> extracted/<doc_id>.json
run: $(STAMP) bytecode
	$(BIN)/reviewx extract raw/ -o extracted/
	$(BIN)/reviewx load extracted/ --db sqlite:///extracted/reviews.db
	$(BIN)/reviewx show extracted/ -o extracted/

## the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest tests

## re-render the test corpus (raw/*_print.pdf and the text renditions) from corpus/*.rvx
corpus: $(STAMP)
	$(BIN)/python tools/make_corpus.py --out raw/

## trait renditions (tools/pdf_traits.py: real-PDF oddities) of every review, for inspection;
## not in raw/ (tests render their own into a temporary folder)
TRAIT_SETS ?= founder caj cnki-trailer elsevier
corpus-traits: $(STAMP)
	$(BIN)/python tools/make_corpus.py --out build/corpus-traits/ $(foreach s,$(TRAIT_SETS),--traits $(s))

## regenerate schemas/ from the models
schemas: $(STAMP)
	$(BIN)/reviewx schema -o schemas/

bench: $(STAMP)
	$(BIN)/python bench/accuracy.py

## how the reader reads each trait rendition compared with the clean PDF (prints a table)
bench-traits: $(STAMP)
	$(BIN)/python bench/traits.py

## mutation fuzzing of the PDF path and of every JSON reader (each prints its count of cases and their outcomes)
fuzz: $(STAMP)
	$(BIN)/python tools/fuzz_pdf.py --cases 10000 --jobs 2
	$(BIN)/python tools/fuzz_json.py --cases 10000

## lint and format check (CI runs it before the suite)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf extracted/*.json extracted/_runs
