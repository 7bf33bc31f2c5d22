// Reorders the data of the module wasm-ld linked (with --emit-relocs), before wasm-bindgen:
//   node scripts/order-data.mjs IN.wasm OUT.wasm [--report]
// wasm-ld lays the data out in the order of its input sections and has no option to choose
// another. Two things depend on that order: an address below 8 KB is a 2-byte LEB128 in an
// `i32.const` (3 bytes up to 1 MB), and deflate compresses data better with similar data
// next to it. The relocations wasm-ld keeps with --emit-relocs name every place an address
// was written, in the code and in the data, with the symbol it points into; so the data can
// be cut at its symbols, each piece moved, and every address rewritten (see "the new order"
// below for where each piece goes). The linking and relocation sections are then dropped,
// and the name section's names of data segments (the segments are new).
//
// Safe by construction and checked: every place a relocation names must hold the address it
// says (symbol + addend) before it is rewritten; a relocation or section of a kind not
// handled here stops the build; a piece keeps the alignment its address and its symbols'
// sizes show (up to 8; wasm loads and stores are exact at any alignment anyway). What lies
// above the data (the stack, then the heap) moves up by as much as the data grew, in whole
// 16 bytes, with the globals that hold those addresses; globals holding an address in the
// data (wasm-bindgen's glue reads two) move with their pieces.
import { readFileSync, writeFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { WasmReader } from "./wasm-read.mjs";

const [inPath, outPath, ...flags] = process.argv.slice(2);
const report = flags.includes("--report");
const bytes = Buffer.from(readFileSync(inPath));
const fail = (m) => {
  throw new Error(`order-data: ${m}`);
};

// --- the sections ---------------------------------------------------------------------------
const sections = [];
{
  const r = new WasmReader(bytes);
  for (const { id, end } of r.sections()) {
    const head = r.p;
    const name = id === 0 ? r.name() : "";
    sections.push({ id, name, start: head, body: r.p, end, headerStart: 0 });
  }
  // each section's first byte (its id), for copying the ones kept
  let p = 8;
  for (const s of sections) {
    s.headerStart = p;
    p = s.end;
  }
}
const linking = sections.find((s) => s.id === 0 && s.name === "linking");
if (!linking) fail(`${inPath} has no linking section: link with --emit-relocs`);
const dataIdx = sections.findIndex((s) => s.id === 11);
if (dataIdx < 0) fail("no data section");
const data = sections[dataIdx];

// --- the data segments --------------------------------------------------------------------
const segments = [];
{
  const r = new WasmReader(bytes, data.start);
  for (let n = r.u32(); n > 0; n--) {
    const flag = r.u32();
    if (flag !== 0) fail(`data segment flag ${flag} not handled`);
    if (r.byte() !== 0x41) fail("a data segment's offset is not an i32.const");
    const at = sleb(r);
    if (r.byte() !== 0x0b) fail("a data segment's offset is not a lone i32.const");
    const len = r.u32();
    segments.push({ at, len, body: r.p }); // body: the offset of its bytes in the file
    r.p += len;
  }
}

// --- the symbols --------------------------------------------------------------------------
const symbols = [];
const segmentNames = []; // the linker's names of the data segments (".rodata", ".data"…)
{
  const r = new WasmReader(bytes, linking.body);
  if (r.u32() !== 2) fail("linking section version is not 2");
  while (r.p < linking.end) {
    const kind = r.byte();
    const end = r.u32() + r.p;
    if (kind === 5) {
      for (let n = r.u32(); n > 0; n--) {
        segmentNames.push(r.name());
        r.u32(); // alignment
        r.u32(); // flags
      }
    }
    if (kind === 8) {
      for (let n = r.u32(); n > 0; n--) {
        const type = r.byte();
        const flags = r.u32();
        const undefined_ = (flags & 0x10) !== 0;
        if (type === 1) {
          const name = r.name();
          if (undefined_) symbols.push({ type, name });
          else symbols.push({ type, name, seg: r.u32(), offset: r.u32(), size: r.u32() });
        } else if (type === 3) {
          symbols.push({ type, section: r.u32() });
        } else {
          const index = r.u32();
          const name = !undefined_ || flags & 0x40 ? r.name() : "";
          symbols.push({ type, index, name });
        }
      }
    }
    r.p = end;
  }
}

// --- the relocations ----------------------------------------------------------------------
const WITH_ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);
const MEMORY = new Set([3, 4, 5]); // LEB (a load's offset), SLEB (i32.const), I32 (data)
const relocs = []; // { type, at (file offset), sym, addend, where: "code" | "data" }
for (const s of sections) {
  if (s.id !== 0 || !s.name.startsWith("reloc.")) continue;
  const r = new WasmReader(bytes, s.body);
  const target = sections[r.u32()];
  const where = target.id === 10 ? "code" : target.id === 11 ? "data" : fail(`relocations for section ${target.id}`);
  for (let n = r.u32(); n > 0; n--) {
    const type = r.byte();
    const offset = r.u32();
    const sym = r.u32();
    const addend = WITH_ADDEND.has(type) ? sleb(r) : 0;
    if (WITH_ADDEND.has(type) && !MEMORY.has(type)) fail(`relocation type ${type} not handled`);
    relocs.push({ type, at: target.start + offset, sym, addend, where });
  }
}

