// Renumbers the functions and locals of the finished module (after the build's last wasm-opt
// run) so that deflate, which gzip uses, compresses its code better, changing no behaviour:
//   node scripts/deflate-order.mjs IN OUT [MOVES] [--hints FILE] [--save FILE]
// scripts/order-functions.mjs has already put similar functions next to each other (a greedy
// walk by shared byte 4-grams, before the last wasm-opt run). This step then measures: a local
// search, each move either putting one to three neighbouring functions a little way off or
// swapping the indices of two locals of one type in one function (both change no behaviour:
// a function's own locals all start at zero), kept when the deflated code section (zlib level
// 9, as gzip -9) is smaller and the raw one no larger. It runs on the module as shipped, with
// every function index (calls, `ref.func`, exports, the element table, the start function)
// renumbered for the new order, so what it measures is what gzip will see: a reorder before
// wasm-opt would be optimised again and lose most of it. Deterministic: a fixed seed, so the
// same module (and hints) gives the same bytes. Every load's and store's alignment hint is
// also set to one byte (see `memarg`), and the data segments are joined (see GAP).
//
// Hints: the search keeps finding a little more for a long time (on the seventeenth session's
// code, 16,000 moves took 1.5 KB off the deflated code, 248,000 another 0.8 KB), more than a
// build can spend. So a long search's result is kept in the repository (scripts/
// deflate-hints.json, written by `--save`) and the build starts from it (`--hints`), the way
// a linker's order file is made by a profiling run and then used by every build: the
// functions in the order saved, and each function's local numbering where its body is the
// one saved. Functions are known by their names (IN keeps its name section for this; OUT has
// none), as a hash of the name without the crates' disambiguating hashes; a function the
// hints do not know goes after the one it followed in IN. A change to the code only makes
// the hints fit less well: the module stays exact, and `--save` after a long run refreshes
// them (the README's build notes give the command).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { WasmReader } from "./wasm-read.mjs";

const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const hintsPath = option("--hints");
const savePath = option("--save");
const [inPath, outPath, evalsArg] = args;
if (!outPath) {
  console.error("usage: node scripts/deflate-order.mjs IN OUT [MOVES] [--hints FILE] [--save FILE]");
  process.exit(2);
}
const EVALS = Number(evalsArg ?? 16000);
const NEAR = 100;

/** An unsigned LEB128 encoding of `n`. */
function leb(n) {
  const out = [];
  do {
    let b = n & 127;
    n = Math.floor(n / 128);
    if (n > 0) b |= 128;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

const bytes = readFileSync(inPath);
const sections = []; // { id, start, end } of each section's content
let imported = 0;
let code = null;
const paramsOfType = []; // each type's number of parameters (every value type is one byte)
const typeOf = []; // each defined function's type
const names = []; // each function's name, by index, when IN has a name section
{
  const r = new WasmReader(bytes);
  for (const { id, end } of r.sections()) {
    sections.push({ id, start: r.p, end });
    if (id === 0 && r.name() === "name") {
      // Kept out of OUT (its indices are not renumbered here); the function names serve as keys.
      sections.pop();
      while (r.p < end) {
        const sub = r.byte();
        const subEnd = r.u32() + r.p;
        if (sub === 1) for (let n = r.u32(); n > 0; n--) names[r.u32()] = r.name();
        r.p = subEnd;
      }
    }
    if (id === 2) imported = r.importedFunctions();
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        if (r.byte() !== 0x60) throw new Error("a type that is not a function type");
        const params = r.u32();
        r.bytes(params);
        r.bytes(r.u32());
        paramsOfType.push(params);
      }
    }
    if (id === 3) for (let n = r.u32(); n > 0; n--) typeOf.push(r.u32());
    if (id === 10) code = sections.at(-1);
  }
}
if (!code) throw new Error(`${inPath} has no code section`);

