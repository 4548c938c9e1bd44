//! The command-line surface of folio, declared once with clap so the help,
//! the parsing and the validation never drift apart.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::LinkKind;

#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = "A terminal reader for research papers: the Hugging Face and arXiv feeds, searchable offline.",
    after_help = "Run `folio` alone to browse the papers. Queries: words (all must match), \"exact phrase\", -exclude, a OR b, \
title: author: abstract: cat:cs.CV year:2020..2023 has:code has:project is:bookmarked is:unread (not read, not dismissed) is:read is:new is:dismissed tag:NAME watch:NAME"
)]
pub struct Cli {
    /// Where papers, the index and your library live [default: the platform data dir]
    #[arg(long, global = true, env = "FOLIO_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The config file [default: config.toml in the platform config dir]
    #[arg(long, global = true, env = "FOLIO_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Log more to the log file (-v debug, -vv trace; see `folio stats` for where it is)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search titles, authors and abstracts
    Search(SearchArgs),
    /// Show one paper in full
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Papers most like the given one
    Similar {
        id: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List papers (newest first by default)
    List {
        #[arg(long, value_enum)]
        sort: Option<SortArg>,
        /// How many papers to list (0 = all)
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Open a paper's link in the browser
    Open {
        id: String,
        #[arg(long, value_enum, default_value_t = TargetArg::Link(LinkKind::Paper))]
        target: TargetArg,
    },
    /// Manage bookmarks, their tags and notes
    #[command(subcommand)]
    Bookmark(BookmarkCommand),
    /// Edit a paper's note in your editor ($VISUAL, else $EDITOR, else vi); a note bookmarks the paper
    Note { id: String },
    /// Mark a paper as read (or every paper a query matches)
    Read(MarkArgs),
    /// Mark a paper as unread (or every paper a query matches)
    Unread(MarkArgs),
    /// Not interested: hide papers from your feed and `is:unread` (find them with `is:dismissed`)
    Dismiss(DismissArgs),
    /// Take dismissals back: the papers show in your feed again
    Undismiss(DismissArgs),
    /// Unread papers ranked by your taste, learnt from your bookmarks and dismissals
    Recommend(RecommendArgs),
    /// Mark everything seen: `is:new` then finds only what arrives later
    Seen,
    /// Each watch's new papers as text, Markdown or JSON (what a cron job mails)
    Digest(DigestArgs),
    /// Follow topics: named queries with their paper, unread and new counts
    #[command(subcommand)]
    Watch(WatchCommand),
    /// Export bookmarks or search results as BibTeX, Markdown or JSON, or the whole library as JSON
    Export(ExportArgs),
    /// Import papers from files (`-` reads standard input)
    Import {
        /// Files to read (`.gz` is read transparently; `-` is standard input)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
        format: FormatArg,
        /// Import the good records and report the bad ones, instead of stopping at the first
        #[arg(long)]
        skip_bad: bool,
    },
    /// Fetch papers: today's Hugging Face daily papers and every watch's sources, or one feed
    Sync(super::sync::SyncArgs),
    /// Download papers' full text (arXiv HTML) or PDF, to read and search offline
    Fetch(super::fetch::FetchArgs),
    /// Print a fetched paper's full text (plain when piped)
    Text {
        id: String,
        /// Wrap at this many columns [default: the terminal's width]
        #[arg(long, value_name = "N")]
        width: Option<u16>,
        /// The document model as JSON
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the paper journal
    Reindex,
    /// Rewrite the paper journal without superseded records (then reindex)
    Compact,
    /// The config file: where it is, the settings in force, editing it
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Counts and paths
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Print the shell completion script (bash, zsh, fish, elvish or powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per subcommand with --dir
    Man {
        /// Write folio.1 and a folio-COMMAND.1 per subcommand into this directory
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The last of a repeated option wins (`--limit 5 … --limit 9`), as it did
/// when options after the words were picked out by hand.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub struct SearchArgs {
    /// The query (several words are joined with spaces; `-word` excludes;
    /// options may come after the words, and `--` ends them)
    // `argv::reorder` puts the options first and the words after a `--`.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,
    /// Treat the last word as a prefix (`hopf` finds Hopfield)
    #[arg(long)]
    pub prefix: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum BookmarkCommand {
    /// Bookmark a paper (again: add tags or replace the note), or every
    /// paper a query matches
    #[command(group(clap::ArgGroup::new("which").required(true).args(["id", "query"])))]
    Add {
        id: Option<String>,
        /// Bookmark every paper this query matches, in one change
        #[arg(long, value_name = "QUERY", conflicts_with_all = ["id", "note"])]
        query: Option<String>,
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        #[arg(long)]
        note: Option<String>,
        /// With --query: say how many papers would change, change nothing
        #[arg(long, requires = "query")]
        dry_run: bool,
    },
    /// Remove a bookmark with its tags and note
    Rm { id: String },
    /// List bookmarks, newest first
    List {
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the config file in force (--config, $FOLIO_CONFIG or the default) and whether it exists
    Path,
    /// Print the settings in force: the defaults with your config file over them, as TOML
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Edit the config file in your editor ($VISUAL, else $EDITOR, else vi), created from the documented example when absent, then check it
    Edit,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Papers first imported on this day or later (YYYY-MM-DD), since the last `folio sync` (last-sync) or since you last looked (last-look, the default)
    #[arg(long, value_name = "YYYY-MM-DD|last-look")]
    pub since: Option<String>,
    /// Only this watch
    #[arg(long, value_name = "NAME")]
    pub watch: Option<String>,
    #[arg(long, value_enum, default_value_t = DigestFormat::Text)]
    pub format: DigestFormat,
    /// Write to a file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DigestFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Follow a topic: a name and a query (`watch:NAME` then works in any query)
    Add {
        name: String,
        /// The query, in folio's query language, quoted (e.g. 'diffusion -survey has:code')
        #[arg(long, allow_hyphen_values = true)]
        query: String,
        /// `folio sync` fetches today's Hugging Face daily papers for it (it always does anyway)
        #[arg(long)]
        hf: bool,
        /// `folio sync` fetches the Hugging Face trending list for it
        #[arg(long)]
        hf_trending: bool,
        /// `folio sync` fetches this arXiv API query for it (e.g. "cat:cs.CV AND abs:diffusion")
        #[arg(long, value_name = "QUERY")]
        arxiv: Vec<String>,
        /// `folio sync` fetches arXiv's daily announcements of these categories for it (e.g. cs.CV+cs.LG)
        #[arg(long, value_name = "CATS")]
        arxiv_new: Vec<String>,
    },
    /// Stop following a topic (no paper or bookmark is changed)
    Rm { name: String },
    /// Every watch with how many papers it matches and how many are unread
    List {
        #[arg(long)]
        json: bool,
    },
    /// A watch's papers, newest first or in --sort order (then they are no longer new)
    Show {
        name: String,
        /// Only the papers first seen since you last looked
        #[arg(long)]
        new: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Order (`foryou`: by your taste) instead of newest first
        #[arg(long, value_enum)]
        sort: Option<SortArg>,
        #[arg(long)]
        json: bool,
    },
}

/// `read` and `unread`: one paper, or every paper a query matches.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "query"])))]
pub struct MarkArgs {
    pub id: Option<String>,
    /// Every paper this query matches, in one change
    #[arg(long, value_name = "QUERY", conflicts_with = "id")]
    pub query: Option<String>,
    /// With --query: say how many papers would change, change nothing
    #[arg(long, requires = "query")]
    pub dry_run: bool,
}

/// `recommend`: the "for you" ranking.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Learn from the bookmarks with this tag only
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only papers dated on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub since: Option<chrono::NaiveDate>,
    /// Say why each paper is recommended (the closest bookmarks and shared terms)
    #[arg(long)]
    pub explain: bool,
    /// Recommend papers already marked read too
    #[arg(long)]
    pub include_read: bool,
    /// Print JSON (each paper with `score` and `because`)
    #[arg(long)]
    pub json: bool,
}

/// A day on the command line, with a message that says what one looks like.
fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a day: use YYYY-MM-DD, e.g. 2026-11-30"))
}

/// `dismiss` and `undismiss`: one or more papers.
#[derive(Debug, Args)]
pub struct DismissArgs {
    /// Paper ids (see `folio search` or `folio list`)
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["bookmarks", "query", "library"])))]
pub struct ExportArgs {
    /// Export every bookmarked paper
    #[arg(long)]
    pub bookmarks: bool,
    /// Export the whole library as one JSON object (bookmarks with tags and notes, read marks, watches): a backup
    #[arg(long)]
    pub library: bool,
    /// Export the papers matching a query
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Write to a file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
    Upvotes,
    /// GitHub stars of the code repository, most first
    Stars,
    Title,
    /// Your taste: the `folio recommend` model's score, best first
    Foryou,
}

/// What `folio open --target` opens: one of the paper's links (named as
/// [`LinkKind::TARGETS`] name them), or the PDF kept in the data dir.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetArg {
    Link(LinkKind),
    /// The PDF kept in the data dir by `folio fetch ID --pdf`
    Local,
}

/// Every `--target` value: the link kinds, then `local`.
const TARGET_ARGS: [TargetArg; LinkKind::TARGETS.len() + 1] = {
    let mut all = [TargetArg::Local; LinkKind::TARGETS.len() + 1];
    let mut i = 0;
    while i < LinkKind::TARGETS.len() {
        all[i] = TargetArg::Link(LinkKind::TARGETS[i]);
        i += 1;
    }
    all
};

impl ValueEnum for TargetArg {
    fn value_variants<'a>() -> &'a [Self] {
        &TARGET_ARGS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            TargetArg::Link(kind) => PossibleValue::new(kind.name()),
            TargetArg::Local => PossibleValue::new("local")
                .help("The PDF kept in the data dir by `folio fetch ID --pdf`"),
        })
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Auto,
    Listing,
    Hf,
    ArxivAtom,
    ArxivJsonl,
    ArxivRss,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    Bibtex,
    Markdown,
    Json,
}