// --- the pieces: the data cut at every symbol's start -----------------------------------------
// A symbol's address; the pieces of the whole span, each owning the bytes to the next start.
const addrOf = (s) => segments[s.seg].at + s.offset;
const lo = segments[0].at;
const hi = segments.at(-1).at + segments.at(-1).len;
for (let i = 1; i < segments.length; i++)
  if (segments[i].at < segments[i - 1].at + segments[i - 1].len) fail("data segments overlap");
const starts = new Set([lo]);
for (const s of symbols) if (s.type === 1 && s.seg !== undefined && s.size > 0) starts.add(addrOf(s));
for (const g of segments) starts.add(g.at);
// a symbol must not straddle a start (two symbols overlapping would be one piece)
const sorted = [...starts].sort((a, b) => a - b);
let pieces = sorted.map((a, i) => ({ at: a, end: sorted[i + 1] ?? hi, refs: 0 }));
const merge = new Set();
for (const s of symbols) {
  if (s.type !== 1 || s.seg === undefined || s.size === 0) continue;
  const a = addrOf(s);
  const i = pieces.findIndex((p) => p.at === a);
  if (a + s.size > hi) fail(`symbol ${s.name} ends past the data`);
  for (let j = i; pieces[j].end < a + s.size; j++) merge.add(j + 1);
}
pieces = pieces.reduce((out, p, i) => {
  if (merge.has(i)) out.at(-1).end = p.end;
  else out.push(p);
  return out;
}, []);
const pieceAt = (addr) => {
  // the piece holding `addr`, or whose end it is (an address one past a piece's last byte)
  let l = 0;
  let h = pieces.length - 1;
  while (l < h) {
    const m = (l + h + 1) >> 1;
    if (pieces[m].at <= addr) l = m;
    else h = m - 1;
  }
  return pieces[l];
};
// the memory's bytes over the span (zeros between segments)
const mem = Buffer.alloc(hi - lo);
for (const g of segments) bytes.copy(mem, g.at - lo, g.body, g.body + g.len);

// which piece each relocation names: by its symbol (an address past a piece's end still
// belongs to the symbol's piece)
for (const x of relocs) {
  if (!MEMORY.has(x.type)) continue;
  const s = symbols[x.sym];
  if (!s || s.type !== 1) fail(`a memory relocation names symbol ${x.sym}, not data`);
  if (s.seg === undefined) fail(`a memory relocation names undefined data ${s.name}`);
  x.piece = pieceAt(addrOf(s));
  if (addrOf(s) >= x.piece.end && s.size > 0) fail(`symbol ${s.name} outside its piece`);
  x.old = addrOf(s) + x.addend;
  if (x.type !== 5) {
    const r = new WasmReader(bytes, x.at);
    r.u32();
    if (r.p - x.at !== 5) fail(`relocation at ${x.at} is not a 5-byte LEB128`);
  }
  const cur = x.type === 5 ? bytes.readInt32LE(x.at) : x.type === 4 ? sleb(new WasmReader(bytes, x.at)) : new WasmReader(bytes, x.at).u32();
  if (cur !== x.old) fail(`relocation at ${x.at} holds ${cur}, expected ${x.old} (${s.name} + ${x.addend})`);
  if (x.where === "code") x.piece.refs++;
}
// relocations inside the data: which piece holds the place
for (const x of relocs) {
  if (x.where !== "data") continue;
  const seg = segments.find((g) => x.at >= g.body && x.at < g.body + g.len);
  if (!seg) fail(`a data relocation at ${x.at} is outside every segment`);
  x.home = seg.at + (x.at - seg.body);
}

