//! `folio sync [hf|arxiv|arxiv-oai]`: with no feed named, today's Hugging Face papers
//! and every source of every watch, each landing whole or not at all on its
//! own; with one, that feed. Reports like `folio import` does. The arguments
//! live here, next to the only code that reads them.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use clap::{ArgGroup, Args, Subcommand};

use super::Ctx;
use crate::sync::{
    ARXIV_DEFAULT_MAX, ArxivQuery, HfPeriod, HttpClient, HttpSettings, SyncError, SyncRequest,
};

/// `folio sync [FEED]`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
    /// Seconds to wait for an answer (for tests)
    #[arg(long, value_name = "SECONDS", hide = true)]
    timeout: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// The Hugging Face daily papers of a day, an ISO week or a month [default: today, UTC]
    #[command(group(ArgGroup::new("period").args(["date", "week", "month"])))]
    Hf {
        /// One day's list
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// An ISO week's lists, e.g. 2026-W48
        #[arg(long, value_name = "YYYY-Www")]
        week: Option<String>,
        /// A month's lists
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// The trending list (what the HF papers page ranks first now), 100 papers unless --limit
        #[arg(long, conflicts_with_all = ["date", "week", "month"])]
        trending: bool,
        /// Stop after this many papers
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        limit: Option<u64>,
        #[command(flatten)]
        net: NetArgs,
    },
    /// The newest papers matching an arXiv API query
    Arxiv {
        /// e.g. "cat:cs.CV AND ti:diffusion" (prefixes ti: au: abs: cat: all:, AND OR ANDNOT)
        #[arg(long, value_name = "QUERY")]
        query: String,
        /// Stop after this many papers
        #[arg(long, value_name = "N", default_value_t = ARXIV_DEFAULT_MAX as u64,
              value_parser = clap::value_parser!(u64).range(1..))]
        max: u64,
        /// Seconds between calls (arXiv asks for 3)
        #[arg(long, value_name = "SECONDS", default_value_t = 3.0)]
        delay: f64,
        #[command(flatten)]
        net: NetArgs,
    },
    /// All of arXiv through its OAI-PMH interface, page by page; resumes where it stopped, later runs fetch only changes
    ArxivOai {
        /// Only records changed on or after this day [default: where the last harvest got, else everything]
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// An OAI set, e.g. cs, math or physics:hep-th [default: all of arXiv]
        #[arg(long, value_name = "SET")]
        set: Option<String>,
        /// Seconds between requests (arXiv asks for a pause)
        #[arg(long, value_name = "SECONDS", default_value_t = 3.0)]
        delay: f64,
        #[command(flatten)]
        net: NetArgs,
    },
}

/// Where to fetch from and how patiently.
#[derive(Debug, Args)]
pub struct NetArgs {
    /// Fetch from this server instead [default: the config's sources.<feed>.base_url, else the public API]
    #[arg(long, value_name = "URL")]
    pub(super) base_url: Option<String>,
    /// Seconds to wait for an answer (for tests)
    #[arg(long, value_name = "SECONDS", hide = true)]
    pub(super) timeout: Option<f64>,
}

pub fn run(ctx: &Ctx, args: SyncArgs) -> Result<()> {
    match args.command {
        Some(command) => run_one(ctx, command),
        None => super::sync_all::run(ctx, http_settings(args.timeout)?),
    }
}

/// The client settings, with the tests' shorter timeout when given.
pub(super) fn http_settings(timeout: Option<f64>) -> Result<HttpSettings> {
    let mut settings = HttpSettings::default();
    if let Some(seconds) = timeout {
        let timeout = seconds_arg(seconds, "--timeout value", false)?;
        settings.connect_timeout = timeout;
        settings.read_timeout = timeout;
    }
    Ok(settings)
}

