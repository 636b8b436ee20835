# Two commands on a fresh machine with only Python: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e . 
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/streamlit run playground/app/main.py --server.port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -n auto

fuzz: $(VENV)/.installed-test
	FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q --timeout=3600 tests/test_fuzz.py tests/validation/test_properties.py

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/validate.py

clean:
	rm -rf $(VENV) build *.egg-info