// --- each body as pieces of bytes between the function indices it names ------------------
/** Skips a memarg. */
function memarg(r) {
  // The alignment, a hint: set to 1 byte (exponent 0) when it is one byte long, as all are
  // here (below 64, no memory index). The hint never changes what an access does (a wasm
  // access may be misaligned whatever it says), and one below the truth only tells an engine
  // not to count on alignment, which V8 and the others do not on x86-64 and ARM64 anyway;
  // wasm-opt writes a mix (the natural alignment, or 4 where a struct's field is only that
  // aligned), and one value everywhere lets deflate find more repeats: -0.2 KB.
  if (r.b[r.p] < 64) r.b[r.p] = 0;
  if (r.u32() & 64) r.u32(); // a memory index
  const at = r.p;
  r.u32();
  constants?.push([at, r.p]);
}
/** Where `split` notes the immediates of `i32.const`s and the offsets of loads and stores. */
let constants;
/** Skips a signed LEB128. */
function sleb(r) {
  while (r.byte() & 128);
}
/**
 * The body `b` of a function with `params` parameters as { pieces, refs, groups }: pieces[0],
 * refs[0], pieces[1]… where a ref is a function index (`call`, `ref.func`) as a number, or a
 * local's (`local.get`, `set`, `tee`) as -1 - index; `groups` lists the function's own locals
 * (not its parameters) by type, as lists of indices.
 */
function split(body, params) {
  const b = Buffer.from(body); // a copy: the alignments are rewritten in it
  const r = new WasmReader(b, 0);
  const byType = new Map();
  let local = params;
  for (let n = r.u32(); n > 0; n--) {
    const count = r.u32();
    const type = r.byte(); // a number type or v128: one byte
    if (!byType.has(type)) byType.set(type, []);
    for (let i = 0; i < count; i++) byType.get(type).push(local++);
  }
  const pieces = [];
  const refs = [];
  constants = [];
  const splats = []; // [start, end, byte] of each v128.const of sixteen equal bytes
  let from = 0;
  const ref = (local) => {
    const at = r.p;
    const x = r.u32();
    pieces.push(b.subarray(from, at));
    refs.push(local ? -1 - x : x);
    from = r.p;
  };
  while (r.p < b.length) {
    const op = r.byte();
    if (op === 0x10 || op === 0xd2) ref(false);
    else if (op >= 0x20 && op <= 0x22) ref(true);
    else if (op >= 0x02 && op <= 0x04) {
      const t = b[r.p];
      if (t === 0x40 || (t >= 0x7b && t <= 0x7f) || t === 0x70 || t === 0x6f) r.p++;
      else sleb(r); // a type index (s33)
    } else if (op === 0x0c || op === 0x0d || (op >= 0x23 && op <= 0x26)) r.u32();
    else if (op === 0x0e) {
      for (let n = r.u32() + 1; n > 0; n--) r.u32();
    } else if (op === 0x11) {
      r.u32();
      r.u32();
    } else if (op === 0x1c) {
      for (let n = r.u32(); n > 0; n--) r.byte();
    } else if (op >= 0x28 && op <= 0x3e) memarg(r);
    else if (op === 0x3f || op === 0x40) r.byte();
    else if (op === 0x41) {
      const at = r.p;
      sleb(r);
      constants.push([at, r.p]);
    } else if (op === 0x42) sleb(r);
    else if (op === 0x43) r.p += 4;
    else if (op === 0x44) r.p += 8;
    else if (op === 0xd0) r.byte();
    else if (op === 0xfc) {
      const sub = r.u32();
      if (sub <= 7) continue;
      // (`memory.init`, `data.drop`: a data segment by index, which the joining below
      // would renumber.)
      if (sub === 8 || sub === 9) throw new Error("memory.init or data.drop: data segments named by index");
      if (sub === 13 || (sub >= 15 && sub <= 17)) r.u32();
      else if (sub === 10 || sub === 12 || sub === 14) (r.u32(), r.u32());
      else if (sub === 11) r.byte();
      else throw new Error(`0xfc ${sub} not handled`);
    } else if (op === 0xfd) {
      const sub = r.u32();
      if (sub <= 11 || sub === 92 || sub === 93) memarg(r);
      else if (sub === 12 || sub === 13) {
        const v = b.subarray(r.p, r.p + 16);
        if (sub === 12 && v.every((x) => x === v[0])) splats.push([r.p - 2, r.p + 16, v[0]]);
        r.p += 16;
      }
      else if (sub >= 21 && sub <= 34) r.byte();
      else if (sub >= 84 && sub <= 91) (memarg(r), r.byte());
    } else if (
      !(op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b) &&
      !(op >= 0x45 && op <= 0xc4) &&
      op !== 0xd1
    ) {
      throw new Error(`opcode 0x${op.toString(16)} not handled`);
    }
  }
  if (r.p !== b.length) throw new Error("a body ends inside an instruction");
  if (splats.length > 0) {
    // A `v128.const` of sixteen equal bytes (zero, most often: LLVM clears 16 bytes at a
    // time with one) as `i32.const` of the byte and `i8x16.splat`: 4 or 5 bytes instead of
    // 18, the same value (the splat takes the constant's low byte). Found by the walk
    // above, instruction by instruction.
    const parts = [];
    let at = 0;
    for (const [start, end, byte] of splats) {
      const v = (byte << 24) >> 24; // as a signed byte: one LEB byte from -64 to 63
      const constant = v >= -64 && v < 64 ? [v & 127] : [(v & 127) | 128, (v >> 7) & 127];
      parts.push(b.subarray(at, start), Buffer.from([0x41, ...constant, 0xfd, 0x0f]));
      at = end;
    }
    parts.push(b.subarray(at));
    return split(Buffer.concat(parts), params);
  }
  pieces.push(b.subarray(from));
  const groups = [...byType.values()].filter((g) => g.length > 1);
  // The pieces without those immediates, for the hints' key (see `shapeKey`).
  const shape = [];
  let c = 0;
  for (const piece of pieces) {
    const start = piece.byteOffset - b.byteOffset;
    const parts = [];
    let at = start;
    for (; c < constants.length && constants[c][1] <= start + piece.length; c++) {
      parts.push(b.subarray(at, constants[c][0]));
      at = constants[c][1];
    }
    parts.push(b.subarray(at, start + piece.length));
    shape.push(Buffer.concat(parts));
  }
  constants = undefined;
  return { pieces, refs, groups, shape, locals: new Map() };
}

