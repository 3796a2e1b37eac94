# Developer tasks for Internbase. Run `make help` for the list.

# Every go command here (and the tools and tests they start) runs Go 1.27.3;
# an older installed go fetches it from the module proxy once
# (`make GOTOOLCHAIN=...` overrides it).
export GOTOOLCHAIN = go1.27.3

GO ?= go
# staticcheck 2026.2.2, the first release line that understands Go 1.26; it
# also checks this module on Go 1.27.3 (no newer release on the module proxy).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# `make test` runs the Go tests without the race detector (it multiplies the
# suite's time several fold on CI's two cores); `make test-race` runs them with
# it (it needs cgo and a C compiler, gcc on Debian).
RACE ?=

.PHONY: help run demo screenshots check-clean test test-go test-go-moved test-dates fuzz test-race test-e2e fuzz-smoke soak test-ops lint build clean bench bench-smoke

help:
	@echo "make run    serve on http://127.0.0.1:8090 (data in ./pb_data, admin UI at /_/)"
	@echo "make demo   load the demo world into ./pb_data and print its accounts"
	@echo "make test   go vet, every Go test, the e2e suites, every fuzz target briefly, the bench smoke run; fails if they changed the checkout"
	@echo "make screenshots  the browser suite, writing docs/screenshots/*.png"
	@echo "make test-race  the Go tests under the race detector"
	@echo "make fuzz   longer fuzzing and the noninterference property test over several seeds"
	@echo "make test-dates the Go tests with the test clock on several awkward days (IB_TEST_NOW)"
	@echo "make test-ops  files on S3, backups and restore, the Litestream restore drill"
	@echo "make soak   ten minutes of mixed traffic with induced faults (not in make test)"
	@echo "make lint   gofmt, go vet and staticcheck"
	@echo "make build  a static ./internbase binary"

run:
	$(GO) run . serve

demo:
	$(GO) run . demo --dev=false

# make test must leave the checkout as it found it (no rewritten
# screenshots, fuzz corpora or generated files): it compares git status
# before and after the suites.
TEST_PARTS = test-go test-go-moved test-ops test-e2e fuzz-smoke bench-smoke
test:
	@before="$$(git status --porcelain 2>/dev/null)"; \
	$(MAKE) --no-print-directory $(TEST_PARTS) || exit $$?; \
	after="$$(git status --porcelain 2>/dev/null)"; \
	if [ "$$before" != "$$after" ]; then \
		echo "make test changed the checkout (git status --porcelain before and after differ):"; \
		echo "$$after"; exit 1; fi

# Fails when the checkout has any change or untracked file (CI, after make test).
check-clean:
	@out="$$(git status --porcelain)"; if [ -n "$$out" ]; then echo "the checkout is not clean:"; echo "$$out"; exit 1; fi

# The browser suite and the certificate renderings, writing the README's
# screenshots to docs/screenshots/.
screenshots:
	cd e2e && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && IB_SCREENSHOTS=1 npm run test:browser
	IB_SCREENSHOTS=1 $(GO) test -count=1 -run TestCertificateScreenshots ./internal/certificates/

# The Go packages of make test (ops has its own target).
GO_PKGS = $$($(GO) list ./... | grep -v '/ops$$')

test-go:
	$(GO) vet ./...
	$(GO) test $(RACE) -count=1 $(GO_PKGS)

# The Go suite on another day: every test app's clock starts at IB_TEST_NOW
# (internal/apptest). make test moves it to a leap day, 23:30 IST (18:00 UTC,
# so the UTC and platform days differ); make test-dates runs the calendar's
# awkward days one after another.
TEST_NOW ?= 2028-02-29T23:30:00+05:30
TEST_DATES ?= 2028-02-29T23:30:00+05:30 2026-12-31T23:45:00+05:30 2027-01-01T00:10:00+05:30 2027-03-15T09:00:00+05:30
test-go-moved:
	IB_TEST_NOW=$(TEST_NOW) $(GO) test -count=1 $(GO_PKGS)

test-dates:
	set -e; for d in $(TEST_DATES); do echo "== IB_TEST_NOW=$$d"; IB_TEST_NOW=$$d $(GO) test -count=1 $(GO_PKGS); done

# Files on S3, backups and restore, the Litestream restore drill (ops/README.md).
# -v: a test skipped because versitygw or litestream is missing says why.
test-ops:
	$(GO) test -count=1 -v -timeout 5m ./ops

# Every fuzz target briefly (FUZZTIME=3000x executions by default).
fuzz-smoke:
	./scripts/fuzz-smoke.sh

# Longer runs of the property tests: every fuzz target for longer, the
# noninterference test (internal/filterguard) with more requests per caller
# and collection, and the realtime audience's differential test
# (internal/livefeed) with more rounds, over several seeds.
NI_SEEDS ?= 1 2 3 4 5 6 7 8
NI_REQUESTS ?= 60
fuzz:
	FUZZTIME=$${FUZZTIME:-30000x} ./scripts/fuzz-smoke.sh
	set -e; for s in $(NI_SEEDS); do echo "== IB_NI_SEED=$$s"; IB_NI_SEED=$$s IB_NI_REQUESTS=$(NI_REQUESTS) $(GO) test -count=1 -timeout 30m -run '^TestNoninterference' ./internal/filterguard; \
		IB_NI_SEED=$$s IB_AUDIENCE_ROUNDS=40 $(GO) test -count=1 -timeout 30m -run '^TestAudienceMatchesPocketBase$$' ./internal/livefeed; done

test-race:
	$(GO) test -race -count=1 ./...

# Ten minutes of mixed traffic with induced client aborts and one restart
# (not part of make test). SOAK=2m for a shorter run.
SOAK ?= 10m
soak:
	IB_SOAK=$(SOAK) $(GO) test ./reliability -run '^TestSoak$$' -count=1 -v -timeout 30m

# The client suites: the JS SDK contract suite and the browser suite, each
# against the real binary (e2e/lib/server.mjs builds and starts it).
test-e2e:
	cd e2e && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm test

# The load harness (bench/): the full college-network-size run writes the
# table into BENCHMARKS.md; the smoke run does every scenario at a tiny size
# in well under two minutes (budgets reported, correctness enforced).
bench:
	$(GO) run ./bench

bench-smoke:
	$(GO) run ./bench -smoke

lint:
	@out="$$(find . -path ./.git -prune -o -path '*/node_modules' -prune -o -name '*.go' -print | xargs gofmt -l)"; \
	if [ -n "$$out" ]; then echo "gofmt -w needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o internbase .

clean:
	rm -f internbase
