//! wp-media-server: WordPress 6.9's `/wp/v2/media` served from generated code, SQLite and files.

pub mod api;
pub mod auth;
pub mod clock;
pub mod config;
pub mod media;
pub mod repair;
pub mod rest;
pub mod server;
pub mod store;

pub use config::Config;
pub use rest::dispatch::App;