const bodies = [];
{
  const r = new WasmReader(bytes, code.start);
  for (let n = r.u32(); n > 0; n--) bodies.push(split(r.bytes(r.u32()), paramsOfType[typeOf[bodies.length]]));
}
const count = bodies.length;

// --- hints -----------------------------------------------------------------------------------
const hash = (text) => createHash("sha256").update(text).digest("hex").slice(0, 12);
/** Each defined function's key: a hash of its name without crate hashes (`#2` on a repeat). */
const keys = [];
if (hintsPath || savePath) {
  const seen = new Map();
  for (let i = 0; i < count; i++) {
    // A function the optimiser made has no name of its own (LLVM's merging of similar
    // functions, say): known by its place among those (`#2` on the second).
    const name = names[imported + i] ?? (names.length ? "(unnamed)" : undefined);
    if (name === undefined) throw new Error(`${inPath}: function ${imported + i} has no name (hints need a name section)`);
    const plain = name.replace(/\[[0-9a-f]{12,16}\]/g, "");
    const k = (seen.get(plain) ?? 0) + 1;
    seen.set(plain, k);
    keys.push(hash(k > 1 ? `${plain}#${k}` : plain));
  }
}
/**
 * Function `i`'s body as saved with its hints: its bytes, its locals, the keys of its callees;
 * but not the values of its `i32.const`s or its loads' and stores' offsets, so a numbering of
 * locals still applies when only the data's addresses moved (any numbering of a function's
 * locals of one type is exact; the key only says it was found for this code).
 */
const bodyKey = (i) => {
  const { shape: pieces, refs } = bodies[i];
  const parts = [];
  refs.forEach((x, j) => parts.push(pieces[j].toString("hex"), x < 0 ? `l${-1 - x}` : x < imported ? `i${x}` : keys[x - imported]));
  parts.push(pieces[refs.length].toString("hex"));
  return hash(parts.join(","));
};
let order = [...Array(count).keys()];
let hinted = 0;
if (hintsPath) {
  const hints = JSON.parse(readFileSync(hintsPath, "utf8"));
  const rank = new Map(hints.order.map((k, r) => [k, r]));
  // Known functions in the saved order, each followed by the unknown ones it preceded in IN.
  const known = order.filter((i) => rank.has(keys[i])).sort((a, b) => rank.get(keys[a]) - rank.get(keys[b]));
  const after = new Map([[-1, []]]);
  let last = -1;
  for (const i of order) {
    if (rank.has(keys[i])) after.set((last = i), []);
    else after.get(last).push(i);
  }
  order = [...after.get(-1), ...known.flatMap((i) => [i, ...after.get(i)])];
  hinted = known.length;
  // A saved numbering of locals, where the body is the one it was saved for.
  const keyed = new Map(keys.map((k, i) => [k, i]));
  for (const [k, [body, pairs]] of Object.entries(hints.locals)) {
    const i = keyed.get(k);
    if (i === undefined || bodyKey(i) !== body) continue;
    for (let j = 0; j + 1 < pairs.length; j += 2) bodies[i].locals.set(pairs[j], pairs[j + 1]);
  }
}

