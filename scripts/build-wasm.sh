#!/usr/bin/env bash
# Builds the npm package into pkg/ (gitignored), in one command:
#   bash scripts/build-wasm.sh
# Needs the toolchain (bash scripts/setup-wasm.sh) and the JS tools (bash scripts/setup-js.sh);
# scripts/setup.sh runs both. Steps:
#   1. cargo: the library for wasm32-unknown-unknown, --no-default-features (no CLI deps),
#      profile wasm-release (Cargo.toml); on the Debian route std is rebuilt (-Z build-std).
#   2. the data reordered by its relocations (scripts/order-data.mjs), then
#      wasm-bindgen (the CLI pinned to Cargo.lock's wasm-bindgen), --target web: one glue
#      file (glue.js) serving every runtime; each runtime entry only says how to load.
#   3. wasm-opt -Oz (npm binaryen in tests/js/node_modules), card loading kept out of line;
#      twice, with the functions put in an order that compresses better in between.
#   4. pkg/ from pkg-template/, node.cjs bundled from node-cjs.js (esbuild, CommonJS).
# Prints the sizes (raw and gzip -9) of pkg/zonerate_bg.wasm.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[build-wasm] %s\n' "$*"; }
die() { printf '[build-wasm] %s\n' "$*" >&2; exit 1; }

TARGET=wasm32-unknown-unknown
PROFILE=wasm-release
JS_BIN=tests/js/node_modules
WASM_OPT=$JS_BIN/binaryen/bin/wasm-opt
ESBUILD=$JS_BIN/esbuild/bin/esbuild
[ -x "$WASM_OPT" ] && [ -x "$ESBUILD" ] || die "JS tools missing: run bash scripts/setup-js.sh"

# shellcheck source=scripts/wasm-env.sh
. scripts/wasm-env.sh

# --- 1. cargo ---------------------------------------------------------------------------------
# The shadow stack: 64 KB instead of rustc's 1 MB, and placed after the data rather than
# first in memory (`--no-stack-first`: in the target's link arguments, replacing its
# `--stack-first`, on the Debian route; given after them on the rustup route). The data
# then starts at 1 KB: the ~700 addresses of a text or table below 8 KB that the code
# names are 2-byte LEBs instead of 3-byte ones (-0.8 KB raw, -0.2 KB gzip; at 64 KB they
# were all 3-byte ones, and 4-byte ones above rustc's 1 MB stack). The price: an
# overflow no longer runs below address 0 and traps, it would overwrite the statics below
# the stack. None can happen: the deepest inputs the module accepts (JSON nested 128 deep
# in a shipment, 32 in a card; deeper ones are refused before they are read) use about
# 6 KB of it, which tests/js/stack.mjs measures and checks against a quarter of this size.
STACK_SIZE=65536
extra=()
target_arg=$TARGET
out_dir=$TARGET
# Two of LLVM's optimisations off, for all the crate's code (the LTO step compiles it all):
# loop strength reduction, which rewrites a loop's index arithmetic into extra induction
# variables suited to a CPU's addressing modes (wasm has one, base plus a constant offset),
# and GVN's partial redundancy elimination of loads, which copies a load into the paths
# that lacked it. Measured together: -0.8 KB raw, -0.7 KB gzip -9, 0.6 % fewer instructions
# for the cold start, a JS quote the same within its noise (docs/performance.md, fifteenth
# session, lists the other LLVM options tried: none better on both size and instructions).
# And one on: LLVM's global function merging, which replaces functions that differ only in
# some constants (monomorphised copies, mostly) by one function taking those constants as
# parameters, and a thunk per original passing its own; here also for functions with no
# differing constant at all (identical ones, `-global-merging-skip-no-params=false`).
# Measured on the seventeenth session's start: -0.8 KB raw, -0.25 KB gzip -9, instruction
# counts the same within their noise (docs/performance.md lists the settings tried).
codegen_flags='"-Cllvm-args=-disable-lsr", "-Cllvm-args=-enable-load-pre=false",
  "-Cllvm-args=-enable-global-merge-func", "-Cllvm-args=-global-merging-skip-no-params=false"'
