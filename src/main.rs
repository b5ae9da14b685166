//! The `nnlab` binary: parses the command line and dispatches.
fn main() -> std::process::ExitCode {
    nnlab::cli::main()
}
