//! A collection walked page by page.

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::link;
use crate::reply::{ListBody, Reply};
use crate::root::check_absolute;
use futures_core::Stream;
use futures_util::{stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One page of a collection.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The slugs, when the collection is an object keyed by slug (see [`ListBody`]).
    pub keys: Option<Vec<String>>,
    /// The page's number, from 1 (or from the call's own `page`).
    pub number: u64,
    /// `X-WP-Total`.
    pub total: Option<u64>,
    /// `X-WP-TotalPages`.
    pub total_pages: Option<u64>,
}

/// The pages of a collection, one request each, as a stream that ends after the last page or
/// after the first error.
pub struct Pages<T> {
    pages: Pin<Box<dyn Stream<Item = Result<Page<T>, Error>> + Send>>,
}

impl<T> Stream for Pages<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().pages.as_mut().poll_next(cx)
    }
}

impl<T: Send + 'static> Pages<T> {
    /// The items one by one, across pages.
    pub fn items(self) -> impl Stream<Item = Result<T, Error>> + Send + Unpin {
        self.flat_map(|page| {
            let items: Vec<Result<T, Error>> = match page {
                Ok(page) => page.items.into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
        })
    }
}

impl<T> Page<T> {
    fn of(number: u64, reply: Reply<ListBody<T>>) -> Page<T> {
        Page {
            number,
            total: reply.total(),
            total_pages: reply.total_pages(),
            items: reply.body.items,
            keys: reply.body.keys,
        }
    }
}

impl Client {
    /// The one page of the collection `call` asks for (its `page`, else the first), with the
    /// totals WordPress gives.
    pub async fn page<T: DeserializeOwned>(&self, call: Call) -> Result<Page<T>, Error> {
        let number = page_number(&call.query);
        let reply: Reply<ListBody<T>> = self.send(call).await?;
        Ok(Page::of(number, reply))
    }

    /// The pages of the collection `call` lists: `call` as given first, then the page its answer
    /// links as `rel="next"`, or else, while the page's number is below `X-WP-TotalPages`, `call`
    /// with the next `page`. Errors keep the call's route even for a linked URL.
    pub fn pages<T: DeserializeOwned + Send + 'static>(&self, call: Call) -> Pages<T> {
        let first = Cursor {
            client: self.clone(),
            url: call.url(self.root()),
            number: page_number(&call.query),
            call,
        };
        let pages = stream::try_unfold(Some(first), |cursor| async move {
            let Some(cursor) = cursor else {
                return Ok(None);
            };
            let reply: Reply<ListBody<T>> =
                cursor.client.send_to(&cursor.call, &cursor.url).await?;
            let number = cursor.number;
            let next = cursor.next(&reply);
            Ok(Some((Page::of(number, reply), next)))
        });
        Pages {
            pages: Box::pin(pages),
        }
    }
}

/// Where the next page is to be asked for.
struct Cursor {
    client: Client,
    call: Call,
    url: String,
    number: u64,
}

impl Cursor {
    /// An empty page ends the walk whatever its headers say, as does a link back to the same
    /// URL: a site that always links a next page would otherwise be walked forever.
    fn next<T>(self, reply: &Reply<ListBody<T>>) -> Option<Cursor> {
        if reply.body.items.is_empty() {
            return None;
        }
        let number = self.number.checked_add(1)?;
        let linked = link::find(&reply.headers, "next")
            .filter(|url| *url != self.url && check_absolute(url).is_ok());
        if let Some(url) = linked {
            return Some(Cursor {
                url,
                number,
                ..self
            });
        }
        if reply.total_pages().is_none_or(|total| self.number >= total) {
            return None;
        }
        let mut call = self.call;
        let page = Value::from(number);
        // PHP reads the last of repeated names.
        match call.query.iter_mut().rev().find(|(name, _)| name == "page") {
            Some((_, value)) => *value = page,
            None => call.query.push(("page".to_owned(), page)),
        }
        Some(Cursor {
            url: call.url(self.client.root()),
            client: self.client,
            call,
            number,
        })
    }
}

/// The call's own `page`, as a number or a numeric string; 1 when it has none.
fn page_number(query: &[(String, Value)]) -> u64 {
    let given = query.iter().rev().find(|(name, _)| name == "page");
    given
        .and_then(|(_, value)| match value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .unwrap_or(1)
}