/** `order` (defined functions, old indices) as a map from old to new function index. */
function renumber(order) {
  const to = new Array(imported + count);
  for (let i = 0; i < imported; i++) to[i] = i;
  order.forEach((old, k) => (to[imported + old] = imported + k));
  return to;
}
const lebs = [];
const lebOf = (n) => (lebs[n] ??= leb(n));
/** Function `old`'s body (with its size first) under the function numbering `to`. */
function encode(old, to) {
  const { pieces, refs, locals } = bodies[old];
  const body = [];
  let size = 0;
  for (let i = 0; i < refs.length; i++) {
    const x = refs[i];
    const idx = lebOf(x >= 0 ? to[x] : (locals.get(-1 - x) ?? -1 - x));
    body.push(pieces[i], idx);
    size += pieces[i].length + idx.length;
  }
  const last = pieces[refs.length];
  body.push(last);
  return Buffer.concat([lebOf(size + last.length), ...body]);
}

// --- the search ----------------------------------------------------------------------------
// The state: the order, each function's encoded body under it, and the code section.
let to = renumber(order);
let encoded = bodies.map((_, i) => encode(i, to));
let codeBytes;
const settle = () => {
  codeBytes = Buffer.concat([lebOf(count), ...order.map((i) => encoded[i])]);
};
settle();
const deflated = (b) => deflateRawSync(b, { level: 9 }).length;
const start = { raw: codeBytes.length, packed: deflated(codeBytes) };
let best = start;
let seed = 12345;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const withLocals = [...bodies.keys()].filter((i) => bodies[i].groups.length > 0);
for (let e = 0; e < EVALS; e++) {
  if (rnd() < 0.5) {
    // Two locals of one type of one function swap their indices.
    const f = withLocals[Math.floor(rnd() * withLocals.length)];
    const { groups, locals } = bodies[f];
    const g = groups[Math.floor(rnd() * groups.length)];
    const a = g[Math.floor(rnd() * g.length)];
    const b = g[Math.floor(rnd() * g.length)];
    if (a === b) continue;
    const [ia, ib] = [locals.get(a) ?? a, locals.get(b) ?? b];
    locals.set(a, ib).set(b, ia);
    const body = encode(f, to);
    const c = Buffer.concat([lebOf(count), ...order.map((i) => (i === f ? body : encoded[i]))]);
    const packed = body.length <= encoded[f].length ? deflated(c) : Infinity;
    if (packed < best.packed) {
      best = { raw: c.length, packed };
      encoded[f] = body;
      settle();
    } else {
      locals.set(a, ia).set(b, ib);
    }
    continue;
  }
  // One to three functions moved (every call to a function between the two places changes).
  const len = 1 + Math.floor(rnd() * 3);
  const from = Math.floor(rnd() * (count - len + 1));
  const block = order.slice(from, from + len);
  const rest = order.slice(0, from).concat(order.slice(from + len));
  // A place within NEAR places of where the block was. Measured on two modules, 3,000 to
  // 5,000 moves each: on one, moves this near took off twice what moves anywhere did; on the
  // other, as much; 40 to 200 places did about as well as each other.
  const place = Math.max(0, Math.min(rest.length, from + Math.floor((rnd() * 2 - 1) * NEAR)));
  const cand = rest.slice(0, place).concat(block, rest.slice(place));
  const candTo = renumber(cand);
  const candEncoded = bodies.map((_, i) => encode(i, candTo));
  const c = Buffer.concat([lebOf(count), ...cand.map((i) => candEncoded[i])]);
  if (c.length > codeBytes.length) continue;
  const packed = deflated(c);
  if (packed < best.packed) {
    best = { raw: c.length, packed };
    [order, to, encoded] = [cand, candTo, candEncoded];
    settle();
  }
}

