//! The `wp-schema` command: regenerate, inspect and check WordPress route documents.

mod check;
mod diff;
mod filter;
mod generate;
mod json_lines;
mod pull;
mod site;
mod validate;

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
    Check(check::Args),
    Validate(validate::Args),
    Filter(filter::Args),
    Diff(diff::Args),
    Pull(pull::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Filter(args) => filter::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Pull(args) => pull::run(&args),
    }
}