fn run_one(ctx: &Ctx, command: SyncCommand) -> Result<()> {
    if let SyncCommand::ArxivOai {
        from,
        set,
        delay,
        net,
    } = command
    {
        return super::sync_oai::run(ctx, from, set, delay, net);
    }
    let (request, net) = request_of(command)?;
    let base = match net.base_url.as_deref() {
        Some(url) => url.to_string(),
        None => request.base_url(&ctx.config()?.sources, None).to_string(),
    };
    let client = HttpClient::new(http_settings(net.timeout)?);
    let store = ctx.open_store()?;
    let show_progress = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let started_at = chrono::Utc::now();
    // While fetching, Ctrl-C simply ends folio: nothing has been written.
    let papers = crate::sync::fetch(&client, &base, &request, &mut |line| {
        if show_progress {
            eprintln!("{line}");
        }
    })?;
    // From here on it stops the import before it commits instead.
    super::signals::cancel_on_signal(&store)?;
    let imported = store.import(papers.into_iter().map(Ok));
    super::print_notices(&store);
    if imported.is_ok() {
        // `folio digest --since last-sync` counts from here.
        store
            .library()
            .update(|state| state.record_sync(started_at, []))?;
    }
    let summary = crate::sync::SyncSummary {
        imported: imported?,
        source: request.describe(&base),
        elapsed: started.elapsed(),
    };
    let imported = &summary.imported;
    if store.cancel().is_cancelled() {
        eprintln!(
            "folio: interrupted while the import was being saved; it was saved whole, as below"
        );
    }
    eprintln!(
        "synced {} papers ({}) from {} in {:.1} s",
        imported.total(),
        imported,
        summary.source,
        summary.elapsed.as_secs_f64()
    );
    if let SyncRequest::Hf { period, .. } = &request
        && imported.total() == 0
        && *period != HfPeriod::Trending
    {
        eprintln!(
            "(Hugging Face listed no papers for {period}; weekend days are often empty, try --week or --month)"
        );
    }
    super::tidy::after_write(&store);
    Ok(())
}

fn request_of(command: SyncCommand) -> Result<(SyncRequest, NetArgs), SyncError> {
    Ok(match command {
        SyncCommand::Hf {
            date,
            week,
            month,
            trending,
            limit,
            net,
        } => {
            let period = match (date, week, month) {
                _ if trending => HfPeriod::Trending,
                (Some(d), _, _) => HfPeriod::parse_day(&d)?,
                (_, Some(w), _) => HfPeriod::parse_week(&w)?,
                (_, _, Some(m)) => HfPeriod::parse_month(&m)?,
                _ => HfPeriod::today(),
            };
            // The trending list has no end of its own: its first page.
            let limit = match (trending, limit) {
                (true, None) => Some(crate::sync::HF_PAGE as u64),
                (_, limit) => limit,
            };
            let limit = limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
            (SyncRequest::Hf { period, limit }, net)
        }
        SyncCommand::Arxiv {
            query,
            max,
            delay,
            net,
        } => {
            let query = ArxivQuery {
                query,
                max: usize::try_from(max).unwrap_or(usize::MAX),
                delay: seconds_arg(delay, "--delay value", true)?,
            };
            (SyncRequest::Arxiv(query), net)
        }
        SyncCommand::ArxivOai { .. } => {
            return Err(SyncError::Argument {
                input: "arxiv-oai".to_string(),
                what: "feed",
                problem: "a harvest is run by `sync_oai`, not fetched whole".to_string(),
            });
        }
    })
}

/// A finite number of seconds, up to a day; zero only when `zero_ok`.
pub(super) fn seconds_arg(
    seconds: f64,
    what: &'static str,
    zero_ok: bool,
) -> Result<Duration, SyncError> {
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| (zero_ok || !d.is_zero()) && seconds <= 86_400.0)
        .ok_or_else(|| SyncError::Argument {
            input: seconds.to_string(),
            what,
            problem: "expected a positive number of seconds, e.g. 1.5".to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_must_be_positive_and_finite() {
        assert_eq!(
            seconds_arg(0.05, "d", true).unwrap(),
            Duration::from_millis(50)
        );
        assert_eq!(seconds_arg(0.0, "d", true).unwrap(), Duration::ZERO);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e9] {
            let err = seconds_arg(bad, "--timeout value", false)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("invalid --timeout value `"), "{bad}: {err}");
            assert!(err.contains("expected a positive number"), "{bad}: {err}");
        }
    }
}
