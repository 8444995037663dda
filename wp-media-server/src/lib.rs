//! wp-media-server: WordPress 6.9's `/wp/v2/media` served from generated code, SQLite and files.

pub mod api;
pub mod attachments;
pub mod auth;
pub mod clock;
pub mod config;
pub mod images;
pub mod names;
pub mod repair;
pub mod request;
pub mod rest;
pub mod server;
pub mod storage;
pub mod store;
pub mod text;
pub mod theme;
pub mod uploads;
pub mod users;

pub use config::Config;
pub use request::App;