link_flags="\"-Clink-arg=-zstack-size=$STACK_SIZE\", $codegen_flags"
if [ -n "$ZR_WASM_BUILD_STD_FLAGS" ]; then
  # Debian route (nightly features through RUSTC_BOOTSTRAP): std is rebuilt anyway, so it
  # can be rebuilt to abort at once on a panic, without the formatting machinery panics
  # would otherwise pull in. The core never panics on input (lib.rs denies unwrap & co.).
  # std's optimize_for_size feature swaps its sorts and a few other routines for smaller
  # ones (-15 KB; sorting only runs when cards are loaded).
  # -Z share-generics=no (at opt-level "s" rustc shares by default): each crate, std
  # included, compiles the generic instances it uses (Vec, String, iterators) itself rather
  # than calling the copy an upstream crate compiled. Measured, not derived: -2.2 KB raw,
  # -0.5 KB gzip, 8 % fewer instructions per JS quote and 4 % fewer to load the USPS cards.
  #
  # Multi-value returns: the target is wasm32-unknown-unknown as this rustc describes it,
  # with LLVM's "experimental-mv" ABI, under which a function returns a pair (a `&str`, a
  # `(ptr, len)`, an `Option<u32>`, a `Result` of a small value) as two wasm values instead of
  # storing it through a pointer into its caller's stack frame. Every runtime the package
  # supports has multi-value (the glue's one export already used it). Measured: -3.2 KB raw,
  # -1.0 KB gzip -9, 1.1 % fewer instructions per JS quote, 1.3 % fewer for the cold start
  # (docs/performance.md). Only here, where std is rebuilt: a custom target
  # has no prebuilt std, so the rustup route keeps the plain target. Under that ABI LLVM
  # calls its 128-bit helpers with another signature than std's compiled ones have; the
  # crate crates/mv-intrinsics defines them for it when `--cfg zonerate_mv_abi` is given.
  # The same target also enables 128-bit SIMD: LLVM then copies a 16-byte value (a
  # `Decimal`, most often) with one v128 load and store instead of two or four scalar pairs;
  # it uses the other SIMD instructions only a handful of times. Measured on top of
  # multi-value: -2.5 KB raw, -1.1 KB gzip -9, 0.8 % fewer instructions for the cold start,
  # 0.5 % fewer per JS quote. Wasm SIMD needs Chrome/Edge 91, Firefox 89, Safari 16.4, Node
  # 16.4 or later (and any Deno or workerd); pkg-template/README.md says so.
  spec=${CARGO_TARGET_DIR:-target}/wasm32-mv.json
  mkdir -p "$(dirname "$spec")"
  "$ZR_WASM_RUSTC" -Z unstable-options --print target-spec-json --target "$TARGET" |
    node -e 'const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
      s["llvm-abiname"] = "experimental-mv";
      s.features = "+multivalue,+simd128";
      for (const args of Object.values(s["pre-link-args"])) {
        args.forEach((a, i) => (args[i] = a.replace("--stack-first", "--no-stack-first")));
        args.push("--emit-relocs");
      }
      process.stdout.write(JSON.stringify(s, null, 1) + "\n");' >"$spec.new"
  # Rewritten only when it changes, so cargo's cache of the build stays valid.
  if cmp -s "$spec.new" "$spec"; then rm "$spec.new"; else mv "$spec.new" "$spec"; fi
  target_arg=$spec
  out_dir=wasm32-mv
  # shellcheck disable=SC2206
  extra=($ZR_WASM_BUILD_STD_FLAGS -Z json-target-spec -Z panic-immediate-abort
    -Z build-std-features=optimize_for_size -Z profile-rustflags
    --config "profile.$PROFILE.rustflags=[\"-Zshare-generics=no\", \"--cfg\", \"zonerate_mv_abi\", $link_flags]")
  export CARGO_PROFILE_WASM_RELEASE_PANIC=immediate-abort
else
  extra=(--config "target.$TARGET.rustflags=[$link_flags, \"-Clink-arg=--no-stack-first\", \"-Clink-arg=--emit-relocs\"]")
fi
log "cargo build --profile $PROFILE --target $target_arg --lib --no-default-features ${extra[*]}"
RUSTC=$ZR_WASM_RUSTC "$ZR_WASM_CARGO" build --quiet --locked --profile "$PROFILE" --target "$target_arg" \
  --lib --no-default-features "${extra[@]}"
