# SwapWatch: the two commands a newcomer needs are `make demo` and `make test`.
.PHONY: deps build test demo up down score bench bench-stack compose-check fuzz fuzz-replay format lint clean

deps:
	scripts/install-deps

build: deps
	swift build

# The browser test is required here (it fails, rather than skips, without Chromium).
test: deps
	scripts/install-deps test
	scripts/install-python-example
	swift build
	SWAPWATCH_PYTHON=$(CURDIR)/.build/python-venv/bin/python3 SWAPWATCH_REQUIRE_BROWSER=1 scripts/run-tests

demo: build
	scripts/demo

up: build
	scripts/stack up .swapwatch

down:
	scripts/stack down .swapwatch

score: build
	swift run swapwatch score --summary --floor .ci/extraction-floor.json ../shared/corpus/dev_stream.jsonl ../shared/corpus/train/*.jsonl

bench: deps
	swift build -c release --product swapwatch-bench
	.build/release/swapwatch-bench

# The stack end to end on this machine, beside raw libzmq and raw SQLite (scripts/bench-stack).
bench-stack: deps
	scripts/bench-stack

compose-check: deps
	scripts/compose-check

# libFuzzer over claim extraction and the report decoders (Fuzzing/, scratch in .build-fuzz/).
FUZZ_SECONDS ?= 300

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz run

# Every committed reproducer in Fuzzing/crashes/ must run without trapping.
fuzz-replay: deps
	scripts/fuzz replay

# Swift sources in the layout .swift-format sets; `lint` fails on any difference (CI runs it).
SWIFT_SOURCES = Services Shared Tests Benchmarks Fuzzing Package.swift

format:
	swift format format --in-place --recursive $(SWIFT_SOURCES)

lint:
	swift format lint --strict --recursive $(SWIFT_SOURCES)

clean:
	rm -rf .build .build-fuzz .swapwatch
