//! The `vigie` binary: everything is in the library (`vigie::cli`).

fn main() -> std::process::ExitCode {
    vigie::cli::main(std::env::args_os())
}
