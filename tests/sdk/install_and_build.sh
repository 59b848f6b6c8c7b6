#!/usr/bin/env bash
# Proves the SDK works once installed: installs a built hoso tree into a
# scratch prefix, builds examples/validator-plugin and a hoso::Harness test
# against that prefix only, then runs the installed hoso with the plugin.
#
#   install_and_build.sh BUILD_DIR SOURCE_DIR
#
# BUILD_DIR must already be built (ctest does not build). Everything this
# script writes goes to BUILD_DIR/sdk-test, emptied first.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd -P)
src=$(cd "$2" && pwd -P)
cmake=${HOSO_CMAKE:-cmake}

work="$build/sdk-test"
prefix="$work/prefix"
example="$work/validator-plugin"
harness_build="$work/harness-test-build"
logs="$work/logs"

step() { echo "sdk_install_and_build: $*"; }
fail() {
  echo "sdk_install_and_build: FAILED: $*" >&2
  exit 1
}
# Runs a command with its output in a log file; on failure shows the log.
logged() {
  local log="$logs/$1.log"
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "---- $log" >&2
    tail -n 60 "$log" >&2
    return 1
  fi
}
cache_value() {
  sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" | head -n 1
}

[[ -f "$build/CMakeCache.txt" ]] || fail "$build is not a CMake build directory"
[[ -f "$src/examples/validator-plugin/CMakeLists.txt" ]] || fail "$src has no examples/validator-plugin"
[[ -x "$build/bin/hoso" ]] || fail "$build/bin/hoso is missing; build the project before running the tests"

rm -rf "$work"
mkdir -p "$work" "$logs"
# Only what this script names: no plugin path or package from the environment.
unset HOSO_PLUGIN_PATH CMAKE_PREFIX_PATH hoso_DIR

# The example must be compiled like the host: sanitizer flags in particular
# (an ASan host runs ASan plugins, and --no-undefined is off for them).
cxx=$(cache_value CMAKE_CXX_COMPILER)
cxx_flags=$(cache_value CMAKE_CXX_FLAGS)
build_type=$(cache_value CMAKE_BUILD_TYPE)
build_type=${build_type:-RelWithDebInfo}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
step "compiler $cxx, build type $build_type, CXX flags '${cxx_flags}'"

# --- 1. Install.
step "installing $build into $prefix"
logged install "$cmake" --install "$build" --prefix "$prefix" ||
  fail "cmake --install failed (is the build complete?)"
hoso="$prefix/bin/hoso"
[[ -x "$hoso" ]] || fail "the install has no bin/hoso"
config=$(find "$prefix" -name hosoConfig.cmake -print -quit)
[[ -n "$config" ]] || fail "the install has no hosoConfig.cmake: find_package(hoso) cannot work"
plugin_dir=$(dirname "$(find "$prefix" -path '*/hoso/plugins/csv_source.so' -print -quit)")
for p in csv_source jsonl_sink; do
  [[ -f "$plugin_dir/$p.so" ]] ||
    fail "the install has no $p.so in lib/hoso/plugins (built with HOSO_BUILD_PLUGINS=OFF?)"
done
for h in plugin.h options.h context.h record.h dossier.h harness.h; do
  [[ -f "$prefix/include/hoso/$h" ]] || fail "the install has no include/hoso/$h"
done
if leaks=$(grep -rl -e "$src/pipeline" -e "$src/cmake" -e "$build/" "$prefix/lib" --include='*.cmake'); then
  fail "installed CMake files point into the source or build tree: $leaks"
fi

# --- 2. Build the example against the prefix, in a copy of its folder so
# nothing lands in the source tree. Its pipeline.yaml names build/plugins.
step "building examples/validator-plugin against the installed SDK"
cp -R "$src/examples/validator-plugin" "$example"
rm -rf "$example/build" "$example/out"
logged configure-example "$cmake" -S "$example" -B "$example/build" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_BUILD_TYPE="$build_type" ||
  fail "configuring the example against $prefix failed"
