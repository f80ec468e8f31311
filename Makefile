# The two commands a newcomer needs: `make demo` and `make test`. Both install missing Debian
# packages first, so they work on a fresh Debian 12 machine.
#   build/          the test build: ASan + UBSan, warnings as errors
#   build/release/  the optimised build `make demo` runs
#   build/bench/    the optimised build with the benchmarks
#   build/fuzz/     the libFuzzer targets (fuzz/), clang++-14 with ASan + UBSan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 60

.PHONY: all deps web build test golden lint demo release bench durability fuzz fuzz-campaign format clean

all: build

deps:
	@scripts/install-deps.sh

# The web app (web/, Vite + TypeScript + Preact) into web/dist, which the binary embeds.
web: deps
	scripts/build-web.sh

build/CMakeCache.txt: | deps
	cmake -S . -B build -DBACKCARE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps web build/CMakeCache.txt
	cmake --build build -j $(JOBS)

test: build
	ctest --test-dir build --output-on-failure -j $(JOBS) --timeout 600

# Rewrites the golden files (tests/golden/*/*.test) from what the binaries print now; review the
# diff with `git diff tests/golden` before committing. `make test` compares them (ctest golden_*).
golden: deps build/CMakeCache.txt
	cmake --build build -j $(JOBS) --target backcare backcare_http_fixture
	python3 tests/golden/run.py --backcare build/backcare \
	  --fixture build/tests/backcare_http_fixture --update

# clang-tidy-14 (.clang-tidy) on every file of src/ in the test build's compile_commands.json;
# any finding fails.
lint: deps build/CMakeCache.txt
	run-clang-tidy-14 -p build -quiet -j $(JOBS) -extra-arg=-Wno-unknown-warning-option \
	  -extra-arg=-fno-color-diagnostics \
	  '$(CURDIR)/src/.*\.cc$$'

build/release/CMakeCache.txt: | deps
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

release: deps web build/release/CMakeCache.txt
	cmake --build build/release -j $(JOBS) --target backcare

demo: release
	scripts/demo.sh build/release/backcare

build/bench/CMakeCache.txt: | deps
	cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DBACKCARE_BENCH=ON $(CMAKE_FLAGS)

bench: deps build/bench/CMakeCache.txt
	cmake --build build/bench -j $(JOBS)
	bench/run.sh build/bench

# Crash durability (issue 17, tests/durability/): 100 trials on SQLite and 20 on PostgreSQL (5 of
# them also kill the postmaster), each killing the Release server with SIGKILL under 8 writing
# clients; prints the totals (lost writes must be 0). ctest runs 5 SQLite trials.
durability: release
	python3 tests/durability/durability_test.py --backcare build/release/backcare \
	  --sqlite-trials 100 --postgres-trials 20 --postmaster-kills 5 --self-check

# The fuzz targets (fuzz/, docs/reliability.md "Fuzzing"): their own CMake project built with
# clang++-14 under ASan + UBSan, then each run for FUZZ_SECONDS on its seeds (fuzz/corpus/), one
# after the other; prints executions, coverage and findings per target and fails on a finding.
# Not part of `make test` (the build alone takes 4 to 10 minutes here; docs/reliability.md).
build/fuzz/CMakeCache.txt: | deps
	cmake -S fuzz -B build/fuzz -DCMAKE_CXX_COMPILER=clang++-14 $(CMAKE_FLAGS)

fuzz: deps build/fuzz/CMakeCache.txt
	cmake --build build/fuzz -j $(JOBS)
	fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

# A campaign: each target until 10 M executions or an hour, two at a time (hours; not in CI).
fuzz-campaign: deps build/fuzz/CMakeCache.txt
	cmake --build build/fuzz -j $(JOBS)
	fuzz/campaign.sh build/fuzz

format:
	find src tests bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
