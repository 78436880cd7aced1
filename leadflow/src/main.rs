//! `leadflow`: converts a Copper account's qualified leads exactly once, from webhook to
//! follow-up, journaled in SQLite so that a process killed at any moment resumes without
//! losing a lead or converting one twice.
//!
//! ```text
//! leadflow run --journal FILE --listen ADDR --public-url URL --pipeline-id ID
//!              --qualified NAME [--qualified NAME ...] [--until-idle SECONDS]
//!              [--sweep-every SECONDS] [--rate-limit N] [--deadline SECONDS]
//! leadflow status --journal FILE [--json]
//! ```
//!
//! Credentials and base URL come from `COPPER_TOKEN`, `COPPER_EMAIL` and `COPPER_BASE_URL`.
//! `run` logs one JSON line per step on stderr. The README says how it works and how it is
//! proven.

mod client;
mod flow;
mod journal;
mod log;
mod receiver;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use copper_lead::PipelineId;
use copper_lead::api::{Copper, Credentials};

use flow::Settings;
use journal::Journal;

const USAGE: &str = "usage:
  leadflow run --journal FILE --listen ADDR --public-url URL --pipeline-id ID
               --qualified NAME [--qualified NAME ...] [--until-idle SECONDS]
               [--sweep-every SECONDS] [--rate-limit N] [--deadline SECONDS]
  leadflow status --journal FILE [--json]

run:
  --journal FILE        the SQLite journal (created if missing)
  --listen ADDR         where notifications are received (127.0.0.1:8090)
  --public-url URL      the URL Copper posts notifications to (it reaches --listen)
  --pipeline-id ID      the pipeline of the opportunities conversions make
  --qualified NAME      a status whose leads are qualified (repeatable)
  --until-idle SECONDS  exit 0 after this long without work (default: run until killed)
  --sweep-every SECONDS how often the reconciliation sweep runs (default 60)
  --rate-limit N        requests a minute (default 180, Copper's limit)
  --deadline SECONDS    how long one request may take, retries included (default 120)

  COPPER_TOKEN, COPPER_EMAIL: the API key and its user's email
  COPPER_BASE_URL: optional (a simulator: copper-sim)";

/// Reads `--flag value` pairs; a flag may repeat.
fn flags(args: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "--json" {
            pairs.push((flag.clone(), String::new()));
            continue;
        }
        if !flag.starts_with("--") {
            return Err(format!("unexpected {flag:?}"));
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        pairs.push((flag.clone(), value.clone()));
    }
    Ok(pairs)
}

fn one<'a>(pairs: &'a [(String, String)], flag: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(f, _)| f == flag)
        .map(|(_, v)| v.as_str())
}

fn required<'a>(pairs: &'a [(String, String)], flag: &str) -> Result<&'a str, String> {
    one(pairs, flag).ok_or_else(|| format!("{flag} is required"))
}

fn seconds(pairs: &[(String, String)], flag: &str) -> Result<Option<Duration>, String> {
    one(pairs, flag)
        .map(|v| {
            v.parse::<u64>()
                .map(Duration::from_secs)
                .map_err(|_| format!("{flag} takes whole seconds, not {v:?}"))
        })
        .transpose()
}