impl From<SortArg> for crate::index::Sort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Relevance => Self::Relevance,
            SortArg::Date => Self::Date,
            SortArg::Upvotes => Self::Upvotes,
            SortArg::Stars => Self::Stars,
            SortArg::Title => Self::Title,
            SortArg::Foryou => Self::ForYou,
        }
    }
}

impl TargetArg {
    /// The link this target opens; `None` for the kept PDF.
    pub fn link_kind(self) -> Option<LinkKind> {
        match self {
            TargetArg::Link(kind) => Some(kind),
            TargetArg::Local => None,
        }
    }
}

impl FormatArg {
    pub fn format(self) -> Option<crate::ingest::Format> {
        use crate::ingest::Format;
        match self {
            FormatArg::Auto => None,
            FormatArg::Listing => Some(Format::Listing),
            FormatArg::Hf => Some(Format::Hf),
            FormatArg::ArxivAtom => Some(Format::ArxivAtom),
            FormatArg::ArxivJsonl => Some(Format::ArxivJsonl),
            FormatArg::ArxivRss => Some(Format::ArxivRss),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(args: &[&str]) -> Result<TargetArg, clap::Error> {
        let argv = ["folio", "open", "2008.02217"].iter().chain(args);
        match Cli::try_parse_from(argv)?.command {
            Some(Command::Open { target, .. }) => Ok(target),
            other => Err(clap::Error::raw(
                clap::error::ErrorKind::InvalidSubcommand,
                format!("not an open: {other:?}"),
            )),
        }
    }

    #[test]
    fn every_link_kind_a_user_can_open_is_a_target_and_so_is_local() {
        assert_eq!(target(&[]).unwrap(), TargetArg::Link(LinkKind::Paper));
        for &kind in LinkKind::TARGETS {
            let chosen = target(&["--target", kind.name()]).unwrap();
            assert_eq!(chosen.link_kind(), Some(kind));
        }
        assert_eq!(target(&["--target", "local"]).unwrap().link_kind(), None);
        assert!(target(&["--target", "other"]).is_err());
    }
}
