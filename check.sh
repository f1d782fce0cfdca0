#!/usr/bin/env bash
# Every check, the same locally and in CI: formatting, lints, all tests (unit, integration, doc).
# Needs only the Rust toolchain (with its rustfmt and clippy components).
set -euo pipefail
cd "$(dirname "$0")"
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done
cargo fmt --all --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