// --- the new order --------------------------------------------------------------------------
// The pieces an `i32.const` or a load's offset names, densest first (most names per byte),
// fill the space below 8 KB. Then the largest piece named from code (the allocator's state:
// its lists first, then a 64 KB table of pages, zeros the module does not store) starts
// there, so the part the code names lies below 8 KB too. The rest follow. Within the first
// group and the last, each next piece is the one deflate compresses best after the ones
// before (the last 1 KB of them): similar data together, which alone takes 2 % off the
// deflated data, more than the shorter addresses take off the code.
const LIMIT = 8192;
const size = (p) => p.end - p.at;
// A piece's alignment: at most what its address had, what its symbols' sizes allow (a value's
// size is a multiple of its alignment), and 8.
for (const s of symbols) if (s.type === 1 && s.seg !== undefined && s.size > 0) (pieceAt(addrOf(s)).sizes ??= []).push(s.size, addrOf(s));
const align = (p) => {
  let a = 1;
  while (a < 8 && [p.at, ...(p.sizes ?? [])].every((v) => v % (a * 2) === 0)) a *= 2;
  return a;
};
for (const x of relocs) if (x.where === "code" && (x.type === 3 || x.type === 4)) x.piece.hot = Math.max(x.piece.hot ?? 0, x.old - x.piece.at + 1);
const big = pieces.filter((p) => size(p) > LIMIT && p.refs > 0).sort((a, b) => b.refs - a.refs)[0];
const budget = LIMIT - (big ? big.hot + 16 : 0);
// A read-only piece of one symbol whose bytes are found inside another read-only piece (a
// message that is the end of a longer one, a name inside another) is not stored: its
// addresses point into the other. Only where no relocation lies in it, every address in it
// stays within its symbol, and the place found keeps its alignment.
const inData = new Set(relocs.filter((x) => x.where === "data").map((x) => pieceAt(x.home)));
if (segmentNames.length !== segments.length) fail("the linking section does not name every data segment");
const rodata = segments.filter((g, i) => segmentNames[i] === ".rodata" || segmentNames[i].startsWith(".rodata."));
const readOnly = (p) => rodata.some((g) => p.at >= g.at && p.at < g.at + g.len) && !inData.has(p);
const symSize = (p) => (p.sizes?.length === 2 ? p.sizes[0] : undefined);
for (const x of relocs) if (MEMORY.has(x.type) && x.old - x.piece.at > (symSize(x.piece) ?? Infinity)) x.piece.wide = true;
{
  const hosts = pieces.filter(readOnly);
  const byLength = hosts.filter((p) => symSize(p) >= 2 && !p.wide).sort((a, b) => symSize(a) - symSize(b) || a.at - b.at);
  for (const p of byLength) {
    const b = mem.subarray(p.at - lo, p.at - lo + symSize(p));
    for (const h of hosts) {
      if (h === p || h.alias || size(h) < b.length || (size(h) === size(p) && h.at < p.at)) continue;
      const i = mem.subarray(h.at - lo, h.end - lo).indexOf(b);
      if (i < 0 || i % align(p) !== 0 || align(h) < align(p)) continue;
      p.alias = [h, i];
      break;
    }
  }
}
const stored = (p) => !p.alias;
// a piece's names from code, with those of the pieces found inside it
const root = (p) => (p.alias ? root(p.alias[0]) : p);
for (const p of pieces) root(p).named = (root(p).named ?? 0) + p.refs;
const low = new Set();
{
  let used = lo;
  const named = pieces.filter((p) => p.named > 0 && p !== big && stored(p));
  for (const p of named.sort((a, b) => b.named / size(b) - a.named / size(a) || a.at - b.at)) {
    if (used + size(p) + align(p) - 1 > budget) continue;
    low.add(p);
    used += size(p) + align(p) - 1;
  }
}
const bodyOf = (p) => mem.subarray(p.at - lo, p.end - lo);
let tail = Buffer.alloc(0);
/** `group` in the order deflate likes best after `tail`, greedily. */
const similar = (group) => {
  const rest = new Set(group);
  const seq = [];
  while (rest.size > 0) {
    const base = deflateRawSync(tail, { level: 9 }).length;
    let best;
    let cost = Infinity;
    for (const p of rest) {
      const b = bodyOf(p);
      const c = (deflateRawSync(Buffer.concat([tail, b]), { level: 9 }).length - base) / Math.max(1, b.length);
      if (c < cost) [cost, best] = [c, p];
    }
    seq.push(best);
    rest.delete(best);
    tail = Buffer.concat([tail, bodyOf(best)]).subarray(-1024);
  }
  return seq;
};
const wanted = [
  ...similar(pieces.filter((p) => low.has(p))),
  ...(big ? [big] : []),
  ...similar(pieces.filter((p) => !low.has(p) && p !== big && stored(p))),
];
// first fit: each piece at the first place from the start where it fits, aligned (small
// pieces fill the padding before larger ones)
const holes = [[lo, Infinity]];
for (const p of wanted) {
  const a = align(p);
  const i = holes.findIndex(([s, e]) => Math.ceil(s / a) * a + size(p) <= e);
  const [s, e] = holes[i];
  p.new = Math.ceil(s / a) * a;
  const parts = [];
  if (p.new > s) parts.push([s, p.new]);
  if (p.new + size(p) < e) parts.push([p.new + size(p), e]);
  holes.splice(i, 1, ...parts);
}

