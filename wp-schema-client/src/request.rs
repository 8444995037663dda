//! One request as generated code builds it: the route's path filled in, the arguments set one by
//! one, and where they go decided when it is sent (the query of a read or a delete, a JSON body
//! of a write, the fields of a multipart upload).

use crate::body::{Body, Upload};
use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::pages::{Page, Pages};
use crate::reply::Reply;
use http::Method;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::marker::PhantomData;

/// A request to one endpoint, answered with `R`.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'c, R> {
    client: &'c Client,
    method: Method,
    route: &'static str,
    path: String,
    params: Vec<(String, Value)>,
    upload: Option<Upload>,
    multipart: bool,
    returns: PhantomData<fn() -> R>,
}

impl<'c, R> Request<'c, R> {
    /// A request of `route` (the pattern, for errors) at `path` (the pattern filled in).
    pub fn new(client: &'c Client, method: Method, route: &'static str, path: String) -> Self {
        Request {
            client,
            method,
            route,
            path,
            params: Vec::new(),
            upload: None,
            multipart: false,
            returns: PhantomData,
        }
    }

    /// Sets argument `name`, replacing what an earlier call set: WordPress reads one value per
    /// name.
    pub fn set(&mut self, name: &str, value: Value) {
        match self.params.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.params.push((name.to_owned(), value)),
        }
    }

    /// `_fields`: the properties to answer with, comma-separated as WordPress lists them.
    pub fn fields<I, S>(&mut self, names: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.set("_fields", Value::String(comma_list(names)));
    }

    /// `_embed` with the relations to embed.
    pub fn embed_only<I, S>(&mut self, relations: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.set("_embed", Value::String(comma_list(relations)));
    }

    /// Sends the request with another HTTP method of its endpoint (PUT or PATCH for an update
    /// WordPress also answers to POST); where the arguments go follows the method.
    pub fn set_method(&mut self, method: Method) {
        self.method = method;
    }

    /// The file of an upload: the request's body, the arguments in the query.
    pub fn upload(&mut self, file: Upload) {
        self.upload = Some(file);
    }

    /// Sends the upload and the arguments as `multipart/form-data`.
    pub fn multipart(&mut self) {
        self.multipart = true;
    }

    /// The same request, answered with `T`.
    pub fn returning<T>(self) -> Request<'c, T> {
        Request {
            client: self.client,
            method: self.method,
            route: self.route,
            path: self.path,
            params: self.params,
            upload: self.upload,
            multipart: self.multipart,
            returns: PhantomData,
        }
    }

    /// The request as the client sends it. A read or a delete carries its arguments in the
    /// query, as WordPress documents them; a write in a JSON body, which keeps their JSON types;
    /// an upload in the query beside the file, or as the fields of a multipart form.
    pub fn into_call(self) -> Call {
        let mut call = Call::new(self.method.clone(), self.route, self.path);
        let in_query = matches!(self.method, Method::GET | Method::HEAD | Method::DELETE);
        match self.upload {
            Some(file) if self.multipart => {
                call.body = Body::Multipart {
                    fields: self.params.into_iter().collect::<Map<String, Value>>(),
                    file,
                };
            }
            Some(file) => {
                call.query = self.params;
                call.body = Body::File(file);
            }
            None if in_query => call.query = self.params,
            None if self.params.is_empty() => {}
            None => call.body = Body::Json(self.params.into_iter().collect()),
        }
        call
    }
}

impl<R> Request<'_, R> {
    /// Sends the request and gives the answer's bytes undecoded: for a route that answers a
    /// file (the block editor's export is a zip).
    pub async fn bytes(self) -> Result<Reply<Vec<u8>>, Error> {
        let client = self.client;
        client.send_raw(self.into_call()).await
    }
}

impl<R: DeserializeOwned> Request<'_, R> {
    /// Sends the request and reads the answer.
    pub async fn send(self) -> Result<R, Error> {
        Ok(self.reply().await?.body)
    }

    /// Sends the request and reads the answer, with its status and headers.
    pub async fn reply(self) -> Result<Reply<R>, Error> {
        let client = self.client;
        client.send(self.into_call()).await
    }
}

impl<R: DeserializeOwned + Send + 'static> Request<'_, R> {
    /// Sends a collection's request: one page of items, with WordPress's totals.
    pub async fn page(self) -> Result<Page<R>, Error> {
        let client = self.client;
        client.page(self.into_call()).await
    }

    /// Every page from the one asked for, as a stream.
    pub fn pages(self) -> Pages<R> {
        let client = self.client;
        client.pages(self.into_call())
    }
}

fn comma_list<I, S>(names: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    names
        .into_iter()
        .map(|name| name.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(",")
}
