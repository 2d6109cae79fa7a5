#![forbid(unsafe_code)]

use std::io;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = mizan::cmd::Cli::parse();
    match mizan::cmd::run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            mizan::say!("mizan: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`mizan kwic ... | head`, `mizan score --out - | head`) is not an error,
/// whether the write failed in plain I/O or in the CSV or JSON writer.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| match cause.downcast_ref::<csv::Error>()?.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            })
            .or_else(|| cause.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}