if (big && big.new + big.hot > LIMIT) fail(`the named part of the largest piece ends at ${big.new + big.hot}, past ${LIMIT}`);
// an alias's place, once its host's is known (a host may itself be an alias)
const place = (p) => (p.alias ? place(p.alias[0]) + p.alias[1] : p.new);
for (const p of pieces) if (p.alias) p.new = place(p);
const newEnd = Math.max(...pieces.filter(stored).map((p) => p.new + size(p)));
// what lies above the data (the stack, the heap) moves up by as much, in whole 16 bytes
const delta = Math.max(0, Math.ceil((newEnd - hi) / 16) * 16);

// --- rewrite --------------------------------------------------------------------------------
const newMem = Buffer.alloc(newEnd - lo);
for (const p of pieces.filter(stored)) mem.copy(newMem, p.new - lo, p.at - lo, p.end - lo);
const moved = (addr, piece) => addr - piece.at + piece.new;
const named = [0, 0];
for (const x of relocs) {
  if (!MEMORY.has(x.type)) continue;
  const v = moved(x.old, x.piece);
  if (x.where === "code") {
    if (x.type === 5) fail("an I32 memory relocation in code");
    writeLeb(bytes, x.at, v, x.type === 4);
    if (x.type === 4) named[v < LIMIT ? 0 : 1]++;
  } else {
    if (x.type !== 5) fail(`relocation type ${x.type} in data`);
    newMem.writeInt32LE(v, moved(x.home, pieceAt(x.home)) - lo);
  }
}
// table indices in data move with their bytes; any other kind is unknown here
for (const x of relocs) if (x.where === "data" && !MEMORY.has(x.type) && x.type !== 2) fail(`relocation type ${x.type} in data`);

// The globals holding an address: one in the data (what wasm-bindgen's glue reads) moves
// with its piece; one at or past the data's end (its end, the heap's start, the stack
// pointer) moves up by `delta`.
const memoryPages = (() => {
  const r = new WasmReader(bytes, sections.find((s) => s.id === 5).body);
  if (r.u32() !== 1 || r.byte() > 1) fail("not one memory of 32-bit addresses");
  return r.u32();
})();
const globalsOut = (s) => {
  const r = new WasmReader(bytes, s.body);
  const parts = [];
  const n = r.u32();
  parts.push(uleb(n));
  const patched = [];
  for (let i = 0; i < n; i++) {
    const from = r.p;
    const type = r.byte();
    r.byte(); // mutability
    if (type === 0x7f && bytes[r.p] === 0x41) {
      const head = bytes.subarray(from, r.p);
      r.p++;
      const v = sleb(r);
      if (r.byte() !== 0x0b) fail("a global's value is not a lone i32.const");
      let w = v;
      if (v >= lo && v < hi) w = moved(v, pieceAt(v));
      else if (v >= hi) w = v + delta;
      if (w > memoryPages * 65536) fail(`global ${i} would be ${w}, past the memory's initial size`);
      if (w !== v) patched.push(`${v}->${w}`);
      parts.push(head, Buffer.from([0x41]), slebBytes(w), Buffer.from([0x0b]));
    } else {
      // any other global: copied as it is (its init expression ends at the first 0x0b
      // for the constant kinds wasm-ld writes)
      while (bytes[r.p] !== 0x0b) r.p++;
      r.p++;
      parts.push(bytes.subarray(from, r.p));
    }
  }
  if (r.p !== s.end) fail("global section not read to its end");
  if (report) console.log(`order-data: globals ${patched.join(" ")}`);
  return Buffer.concat(parts);
};

