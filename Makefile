# Gazette: the two set-up commands are `make run` and `make test` (README).
# Each first installs what is missing (scripts/setup.sh), then builds.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup ui run test test-rust test-ui lint bench bench-import bench-search bench-scale bench-sync bench-ranking fidelity fuzz deb bundle bench-startup

setup:
	./scripts/setup.sh

# The UI must be built before cargo builds the app: Tauri embeds ui/dist.
ui: setup
	cd ui && npm run build

run: ui
	cargo run --locked --bin gazette-app

lint: ui
	cargo fmt --all -- --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --locked -p gazette-core -p gazette-cli --no-deps

test-ui: setup
	cd ui && npm run typecheck && npm run lint && npm test

# Rust unit, corpus, case, CLI and bindings tests, then the end-to-end test
# of the real app under Xvfb (tests/e2e.rs).
test-rust: ui
	cargo test --locked --workspace

test: lint test-ui test-rust

bench: bench-import bench-search

bench-import: setup
	cargo bench --locked -p gazette-core --bench import

bench-search: setup
	cargo bench --locked -p gazette-core --bench search

# Issue 6's scale benchmark: 10k and 100k posts, imported with and without
# the search index, then indexed (~3.5 GB of temporary disk).
bench-scale: setup
	cargo bench --locked -p gazette-cli --bench scale

# Issue 18's ranking side by side: the benchmark queries' top 10 on the corpus,
# FTS5 beside the derived (tantivy) index.
bench-ranking: setup
	cargo bench --locked -p gazette-core --bench ranking

# Issue 16's sync benchmark: a 30k-post git site, 50 files changed upstream.
bench-sync: setup
	cargo bench --locked -p gazette-cli --bench sync

# Issue 18's start-up figures: the real app (release build, under Xvfb)
# opening the search bench's archive of STARTUP_POSTS posts (made by
# bench-search first if missing: ~20 GB of disk at 1M): time to the first
# page and the sidebar counts, and every backend call it waited for.
STARTUP_POSTS ?= 1000000
bench-startup: ui
	test -f target/bench-search/archive-$(STARTUP_POSTS).db || \
		GAZETTE_BENCH_SIZES=$(STARTUP_POSTS) GAZETTE_BENCH_QUERY_RUNS=1 cargo bench --locked -p gazette-core --bench search
	GAZETTE_STARTUP_DB=$(CURDIR)/target/bench-search/archive-$(STARTUP_POSTS).db \
		cargo test --locked --release --test e2e startup_figures -- --ignored --nocapture

# Export fidelity and conversion speed on the corpus, Gazette beside pandoc.
fidelity: setup
	cargo run --locked --release -p gazette-core --example fidelity

# The four cargo-fuzz targets (fuzz/), FUZZ_SECONDS each (default 600).
# cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP=1 lets the stable
# toolchain take them. Crashes land in fuzz/artifacts/TARGET/.
FUZZ_SECONDS ?= 600
fuzz: setup
	command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	cd fuzz && for t in front_matter date html_to_markdown search_query; do \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 || exit 1; \
	done

deb: ui
	ui/node_modules/.bin/tauri build --bundles deb -- --locked

# The Linux packages that build offline: .deb and .rpm, in
# target/release/bundle/{deb,rpm}/. AppImage needs linuxdeploy downloaded
# from the internet: the release workflow (.github/workflows/release.yml)
# builds it, with the Windows and macOS bundles.
bundle: ui
	ui/node_modules/.bin/tauri build --bundles deb,rpm -- --locked
	@ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
