//! The global allocator of zonerate's WebAssembly module: one free list per power-of-two
//! size class, each page of memory given to one class.
//!
//! A block of class `k` is `2^k` bytes (8 at least: room for the free list's link). An
//! allocation of `n` bytes aligned to `a` (at most 16) takes the class of `max(n, a, 8)`:
//! the head of its free list, or else the next block of the page its class is filling, or
//! else a new page (`memory.grow`). Blocks under a page share pages of their class; a larger
//! one takes whole pages. Every block starts at a multiple of its size (of the page size for
//! large ones) from its page's start, so it is aligned as asked. A free pushes the block
//! onto its class's list; a page's class is kept in a table by page number, so a free needs
//! only the pointer. Nothing is merged or split. A reallocation within the same class keeps
//! its block; another moves it (allocate, copy, free).
//!
//! Why not a general allocator: the module is shipped to browsers and edge workers, so its
//! code size is the budget that counts, and its allocations are few and regular (a card's
//! structures once, then a quote's handful of short-lived vectors and strings, all reused
//! by the next quote). This one is half the code of the TLSF allocator it replaces (rlsf's
//! size-optimised form), and a free passes one argument where a size-aware one would need
//! the size at each of the module's hundreds of drop sites. The price is memory: a block
//! can be twice its request, each class in use holds a partly filled page, and the table
//! of page classes is one byte per page of the 4 GiB address space (64 KB, zeros, in the
//! module's memory but not in the file). `tests/heap.rs` checks the rules; the JS suite's
//! memory test bounds the engine's own use.
//!
//! The arithmetic ([`Heap`]) is plain Rust over a [`Grow`] source, so it is tested natively
//! on an arena (`tests/heap.rs`); only [`WasmHeap`] knows about wasm32's memory.

#![no_std]

#[cfg(target_arch = "wasm32")]
use core::alloc::GlobalAlloc;
use core::alloc::Layout;
use core::ptr::null_mut;

/// The largest alignment served (`u128` and wasm's `v128` need 16; nothing in zonerate
/// asks for more). A larger one is refused with a null pointer (an allocation error).
pub const MAX_ALIGN: usize = 16;

/// Bytes in a page of wasm memory.
pub const PAGE: usize = 65536;

/// The class of a page's blocks: classes below it share pages.
const PAGE_CLASS: usize = 16;

/// Pages the table can name: wasm32's whole address space.
const PAGES: usize = 65536;

/// Where new memory comes from.
pub trait Grow {
    /// Adds `pages` pages; the address of the first one, or `None` when there is no more.
    fn grow(&mut self, pages: usize) -> Option<usize>;

    /// The address of page 0: no page the source gives starts below it, and each starts a
    /// whole number of pages above it.
    fn base(&self) -> usize;
}

/// The allocator's state.
pub struct Heap<G> {
    /// The first free block of each class (0: none). A free block's first word is the next.
    free: [usize; usize::BITS as usize],
    /// For each class under a page, the next unused block of the page it is filling
    /// (0: none; the next allocation takes a new page).
    next: [usize; PAGE_CLASS],
    /// The class of each page's blocks, by page number (0: not the heap's, or a large
    /// block's later page).
    class: [u8; PAGES],
    source: G,
}

/// The class of a request: `k` with `2^k` the least power of two ≥ its size, its alignment
/// and 8; for an alignment over [`MAX_ALIGN`], a class beyond the last (no list, no page).
/// A `Layout`'s size is below 2^31 on wasm32 (at most `isize::MAX` rounded up to its
/// alignment), so a class is at most 31.
#[inline]
fn class(size: usize, align: usize) -> usize {
    if align > MAX_ALIGN {
        return usize::BITS as usize;
    }
    let n = size.max(align).max(8);
    (usize::BITS - (n - 1).leading_zeros()) as usize
}

impl<G: Grow> Heap<G> {
    /// An empty heap over `source`.
    pub const fn new(source: G) -> Heap<G> {
        Heap { free: [0; usize::BITS as usize], next: [0; PAGE_CLASS], class: [0; PAGES], source }
    }

    /// The source of the heap's pages.
    pub fn source_mut(&mut self) -> &mut G {
        &mut self.source
    }

    /// `n` new pages for blocks of class `k`: the address of the first.
    fn pages(&mut self, n: usize, k: usize) -> Option<usize> {
        let at = self.source.grow(n)?;
        *self.class.get_mut(at.wrapping_sub(self.source.base()) / PAGE)? = k as u8;
        Some(at)
    }

