# Two entry points for people and CI; cmake and ctest do the work.
#   make run    install what building mlpc needs, build the mlpc binary only, compile an
#               example to stdout
#   make test   install what the tests need too, build everything, run the whole test
#               suite in the normal and the ASan+UBSan configuration
BUILD ?= build
ASAN_BUILD ?= build-asan
EXAMPLE ?= examples/fraud-training.yaml
JOBS ?= $(shell nproc)

.PHONY: all deps-build deps-test mlpc build build-asan run test test-release test-asan clean

all: build

deps-build:
	@[ -n "$(MLPC_DEPS_CHECKED)" ] || scripts/install-deps.sh build

deps-test:
	@[ -n "$(MLPC_DEPS_CHECKED)" ] || scripts/install-deps.sh test

# The project's own builds treat warnings as errors (MLPC_WERROR); a plain cmake build,
# as users and packagers make it, only warns.
CONFIGURE = cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMLPC_WERROR=ON

# The binary alone. A new build directory is configured without the test suite, whose
# configuration needs Catch2 (a test dependency); `make build` turns it on, and one
# configured with it keeps it.
mlpc: deps-build
	@[ -f $(BUILD)/CMakeCache.txt ] || $(CONFIGURE) -DMLPC_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target mlpc

build: deps-test
	@$(CONFIGURE) -DMLPC_BUILD_TESTS=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps-test
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMLPC_SANITIZE=ON -DMLPC_WERROR=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

run: mlpc
	$(BUILD)/mlpc compile $(EXAMPLE) --target argo

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

test: test-release test-asan

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
