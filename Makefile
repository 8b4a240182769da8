# Two entry points for people and CI; cmake and ctest do the work.
#   make run    install what is missing, build, compile an example to stdout
#   make test   install what is missing, build, run the whole test suite in the normal
#               and the ASan+UBSan configuration
BUILD ?= build
ASAN_BUILD ?= build-asan
EXAMPLE ?= examples/fraud-training.yaml
JOBS ?= $(shell nproc)

.PHONY: all deps build build-asan run test test-release test-asan clean

all: build

deps:
	@[ -n "$(MLPC_DEPS_CHECKED)" ] || scripts/install-deps.sh

# The project's own builds treat warnings as errors (MLPC_WERROR); a plain cmake build,
# as users and packagers make it, only warns.
build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLPC_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMLPC_SANITIZE=ON -DMLPC_WERROR=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	$(BUILD)/mlpc compile $(EXAMPLE) --target argo

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

test: test-release test-asan

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
