# Gazette: the two set-up commands are `make run` and `make test` (README).
# Each first installs what is missing (scripts/setup.sh), then builds.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup ui run test test-rust test-ui lint bench bench-import bench-search fidelity deb

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
	cd ui && npm run typecheck && npm test

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

# Export fidelity and conversion speed on the corpus, Gazette beside pandoc.
fidelity: setup
	cargo run --locked --release -p gazette-core --example fidelity

deb: ui
	ui/node_modules/.bin/tauri build --bundles deb -- --locked