raw=${CARGO_TARGET_DIR:-target}/$out_dir/$PROFILE/zonerate.wasm
[ -f "$raw" ] || die "no $raw after cargo build"
# A call whose signature does not match its function's (an ABI mismatch, such as a 128-bit
# helper compiled for another ABI) is linked by wasm-ld as a trap named after it.
if grep -q 'signature_mismatch:' "$raw"; then
  die "$raw calls a function under a mismatched signature (wasm-ld's signature_mismatch stubs): $(grep -ao 'signature_mismatch:[A-Za-z0-9_]*' "$raw" | sort -u | tr '\n' ' ')"
fi

# --- 2. wasm-bindgen, exactly the crate's version ---------------------------------------------
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
wb=$(command -v wasm-bindgen || echo "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen")
[ -x "$wb" ] || die "wasm-bindgen CLI missing: run bash scripts/setup-wasm.sh"
have=$("$wb" --version | awk '{print $2}')
[ "$have" = "$want" ] || die "wasm-bindgen CLI is $have but Cargo.lock has $want: run bash scripts/setup-wasm.sh"
work=target/wasm-bindgen
rm -rf "$work"
mkdir -p "$work"
# The data reordered before anything else reads the module (scripts/order-data.mjs): wasm-ld
# lays it out in its input order, with no option to choose another, and that order had most
# of what the code names above 8 KB, where an address is a 3-byte LEB128 instead of 2, and
# unlike data next to unlike. wasm-ld keeps its relocations in the module (--emit-relocs,
# in the link arguments above), which name every place an address was written; the script
# puts the data the code names most below 8 KB and similar data together, stores a text
# found inside another only once, rewrites every address and drops the relocations.
# Measured on the twenty-second session's code, functions in name order: -1.2 KB raw,
# -0.4 KB gzip -9; 1,084 of the 1,244 addresses in `i32.const`s below 8 KB instead of 614;
# 137 pieces of data (1.2 KB) found inside others.
node scripts/order-data.mjs "$raw" "$work/linked.wasm" --report
"$wb" --target web --no-typescript --out-dir "$work" --out-name zonerate "$work/linked.wasm"

