//! The `zonerate` command-line tool.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unreachable)
)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
