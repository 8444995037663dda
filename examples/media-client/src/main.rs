//! `media-client`: the media library of any WordPress site, from the command line. What each
//! command does lives in the library (`media_client::cli`), where the tests reach it.

use clap::Parser;
use media_client::cli::{self, Cli, Command, Failure, Site};
use std::process::ExitCode;
use wp_schema_client::{Error, ReqwestTransport};

#[tokio::main]
async fn main() -> ExitCode {
    let Cli { site, command } = Cli::parse();
    match execute(&site, command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", cli::describe(&failure, &site.url));
            ExitCode::FAILURE
        }
    }
}

async fn execute(site: &Site, command: Command) -> Result<(), Failure> {
    let transport = ReqwestTransport::new()
        .map_err(|e| Error::Config(format!("the HTTP client could not be made: {e}")))?;
    let client = cli::connect(site, transport).await?;
    cli::run(
        command,
        &client,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
    .await
}