# --- 3. wasm-opt ------------------------------------------------------------------------------
rm -rf pkg
mkdir -p pkg
# Card loading stays in several functions (they are `#[inline(never)]` in the source too):
# wasm-opt would inline each into `addCard` as they have one caller, and V8 compiles a
# function whole on its first call, so the first card paid for compiling one 43 KB function
# (4 ms in Node, even for a card that fails at once; 2.5 ms split). Same size either way.
# The same for the operations behind the binding's one export (src/wasm.rs), its errors and
# its clock (`today`, called by `run` for the operations that take a date: inlined, every
# card's `run` compiled it, +0.05M instructions of the cold start),
# and for the parts only some cards use (charge kinds, row modes, strings with escapes: the
# reader's `escaped`, 0.24M instructions of V8 compiling when inlined into `string`) and the
# cold builders of error messages: out of line, a card that does not call them does not
# compile them. Likewise a quote's fingerprint (with the shipment's canonical copy it
# writes), which only quotes asked for one take: inlined into `quote`, every first quote
# compiled it (0.27M instructions of the first quote after the USPS cards, Liftoff). And the
# quote's rarer paths (multi-parcel shipments, markups, exclusive groups, cubic tiers,
# percentage surcharges, step and progressive rows, a service with no card in force, the
# origin or destination not served): wasm-opt inlined each into `RateEngine::price` or
# `quote` as they have one caller, and the first quote compiled them all (10.41M instead of
# 12.47M instructions for the first quote after the USPS cards, Liftoff; +94 B raw).
# The same for the Unicode whitespace trim behind `crate::trim`, which text to trim
# (rare) takes: inlined, every card compiled it; and the object forms of a shipment's
# weight and dimensions (most give "2.5lb"), its parcels list and its option flags:
# inlined into `normalize`, every first quote compiled them. Likewise the reader of those
# object forms (`read_parts`, whose one caller reads the text form too: inlined, the first
# quote compiled 0.13M instructions more).
# `rate_with` and `Table::price` stay functions of their own, not inlined into
# `RateEngine::price`: fewer locals in each (a local's index past 127 takes two bytes),
# -0.4 KB gzip for +14 B raw, two calls more per service quoted (+0.2 % per JS quote).
# The answer when a table has no price, and the delivery date after so many business days
# (both called from one place in `rate_with`): inlined, every first quote compiled them
# (+0.1M instructions).
# The pushes of an object's or list's brackets (`card::format::open`, `close`, `open_list`,
# `close_list`): wasm-opt inlines calls this small at each of the ~130 sites of the writers
# (a card's hash, errors, verification), each a call with the string's address and length
# where one argument does: -0.7 KB raw.
# Likewise the reader of a `null` (`Reader::null`), which each `Option` field's reader calls.
# A number's digits past 18 (`json::long_digits`) and a struct's field error
# (`json::field_error`) have one caller each: inlined into `json::decimal` and `read_struct`,
# which every first quote compiles, they cost it 1.1-1.5 % more instructions for 11 B gzip.
# A limit's exceeded message (built only when a parcel is over one) stays out of `Limit::check`:
# +19 B, but the first quote compiles 0.11M instructions less. (The billable weight's
# computation, `compute_scoped`, is inlined into `rate_with` by LLVM already: kept out of
# line with `#[inline(never)]` it measured +18 B raw, +20 B gzip in the twentieth session.)
no_inline=()
for f in '*compile_hashed*' '*parse_card*' '*ZoneTable>::compile*' '*pricing::Table>::compile*' \
  '*Surcharge>::compile*' '*Surcharges>::compile*' '*compile_service*' '*compile_zip3*' '*compile_zip5*' \
  '*compile_progressive*' '*ZipSets>::compile*' \
  '*FromJson>::from_json*' '*wasm::op_*' '*wasm::error_answer*' '*wasm::today' '*surcharge::table*' '*surcharge::rarer_kind*' \
  '*pricing::compile_step*' \
  '*card::card_too_long*' '*card::card_error*' '*card::too_many_hubs*' '*card::check_charges*' '*card::within*' \
  '*conditions::dest_sets*' '*conditions::compile_any*' '*card::percent_of_earlier*' '*engine::checked_hash*' \
  '*json::write_escaped*' '*json::Reader>::escaped*' '*verify::fingerprint*' \
  '*quote::not_served' '*quote::no_price' '*Date>::add_business_days' '*quote::percent_basis' '*quote::exclusive_groups' '*LimitDef>::exceeded' \
  '*quote::cubic_size' '*pricing::rarer_price' '*markup::apply' '*RateEngine>::price_parcels' \
  '*RateEngine>::no_card' '*engine::unknown_service' \
  '*quote::rate_with' '*pricing::Table>::price' '*zonerate*::trim_whitespace' \
  '*card::format::open' '*card::format::close' '*card::format::open_list' '*card::format::close_list' \
  '*json::Reader>::null' '*json::long_digits' '*json::field_error' \
  '*shipment::weight_parts' '*shipment::dims_parts' '*shipment::read_parts' '*shipment::pieces_of' '*shipment::sorted_unique'; do
  no_inline+=("--no-inline=$f")
done
# The same for the readers of card fields most cards do not have (`any`, `hubs`, `tiers`,
# `bracketRule`, a row's `mode`, …): a struct's field reader (`ReadField`) calls
# one `put` per field type, and wasm-opt would inline each read by one field only into the
# struct's reader, which a card then compiles whole (-2 KB compiled for the USPS cards).
# Likewise a shipment's rarer fields (`parcels`, `options`, `bestValueDays`, `view`), which
# the first quote compiled with `from`, `to`, `weight` and `dimensions`.
for t in 'core*::option::Option<alloc*::vec::Vec<zonerate*::card::format::Condition>>' \
  'core*::option::Option<alloc*::vec::Vec<zonerate*::card::format::HubDef>>' \
  'core*::option::Option<alloc*::vec::Vec<zonerate*::card::format::TierDef>>' \
  'core*::option::Option<zonerate*::card::format::BracketRule>' 'zonerate*::card::format::BracketRule' \
  'core*::option::Option<zonerate*::units::WeightUnit>' 'zonerate*::card::format::RowMode' \
  'core*::option::Option<alloc*::vec::Vec<zonerate*::shipment::PieceInput>>' \
  'core*::option::Option<zonerate*::shipment::OptionsInput>' 'core*::option::Option<u32>' \
  'core*::option::Option<zonerate*::shipment::View>'; do
  no_inline+=("--no-inline=*json::put::<$t>")
