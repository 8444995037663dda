//! When a failed attempt is tried again, and after how long.

use http::{HeaderValue, Method, StatusCode};
use std::time::Duration;

/// The retry policy: by default up to 3 attempts in all, 200 ms before the first retry and twice
/// as long before each next one, at most 5 s.
///
/// Retried: no answer, no answer in time, and 429, 502, 503, 504 (the statuses of a busy or
/// restarting site, after a `Retry-After` of whole seconds when one is given). Only idempotent
/// methods are retried unless [`Retry::all_methods`] says otherwise: a POST whose answer was lost
/// may have created the post already.
#[derive(Clone, Debug)]
pub struct Retry {
    attempts: u32,
    first: Duration,
    max: Duration,
    all_methods: bool,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 3,
            first: Duration::from_millis(200),
            max: Duration::from_secs(5),
            all_methods: false,
        }
    }
}

impl Retry {
    /// One attempt only.
    pub fn none() -> Retry {
        Retry::default().attempts(1)
    }

    /// Attempts in all, the first included; 0 counts as 1.
    pub fn attempts(mut self, attempts: u32) -> Retry {
        self.attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each next one up to `max`; `max` also caps
    /// a server's `Retry-After`.
    pub fn backoff(mut self, first: Duration, max: Duration) -> Retry {
        self.first = first;
        self.max = max;
        self
    }

    /// Retries POST and PATCH too: for requests the caller knows are safe to repeat.
    pub fn all_methods(mut self) -> Retry {
        self.all_methods = true;
        self
    }

    /// How many attempts a request with this method gets.
    pub(crate) fn attempts_for(&self, method: &Method) -> u32 {
        let idempotent = [
            Method::GET,
            Method::HEAD,
            Method::OPTIONS,
            Method::PUT,
            Method::DELETE,
        ]
        .contains(method);
        if idempotent || self.all_methods {
            self.attempts
        } else {
            1
        }
    }

    pub(crate) fn retries_status(status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 502 | 503 | 504)
    }

    /// The wait before retry number `retry` (1 for the first), after an answer whose
    /// `Retry-After` header was `retry_after`.
    pub(crate) fn wait(&self, retry: u32, retry_after: Option<&HeaderValue>) -> Duration {
        let asked = retry_after
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<u64>().ok());
        if let Some(seconds) = asked {
            return Duration::from_secs(seconds).min(self.max);
        }
        let factor = 2u32.checked_pow(retry.saturating_sub(1));
        factor
            .and_then(|factor| self.first.checked_mul(factor))
            .map_or(self.max, |wait| wait.min(self.max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_max() {
        let retry = Retry::default();
        let waits: Vec<u128> = (1..=7).map(|n| retry.wait(n, None).as_millis()).collect();
        assert_eq!(waits, [200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(retry.wait(u32::MAX, None), Duration::from_secs(5));
    }

    #[test]
    fn retry_after_in_whole_seconds_is_honoured_up_to_the_max() {
        let retry = Retry::default();
        let header = |text: &'static str| HeaderValue::from_static(text);
        assert_eq!(retry.wait(1, Some(&header("2"))), Duration::from_secs(2));
        assert_eq!(retry.wait(1, Some(&header("0"))), Duration::ZERO);
        assert_eq!(retry.wait(1, Some(&header("120"))), Duration::from_secs(5));
        let date = header("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry.wait(2, Some(&date)), Duration::from_millis(400));
        assert_eq!(
            retry.wait(1, Some(&header("1.5"))),
            Duration::from_millis(200)
        );
    }

    #[test]
    fn only_idempotent_methods_unless_told() {
        let retry = Retry::default().attempts(4);
        assert_eq!(retry.attempts_for(&Method::GET), 4);
        assert_eq!(retry.attempts_for(&Method::DELETE), 4);
        assert_eq!(retry.attempts_for(&Method::POST), 1);
        assert_eq!(retry.attempts_for(&Method::PATCH), 1);
        assert_eq!(retry.all_methods().attempts_for(&Method::POST), 4);
        assert_eq!(Retry::none().attempts_for(&Method::GET), 1);
        assert_eq!(Retry::default().attempts(0).attempts_for(&Method::GET), 1);
    }

    #[test]
    fn busy_statuses_are_retried() {
        let retried: Vec<u16> = (100..600)
            .filter_map(|s| StatusCode::from_u16(s).ok())
            .filter(|&s| Retry::retries_status(s))
            .map(|s| s.as_u16())
            .collect();
        assert_eq!(retried, [429, 502, 503, 504]);
    }
}
