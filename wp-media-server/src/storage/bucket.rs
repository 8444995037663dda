//! Uploads in a bucket of S3-compatible object storage, through the object_store crate. The
//! address, keys and region come from the standard `AWS_*` variables (`AWS_ENDPOINT`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP`).
//!
//! Staged files are written to a scratch folder of this process, then put whole (a PUT is
//! atomic: an object is there entire or not at all). Taking a name is a PUT with
//! `If-None-Match: *`, which S3, MinIO and R2 honour as one step.

use super::{Entry, Storage};
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path as Key;
use object_store::{
    BackoffConfig, ClientConfigKey, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload,
    RetryConfig,
};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Bucket {
    store: AmazonS3,
    /// The folder in the bucket the uploads are under (`wp-content/uploads`), `""` for the top.
    prefix: String,
    location: String,
    /// The staged files of this process' uploads; removed with it.
    scratch: tempfile::TempDir,
    /// object_store is async; the store's callers are blocking threads, which wait here.
    runtime: tokio::runtime::Runtime,
}

/// How long one request to the bucket may take, and how long its retries may go on: an upload
/// whose files cannot be put within this fails (and keeps nothing) rather than hold its
/// request for the client library's default three minutes.
const REQUEST_TIMEOUT: &str = "30s";
const CONNECT_TIMEOUT: &str = "5s";
const RETRY_TIMEOUT: Duration = Duration::from_secs(10);

impl Bucket {
    /// `s3://BUCKET[/PREFIX]`.
    pub fn open(url: &str) -> io::Result<Bucket> {
        let rest = url.strip_prefix("s3://").unwrap_or(url);
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{url}`: expected s3://BUCKET or s3://BUCKET/PREFIX"),
            ));
        }
        // rustls is built without a default provider, to have one cryptography library (ring,
        // which the rest of the workspace already uses); a second install is a harmless error.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // Set key by key: a whole `ClientOptions` would drop those the variables gave
        // (`AWS_ALLOW_HTTP` among them).
        let client = |key, value: &str| (AmazonS3ConfigKey::Client(key), value.to_owned());
        let store = [
            client(ClientConfigKey::Timeout, REQUEST_TIMEOUT),
            client(ClientConfigKey::ConnectTimeout, CONNECT_TIMEOUT),
        ]
        .into_iter()
        .fold(AmazonS3Builder::from_env(), |builder, (key, value)| {
            builder.with_config(key, value)
        })
        .with_bucket_name(bucket)
        .with_retry(RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: 3,
            retry_timeout: RETRY_TIMEOUT,
        })
        .build()
        .map_err(io::Error::other)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("s3")
            .enable_all()
            .build()?;
        Ok(Bucket {
            store,
            prefix: prefix.trim_matches('/').to_owned(),
            location: format!("s3://{}", rest.trim_end_matches('/')),
            scratch: tempfile::Builder::new()
                .prefix("wp-media-server-staging-")
                .tempdir()?,
            runtime,
        })
    }

    fn key(&self, relative: &str) -> Key {
        Key::from(super::join(&self.prefix, relative))
    }

    /// The path of `key` under the prefix.
    fn relative(&self, key: &Key) -> String {
        let key = key.as_ref();
        match self.prefix.as_str() {
            "" => key.to_owned(),
            prefix => key
                .strip_prefix(prefix)
                .and_then(|k| k.strip_prefix('/'))
                .unwrap_or(key)
                .to_owned(),
        }
    }

    fn wait<T>(
        &self,
        work: impl std::future::Future<Output = object_store::Result<T>>,
    ) -> io::Result<T> {
        self.runtime.block_on(work).map_err(into_io)
    }
}

fn into_io(e: object_store::Error) -> io::Error {
    let kind = match e {
        object_store::Error::NotFound { .. } => io::ErrorKind::NotFound,
        object_store::Error::AlreadyExists { .. } => io::ErrorKind::AlreadyExists,
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, e)
}

impl Storage for Bucket {
    fn location(&self) -> &str {
        &self.location
    }

    fn staging_dir(&self, subdir: &str) -> io::Result<PathBuf> {
        let dir = self.scratch.path().join(subdir);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    fn names_in(&self, subdir: &str) -> io::Result<Vec<String>> {
        let prefix = self.key(subdir);
        let listed = self.wait(self.store.list_with_delimiter(Some(&prefix)))?;
        Ok(listed
            .objects
            .iter()
            .filter_map(|object| object.location.filename().map(str::to_owned))
            .collect())
    }

    fn create_new(&self, relative: &str) -> io::Result<bool> {
        let created = self.wait(self.store.put_opts(
            &self.key(relative),
            PutPayload::new(),
            PutOptions::from(PutMode::Create),
        ));
        match created {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        self.wait(
            self.store
                .put(&self.key(relative), PutPayload::from(bytes.to_vec())),
        )
        .map(|_| ())
    }

    fn place(&self, staged: &Path, relative: &str) -> io::Result<()> {
        let bytes = std::fs::read(staged)?;
        self.wait(self.store.put(&self.key(relative), PutPayload::from(bytes)))?;
        std::fs::remove_file(staged)
    }

    fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        let key = self.key(relative);
        let bytes = self.wait(async { self.store.get(&key).await?.bytes().await })?;
        Ok(bytes.to_vec())
    }

    fn remove(&self, relative: &str) -> io::Result<()> {
        match self.wait(self.store.delete(&self.key(relative))) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn remove_tree(&self, relative: &str) -> io::Result<()> {
        let prefix = self.key(relative);
        let keys: Vec<Key> = self.wait(
            self.store
                .list(Some(&prefix))
                .map_ok(|object| object.location)
                .try_collect(),
        )?;
        for key in keys {
            self.wait(self.store.delete(&key))?;
        }
        Ok(())
    }

    fn walk(&self, visit: &mut dyn FnMut(&Entry) -> io::Result<bool>) -> io::Result<()> {
        let prefix = (!self.prefix.is_empty()).then(|| Key::from(self.prefix.as_str()));
        // Page by page as the listing comes, not gathered first.
        let mut objects = self.store.list(prefix.as_ref());
        while let Some(object) = self.wait(objects.try_next())? {
            visit(&Entry {
                relative: self.relative(&object.location),
                is_dir: false,
                modified: Some(object.last_modified.into()),
            })?;
        }
        Ok(())
    }

    fn folder(&self) -> Option<&Path> {
        None
    }
}
