//! `copper-sim`: Copper's lead API, simulated, over HTTP on this machine.
//!
//! ```text
//! copper-sim [--listen ADDR] [--token T --email E] [--leads FILE] [--statuses FILE]
//!            [--custom-fields FILE] [--account DIR] [--rate-limit N] [--fault-rate P]
//!            [--seed N]
//! ```
//!
//! The first line on stdout is `listening on <base URL>`; then it serves until killed.
//! `GET /_sim/state` (outside Copper's paths) returns everything it holds.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use copper_sim::server::Server;
use copper_sim::{Account, Config, Sim};
use serde_json::Value;

const USAGE: &str = "usage: copper-sim [--listen ADDR] [--token T --email E] [--leads FILE] \
[--statuses FILE] [--custom-fields FILE] [--account DIR] [--rate-limit N] [--fault-rate P] [--seed N]

  --listen ADDR      where to listen (default 127.0.0.1:0, a free port)
  --token T          the only API token accepted (default: any non-empty one)
  --email E          the only user email accepted (default: any non-empty one)
  --leads FILE       leads to start with: NDJSON or a JSON array (an export, a search answer)
  --statuses FILE    the account's lead statuses, as GET /lead_statuses answers
  --custom-fields FILE  the account's custom field definitions, as GET /custom_field_definitions answers
  --account DIR      the account's lookups, a file per endpoint as Copper answers it (lead_statuses.json,
                     custom_field_definitions.json, users.json, customer_sources.json, ...)
  --rate-limit N     requests a rolling minute before 429 (default 180; 0 turns limits off)
  --fault-rate P     share of requests that get a fault, 0 to 1 (default 0)
  --seed N           the seed of the faults (default 0)";

#[derive(Debug, Default)]
struct Options {
    listen: Option<String>,
    token: Option<String>,
    email: Option<String>,
    leads: Option<String>,
    statuses: Option<String>,
    custom_fields: Option<String>,
    account: Option<String>,
    rate_limit: Option<u32>,
    fault_rate: Option<f64>,
    seed: Option<u64>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value"))?
            .clone();
        let number = |what: &str| format!("{flag} takes {what}, not {value:?}");
        match flag.as_str() {
            "--listen" => options.listen = Some(value),
            "--token" => options.token = Some(value),
            "--email" => options.email = Some(value),
            "--leads" => options.leads = Some(value),
            "--statuses" => options.statuses = Some(value),
            "--custom-fields" => options.custom_fields = Some(value),
            "--account" => options.account = Some(value),
            "--rate-limit" => {
                options.rate_limit = Some(value.parse().map_err(|_| number("a whole number"))?);
            }
            "--fault-rate" => {
                let rate: f64 = value.parse().map_err(|_| number("a number from 0 to 1"))?;
                if !(0.0..=1.0).contains(&rate) {
                    return Err(number("a number from 0 to 1"));
                }
                options.fault_rate = Some(rate);
            }
            "--seed" => options.seed = Some(value.parse().map_err(|_| number("a whole number"))?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if options.token.is_some() != options.email.is_some() {
        return Err("--token and --email go together".to_owned());
    }
    Ok(options)
}

/// Leads from NDJSON, a JSON array, or one object.
fn read_leads(path: &str) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&text) {
        return Ok(items);
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).map_err(|e| format!("{path}, line {}: {e}", n + 1))
        })
        .collect()
}

fn run(options: &Options) -> Result<(), String> {
    let mut config = Config::default();
    if let (Some(token), Some(email)) = (&options.token, &options.email) {
        config = config.credentials(token, email);
    }
    if let Some(limit) = options.rate_limit {
        config = config.rate_limit(limit);
    }
    if options.fault_rate.is_some() || options.seed.is_some() {
        config = config.faults(options.fault_rate.unwrap_or(0.0), options.seed.unwrap_or(0));
    }
    let mut account = Account::documented();
    if let Some(dir) = &options.account {
        let (loaded, read) = account.load_dir(std::path::Path::new(dir))?;
        if read.is_empty() {
            return Err(format!("--account {dir}: no lookup files found"));
        }
        eprintln!("copper-sim: the account's {} from {dir}", read.join(", "));
        account = loaded;
    }
    if let Some(path) = &options.statuses {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let statuses = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        account = account
            .statuses(statuses)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(path) = &options.custom_fields {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let definitions = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        account = account
            .definitions(definitions)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let mut sim = Sim::with_account(config, account);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    if let Some(path) = &options.leads {
        let leads = read_leads(path)?;
        sim.load_leads(&leads, now)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let listen = options.listen.as_deref().unwrap_or("127.0.0.1:0");
    let server = Server::bind(listen, sim).map_err(|e| format!("--listen {listen}: {e}"))?;
    println!("listening on {}", server.base_url());
    server.serve().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("copper-sim: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("copper-sim: {message}");
            ExitCode::FAILURE
        }
    }
}