fn settings(pairs: &[(String, String)]) -> Result<Settings, String> {
    const KNOWN: [&str; 9] = [
        "--journal",
        "--listen",
        "--public-url",
        "--pipeline-id",
        "--qualified",
        "--until-idle",
        "--sweep-every",
        "--rate-limit",
        "--deadline",
    ];
    if let Some((flag, _)) = pairs.iter().find(|(f, _)| !KNOWN.contains(&f.as_str())) {
        return Err(format!("unknown option {flag}"));
    }
    let qualified: Vec<String> = pairs
        .iter()
        .filter(|(f, _)| f == "--qualified")
        .map(|(_, v)| v.clone())
        .collect();
    if qualified.is_empty() {
        return Err("--qualified is required: the statuses whose leads are converted".to_owned());
    }
    let pipeline = required(pairs, "--pipeline-id")?;
    let rate_limit = one(pairs, "--rate-limit").unwrap_or("180");
    Ok(Settings {
        journal: PathBuf::from(required(pairs, "--journal")?),
        listen: required(pairs, "--listen")?.to_owned(),
        public_url: required(pairs, "--public-url")?.to_owned(),
        pipeline: pipeline
            .parse::<PipelineId>()
            .map_err(|_| format!("--pipeline-id takes an id, not {pipeline:?}"))?,
        qualified,
        until_idle: seconds(pairs, "--until-idle")?,
        sweep_every: seconds(pairs, "--sweep-every")?.unwrap_or(Duration::from_secs(60)),
        rate_limit: rate_limit
            .parse()
            .ok()
            .filter(|&n: &usize| n > 0)
            .ok_or_else(|| format!("--rate-limit takes a number above 0, not {rate_limit:?}"))?,
        deadline: seconds(pairs, "--deadline")?.unwrap_or(Duration::from_secs(120)),
    })
}

fn copper() -> Result<Copper, String> {
    let (Ok(token), Ok(email)) = (std::env::var("COPPER_TOKEN"), std::env::var("COPPER_EMAIL"))
    else {
        return Err("COPPER_TOKEN and COPPER_EMAIL are required in the environment".to_owned());
    };
    let credentials = Credentials::api_key(token, email)
        .map_err(|e| format!("COPPER_TOKEN or COPPER_EMAIL: {e}"))?;
    let copper = Copper::new(credentials);
    match std::env::var("COPPER_BASE_URL") {
        Ok(base) => copper
            .with_base_url(&base)
            .map_err(|e| format!("COPPER_BASE_URL: {e}")),
        Err(_) => Ok(copper),
    }
}

/// `leadflow status`: counts by state, the last errors; JSON with `--json` or in a pipe.
fn status(pairs: &[(String, String)]) -> Result<(), String> {
    let path = PathBuf::from(required(pairs, "--journal")?);
    if !path.exists() {
        return Err(format!("{}: no such journal", path.display()));
    }
    let journal = Journal::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let summary = journal.summary().map_err(|e| e.to_string())?;
    if one(pairs, "--json").is_some() || !std::io::stdout().is_terminal() {
        let conversions: Vec<_> = journal
            .conversions()
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(lead, state)| serde_json::json!({"lead": lead, "state": state}))
            .collect();
        let mut summary = summary;
        summary["leads"] = serde_json::json!(conversions);
        println!("{summary}");
        return Ok(());
    }
    println!("leadflow journal {}", path.display());
    let states = summary["conversions"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    if states.is_empty() {
        println!("  conversions: none yet");
    }
    for (state, count) in &states {
        println!("  conversions {state:<10} {count}");
    }
    println!("  invalid leads tagged for review: {}", summary["reviews"]);
    println!("  leads waiting: {}", summary["pending"]);
    if let Some(mark) = summary["watermark"].as_i64() {
        println!("  swept up to date_modified {mark}");
    }
    let errors = summary["last_errors"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if !errors.is_empty() {
        println!("  last errors:");
        for error in errors {
            println!(
                "    {} lead {}: {}",
                error["step"].as_str().unwrap_or(""),
                error["lead"],
                error["detail"].as_str().unwrap_or("")
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.split_first() {
        Some((command, rest)) if command == "run" => {
            match flags(rest)
                .and_then(|pairs| settings(&pairs))
                .and_then(|s| Ok((s, copper()?)))
            {
                Ok((settings, copper)) => {
                    return match flow::run(settings, copper) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(message) => {
                            eprintln!("leadflow: {message}");
                            ExitCode::FAILURE
                        }
                    };
                }
                Err(message) => Err(message),
            }
        }
        Some((command, rest)) if command == "status" => {
            flags(rest).and_then(|pairs| status(&pairs))
        }
        Some((help, _)) if help == "--help" || help == "-h" || help == "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err("a command is required: run or status".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("leadflow: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
