#!/usr/bin/env bash
# Installs the build into a temporary prefix with `cmake --install`, then builds a program
# outside the project against it three ways (pkg-config with the shared library,
# find_package(dosah) with the shared and the static library) and runs each. The travel
# time it prints, 1,000 m at 60 km/h, is 60 s by hand.
#   run.sh BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
build=$1 src=$2 version=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(find "$prefix" -name libdosah.so -printf '%h\n' | head -n1)
[ -f "$libdir/libdosah.a" ] || { echo "no static library installed"; exit 1; }
[ -f "$libdir/pkgconfig/dosah.pc" ] || { echo "no dosah.pc installed"; exit 1; }
[ -f "$libdir/cmake/dosah/dosahConfig.cmake" ] || { echo "no dosahConfig.cmake"; exit 1; }
expect="dosah $version: 60.000 s to facility 0"

export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/consumer_pc" "$src/tests/install/consumer.c" \
   $(pkg-config --cflags --libs dosah)
out=$(LD_LIBRARY_PATH=$libdir "$tmp/consumer_pc")
[ "$out" = "$expect" ] || { echo "pkg-config build printed '$out', expected '$expect'"; exit 1; }

cmake -S "$src/tests/install" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/consumer" >/dev/null
for exe in consumer_cmake consumer_cmake_static; do
  out=$(LD_LIBRARY_PATH=$libdir "$tmp/consumer/$exe")
  [ "$out" = "$expect" ] || { echo "$exe printed '$out', expected '$expect'"; exit 1; }
done
# The shared library exports the public functions only: not the internal ones, nor the test
# hook and the error plumbing that live in src/core/core_internal.h.
if nm -D --defined-only "$libdir/libdosah.so" |
   grep -Eq ' T (dosah_graph_build_internal|dosah_make_dirs|dosah_ctx_fail_alloc_after|dosah_error_set)(@|$)'; then
  echo "libdosah.so exports internal functions"; exit 1
fi
echo "install: pkg-config, find_package (shared and static): $expect"
