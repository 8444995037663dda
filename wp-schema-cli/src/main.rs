//! The `wp-schema` command: regenerate, inspect and check WordPress route documents.

mod generate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Turn WordPress REST route documents into Rust, and check values the way WordPress does.
#[derive(Parser)]
#[command(name = "wp-schema", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Generate(generate::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate(args) => generate::run(&args),
    }
}
