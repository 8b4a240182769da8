# Two entry points for people and CI; cmake and ctest do the work.
#   make run    install what building mlpc needs, build the mlpc binary only, compile an
#               example to stdout
#   make test   install what the tests need too, build everything, run the whole test
#               suite in the normal and the ASan+UBSan configuration, and build mlpc in
#               plain Release, as users do
#   make goldens   rewrite every golden file (Argo, KFP, graph, lint reports, rendered
#               diagnostics, examples/out) from the current build, then list what changed
BUILD ?= build
ASAN_BUILD ?= build-asan
RELEASE_BUILD ?= build-release
EXAMPLE ?= examples/fraud-training.yaml
JOBS ?= $(shell nproc)

.PHONY: all deps-build deps-test mlpc build build-asan release run test test-release test-asan goldens clean

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

# mlpc as users and packagers build it: `-DCMAKE_BUILD_TYPE=Release`, warnings not errors
# (MLPC_WERROR=OFF, the default, said in case the directory's cache has it on). -O3
# inlines more than RelWithDebInfo's -O2 and GCC warns differently there; this build must
# still work, and its binary must write what the other builds write. Only the binary is
# built, so the test suite is not configured (it would need Catch2).
release: deps-build
	@cmake -S . -B $(RELEASE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLPC_WERROR=OFF -DMLPC_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(RELEASE_BUILD) -j $(JOBS) --target mlpc
	@$(RELEASE_BUILD)/mlpc compile $(EXAMPLE) --target argo --check \
	  -o examples/out/$(basename $(notdir $(EXAMPLE))).argo.yaml

run: mlpc
	$(BUILD)/mlpc compile $(EXAMPLE) --target argo

# ctest, then each skipped test with its reason: ctest's console says only "Skipped", and
# the reason (what the test printed) is in the JUnit report, which skipped.py reads. The
# exit status is ctest's.
CTEST = ctest --output-on-failure -j $(JOBS) --output-junit Testing/junit.xml
SKIPS = python3 $(CURDIR)/tests/tools/skipped.py Testing/junit.xml

test-release: build
	cd $(BUILD) && { $(CTEST); rc=$$?; $(SKIPS); exit $$rc; }

test-asan: build-asan
	cd $(ASAN_BUILD) && { ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(CTEST); rc=$$?; $(SKIPS); exit $$rc; }

test: test-release test-asan release

# Every golden-comparing test honours MLPC_UPDATE_GOLDEN=1 (it writes instead of
# comparing); only those run, so no validator reads a file while it is rewritten. Review
# the diff: a golden that changed is a behaviour that changed.
goldens: build
	@cd $(BUILD) && MLPC_UPDATE_GOLDEN=1 ctest -j $(JOBS) --output-on-failure -R '^(golden[^/]*|examples[^/]*|graph/(mermaid|dot)|lint/golden[^/]*|rendered)/' >/dev/null || \
	  { echo "make goldens: some tests failed for another reason than a golden; run make test-release" >&2; exit 1; }
	@changed=$$(git status --short -- tests examples); \
	  if [ -z "$$changed" ]; then echo "make goldens: no golden changed"; \
	  else echo "$$changed"; git diff --stat -- tests examples | tail -1; fi

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(RELEASE_BUILD)