done
# --low-memory-unused: the data starts at 1 KB (wasm-ld's default base; the stack and the
# heap lie above it), so no address below 1 KB is ever reached by wrapping a pointer around
# 2^32, and wasm-opt
# may fold `ptr + constant` into the load or store (-2.3 KB). A second -Oz finds what the
# first one's inlining left (-0.2 KB raw, -0.3 KB gzip); the target_features section is
# only read by tools (-0.15 KB). --always-inline-max-function-size=5 (default 2): functions
# of a few bytes (a `grow_one`, a getter) are inlined wherever called; each function costs V8
# a fixed price to compile besides its bytes, and the card path called ten such (-0.1 KB
# gzip; 1 % fewer instructions to load the USPS cards, 0.6 % fewer per JS quote). At 6 the
# module grows by 1.7 KB.
optimize() { # IN OUT [flags]
  local in=$1 out=$2
  shift 2
  "$WASM_OPT" "${no_inline[@]}" --always-inline-max-function-size=5 --low-memory-unused -Oz -Oz "$@" "$in" -o "$out"
}
# Twice: the first run's output (names kept) only tells scripts/order-functions.mjs how the
# shipped functions look; it puts similar ones next to each other in the input, and the
# second run, which keeps that order, gives the package's module. Deflate finds repeats only
# within 32 KB, so neighbours matter: -1.2 KB gzip -9 (and -0.4 KB raw: the element table's
# and calls' function indices change too). Measured against the same code in rustc's order.
optimize "$work/zonerate_bg.wasm" "$work/optimized-named.wasm" -g
node scripts/order-functions.mjs "$work/optimized-named.wasm" "$work/zonerate_bg.wasm" "$work/ordered.wasm"
# (-g: names kept for the next step, which uses them as keys and drops them; the code is the
# same byte for byte as without.)
optimize "$work/ordered.wasm" "$work/final.wasm" -g --strip-producers --strip-target-features
# Then the finished module is tuned by measuring deflate itself: a local search that moves
# functions and swaps the numbers of a function's locals of one type while the deflated code
# gets smaller, every index renumbered and nothing else changed (scripts/deflate-order.mjs).
# The similarity walk above only guesses what deflate will find, and wasm-opt numbers locals
# by use counts, not by what their neighbours look like. It also sets every alignment hint
# to one byte (a hint only; one value everywhere compresses better), joins the data
# segments wasm-opt split at short runs of zeros (119 → 2: +1.3 KB raw, −0.3 KB gzip) and
# writes each zero vector as a splat (−0.3 KB raw). Measured on the seventeenth session's
# code: 8,000 moves (half of each kind) took another 1.0 KB off the
# gzipped module, 16,000 another 0.25 KB, 248,000 another 0.8 KB: more than a build can
# spend. So the search starts from the order and numbering a long run saved in
# scripts/deflate-hints.json (functions known by name; a function changed since only fits
# less well) and tries ZR_DEFLATE_MOVES more (default below; 0: none). To refresh the hints
# after code changes (about 20 minutes of one core), after a build:
#   node scripts/deflate-order.mjs target/wasm-bindgen/final.wasm /tmp/zr.wasm 250000 \
#     --hints scripts/deflate-hints.json --save scripts/deflate-hints.json
node scripts/deflate-order.mjs "$work/final.wasm" pkg/zonerate_bg.wasm "${ZR_DEFLATE_MOVES:-6000}" \
  --hints scripts/deflate-hints.json

# --- 4. the package ----------------------------------------------------------------------------
cp pkg-template/package.json pkg-template/README.md pkg-template/facade.js pkg-template/node.mjs \
  pkg-template/web.js pkg-template/workerd.js pkg-template/index.d.ts pkg/
cp pkg-template/index.d.ts pkg/index.d.cts
cp "$work/zonerate.js" pkg/glue.js
# CommonJS entry: the same facade and glue, bundled into one require()-able file. The
# glue's `import.meta.url` is only used by the fetch path, which node.cjs never takes.
cp pkg-template/node-cjs.js pkg/node-cjs.js
"$ESBUILD" pkg/node-cjs.js --bundle --format=cjs --platform=node --target=node18 \
  --outfile=pkg/node.cjs --log-level=warning --log-override:empty-import-meta=silent
rm pkg/node-cjs.js

bytes=$(wc -c <pkg/zonerate_bg.wasm)
gz=$(gzip -9c pkg/zonerate_bg.wasm | wc -c)
before=$(wc -c <"$work/zonerate_bg.wasm")
log "pkg/ ready: $(cd pkg && ls | tr '\n' ' ')"
printf '[build-wasm] zonerate_bg.wasm: %s bytes raw (%s before wasm-opt), %s bytes gzip -9\n' "$bytes" "$before" "$gz"
