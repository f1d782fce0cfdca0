#!/usr/bin/env bash
# Every check, the same locally and in CI: formatting, lints, all tests (unit, integration, doc,
# UI tests with egui_kittest, and the real window under Xvfb).
# Needs the Rust toolchain; installs its rustfmt and clippy components, and on Debian the
# packages the window test needs (Xvfb and the X/EGL/Vulkan libraries winit and wgpu load) and
# strace for the offline test.
set -euo pipefail
cd "$(dirname "$0")"
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v strace >/dev/null || need+=(strace)
command -v faketime >/dev/null || need+=(faketime)
for lib in xauth libxcursor1 libxi6 libxkbcommon-x11-0 libegl1 mesa-vulkan-drivers; do
  dpkg -s "$lib" >/dev/null 2>&1 || need+=("$lib")
done
if [[ ${#need[@]} -gt 0 ]]; then
  echo "check.sh: installing ${need[*]}" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
