# SwapWatch: the two commands a newcomer needs are `make demo` and `make test`.
.PHONY: deps build test demo up down score bench compose-check clean

deps:
	scripts/install-deps

build: deps
	swift build

test: deps
	scripts/install-python-example
	swift build
	SWAPWATCH_PYTHON=$(CURDIR)/.build/python-venv/bin/python3 swift test

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

compose-check: deps
	scripts/compose-check

clean:
	rm -rf .build .swapwatch
