//! A MariaDB server of a test's own (Debian's `mariadbd`, in a temporary folder), which the test
//! may kill and start again, or make a replica of another.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A MariaDB server of the test's own, on a Unix socket in `dir`.
pub struct Mariadb {
    dir: PathBuf,
    /// Given to `mariadbd` besides its folder and socket.
    args: Vec<String>,
    child: Option<Child>,
}

impl Mariadb {
    pub fn socket(&self) -> PathBuf {
        self.dir.join("mysqld.sock")
    }

    /// A new server in `dir`, started with `args` besides its folder and socket (networking is
    /// off unless `args` give a `--port`).
    pub fn install(dir: &Path, args: &[&str]) -> Mariadb {
        std::fs::create_dir_all(dir.join("data")).unwrap();
        run(Command::new("chown").args(["-R", "mysql:mysql"]).arg(dir));
        run(Command::new("mariadb-install-db")
            .args(["--no-defaults", "--user=mysql", "--skip-test-db"])
            .arg("--auth-root-authentication-method=socket")
            .arg(format!("--datadir={}", dir.join("data").display())));
        let mut db = Mariadb {
            dir: dir.to_owned(),
            args: args.iter().map(|a| a.to_string()).collect(),
            child: None,
        };
        db.start();
        db
    }

    pub fn start(&mut self) {
        let child = Command::new("mariadbd")
            .args(["--no-defaults", "--user=mysql"])
            .args(
                (!self.args.iter().any(|a| a.starts_with("--port"))).then_some("--skip-networking"),
            )
            .args(&self.args)
            .arg(format!("--datadir={}", self.dir.join("data").display()))
            .arg(format!("--socket={}", self.socket().display()))
            .arg(format!(
                "--pid-file={}",
                self.dir.join("mysqld.pid").display()
            ))
            .arg(format!(
                "--log-error={}",
                self.dir.join("mysqld.err").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mariadbd starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.sql("SELECT 1").status.success() {
            assert!(
                Instant::now() < deadline,
                "mariadbd did not start: {}",
                std::fs::read_to_string(self.dir.join("mysqld.err")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn sql(&self, sql: &str) -> std::process::Output {
        Command::new("mariadb")
            .arg(format!("--socket={}", self.socket().display()))
            .args(["-uroot", "-e", sql])
            .output()
            .unwrap()
    }
}

/// A temporary folder for the test's servers and files: `mariadbd` runs as `mysql`, which must
/// reach its folders inside it.
pub fn work_dir() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        work.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    work
}

impl Mariadb {
    /// Runs `sql` as root, which must succeed; its output's last line.
    pub fn value(&self, sql: &str) -> String {
        let output = self.sql(sql);
        assert!(
            output.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .trim()
            .to_owned()
    }

    /// Database `wp` (user `wp`, password `wp`) made a copy of the WordPress tables of the live
    /// site at `source` (`mysql://…?socket=PATH`).
    pub fn copy_site(&self, source: &str) {
        self.value("CREATE DATABASE wp; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO 'wp'@'localhost';");
        let (socket, source) = socket_and_database(source);
        let dump = Command::new("mariadb-dump")
            .arg(format!("--socket={socket}"))
            .args(["-uroot", &source])
            .args([
                "wp_posts",
                "wp_postmeta",
                "wp_users",
                "wp_usermeta",
                "wp_options",
            ])
            .output()
            .unwrap();
        assert!(
            dump.status.success(),
            "{}",
            String::from_utf8_lossy(&dump.stderr)
        );
        let mut load = Command::new("mariadb")
            .arg(format!("--socket={}", self.socket().display()))
            .args(["-uroot", "wp"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(load.stdin.as_mut().unwrap(), &dump.stdout).unwrap();
        drop(load.stdin.take());
        assert!(load.wait().unwrap().success());
    }

    /// The address the server reaches database `wp` at.
    pub fn url(&self) -> String {
        format!(
            "mysql://wp:wp@localhost/wp?socket={}",
            self.socket().display()
        )
    }
}

impl Drop for Mariadb {
    fn drop(&mut self) {
        self.kill();
    }
}

fn run(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `(socket, database)` of a `mysql://…@localhost/DATABASE?socket=PATH` address.
fn socket_and_database(url: &str) -> (String, String) {
    let (path, query) = url.rsplit_once('?').expect("a socket address");
    let database = path.rsplit_once('/').unwrap().1.to_owned();
    let socket = query
        .split('&')
        .find_map(|p| p.strip_prefix("socket="))
        .expect("?socket=")
        .to_owned();
    (socket, database)
}
