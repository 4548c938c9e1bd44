//! The one place folio talks HTTP. Feeds are public and rate limited, so the
//! client identifies itself, gives up on silent servers instead of hanging,
//! and retries only what is worth retrying (429 and 5xx), waiting as long as
//! the server asks within a cap.

use std::io::ErrorKind;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::SyncError;

/// Bodies larger than this are refused: a page of 200 arXiv entries is
/// well under a megabyte.
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// How often and how long to retry a 429 or 5xx answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Requests in all, the first included.
    pub attempts: u32,
    /// The wait before the first retry when the server gives no
    /// `Retry-After`; it doubles for each later retry.
    pub first_backoff: Duration,
    /// No wait is longer than this, whatever `Retry-After` says.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            first_backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// Connection settings; the defaults suit the public feeds, tests use
/// shorter timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpSettings {
    /// Resolving the host and opening the connection.
    pub connect_timeout: Duration,
    /// Waiting for the answer, and again for its whole body.
    pub read_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

/// A blocking HTTP client for feed pages. Cheap to share by reference; it
/// keeps connections to a host open between pages.
pub struct HttpClient {
    agent: ureq::Agent,
    settings: HttpSettings,
}

impl Default for HttpClient {
    fn default() -> Self {
        HttpClient::new(HttpSettings::default())
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `User-Agent` folio sends.
pub fn user_agent() -> String {
    format!("folio/{}", env!("CARGO_PKG_VERSION"))
}

impl HttpClient {
    pub fn new(settings: HttpSettings) -> HttpClient {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(user_agent())
            .timeout_resolve(Some(settings.connect_timeout))
            .timeout_connect(Some(settings.connect_timeout))
            .timeout_send_request(Some(settings.read_timeout))
            .timeout_recv_response(Some(settings.read_timeout))
            .timeout_recv_body(Some(settings.read_timeout))
            .build();
        HttpClient {
            agent: ureq::Agent::new_with_config(config),
            settings,
        }
    }

    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// GETs `url` and returns its body as text, retrying 429 and 5xx
    /// answers. Any other failure is returned at once.
    pub fn get_text(&self, url: &str) -> Result<String, SyncError> {
        let bytes = self.get_bytes(url, MAX_BODY_BYTES)?;
        String::from_utf8(bytes).map_err(|_| SyncError::Transfer {
            url: url.to_string(),
            reason: "the answer is not UTF-8 text".to_string(),
        })
    }

    /// GETs `url` and returns its body, at most `limit` bytes (a longer
    /// one is an error), retrying 429 and 5xx answers like
    /// [`HttpClient::get_text`].
    pub fn get_bytes(&self, url: &str, limit: u64) -> Result<Vec<u8>, SyncError> {
        let retry = self.settings.retry;
        let attempts = retry.attempts.max(1);
        let mut attempt = 1;
        loop {
            let started = std::time::Instant::now();
            let mut response = self.agent.get(url).call().map_err(|e| {
                let error = self.describe(url, e);
                tracing::warn!(url, attempt, %error, "request failed");
                error
            })?;
            let status = response.status().as_u16();
            if (200..300).contains(&status) {
                let body = self.read_body(url, response.body_mut(), limit);
                let ms = started.elapsed().as_millis() as u64;
                match &body {
                    Ok(bytes) => {
                        tracing::info!(url, status, bytes = bytes.len(), ms, attempt, "GET")
                    }
                    Err(error) => tracing::warn!(url, status, ms, %error, "GET body failed"),
                }
                return body;
            }
            tracing::warn!(
                url,
                status,
                attempt,
                ms = started.elapsed().as_millis() as u64,
                "GET answered with an error"
            );
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            // Best effort: the body only decorates the error message.
            let body = response
                .body_mut()
                .with_config()
                .limit(64 * 1024)
                .read_to_vec()
                .unwrap_or_default();
            if !is_retryable(status) || attempt >= attempts {
                return Err(SyncError::Status {
                    url: url.to_string(),
                    status,
                    detail: excerpt(&body),
                    attempts: attempt,
                });
            }
            let wait = wait_before_retry(attempt, retry_after.as_deref(), Utc::now(), &retry);
            tracing::info!(url, status, wait_ms = wait.as_millis() as u64, "retrying");
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn read_body(
        &self,
        url: &str,
        body: &mut ureq::Body,
        limit: u64,
    ) -> Result<Vec<u8>, SyncError> {
        body.with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| self.describe(url, e))
    }

    /// Turns ureq's error into one that says what to do.
    fn describe(&self, url: &str, err: ureq::Error) -> SyncError {
        let url = url.to_string();
        match err {
            ureq::Error::Timeout(which) => {
                let limit = match which {
                    ureq::Timeout::Resolve | ureq::Timeout::Connect => {
                        self.settings.connect_timeout
                    }
                    _ => self.settings.read_timeout,
                };
                SyncError::Timeout {
                    url,
                    seconds: limit.as_secs_f64(),
                    phase: which.to_string(),
                }
            }
            ureq::Error::HostNotFound => SyncError::Unreachable {
                url,
                reason: "the host name could not be resolved (offline, or a typo in the host)"
                    .to_string(),
            },
            ureq::Error::ConnectionFailed => SyncError::Unreachable {
                url,
                reason: "the connection could not be opened".to_string(),
            },
            ureq::Error::BadUri(problem) => SyncError::BaseUrl { url, problem },
            ureq::Error::BodyExceedsLimit(limit) => SyncError::Transfer {
                url,
                reason: format!("the answer is larger than {limit} bytes"),
            },
            ureq::Error::Io(io) => match io.kind() {
                ErrorKind::ConnectionRefused
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkUnreachable
                | ErrorKind::NetworkDown
                | ErrorKind::AddrNotAvailable => SyncError::Unreachable {
                    url,
                    reason: io.to_string(),
                },
                ErrorKind::TimedOut | ErrorKind::WouldBlock => SyncError::Timeout {
                    url,
                    seconds: self.settings.read_timeout.as_secs_f64(),
                    phase: "read".to_string(),
                },
                ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset => SyncError::Transfer {
                    url,
                    reason: format!("the connection closed before the whole answer arrived ({io})"),
                },
                // std reports a failed DNS lookup without a kind of its own.
                _ if io.to_string().contains("lookup address") => SyncError::Unreachable {
                    url,
                    reason: format!("the host name could not be resolved ({io})"),
                },
                _ => SyncError::Transfer {
                    url,
                    reason: io.to_string(),
                },
            },
            other => SyncError::Transfer {
                url,
                reason: other.to_string(),
            },
        }
    }
}

/// Rate limiting and server trouble pass; anything else will fail again.
fn is_retryable(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// How long to wait before retry number `attempt` (1 = the first retry):
/// what `Retry-After` asks (seconds or an HTTP date), else exponential
/// backoff; never more than the policy's cap.
pub(crate) fn wait_before_retry(
    attempt: u32,
    retry_after: Option<&str>,
    now: DateTime<Utc>,
    policy: &RetryPolicy,
) -> Duration {
    let asked = retry_after.and_then(|v| parse_retry_after(v, now));
    let wait = asked.unwrap_or_else(|| {
        let doubling = 2u32.saturating_pow(attempt.saturating_sub(1));
        policy.first_backoff.saturating_mul(doubling)
    });
    wait.min(policy.max_wait)
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = DateTime::parse_from_rfc2822(value).ok()?;
    let delta = when.with_timezone(&Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

/// `: ` and the start of an error body on one line, for the message.
fn excerpt(body: &[u8]) -> String {
    const MAX_CHARS: usize = 160;
    let text = String::from_utf8_lossy(body);
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if flat.is_empty() {
        return String::new();
    }
    let mut short: String = flat.chars().take(MAX_CHARS).collect();
    if short.len() < flat.len() {
        short.push('…');
    }
    format!(": {short}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn backoff_doubles_from_the_first_wait() {
        let policy = RetryPolicy::default();
        let waits: Vec<u64> = (1..=4)
            .map(|a| wait_before_retry(a, None, now(), &policy).as_secs())
            .collect();
        assert_eq!(waits, [1, 2, 4, 8]);
    }

    #[test]
    fn retry_after_seconds_win_over_backoff() {
        let policy = RetryPolicy::default();
        assert_eq!(
            wait_before_retry(3, Some(" 7 "), now(), &policy),
            Duration::from_secs(7)
        );
        assert_eq!(
            wait_before_retry(1, Some("0"), now(), &policy),
            Duration::ZERO
        );
    }

    #[test]
    fn retry_after_http_date_is_counted_from_now() {
        let policy = RetryPolicy::default();
        let wait = wait_before_retry(1, Some("Fri, 27 Nov 2026 10:00:12 GMT"), now(), &policy);
        assert_eq!(wait, Duration::from_secs(12));
        let past = wait_before_retry(1, Some("Fri, 27 Nov 2026 09:00:00 GMT"), now(), &policy);
        assert_eq!(past, Duration::ZERO);
    }

    #[test]
    fn waits_are_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            wait_before_retry(1, Some("3600"), now(), &policy),
            Duration::from_secs(60)
        );
        assert_eq!(
            wait_before_retry(30, None, now(), &policy),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn unreadable_retry_after_falls_back_to_backoff() {
        let policy = RetryPolicy::default();
        assert_eq!(
            wait_before_retry(2, Some("soon"), now(), &policy),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn only_rate_limits_and_server_errors_are_retried() {
        assert!(is_retryable(429));
        assert!(is_retryable(500));
        assert!(is_retryable(503));
        assert!(!is_retryable(404));
        assert!(!is_retryable(400));
    }

    #[test]
    fn error_bodies_become_a_short_single_line() {
        assert_eq!(excerpt(b""), "");
        assert_eq!(
            excerpt(b"  {\"error\":\n \"bad date\"}\n"),
            ": {\"error\": \"bad date\"}"
        );
        let long = "x".repeat(500);
        let short = excerpt(long.as_bytes());
        assert_eq!(short.chars().count(), 2 + 160 + 1);
    }
}
