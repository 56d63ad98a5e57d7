# wechatpay-wasm. The two contract commands: `make demo` and `make test` (see README).
# Every tool is installed here, idempotently: a second run skips what is already in place.
SHELL := /bin/bash
.DEFAULT_GOAL := build
CARGO_TARGET := wasm32-unknown-unknown
WASM := target/$(CARGO_TARGET)/release/wechatpay_wasm.wasm
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
CHROMIUM ?= /usr/bin/chromium
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: tools rust-target wasm-bindgen-cli node-deps chromium redis-server build wasm test test-rust test-node test-workerd test-browser demo bench clean debugger pack test-pack

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
node-deps: node_modules/.installed
	@mkdir -p node_modules && ln -sfn ../pkg node_modules/wechatpay-wasm

chromium:
	@test -x $(CHROMIUM) || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

# Debian's redis-server for the shared-state tests (the harness starts its own on a random port).
redis-server:
	@command -v redis-server >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server)

wasm: rust-target
	cargo build --release --target $(CARGO_TARGET)

build: tools wasm pkg/wasm/wechatpay_wasm_bg.wasm
	node scripts/assemble-pkg.mjs
	node scripts/build-debugger.mjs

# wasm-opt (binaryen's npm build, no download) only when cargo produced a new module.
WASM_FEATURES := --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue
pkg/wasm/wechatpay_wasm_bg.wasm: $(WASM)
	wasm-bindgen --target web --out-dir pkg/wasm --out-name wechatpay_wasm $(WASM)
	node_modules/.bin/wasm-opt -O3 $(WASM_FEATURES) $@ -o $@
	@ls -l $@ | awk '{print "wasm: " $$5 " bytes"}'

# The signature debugger (debugger/, see README) on 127.0.0.1: prints the URL, runs until Ctrl-C.
debugger: build
	node scripts/serve-debugger.mjs

demo: build
	node examples/demo.mjs

test: build chromium test-rust test-node test-workerd test-browser test-pack

test-rust:
	cargo test

test-node: redis-server
	node --test --test-reporter=spec tests/js/

test-workerd:
	node --test --test-reporter=spec tests/workerd/

test-browser: chromium
	node --test --test-reporter=spec tests/browser/

# The npm tarball (npm pack of pkg/) in build/, then installed offline into a fresh temp project
# and used from CommonJS, ESM, TypeScript, workerd, Chromium and @edge-runtime/vm.
pack: build
	@mkdir -p build && rm -f build/wechatpay-wasm-*.tgz
	cd pkg && npm pack --pack-destination ../build --silent

test-pack: pack chromium
	node --test --test-reporter=spec tests/pack/

bench: build
	node bench/v2.mjs
	node bench/v3.mjs
	node bench/clients.mjs

clean:
	rm -rf pkg build target/$(CARGO_TARGET)
