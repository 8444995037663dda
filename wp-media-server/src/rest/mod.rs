//! WordPress's REST server for the routes we serve: authentication, route matching, argument
//! parsing before permissions, and the response envelope.

mod database_error;
pub mod dispatch;
pub mod finish;
mod index;
mod options;
mod output;
pub mod route;
