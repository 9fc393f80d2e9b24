# ocap-go: one Makefile for the go.work monorepo.
#
#   make build          bin/ocap
#   make test           every module's tests (-race where the suite stays fast), plus short fuzzing
#   make test/<module>  one module, e.g. make test/ocap-kernel
#   make lint           gofmt, go vet, staticcheck, go mod tidy -diff, package docs, actionlint
#   make bench          benchmarks of every module
#   make demo           the README's main job
#   make vat-runtime    rebuild the committed vat runtime JavaScript (needs npm)

GO        ?= go
# The modules are the ones go.work uses, so a new module is built, tested
# and linted without touching this file.
MODULES   := $(shell ./scripts/modules.sh)
# Modules whose suites stay fast under the race detector.
RACE_MODULES := kernel-utils kernel-store ocap-kernel nodejs-daemon kernel-agents
# Packages whose tests run the JavaScript engine: they run without the race
# detector (see scripts/test-module.sh), then their *Race* tests with it.
ENGINE_PACKAGES := ocap-kernel/jsvat ocap-kernel/bundler ocap-kernel/rpc
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT  := github.com/rhysd/actionlint/cmd/actionlint@v1.7.7
FUZZTIME  ?= 5s
BENCHTIME ?= 1s

.PHONY: all build test lint bench demo fuzz tidy clean vat-runtime $(addprefix test/,$(MODULES)) $(addprefix bench/,$(MODULES))

all: build

# The binary records its commit for `ocap --version` (the go command's
# default, which GOFLAGS=-buildvcs=false turns off, is forced on in a git
# checkout).
BUILDVCS  := $(if $(wildcard .git),-buildvcs=true)

build:
	cd cli && $(GO) build $(BUILDVCS) -o ../bin/ocap ./cmd/ocap

test: $(addprefix test/,$(MODULES)) fuzz

$(addprefix test/,$(MODULES)): test/%:
	@GO=$(GO) RACE_MODULES="$(RACE_MODULES)" ENGINE_PACKAGES="$(ENGINE_PACKAGES)" ./scripts/test-module.sh $*

# Short fuzzing runs of every fuzz target, on top of their seed corpora
# (which plain `go test` already runs).
fuzz:
	@./scripts/fuzz.sh $(FUZZTIME)

bench: $(addprefix bench/,$(MODULES))

$(addprefix bench/,$(MODULES)): bench/%:
	cd $* && $(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) ./...

lint:
	@./scripts/lint.sh

tidy:
	@for m in $(MODULES); do (cd $$m && $(GO) mod tidy) || exit 1; done

demo: build
	@./scripts/demo.sh

vat-runtime:
	@./scripts/vat-runtime.sh

clean:
	rm -rf bin
