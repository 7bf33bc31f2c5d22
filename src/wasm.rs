//! The WebAssembly binding (compiled for wasm32 only). Filled in by the package work.
