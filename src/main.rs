//! The `folio` binary: everything lives in the library crate; this only hands
//! over to the command line.

fn main() -> std::process::ExitCode {
    folio::cli::main()
}
