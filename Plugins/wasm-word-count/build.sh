#!/usr/bin/env bash
# Builds wordcount.wasm with Debian's clang and wasi-libc:
#   apt-get install clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32
# The built module is committed beside this script so the tests need no wasm toolchain.
set -euo pipefail
cd "$(dirname "$0")"
clang-16 --target=wasm32-wasi -O2 -fuse-ld=lld -Wl,--strip-all -o wordcount.wasm wordcount.c
echo "built $(pwd)/wordcount.wasm ($(wc -c < wordcount.wasm) bytes)"
