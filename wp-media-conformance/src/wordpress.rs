//! A live WordPress made fresh for each sequence: `start-wp.sh --reset` drops its database and
//! uploads and installs it again (about 2 s), so that ids, file names and totals on both sides
//! start from the same state.

use crate::target::{live, Target};
use std::path::PathBuf;
use std::process::Command;

pub struct WordPress {
    /// `../shared/wordpress/start-wp.sh`.
    pub script: PathBuf,
    /// The instance name (`WP_NAME`): its database, and its env file `/tmp/wp-oracle-NAME.env`.
    pub name: String,
    pub port: u16,
    /// The WordPress tree (`WP_DOCROOT`): 6.9.7 exported from `johnpbloch/wordpress-core`.
    pub docroot: PathBuf,
}

impl WordPress {
    fn env_file(&self) -> PathBuf {
        PathBuf::from(format!("/tmp/wp-oracle-{}.env", self.name))
    }

    /// Reinstalls the instance and returns it with the users of every role.
    pub fn reset(&self) -> Result<Target, String> {
        let env_file = self.env_file();
        let output = Command::new("bash")
            .arg(&self.script)
            .arg("--reset")
            .env("WP_NAME", &self.name)
            .env("WP_PORT", self.port.to_string())
            .env("WP_DOCROOT", &self.docroot)
            .env("WP_ENV_FILE", &env_file)
            .output()
            .map_err(|e| format!("{}: {e}", self.script.display()))?;
        if !output.status.success() {
            let log = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = log.lines().rev().take(8).collect();
            return Err(format!(
                "{} --reset failed ({}):\n{}",
                self.script.display(),
                output.status,
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ));
        }
        let env = std::fs::read_to_string(&env_file)
            .map_err(|e| format!("{}: {e}", env_file.display()))?;
        let value = |key: &str| {
            env.lines()
                .find_map(|line| line.strip_prefix(&format!("{key}=")))
                .map(|v| v.trim_matches('\'').to_owned())
                .ok_or_else(|| format!("{} has no {key}", env_file.display()))
        };
        let version = value("WP_VERSION")?;
        if version != "6.9.7" {
            return Err(format!(
                "{} runs WordPress {version}; the fuzzer compares with 6.9.7 (set --docroot to the 6.9.7 tree)",
                value("BASE_URL")?
            ));
        }
        live(&value("BASE_URL")?, &value("APP_PASSWORD")?)
    }
}