// the data as segments, cut at runs of 64 zeros or more
const segs = [];
{
  let i = 0;
  while (i < newMem.length) {
    while (i < newMem.length && newMem[i] === 0) i++;
    if (i >= newMem.length) break;
    let j = i;
    let zeros = 0;
    while (j < newMem.length && zeros < 64) {
      zeros = newMem[j] === 0 ? zeros + 1 : 0;
      j++;
    }
    const end = j - zeros;
    segs.push([lo + i, newMem.subarray(i, end)]);
    i = j;
  }
}
const out = [bytes.subarray(0, 8)];
for (const s of sections) {
  if (s.id === 0 && (s.name === "linking" || s.name.startsWith("reloc."))) continue;
  let content;
  if (s.id === 11) {
    content = Buffer.concat([
      uleb(segs.length),
      ...segs.map(([at, body]) => Buffer.concat([uleb(0), Buffer.from([0x41]), slebBytes(at), Buffer.from([0x0b]), uleb(body.length), body])),
    ]);
  } else if (s.id === 12) content = uleb(segs.length);
  else if (s.id === 6) content = globalsOut(s);
  else if (s.id === 0 && s.name === "name") content = namesOut(s);
  if (content === undefined) out.push(bytes.subarray(s.headerStart, s.end));
  else if (content !== null) out.push(Buffer.from([s.id]), uleb(content.length), content);
}
// the name section without its data segments' names (the segments are new)
function namesOut(s) {
  const r = new WasmReader(bytes, s.body);
  r.name();
  const parts = [uleb(4), Buffer.from("name")];
  while (r.p < s.end) {
    const from = r.p;
    const id = r.byte();
    r.p = r.u32() + r.p;
    if (id !== 9) parts.push(bytes.subarray(from, r.p));
  }
  return Buffer.concat(parts);
}
writeFileSync(outPath, Buffer.concat(out));
if (report) {
  const total = pieces.filter((p) => p.refs > 0).reduce((n, p) => n + p.refs, 0);
  console.log(
    `order-data: ${pieces.length} pieces (${pieces.filter((p) => p.alias).length} found inside others, ${pieces.filter((p) => p.alias).reduce((n, p) => n + size(p), 0)} B not stored), ${low.size} below ${LIMIT} (${[...low].reduce((n, p) => n + size(p), 0)} B)${big ? `, then ${size(big)} B at ${big.new} (named up to +${big.hot})` : ""}; ` +
      `${total} addresses named in code, of which i32.consts ${named[0]} below ${LIMIT}, ${named[1]} above; data ${lo}..${hi} -> ${newEnd}, what lies above moved by ${delta}`,
  );
}

// --- LEB128 -----------------------------------------------------------------------------------
function sleb(r) {
  let v = 0n;
  let s = 0n;
  let x;
  do {
    x = r.byte();
    v |= BigInt(x & 127) << s;
    s += 7n;
  } while (x & 128);
  if (x & 64) v -= 1n << s;
  return Number(BigInt.asIntN(32, v));
}
function writeLeb(buf, p, v, signed) {
  // a 5-byte padded LEB, as the linker left it
  let x = signed ? v | 0 : v >>> 0;
  for (let i = 0; i < 5; i++) {
    const b = i < 4 ? (x & 127) | 128 : x & 127;
    buf[p + i] = b;
    x = signed ? x >> 7 : x >>> 7;
  }
  if (new WasmReader(buf, p).b[p + 4] & 128) fail("LEB overflow");
}
function uleb(v) {
  const b = [];
  do {
    let x = v & 127;
    v >>>= 7;
    if (v) x |= 128;
    b.push(x);
  } while (v);
  return Buffer.from(b);
}
function slebBytes(v) {
  const b = [];
  for (;;) {
    const x = v & 127;
    v >>= 7;
    if ((v === 0 && !(x & 64)) || (v === -1 && x & 64)) {
      b.push(x);
      return Buffer.from(b);
    }
    b.push(x | 128);
  }
}
