//! `folio config path|show|edit`: where the config file in force is, the
//! settings folio runs with (its defaults with that file over them), and
//! editing the file in the user's editor, created from the documented example
//! when absent and checked again afterwards.

use anyhow::{Context as _, Result, bail};

use super::Ctx;
use super::args::ConfigCommand;
use super::output::{out, outln};
use crate::config::{Config, SourceConfig};
use crate::editor::{self, EditorCommand};

pub fn run(ctx: &Ctx, cmd: ConfigCommand) -> Result<()> {
    match cmd {
        ConfigCommand::Path => path(ctx),
        ConfigCommand::Show { json } => show(ctx, json),
        ConfigCommand::Edit => edit(ctx),
    }
}

/// The path alone on stdout (for scripts); whether it exists on stderr.
fn path(ctx: &Ctx) -> Result<()> {
    let file = &ctx.paths.config_file;
    outln!("{}", file.display());
    if file.exists() {
        eprintln!("folio: the config file exists");
    } else {
        eprintln!(
            "folio: the config file does not exist: folio uses its defaults \
             (`folio config edit` creates it from the documented example)"
        );
    }
    Ok(())
}

fn show(ctx: &Ctx, as_json: bool) -> Result<()> {
    let config = ctx.config()?;
    let table = in_force(config);
    if as_json {
        out!("{}", super::json::to_string(&table));
        return Ok(());
    }
    let file = &ctx.paths.config_file;
    outln!(
        "# The settings in force: folio's defaults with {} over them{}.",
        file.display(),
        if file.exists() { "" } else { " (absent)" }
    );
    outln!("# Settings not listed have no value (their fallbacks apply); commands not");
    outln!("# under [keys] keep their default keys (`?` in the reader lists them).");
    let text = toml::to_string(&table).context("could not print the settings as TOML")?;
    out!("{text}");
    Ok(())
}

/// The config as a TOML table, with the defaults folio applies to settings
/// left unset where there is one value to show (`notify_timeout`, the base
/// theme); unset settings whose fallback depends on the machine are left out.
fn in_force(config: &Config) -> toml::Table {
    use toml::Value;
    let mut table = toml::Table::new();
    if let Some(browser) = &config.browser {
        table.insert("browser".into(), Value::from(browser.as_str()));
    }
    if let Some(command) = &config.notify_command {
        table.insert("notify_command".into(), Value::from(command.clone()));
    }
    let timeout = config
        .notify_timeout
        .unwrap_or(crate::notify::DEFAULT_TIMEOUT.as_secs());
    table.insert(
        "notify_timeout".into(),
        Value::from(i64::try_from(timeout).unwrap_or(i64::MAX)),
    );
    table.insert("keys".into(), Value::Table(config.keys.to_table()));
    let mut theme = toml::Table::new();
    theme.insert(
        "base".into(),
        Value::from(config.theme.base.as_deref().unwrap_or("dark")),
    );
    let colors: toml::Table = config
        .theme
        .colors
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    theme.insert("colors".into(), Value::Table(colors));
    table.insert("theme".into(), Value::Table(theme));
    let source = |s: &SourceConfig| {
        let mut t = toml::Table::new();
        if let Some(url) = &s.base_url {
            t.insert("base_url".into(), Value::from(url.as_str()));
        }
        Value::Table(t)
    };
    let mut sources = toml::Table::new();
    sources.insert("hf".into(), source(&config.sources.hf));
    sources.insert("arxiv".into(), source(&config.sources.arxiv));
    sources.insert("arxiv_new".into(), source(&config.sources.arxiv_new));
    sources.insert("arxiv_oai".into(), source(&config.sources.arxiv_oai));
    sources.insert("arxiv_html".into(), source(&config.sources.arxiv_html));
    table.insert("sources".into(), Value::Table(sources));
    table
}

fn edit(ctx: &Ctx) -> Result<()> {
    let file = &ctx.paths.config_file;
    let command = EditorCommand::from_env()?;
    if !file.exists() {
        crate::fsutil::write_atomically(file, Config::default_toml().as_bytes()).with_context(
            || {
                format!(
                    "could not create the config file {}; check that its directory is writable, \
                     or pass --config with another file",
                    file.display()
                )
            },
        )?;
        eprintln!(
            "folio: created {} from the documented example (every setting commented out)",
            file.display()
        );
    }
    editor::edit_file(&command, file).with_context(|| {
        format!(
            "{} was not checked; run `folio config edit` again",
            file.display()
        )
    })?;
    let checked = Config::load(file)
        .map_err(anyhow::Error::from)
        .and_then(|config| crate::tui::keymap_from_config(&config).map(|_| ()));
    if let Err(err) = checked {
        bail!(
            "{err:#}\nthe config file {} has an error: run `folio config edit` again to fix it",
            file.display()
        );
    }
    outln!("{} is valid", file.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_show_the_fallback_values_and_every_table() {
        let table = in_force(&Config::default());
        assert_eq!(table["notify_timeout"].as_integer(), Some(60));
        assert_eq!(table["theme"]["base"].as_str(), Some("dark"));
        assert!(table.get("browser").is_none());
        assert!(table["keys"].as_table().is_some_and(|k| k.is_empty()));
        assert!(table["sources"]["arxiv_html"].as_table().is_some());
    }

    #[test]
    fn user_values_replace_the_defaults_and_round_trip() {
        let config = Config::parse(
            "browser = \"firefox %s\"\nnotify_timeout = 5\n[keys]\nopen_code = [\"x\", \"ctrl-o\"]\n\
             [theme]\nbase = \"light\"\n[sources.hf]\nbase_url = \"http://localhost:1\"\n",
        )
        .unwrap();
        let text = toml::to_string(&in_force(&config)).unwrap();
        assert_eq!(Config::parse(&text).unwrap(), config);
    }
}