    /// A block for `layout`, or null when it cannot be served.
    ///
    /// # Safety
    /// The heap's memory must be what its source gave it and only its blocks' owners may
    /// write to them: a free block's first word is the heap's.
    pub unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let k = class(layout.size(), layout.align());
        let Some(slot) = self.free.get_mut(k) else { return null_mut() };
        let head = *slot;
        if head != 0 {
            // SAFETY: `head` is a free block of this class, at least a word long and aligned.
            *slot = unsafe { (head as *const usize).read() };
            return head as *mut u8;
        }
        let size = 1usize << k;
        let at = match self.next.get_mut(k) {
            // A block under a page: the next one of its class's page, or a new page's first.
            Some(&mut next) if next != 0 => next,
            Some(_) => match self.pages(1, k) {
                Some(at) => at,
                None => return null_mut(),
            },
            // Whole pages.
            None => match self.pages(size / PAGE, k) {
                Some(at) => return at as *mut u8,
                None => return null_mut(),
            },
        };
        let after = at + size;
        if let Some(next) = self.next.get_mut(k) {
            *next = if after.wrapping_sub(self.source.base()) & (PAGE - 1) == 0 { 0 } else { after };
        }
        at as *mut u8
    }

    /// Returns a block to its class's free list (a pointer the heap did not give is ignored).
    ///
    /// # Safety
    /// `ptr` must be a block this heap gave, not freed since.
    pub unsafe fn dealloc(&mut self, ptr: *mut u8) {
        let page = (ptr as usize).wrapping_sub(self.source.base()) / PAGE;
        let Some(&k) = self.class.get(page) else { return };
        if let Some(slot) = self.free.get_mut(usize::from(k)).filter(|_| k != 0) {
            // SAFETY: the block is at least a word long and aligned to one, and no longer
            // its owner's.
            unsafe { (ptr as *mut usize).write(*slot) };
            *slot = ptr as usize;
        }
    }

    /// The block for `layout` resized to `new_size`: the same block when the class is the
    /// same, else a new one holding the old one's bytes (null, the old block kept, when no
    /// new one can be had).
    ///
    /// # Safety
    /// As [`Heap::dealloc`], with `layout` the one `ptr` was given for, and `new_size` as
    /// `GlobalAlloc::realloc` requires (rounded up to the alignment, not over `isize::MAX`).
    pub unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        if class(layout.size(), align) == class(new_size, align) {
            return ptr;
        }
        // SAFETY: as the caller promises (`GlobalAlloc::realloc`: `new_size` rounded up to
        // `align` does not overflow `isize`, and `align` is a `Layout`'s); the two blocks do
        // not overlap (the old one is not free).
        unsafe {
            let new = self.alloc(Layout::from_size_align_unchecked(new_size, align));
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr);
            }
            new
        }
    }
}

/// wasm32's memory as a [`Grow`] source.
#[cfg(target_arch = "wasm32")]
pub struct Memory;

#[cfg(target_arch = "wasm32")]
impl Grow for Memory {
    fn base(&self) -> usize {
        0
    }

    fn grow(&mut self, pages: usize) -> Option<usize> {
        match core::arch::wasm32::memory_grow(0, pages) {
            usize::MAX => None,
            old => old.checked_mul(PAGE),
        }
    }
}

/// The module's global allocator: a [`Heap`] over wasm32's memory.
#[cfg(target_arch = "wasm32")]
pub struct WasmHeap(core::cell::UnsafeCell<Heap<Memory>>);

#[cfg(target_arch = "wasm32")]
impl WasmHeap {
    /// An empty heap (its first allocation grows the memory).
    #[allow(clippy::new_without_default)]
    pub const fn new() -> WasmHeap {
        WasmHeap(core::cell::UnsafeCell::new(Heap::new(Memory)))
    }
}

// SAFETY: wasm32 without the atomics feature runs one thread, and an allocator call never
// re-enters another (it calls nothing that allocates).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl Sync for WasmHeap {}

// SAFETY: `Heap` hands out disjoint blocks of at least the size asked, aligned as asked (or
// null), and only reads a block's first word once it is freed.
#[cfg(target_arch = "wasm32")]
unsafe impl GlobalAlloc for WasmHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread and no re-entry: nothing else holds the heap.
        unsafe { (*self.0.get()).alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: as above; the caller gives back a block of this heap.
        unsafe { (*self.0.get()).dealloc(ptr) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        unsafe { (*self.0.get()).realloc(ptr, layout, new_size) }
    }
}
