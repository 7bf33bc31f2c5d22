// A reader of a WebAssembly binary's sections, for the build's and the tests' scripts
// (scripts/order-functions.mjs, scripts/deflate-order.mjs, tests/js/stack.mjs): LEB128
// numbers, bytes, sections, imports.
export class WasmReader {
  /** `bytes` (a Buffer), read from `at` (8: past the magic number and version). */
  constructor(bytes, at = 8) {
    this.b = bytes;
    this.p = at;
  }

  /** An unsigned LEB128 number (a u32, or a u64 below 2^53). */
  u32() {
    let r = 0;
    let s = 0;
    let x;
    do {
      x = this.b[this.p++];
      r += (x & 127) * 2 ** s;
      s += 7;
    } while (x & 128);
    return r;
  }

  byte() {
    return this.b[this.p++];
  }

  /** The next `n` bytes (a view, not a copy). */
  bytes(n) {
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }

  /** A name: its length, then its UTF-8 bytes. */
  name() {
    return this.bytes(this.u32()).toString();
  }

  /** Reads an import section's content (the reader at it): how many functions it imports. */
  importedFunctions() {
    const limits = () => {
      const flags = this.byte();
      this.u32();
      if (flags & 1) this.u32();
    };
    let functions = 0;
    for (let n = this.u32(); n > 0; n--) {
      this.name(); // the import's module
      this.name(); // and name
      const kind = this.byte();
      if (kind === 0) {
        this.u32();
        functions++;
      } else if (kind === 1) {
        this.byte();
        limits();
      } else if (kind === 2) {
        limits();
      } else if (kind === 3) {
        this.bytes(2);
      } else {
        throw new Error(`import kind ${kind} not handled`);
      }
    }
    return functions;
  }

  /** Each section as { id, end }, the reader at its content; after each, the reader moves to its end. */
  *sections() {
    while (this.p < this.b.length) {
      const id = this.byte();
      const size = this.u32();
      const end = this.p + size;
      yield { id, end };
      this.p = end;
    }
  }
}