// --- the data, in fewer segments -------------------------------------------------------------
// wasm-opt (its memory packing) splits the data wherever a run of zeros is longer than a
// segment's header, to save those zeros: 119 segments, most of them 10 to 40 bytes apart.
// Each header (an offset, a length) is a few bytes deflate cannot find repeated, while a
// run of zeros costs it next to nothing: the segments closer than GAP bytes are joined,
// the zeros between them written out (memory starts zeroed, so it holds the same bytes).
// Measured on the twentieth session's module: 119 segments → 2, +1.3 KB raw, −0.35 KB
// gzip -9. Only active segments (`split` refuses a `memory.init` or `data.drop`, which
// name one by index).
const GAP = 256;
const dataSection = sections.find((s) => s.id === 11);
let dataBytes = null;
let segmentCount = 0;
if (dataSection) {
  const r = new WasmReader(bytes, dataSection.start);
  const joined = [];
  for (let n = r.u32(); n > 0; n--) {
    if (r.u32() !== 0 || r.byte() !== 0x41) throw new Error("a data segment that is not active in memory 0 at an i32.const");
    // (A signed LEB, read as unsigned: the same number, as an address is never negative.)
    const at = r.u32();
    if (r.byte() !== 0x0b) throw new Error("a data segment's offset is not an i32.const");
    const data = r.bytes(r.u32());
    const last = joined.at(-1);
    const gap = last ? at - (last.at + last.length) : -1;
    if (last && gap >= 0 && gap <= GAP) {
      last.parts.push(Buffer.alloc(gap), data);
      last.length += gap + data.length;
    } else {
      joined.push({ at, length: data.length, parts: [data] });
    }
  }
  segmentCount = joined.length;
  const sleb32 = (n) => {
    const o = [];
    for (;;) {
      const b = n & 127;
      n >>= 7;
      const done = (n === 0 && !(b & 64)) || (n === -1 && b & 64);
      o.push(done ? b : b | 128);
      if (done) return Buffer.from(o);
    }
  };
  dataBytes = Buffer.concat([
    leb(joined.length),
    ...joined.flatMap((g) => [Buffer.from([0, 0x41]), sleb32(g.at), Buffer.from([0x0b]), leb(g.length), ...g.parts]),
  ]);
}

// --- the module, renumbered ----------------------------------------------------------------
const out = [bytes.subarray(0, 8)];
const section = (id, content) => out.push(Buffer.from([id]), leb(content.length), content);
for (const s of sections) {
  const r = new WasmReader(bytes, s.start);
  const raw = bytes.subarray(s.start, s.end);
  if (s.id === 3) {
    // The function section: each defined function's type, in the new order.
    const n = r.u32();
    const types = [];
    for (let i = 0; i < n; i++) types.push(r.u32());
    section(3, Buffer.concat([leb(n), ...order.map((old) => leb(types[old]))]));
  } else if (s.id === 7) {
    const n = r.u32();
    const parts = [leb(n)];
    for (let i = 0; i < n; i++) {
      const name = r.bytes(r.u32());
      const kind = r.byte();
      const index = r.u32();
      parts.push(leb(name.length), name, Buffer.from([kind]), leb(kind === 0 ? to[index] : index));
    }
    section(7, Buffer.concat(parts));
  } else if (s.id === 8) {
    section(8, leb(to[r.u32()]));
  } else if (s.id === 9) {
    const n = r.u32();
    const parts = [leb(n)];
    for (let i = 0; i < n; i++) {
      const flags = r.u32();
      if (flags !== 0) throw new Error(`element segment flags ${flags} not handled`);
      const at = r.p;
      if (r.byte() !== 0x41) throw new Error("an element segment's offset is not an i32.const");
      sleb(r);
      if (r.byte() !== 0x0b) throw new Error("an element segment's offset is not an i32.const");
      parts.push(leb(flags), bytes.subarray(at, r.p));
      const m = r.u32();
      parts.push(leb(m));
      for (let j = 0; j < m; j++) parts.push(leb(to[r.u32()]));
    }
    section(9, Buffer.concat(parts));
  } else if (s.id === 10) {
    section(10, codeBytes);
  } else if (s.id === 11) {
    section(11, dataBytes);
  } else if (s.id === 12) {
    section(12, leb(segmentCount));
  } else {
    section(s.id, raw);
  }
}
const result = Buffer.concat(out);
writeFileSync(outPath, result);
if (savePath) {
  const locals = {};
  for (const i of order) {
    const pairs = [...bodies[i].locals].filter(([a, b]) => a !== b).flat();
    if (pairs.length > 0) locals[keys[i]] = [bodyKey(i), pairs];
  }
  const note = "Written by scripts/deflate-order.mjs --save: the functions' order and local numbering a long search found (see there).";
  writeFileSync(savePath, `${JSON.stringify({ note, order: order.map((i) => keys[i]), locals })}\n`);
}
const from = hintsPath ? ` (hints: ${hinted} of ${count} functions known)` : "";
console.log(
  `[deflate-order] code ${start.raw} B raw, ${start.packed} B deflated${from} -> ${best.raw} B, ${best.packed} B (${EVALS} moves tried)`,
);
