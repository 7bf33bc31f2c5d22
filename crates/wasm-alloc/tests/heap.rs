//! The heap, run natively on an arena standing in for wasm's memory: blocks are disjoint,
//! aligned, as large as asked, keep their bytes when moved, are reused after a free, and
//! the heap survives running out of memory. Expected addresses come from the rules the
//! crate documents, written out here: a block of class `k` is `2^k` bytes, `k` the least
//! with `2^k` ≥ size, alignment and 8; blocks under a page share their class's pages, in
//! order; larger ones take whole pages.

use std::alloc::Layout;
use zonerate_wasm_alloc::{Grow, Heap, MAX_ALIGN, PAGE};

/// Pages of an arena handed out in order, at most `limit` in all.
struct Arena {
    base: usize,
    used: usize,
    limit: usize,
    _mem: Vec<u128>,
}

impl Arena {
    fn new(limit: usize) -> Arena {
        let mem = vec![0u128; limit * PAGE / 16];
        Arena { base: mem.as_ptr() as usize, used: 0, limit, _mem: mem }
    }

    /// The address of page `n`.
    fn page(&self, n: usize) -> usize {
        self.base + n * PAGE
    }
}

impl Grow for &mut Arena {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        if self.used + pages > self.limit {
            return None;
        }
        self.used += pages;
        Some(self.page(self.used - pages))
    }

    fn base(&self) -> usize {
        self.base
    }
}

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

/// The block size the documented rule gives, computed by doubling.
fn block(size: usize, align: usize) -> usize {
    let mut b = 8;
    while b < size || b < align {
        b *= 2;
    }
    b
}

#[test]
fn blocks_follow_each_other_in_their_class_page_and_are_reused_last_freed_first() {
    let mut arena = Arena::new(4);
    let (p0, p1) = (arena.page(0), arena.page(1));
    let mut heap = Heap::new(&mut arena);
    unsafe {
        // 1 byte and 8 bytes: 8-byte blocks, the first two of page 0.
        let a = heap.alloc(layout(1, 1)) as usize;
        let b = heap.alloc(layout(8, 8)) as usize;
        assert_eq!((a, b), (p0, p0 + 8));
        // 9 bytes: a 16-byte block, the first of a new page; 4 bytes aligned to 16 the next.
        let c = heap.alloc(layout(9, 1)) as usize;
        let d = heap.alloc(layout(4, 16)) as usize;
        assert_eq!((c, d), (p1, p1 + 16));
        // Freed, then asked again in the same class (other sizes): last freed first.
        heap.dealloc(a as *mut u8);
        heap.dealloc(b as *mut u8);
        assert_eq!(heap.alloc(layout(5, 4)) as usize, b);
        assert_eq!(heap.alloc(layout(3, 1)) as usize, a);
        // Then the page goes on where it stopped.
        assert_eq!(heap.alloc(layout(2, 2)) as usize, p0 + 16);
    }
    assert_eq!(arena.used, 2);
}

#[test]
fn a_class_fills_its_page_before_the_next_and_large_blocks_take_whole_pages() {
    let mut arena = Arena::new(8);
    let pages: Vec<usize> = (0..8).map(|n| arena.page(n)).collect();
    let mut heap = Heap::new(&mut arena);
    unsafe {
        // 4 KB blocks: 16 to a page, then a new page.
        for i in 0..16 {
            assert_eq!(heap.alloc(layout(4096, 8)) as usize, pages[0] + i * 4096);
        }
        assert_eq!(heap.alloc(layout(4000, 8)) as usize, pages[1]);
        // Half a page and a byte: a 64 KB block, one whole page.
        assert_eq!(heap.alloc(layout(PAGE / 2 + 1, 8)) as usize, pages[2]);
        // A page and a byte: 128 KB, two pages.
        assert_eq!(heap.alloc(layout(PAGE + 1, 16)) as usize, pages[3]);
        assert_eq!(heap.alloc(layout(8, 1)) as usize, pages[5]);
        // Freed, a large block is found by its first page and serves its class again.
        heap.dealloc(pages[3] as *mut u8);
        assert_eq!(heap.alloc(layout(2 * PAGE, 1)) as usize, pages[3]);
    }
}

#[test]
fn realloc_keeps_the_block_within_its_class_and_the_bytes_when_it_moves() {
    let mut arena = Arena::new(8);
    let mut heap = Heap::new(&mut arena);
    unsafe {
        let p = heap.alloc(layout(20, 4));
        for i in 0..20 {
            *p.add(i) = i as u8 + 1;
        }
        // 20 and 32 bytes are both 32-byte blocks: the same block.
        assert_eq!(heap.realloc(p, layout(20, 4), 32), p);
        // 33 bytes: a 64-byte block elsewhere, with the 20 bytes.
        let q = heap.realloc(p, layout(32, 4), 33);
        assert!(!q.is_null() && q != p);
        for i in 0..20 {
            assert_eq!(*q.add(i), i as u8 + 1);
        }
        // The old block is free again: the next 32-byte request gets it.
        assert_eq!(heap.alloc(layout(30, 1)), p);
        // Shrinking to another class moves too, keeping the first bytes.
        let r = heap.realloc(q, layout(33, 4), 3);
        assert_eq!((*r, *r.add(1), *r.add(2)), (1, 2, 3));
    }
}

