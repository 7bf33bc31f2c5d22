//! Command dispatch and the conventions every subcommand shares: bad input prints one
//! line naming the field and exits with status 2; other failures exit with 1.

mod args;
mod batch;
mod diff;
mod export;
mod import;
mod integrity;
mod load;
mod quote;
mod reconcile;
mod sell;
mod sheets;
mod template;
mod validate;
mod zones;

use std::process::ExitCode;

/// A failure: exit status and one line.
pub struct Failure {
    pub status: u8,
    pub line: String,
}

impl Failure {
    /// Bad input (status 2).
    pub fn input(line: impl Into<String>) -> Failure {
        Failure { status: 2, line: line.into() }
    }
    /// A coded error in a named file (status 2): `file: path: message [code]`.
    pub fn in_file(file: &str, e: &zonerate::Error) -> Failure {
        Failure::input(format!("{file}: {e} [{}]", e.code()))
    }
    /// Something else went wrong (status 1).
    pub fn other(line: impl Into<String>) -> Failure {
        Failure { status: 1, line: line.into() }
    }
}

impl From<zonerate::Error> for Failure {
    fn from(e: zonerate::Error) -> Failure {
        // One line: the field, what is wrong, and the stable code for scripts.
        Failure::input(format!("{e} [{}]", e.code()))
    }
}

const USAGE: &str = "zonerate: exact shipping rates from rate cards

usage:
  zonerate quote --cards PATH [--cards PATH]... --from ZIP --to ZIP --weight 2.5lb
                 [--dims 12x10x6in] [--date YYYY-MM-DD] [--residential]
                 [--service CODE]... [--json]
  zonerate batch --cards PATH... shipments.csv [-o quotes.csv]
  zonerate sell-card --card cost.json --markup rules.json -o sell.json
  zonerate hash CARD.json... [--write]
  zonerate verify --cards PATH... --shipment shipment.json --quote quote.json

authoring and billing:
  zonerate template -o template.xlsx          the annotated rate-card workbook
  zonerate import workbook.xlsx -o card.json  workbook (or CSV sheets) → card
  zonerate export card.json -o card.xlsx      card → workbook
  zonerate zones import CHART.csv... -o zones.json   USPS zone charts → zones-only card
  zonerate validate card.json [--json]        load errors and warnings
  zonerate diff old.json new.json             price changes cell by cell, by zone and weight band
  zonerate reconcile --cards PATH... invoice.csv [-o findings.csv]   invoice lines vs the cards

PATH is a card file or a folder (every card below it).
Run `zonerate COMMAND --help` for the options of a command.";

pub fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "quote" => quote::run(rest),
        "batch" => batch::run(rest),
        "sell-card" => sell::run(rest),
        "hash" => integrity::hash(rest),
        "verify" => integrity::verify(rest),
        "import" => import::run(rest),
        "export" => export::run(rest),
        "template" => template::run(rest),
        "zones" => zones::run(rest),
        "validate" => validate::run(rest),
        "diff" => diff::run(rest),
        "reconcile" => reconcile::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "-V" | "--version" => {
            println!("zonerate {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(Failure::input(format!("unknown command {other:?} (see zonerate --help)"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("zonerate: {}", f.line);
            ExitCode::from(f.status)
        }
    }
}