found_dir=$(sed -n 's/^hoso_DIR:[A-Z]*=//p' "$example/build/CMakeCache.txt")
[[ "$found_dir" == "$prefix"/* ]] ||
  fail "find_package(hoso) found '$found_dir', not the installed prefix $prefix"
logged build-example "$cmake" --build "$example/build" || fail "building the example failed"
plugin="$example/build/plugins/party_card_format.so"
[[ -f "$plugin" ]] || fail "hoso_add_plugin did not produce $plugin"

# --- 3. The installed host lists the plugin with its option table, next to
# the installed in-tree plugins.
step "hoso plugins --plugin-path $example/build/plugins"
listing="$logs/plugins.txt"
"$hoso" plugins --plugin-path "$example/build/plugins" >"$listing" 2>&1 ||
  { cat "$listing" >&2; fail "hoso plugins exited with an error"; }
expect_line() {
  grep -qF -- "$1" "$listing" || { cat "$listing" >&2; fail "hoso plugins does not show: $1"; }
}
expect_line "party_card_format 1.0.0 (validator): Checks the digit count of party card numbers"
expect_line "file: $plugin"
expect_line "digits (int, default 8, 4..20): digits in a card number"
expect_line "severity (warning|error, default warning)"
expect_line "file: $plugin_dir/csv_source.so"
expect_line "file: $plugin_dir/jsonl_sink.so"

# --- 4. A hoso::Harness unit test, built against the installed hoso::harness.
step "building and running a hoso::Harness test against the installed SDK"
logged configure-harness "$cmake" -S "$src/tests/sdk/harness_test" -B "$harness_build" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_BUILD_TYPE="$build_type" ||
  fail "configuring the harness test against $prefix failed"
logged build-harness "$cmake" --build "$harness_build" || fail "building the harness test failed"
(cd "$example" && logged harness-test "$harness_build/party_card_format_test") ||
  fail "the hoso::Harness test of party_card_format failed"

# --- 5. Run the example pipeline with the installed hoso, from elsewhere:
# relative paths in the file resolve against the file's directory.
step "hoso run $example/pipeline.yaml"
(cd "$work" && logged run "$hoso" run "$example/pipeline.yaml" --progress none) ||
  fail "hoso run of the example pipeline failed"
members="$example/out/members.jsonl"
[[ -s "$members" ]] || fail "the run wrote no $members"

if [[ -x /usr/bin/python3 ]]; then
  /usr/bin/python3 - "$members" "$example/out/summary.json" <<'PY' || fail "the run's output is wrong (see above)"
import json, sys

members, summary = sys.argv[1], sys.argv[2]
records = [json.loads(line) for line in open(members, encoding="utf-8")]
problems = []
ids = [r["id"] for r in records]
if ids != ["VD-0001", "VD-0002", "VD-0003", "VD-0004", "VD-0005"]:
    problems.append(f"expected records VD-0001..VD-0005 in order, got {ids}")
for r in records:
    mine = [f for f in r["findings"] if f["rule_id"] == "vn.party.card_format"]
    if r["id"] == "VD-0003":
        if len(mine) != 1:
            problems.append(f"VD-0003 (bad card number) has {len(mine)} card_format findings, expected 1")
            continue
        f = mine[0]
        if f["severity"] != "error" or f["field"] != "party_card_number" or not f["suggested_fix"]:
            problems.append(f"VD-0003 finding is not as configured: {f}")
        card = r["fields"]["party_card_number"]["value"]
        if card in f["message"] or r["fields"]["full_name"]["value"] in f["message"]:
            problems.append("the finding's message quotes personal data")
    elif mine:
        problems.append(f"{r['id']} has a good card number but got {mine}")
s = json.load(open(summary, encoding="utf-8"))
if not s.get("accounted") or s.get("units_in") != 5 or s.get("units_quarantined") != 0:
    problems.append(f"summary does not account for 5 rows without quarantine: {s}")
for p in problems:
    print("sdk_install_and_build: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
else
  # No system Python: the same checks, coarser.
  [[ $(wc -l <"$members") -eq 5 ]] || fail "expected 5 records in $members"
  [[ $(grep -c '"rule_id":"vn.party.card_format"' "$members") -eq 1 ]] ||
    fail "expected exactly one vn.party.card_format finding in $members"
  grep '"rule_id":"vn.party.card_format"' "$members" | grep -q '"id":"VD-0003"' ||
    fail "the vn.party.card_format finding is not on VD-0003 (the bad card number)"
fi

step "passed: installed SDK builds party_card_format; installed hoso lists it and flags only VD-0003"