#[test]
fn refuses_what_it_cannot_serve_and_stays_usable() {
    let mut arena = Arena::new(3);
    let mut heap = Heap::new(&mut arena);
    unsafe {
        assert!(heap.alloc(layout(8, MAX_ALIGN * 2)).is_null());
        // Three pages in all: a 4-page block cannot be had...
        assert!(heap.alloc(layout(4 * PAGE, 1)).is_null());
        // ...nor a second 2-page one after the first...
        let big = heap.alloc(layout(2 * PAGE, 8));
        assert!(!big.is_null());
        assert!(heap.alloc(layout(2 * PAGE, 8)).is_null());
        // ...but the last page still serves small blocks, and a freed big one is reused.
        let p = heap.alloc(layout(100, 8));
        assert!(!p.is_null());
        heap.dealloc(big);
        assert_eq!(heap.alloc(layout(PAGE + 1, 16)), big);
        // With no page left, another class cannot start...
        assert!(heap.alloc(layout(8, 8)).is_null());
        // ...and a realloc that cannot move returns null, the old block as it was.
        *p = 7;
        assert!(heap.realloc(p, layout(100, 8), 4 * PAGE).is_null());
        assert_eq!(*p, 7);
        assert_eq!(heap.realloc(p, layout(100, 8), 128), p);
    }
}

/// A random mix of allocations, reallocations and frees (`seed` picks it), each block
/// filled with its own byte: every live block keeps its bytes, its alignment and its own
/// room. Frees everything at the end.
fn random_use(heap: &mut Heap<&mut Arena>, mut seed: u64) {
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    // (address, size, align, fill byte)
    let mut live: Vec<(usize, usize, usize, u8)> = Vec::new();
    for step in 0..40_000u32 {
        let fill = (step % 251) as u8 + 1;
        unsafe {
            match next(10) {
                0..=4 if live.len() < 600 => {
                    let size = match next(20) {
                        0 => 1 + next(150_000) as usize,
                        1..=4 => 1 + next(3_000) as usize,
                        _ => 1 + next(64) as usize,
                    };
                    let align = 1 << next(5);
                    let p = heap.alloc(layout(size, align)) as usize;
                    assert!(
                        p != 0 && p.is_multiple_of(align),
                        "step {step}: {size} bytes aligned to {align} at {p:#x}"
                    );
                    std::ptr::write_bytes(p as *mut u8, fill, size);
                    live.push((p, size, align, fill));
                }
                5..=6 if !live.is_empty() => {
                    let i = next(live.len() as u64) as usize;
                    let (p, size, align, old) = live[i];
                    let new_size = 1 + next(3_000) as usize;
                    let q = heap.realloc(p as *mut u8, layout(size, align), new_size) as usize;
                    assert!(q != 0 && q.is_multiple_of(align));
                    let kept = std::slice::from_raw_parts(q as *const u8, size.min(new_size));
                    assert!(kept.iter().all(|&b| b == old), "step {step}: realloc lost bytes");
                    std::ptr::write_bytes(q as *mut u8, fill, new_size);
                    live[i] = (q, new_size, align, fill);
                }
                _ if !live.is_empty() => {
                    let i = next(live.len() as u64) as usize;
                    let (p, _, _, _) = live.swap_remove(i);
                    heap.dealloc(p as *mut u8);
                }
                _ => {}
            }
        }
        if step % 500 == 0 || step == 39_999 {
            for &(p, size, _, fill) in &live {
                let bytes = unsafe { std::slice::from_raw_parts(p as *const u8, size) };
                assert!(bytes.iter().all(|&b| b == fill), "step {step}: a block was overwritten");
            }
            // Disjoint whole blocks (the class's room, not only the bytes asked).
            let mut spans: Vec<(usize, usize)> = live.iter().map(|&(p, s, a, _)| (p, p + block(s, a))).collect();
            spans.sort_unstable();
            for w in spans.windows(2) {
                assert!(w[0].1 <= w[1].0, "step {step}: blocks overlap: {w:x?}");
            }
        }
    }
    for (p, _, _, _) in live {
        unsafe { heap.dealloc(p as *mut u8) };
    }
}

#[test]
fn random_use_keeps_every_block_intact_and_the_same_use_again_takes_no_new_page() {
    let mut arena = Arena::new(2048);
    let used;
    {
        let mut heap = Heap::new(&mut arena);
        random_use(&mut heap, 0x9E37_79B9_7F4A_7C15);
        used = heap.source_mut().used;
        // A class only takes new room when every block it has is in use, so a repeat of the
        // same requests finds all it needs on the free lists.
        random_use(&mut heap, 0x9E37_79B9_7F4A_7C15);
        assert_eq!(heap.source_mut().used, used);
    }
    assert!(used < 2048);
}
