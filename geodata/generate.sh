#!/bin/sh
# Rebuilds geodata/liberec/liberec.gpkg from geodata/liberec/obce.csv (see geodata/README.md).
# Uses the project's build directory when it is configured (BUILD_DIR, default ./build);
# otherwise compiles the generator on its own into a temporary directory.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-"$here/../build"}
if [ -f "$build/CMakeCache.txt" ]; then
    exec cmake --build "$build" --target demo_data
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046 # the flags must split into words
cc -std=c11 -O2 -DGEOS_USE_ONLY_R_API $(geos-config --cflags) $(gdal-config --cflags) \
    "$here"/generate/*.c -o "$tmp/dosah_gen_liberec" \
    $(geos-config --clibs) $(gdal-config --libs) -lm
"$tmp/dosah_gen_liberec" "$here/liberec/obce.csv" "$here/liberec/liberec.gpkg"
