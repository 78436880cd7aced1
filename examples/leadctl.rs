//! `leadctl`: validate and convert Copper leads from files or stdin.
//!
//! ```text
//! leadctl                      validate, then convert, the shipped examples/data/
//! leadctl validate [FILE|-]    findings per record, and a summary
//! leadctl convert [FILE|-]     each qualified, valid lead converted
//!         --plan               with each request, its follow-ups and undo outline
//! leadctl dedupe [FILE|-]      the groups of leads that are the same person
//! leadctl sample [N]           N realistic leads as NDJSON (the generator behind examples/data/)
//! ```
//!
//! On a terminal, each command prints a short summary a person reads (counts, each finding
//! code with an example); with `--json`, or when the output goes to a pipe or a file, it
//! prints one JSON line per result, for scripts (as ripgrep does). `--summary` asks for the
//! summary anywhere.
//!
//! Input is one lead, a JSON array of leads (a search response) or NDJSON, told apart from the
//! content, and read as a stream: for validate and convert, memory stays flat however large
//! the input (dedupe keeps each lead's keys, a few hundred bytes a lead).
//! Exit status: 0 when every record is valid (validate), the run completed (convert), or every
//! record was read (dedupe); 1 when a record is invalid or unreadable (validate) or unreadable
//! (dedupe); 2 when the input cannot be read at all (or the output cannot be written),
//! or has no JSON at all (`[]` is an input without records). When the reader of the output goes
//! away (`leadctl | head`), the run stops quietly.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use copper_lead::api::Request;
use copper_lead::convert::{
    CompanyChoice, Conversion, ConvertErrorKind, ConvertOptions, ConvertRequest, FollowUpBodies,
    NameMatch, OpportunityOptions, PersonOptions, Unrestorable,
};
use copper_lead::custom_field::CustomFieldCatalog;
use copper_lead::duplicates::{Confidence, Deduper, SharedKey};
use copper_lead::leads;
use copper_lead::lifecycle::{
    CatalogError, Decision, LeadStatusDefinition, NotQualifiedReason, Qualification, QualifiedLead,
    Stage, StageMap, StatusCatalog,
};
use copper_lead::stream::{RawRecord, Reader, StreamError};
use copper_lead::validate::{Checker, Finding, Severity, Validator};
use copper_lead::{
    CompanyId, ContactTypeId, Lead, LeadId, ParseError, PipelineId, PipelineStageId, Timestamp,
    UserId,
};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

#[path = "../tests/it/support/sample.rs"]
mod sample;

/// Validate and convert Copper CRM leads.
#[derive(Parser)]
#[command(name = "leadctl", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print one JSON line per result (the default when the output is not a terminal).
    #[arg(long, global = true, conflicts_with = "summary")]
    json: bool,
    /// Print a short summary (the default on a terminal).
    #[arg(long, global = true)]
    summary: bool,
}

/// How results are printed: JSON lines for scripts, or a summary for a person.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Summary,
}

impl Format {
    fn of(cli: &Cli) -> Self {
        if cli.json {
            Format::Json
        } else if cli.summary || io::stdout().is_terminal() {
            Format::Summary
        } else {
            Format::Json
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check every lead; print one JSON line per record with findings.
    Validate(ValidateArgs),
    /// Convert every qualified, valid lead; print one JSON line per record.
    Convert(ConvertArgs),
    /// Group the leads that are the same person; print one JSON line per group.
    Dedupe(Input),
    /// Write realistic leads as NDJSON (deterministic for a given count).
    Sample {
        /// How many leads (default 1000).
        #[arg(value_name = "N")]
        n: Option<u64>,
        /// How many leads, as an option.
        #[arg(long, value_name = "N", conflicts_with = "n")]
        count: Option<u64>,
    },
}

/// Where the records come from.
#[derive(Args, Clone)]
struct Input {
    /// The input file, or - for stdin.
    #[arg(default_value = "-")]
    path: PathBuf,
    /// Accept an input without any JSON, not even `[]` (by default it is an error: a download
    /// cut to nothing).
    #[arg(long)]
    allow_empty: bool,
    /// Threads to work on (default: every core). Output keeps the input's order.
    #[arg(long, value_name = "N")]
    threads: Option<NonZeroUsize>,
}

impl Default for Input {
    fn default() -> Self {
        Input {
            path: PathBuf::from("-"),
            allow_empty: false,
            threads: None,
        }
    }
}

impl Input {
    fn threads(&self) -> NonZeroUsize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }
}

/// The account a run is checked against.
#[derive(Args, Clone, Default)]
struct Account {
    /// The account's statuses: the answer of `GET /lead_statuses` (a JSON array) as it comes,
    /// or a catalog file `{"statuses": [...], "stages": {...}}`.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// The stage of one of the account's own statuses (Copper's stock names have theirs):
    /// NAME=STAGE, the stage New, Contacted, Qualified or Unqualified. Repeatable.
    #[arg(long, value_name = "NAME=STAGE", value_parser = parse_status_stage)]
    status_stage: Vec<(String, Stage)>,
    /// An account's custom field definitions (the JSON of `GET /custom_field_definitions`).
    #[arg(long, value_name = "FILE")]
    definitions: Option<PathBuf>,
    /// The account's UTC offset for Date custom fields, e.g. -08:00.
    #[arg(long, value_name = "OFFSET", value_parser = parse_offset, allow_hyphen_values = true)]
    utc_offset: Option<time::UtcOffset>,
}

#[derive(Args, Clone, Default)]
struct ValidateArgs {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    account: Account,
    /// Also print warnings (URLs without a scheme), not only errors.
    #[arg(long)]
    warnings: bool,
}

#[derive(Args, Clone, Default)]
#[expect(clippy::struct_excessive_bools)] // command-line switches
struct ConvertArgs {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    account: Account,
    /// Create an opportunity in this pipeline.
    #[arg(long, value_name = "ID")]
    pipeline: Option<u64>,
    /// The opportunity's pipeline stage (default: the pipeline's first).
    #[arg(long, value_name = "ID", requires = "pipeline")]
    stage: Option<u64>,
    /// The opportunity's name (default: the company's, else the lead's).
    #[arg(long, value_name = "NAME", requires = "pipeline")]
    opportunity_name: Option<String>,
    /// The company: from-lead (default), none, id:<ID> or name:<NAME>.
    #[arg(long, value_name = "MODE", default_value = "from-lead")]
    company: String,
    /// Match the company name fuzzily (Copper may then answer with candidates) rather than
    /// exactly.
    #[arg(long)]
    fuzzy_match: bool,
    /// The new person's contact type.
    #[arg(long, value_name = "ID")]
    contact_type: Option<u64>,
    /// The assignee of the new person (default: the lead's).
    #[arg(long, value_name = "ID")]
    assignee: Option<u64>,
    /// The conversion time, Unix seconds (default: now).
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    at: Option<i64>,
    /// Print Copper `POST /leads/{id}/convert` requests instead of the records.
    #[arg(long)]
    request: bool,
    /// With each request, print its follow-ups (what to set once Copper has created the
    /// records) and its undo plan.
    #[arg(long)]
    plan: bool,
    /// Also print a line for each lead skipped because it is not qualified.
    #[arg(long)]
    show_skipped: bool,
    /// How a lead qualifies: its status is at stage Qualified (the default), or by decision
    /// (every valid lead not at stage Unqualified: for Copper's default statuses, which have
    /// no status at stage Qualified).
    #[arg(long, value_enum, default_value_t = QualifyBy::Status)]
    qualify: QualifyBy,
    /// Who decided, with --qualify decision.
    #[arg(long, value_name = "ID")]
    decided_by: Option<u64>,
}

/// How `leadctl convert` qualifies leads.
#[derive(Clone, Copy, Default, ValueEnum)]
enum QualifyBy {
    /// The lead's status is at stage Qualified.
    #[default]
    Status,
    /// A decision: every valid lead not at stage Unqualified.
    Decision,
}

/// Reads `NAME=STAGE`.
fn parse_status_stage(text: &str) -> Result<(String, Stage), String> {
    let (name, stage) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("{text:?}: expected NAME=STAGE, such as Hot=Qualified"))?;
    let stage = Stage::ALL
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(stage.trim()))
        .ok_or_else(|| {
            format!("{stage:?}: expected a stage: New, Contacted, Qualified or Unqualified")
        })?;
    Ok((name.trim().to_owned(), stage))
}

/// Reads `+HH:MM`, `-HH:MM`, `+HH` or `-HH`: a sign, two digits of hours up to 23 and,
/// optionally, a colon and two digits of minutes up to 59. Nothing else.
fn parse_offset(text: &str) -> Result<time::UtcOffset, String> {
    let bad = || format!("{text:?}: expected an offset like -08:00 or +05:30");
    let two_digits = |part: &str, max: u8| {
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u8>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (negative, rest) = match text.split_at_checked(1) {
        Some(("+", rest)) => (false, rest),
        Some(("-", rest)) => (true, rest),
        _ => return Err(bad()),
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "00"));
    let (Some(hours), Some(minutes)) = (two_digits(hours, 23), two_digits(minutes, 59)) else {
        return Err(bad());
    };
    let seconds = (i32::from(hours) * 60 + i32::from(minutes)) * 60;
    let seconds = if negative { -seconds } else { seconds };
    time::UtcOffset::from_whole_seconds(seconds).map_err(|_| bad())
}

/// Where a run stopped short.
enum Failure {
    /// The input (or the account's files, or an option) could not be read at all.
    Unreadable(String),
    /// The output could not be written.
    Unwritable(io::Error),
}

type Outcome = Result<bool, Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = Format::of(&cli);
    let result = match cli.command {
        Some(Command::Validate(args)) => validate(&args, format),
        Some(Command::Convert(args)) => convert(&args, format),
        Some(Command::Dedupe(input)) => dedupe(&input, format),
        Some(Command::Sample { n, count }) => sample_leads(n.or(count).unwrap_or(1000)),
        None => demo(format),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Failure::Unreadable(message)) => {
            eprintln!("leadctl: {message}");
            ExitCode::from(2)
        }
        // The reader has all it wanted (`leadctl | head`): nothing went wrong here.
        Err(Failure::Unwritable(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(Failure::Unwritable(error)) => {
            eprintln!("leadctl: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}

/// The first command of the README: both commands over the shipped data.
fn demo(format: Format) -> Outcome {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let account = Account {
        catalog: Some(data.join("lead_statuses.json")),
        definitions: Some(data.join("custom_field_definitions.json")),
        ..Account::default()
    };
    let input = Input {
        path: data.join("leads.ndjson"),
        ..Input::default()
    };
    let shown = Path::new("examples/data/leads.ndjson");
    let heading = |command: &str| match format {
        Format::Json => eprintln!("{command} (one JSON line per record):"),
        Format::Summary => println!("{command}"),
    };
    heading(&format!(
        "leadctl validate {} (with the account's statuses and fields in examples/data/)",
        shown.display()
    ));
    validate(
        &ValidateArgs {
            input: input.clone(),
            account: account.clone(),
            ..ValidateArgs::default()
        },
        format,
    )?;
    heading(&format!(
        "\nleadctl convert {} --qualify decision --pipeline 213214 --at 1700000000",
        shown.display()
    ));
    // The shipped account has Copper's default statuses (none at stage Qualified): its leads
    // qualify by decision.
    convert(
        &ConvertArgs {
            input,
            account,
            pipeline: Some(213_214),
            company: "from-lead".into(),
            at: Some(1_700_000_000),
            qualify: QualifyBy::Decision,
            ..ConvertArgs::default()
        },
        format,
    )?;
    if format == Format::Summary {
        println!(
            "\nThe JSON lines behind these summaries (one per record) come with --json, or when the\n\
             output goes to a pipe or a file: cargo run --example leadctl -- --json > out.ndjson"
        );
    }
    // The shipped data holds invalid leads on purpose: the demo itself succeeded.
    Ok(true)
}

/// The account's catalogs, loaded from files.
struct Loaded {
    /// The account's statuses; without them, unknown status names are only warnings.
    statuses: Option<StatusCatalog>,
    definitions: Option<CustomFieldCatalog>,
}

impl Loaded {
    fn from(account: &Account) -> Result<Self, Failure> {
        let statuses = match &account.catalog {
            Some(path) => Some(read_catalog(path, &account.status_stage)?),
            None => None,
        };
        let definitions = match &account.definitions {
            Some(path) => {
                let catalog: CustomFieldCatalog = read_json(
                    path,
                    "the answer of GET /custom_field_definitions (a JSON array of definitions) \
                     or a saved catalog ({\"utc_offset\": ..., \"definitions\": [...]})",
                )?;
                Some(match account.utc_offset {
                    Some(offset) => catalog.with_utc_offset(offset),
                    None => catalog,
                })
            }
            None => None,
        };
        Ok(Loaded {
            statuses,
            definitions,
        })
    }

    fn validator(&self) -> Validator<'_> {
        let validator = match &self.statuses {
            Some(statuses) => Validator::new().with_statuses(statuses),
            None => Validator::new(),
        };
        match &self.definitions {
            Some(definitions) => validator.with_custom_fields(definitions),
            None => validator,
        }
    }
}

/// A file's JSON, read as `T`; an error says what the file should hold (`expected`) and what
/// it holds.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path, expected: &str) -> Result<T, Failure> {
    let value = read_value(path)?;
    T::deserialize(&value).map_err(|e| {
        Failure::Unreadable(format!(
            "{}: expected {expected}; found {}: {e}",
            path.display(),
            shape(&value)
        ))
    })
}

fn read_value(path: &Path) -> Result<serde_json::Value, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Unreadable(format!("cannot read {}: {e}", path.display())))?;
    copper_lead::from_str(&text)
        .map_err(|e| Failure::Unreadable(format!("{}: not JSON: {e}", path.display())))
}

/// What a JSON value is, for an error that says what a file holds.
fn shape(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(_) => "a number".to_owned(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(items) => format!("a JSON array of {} items", items.len()),
        Value::Object(map) if map.is_empty() => "an empty JSON object".to_owned(),
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().take(5).map(|k| format!("{k:?}")).collect();
            let more = if map.len() > 5 { ", ..." } else { "" };
            format!("a JSON object with the keys {}{more}", keys.join(", "))
        }
    }
}

/// The account's statuses: Copper's `GET /lead_statuses` array as it comes, or a catalog file
/// with its own stages; `--status-stage` adds stages for the account's own names.
fn read_catalog(path: &Path, stages: &[(String, Stage)]) -> Result<StatusCatalog, Failure> {
    #[derive(serde::Deserialize)]
    struct CatalogFile {
        statuses: Vec<LeadStatusDefinition>,
        #[serde(default)]
        stages: StageMap,
    }
    let expected = "the answer of GET /lead_statuses (a JSON array of statuses) or a catalog \
                    file ({\"statuses\": [...], \"stages\": {...}})";
    let value = read_value(path)?;
    let unreadable = |e: &dyn std::fmt::Display| {
        Failure::Unreadable(format!(
            "{}: expected {expected}; found {}: {e}",
            path.display(),
            shape(&value)
        ))
    };
    let (definitions, mut map) = match &value {
        serde_json::Value::Array(_) => {
            let definitions: Vec<LeadStatusDefinition> =
                copper_lead::from_value(&value).map_err(|e| unreadable(&e))?;
            (definitions, StageMap::new())
        }
        serde_json::Value::Object(map) if map.contains_key("statuses") => {
            let file = CatalogFile::deserialize(&value).map_err(|e| unreadable(&e))?;
            (file.statuses, file.stages)
        }
        _ => return Err(unreadable(&"not a list of statuses")),
    };
    for (name, stage) in stages {
        map = map.name(name.clone(), *stage);
    }
    StatusCatalog::from_definitions(&definitions, &map).map_err(|e| {
        Failure::Unreadable(match e {
            CatalogError::Unmapped(names) => format!(
                "{}: the statuses {} are the account's own: give each its stage with \
                 --status-stage NAME=STAGE (New, Contacted, Qualified or Unqualified)",
                path.display(),
                names.join(", ")
            ),
            other => format!("{}: {other}", path.display()),
        })
    })
}

fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, Failure> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let file = File::open(path)
        .map_err(|e| Failure::Unreadable(format!("cannot open {}: {e}", path.display())))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Counts records and shows a progress spinner on a terminal.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    records: u64,
}

impl Progress {
    fn new() -> Self {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {human_pos} records ({per_sec}) {elapsed}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            records: 0,
        }
    }

    fn tick(&mut self) {
        self.records += 1;
        if self.records.is_multiple_of(1024)
            && let Some(bar) = &self.bar
        {
            bar.set_position(self.records);
        }
    }

    fn finish(&self) -> String {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let seconds = self.started.elapsed().as_secs_f64();
        #[expect(clippy::cast_precision_loss)]
        let rate = self.records as f64 / seconds.max(1e-9);
        format!("in {seconds:.2} s ({rate:.0} records/s)")
    }
}

/// One line of output: where the record is, then what happened to it. Fields in this order.
#[derive(Serialize, Default)]
struct Output<'a> {
    record: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<LeadId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// The JSON Pointer of the value `reason` is about, when it is one value of the lead.
    #[serde(rename = "path", skip_serializing_if = "Option::is_none")]
    problem_at: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Vec<&'a Finding>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorLine<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualification: Option<Qualification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<String>,
    // The convert request, written from its typed body so that the keys come in the order
    // they are sent (a `Request`'s own JSON re-reads its body, which sorts the keys; keeping
    // the order there would need serde_json's `raw_value`, which slows every crate's `Value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a ConvertRequest>,
    /// What to set once Copper has created the records, and how to undo the conversion.
    #[serde(skip_serializing_if = "Option::is_none")]
    follow_ups: Option<FollowUpBodies>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undo: Option<UndoOutline>,
    /// The conversion as the library writes it (its records and key).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    conversion: Option<&'a Conversion>,
}

/// How a conversion is undone, before Copper's response says which records it created
/// (`Conversion::undo_plan` makes the requests from the response).
#[derive(Serialize)]
struct UndoOutline {
    /// First, the lead again from its snapshot.
    recreate: Request<Lead>,
    /// Then the deletions, each only if Copper's response shows the conversion created it.
    delete: Vec<&'static str>,
    /// What no undo restores.
    cannot_restore: Vec<String>,
}

impl UndoOutline {
    fn new(snapshot: &Lead, conversion: &Conversion) -> Self {
        let mut delete = Vec::new();
        if conversion.opportunity().is_some() {
            delete.push("the opportunity");
        }
        delete.push(
            "the person, if Copper created it (not one it matched by email) and its record shows nothing else on it",
        );
        if conversion.company().record().is_some() {
            delete.push("the company, if Copper created it and it has no interactions");
        }
        UndoOutline {
            recreate: leads::create(snapshot),
            delete,
            cannot_restore: [
                Unrestorable::LeadId,
                Unrestorable::ActivityHistory,
                Unrestorable::ChangesToReusedRecords,
            ]
            .iter()
            .map(ToString::to_string)
            .collect(),
        }
    }
}

/// What could not be read: a record, or the stream at a record (both serialized by the
/// library).
#[derive(Serialize)]
#[serde(untagged)]
enum ErrorLine<'a> {
    Record(&'a ParseError),
    Stream(&'a StreamError),
}

/// Where the JSON lines go.
type Out = BufWriter<io::StdoutLock<'static>>;

fn out() -> Out {
    BufWriter::with_capacity(1 << 16, io::stdout().lock())
}

/// Writes one JSON line (see [`json_line`]) on the thread that prints.
fn emit(out: &mut impl Write, value: &impl Serialize) -> Result<(), Failure> {
    out.write_all(&json_line(value))
        .map_err(Failure::Unwritable)
}

fn line_of<'a>(index: usize, line: usize, id: Option<LeadId>) -> Output<'a> {
    Output {
        record: index,
        line: Some(line),
        id,
        ..Output::default()
    }
}

/// A stream error: an I/O failure or an empty input stops the run; a structural one (a broken
/// array) is reported as the record it stands for.
fn stream_failure(err: &StreamError, out: &mut impl Write) -> Result<(), Failure> {
    match err {
        StreamError::Io { source, .. } => {
            return Err(Failure::Unreadable(format!(
                "cannot read the input: {source}"
            )));
        }
        StreamError::Empty => return Err(Failure::Unreadable(empty_input())),
        _ => {}
    }
    emit(
        out,
        &Output {
            record: err.index().unwrap_or_default(),
            line: err.line(),
            valid: Some(false),
            error: Some(ErrorLine::Stream(err)),
            ..Output::default()
        },
    )
}

fn empty_input() -> String {
    "the input is empty, without even an empty array: a download cut to nothing? (pass \
     --allow-empty if that is expected)"
        .to_owned()
}

/// What one record came to: how to count it, and the JSON line to print for it (if any).
struct Done<K> {
    kind: K,
    line: Option<Vec<u8>>,
}

/// A JSON line, serialized on the worker thread that made it.
fn json_line(value: &impl Serialize) -> Vec<u8> {
    let mut line = serde_json::to_vec(value).unwrap_or_default();
    line.push(b'\n');
    line
}

/// Reads every record of `input` on `input.threads()` threads: `map` turns each into a
/// [`Done`] with the thread's state from `init`; the lines are printed in the input's order
/// (when `print`) and each kind handed to `count`. A structural error of the stream (an
/// unterminated array) is one more unreadable record (`unreadable` makes its kind from the
/// error), printed as one, and ends the run. Returns the timing text.
fn each_record<S, K, I, M>(
    input: &Input,
    print: bool,
    init: I,
    map: M,
    mut count: impl FnMut(K),
    unreadable: impl FnOnce(&StreamError) -> K,
) -> Result<String, Failure>
where
    I: Fn() -> S + Sync,
    M: Fn(&mut S, RawRecord<'_>) -> Done<K> + Sync,
    K: Send,
{
    // An empty array (a search page without results) is an answer: no records. An input
    // without any JSON may be a download cut to nothing: an error unless allowed.
    let reader = Reader::new(open(&input.path)?);
    let reader = if input.allow_empty {
        reader.allow_empty()
    } else {
        reader
    };
    let mut out = out();
    let mut progress = Progress::new();
    let mut unwritable = None;
    let result = reader.for_each_parallel(input.threads(), init, map, |done| {
        progress.tick();
        count(done.kind);
        if print
            && let Some(line) = done.line
            && let Err(err) = out.write_all(&line)
        {
            unwritable = Some(err);
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    if let Some(err) = unwritable {
        return Err(Failure::Unwritable(err));
    }
    if let Err(err) = result {
        progress.tick();
        count(unreadable(&err));
        if print {
            stream_failure(&err, &mut out)?;
        } else {
            stream_failure(&err, &mut io::sink())?;
        }
    }
    out.flush().map_err(Failure::Unwritable)?;
    Ok(progress.finish())
}

/// What a summary says of one kind of result: how many, and the first one seen.
#[derive(Default)]
struct Tally(std::collections::BTreeMap<String, (u64, String)>);

impl Tally {
    fn add(&mut self, kind: String, example: String) {
        self.0.entry(kind).or_insert((0, example)).0 += 1;
    }

    /// One line per kind, the most frequent first, each with its example.
    fn print(&self, out: &mut impl Write) -> io::Result<()> {
        let mut kinds: Vec<(&String, &(u64, String))> = self.0.iter().collect();
        kinds.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        let width = kinds.iter().map(|(kind, _)| kind.len()).max().unwrap_or(0);
        for (kind, (count, example)) in kinds {
            // Lines of at most 100 columns.
            let room = 100usize.saturating_sub(width + 15).max(20);
            writeln!(
                out,
                "  {kind:<width$} {count:>6}  e.g. {}",
                cut(example, room)
            )?;
        }
        Ok(())
    }
}

/// Text cut to `limit` characters, with `…` when cut.
fn cut(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Where a record is, for a summary's example: `record 17 (id 50000017)`.
fn record_at(index: usize, id: Option<LeadId>) -> String {
    match id {
        Some(id) => format!("record {index} (id {id})"),
        None => format!("record {index}"),
    }
}

/// Each error code once, with the record and the first finding of that code as its example.
fn error_kinds(index: usize, id: Option<LeadId>, findings: &[Finding]) -> Vec<(String, String)> {
    let mut kinds: Vec<(String, String)> = Vec::new();
    for finding in findings.iter().filter(|f| f.severity() == Severity::Error) {
        let code = finding.code().as_str();
        if !kinds.iter().any(|(seen, _)| seen == code) {
            let example = format!(
                "{}: {} {}",
                record_at(index, id),
                finding.path(),
                finding.message()
            );
            kinds.push((code.to_owned(), example));
        }
    }
    kinds
}

/// The kinds of a record that does not read, for a summary.
fn unreadable_kind(index: usize, err: &dyn std::fmt::Display) -> (String, String) {
    (
        "unreadable".to_owned(),
        format!("{}: {err}", record_at(index, None)),
    )
}

/// How a record counts in `validate`'s summary.
enum Checked {
    Valid,
    Invalid(Vec<(String, String)>),
    Unreadable((String, String)),
}

fn validate(args: &ValidateArgs, format: Format) -> Outcome {
    let loaded = Loaded::from(&args.account)?;
    let validator = loaded.validator();
    let (mut valid, mut invalid, mut unreadable) = (0u64, 0u64, 0u64);
    let mut tally = Tally::default();
    let timing = each_record(
        &args.input,
        format == Format::Json,
        // Each thread checks over one lead of its own (the bulk path).
        || Checker::new(&validator),
        |checker, record| {
            let entry = record.check(checker);
            match &entry.result {
                Err(err) => Done {
                    kind: Checked::Unreadable(unreadable_kind(entry.index, err)),
                    line: Some(json_line(&Output {
                        valid: Some(false),
                        error: Some(ErrorLine::Record(err)),
                        ..line_of(entry.index, entry.line, None)
                    })),
                },
                Ok(report) => {
                    let id = checker.lead().id.value().copied();
                    let shown: Vec<&Finding> = report
                        .findings()
                        .iter()
                        .filter(|f| args.warnings || f.severity() == Severity::Error)
                        .collect();
                    let line = (!shown.is_empty()).then(|| {
                        json_line(&Output {
                            valid: Some(report.is_valid()),
                            findings: Some(shown),
                            ..line_of(entry.index, entry.line, id)
                        })
                    });
                    let kind = if report.is_valid() {
                        Checked::Valid
                    } else {
                        Checked::Invalid(error_kinds(entry.index, id, report.findings()))
                    };
                    Done { kind, line }
                }
            }
        },
        |kind| match kind {
            Checked::Valid => valid += 1,
            Checked::Invalid(kinds) => {
                invalid += 1;
                for (code, example) in kinds {
                    tally.add(code, example);
                }
            }
            Checked::Unreadable((kind, example)) => {
                unreadable += 1;
                tally.add(kind, example);
            }
        },
        |err| Checked::Unreadable(unreadable_kind(err.index().unwrap_or_default(), err)),
    )?;
    let total = valid + invalid + unreadable;
    let counts = format!(
        "{total} records: {valid} valid, {invalid} invalid, {unreadable} unreadable {timing}"
    );
    match format {
        Format::Json => eprintln!("validate: {counts}"),
        Format::Summary => {
            let mut out = out();
            writeln!(out, "  {counts}").map_err(Failure::Unwritable)?;
            if !tally.0.is_empty() {
                writeln!(out, "  records with errors, by finding code:")
                    .map_err(Failure::Unwritable)?;
                tally.print(&mut out).map_err(Failure::Unwritable)?;
            }
            out.flush().map_err(Failure::Unwritable)?;
        }
    }
    Ok(invalid == 0 && unreadable == 0)
}

fn company_choice(args: &ConvertArgs) -> Result<CompanyChoice, Failure> {
    let matching = if args.fuzzy_match {
        NameMatch::Fuzzy
    } else {
        NameMatch::Exact
    };
    let bad = || {
        Failure::Unreadable(format!(
            "--company {}: expected from-lead, none, id:<ID> or name:<NAME>",
            args.company
        ))
    };
    Ok(match args.company.as_str() {
        "from-lead" => CompanyChoice::FromLead { matching },
        "none" => CompanyChoice::None,
        other => match other.split_once(':') {
            Some(("id", id)) => {
                CompanyChoice::Existing(CompanyId::new(id.parse().map_err(|_| bad())?))
            }
            Some(("name", name)) => CompanyChoice::Named {
                name: name.to_owned(),
                matching,
            },
            _ => return Err(bad()),
        },
    })
}

/// The conversion options the arguments ask for.
fn convert_options<'a>(
    args: &ConvertArgs,
    definitions: Option<&'a CustomFieldCatalog>,
) -> Result<ConvertOptions<'a>, Failure> {
    let at = match args.at {
        Some(seconds) => {
            Timestamp::from_unix(seconds).map_err(|e| Failure::Unreadable(format!("--at: {e}")))?
        }
        None => Timestamp::from_system_time_floor(std::time::SystemTime::now())
            .map_err(|e| Failure::Unreadable(format!("the clock: {e}")))?,
    };
    let mut person = PersonOptions::new();
    if let Some(id) = args.contact_type {
        person = person.contact_type_id(ContactTypeId::new(id));
    }
    if let Some(id) = args.assignee {
        person = person.assignee_id(UserId::new(id));
    }
    let mut options = ConvertOptions::new(at)
        .person(person)
        .company(company_choice(args)?);
    if let Some(pipeline) = args.pipeline {
        let mut opportunity = OpportunityOptions::new(PipelineId::new(pipeline));
        if let Some(stage) = args.stage {
            opportunity = opportunity.pipeline_stage_id(PipelineStageId::new(stage));
        }
        if let Some(name) = &args.opportunity_name {
            opportunity = opportunity.name(name.clone());
        }
        options = options.opportunity(opportunity);
    }
    Ok(match definitions {
        Some(definitions) => options.custom_fields(definitions),
        None => options,
    })
}

/// The line for a converted lead: the records, or Copper's request with `--request` (and
/// the follow-ups and undo outline with `--plan`).
fn conversion_output<'a>(
    conversion: &'a Conversion,
    snapshot: Option<&Lead>,
    definitions: Option<&CustomFieldCatalog>,
    id: Option<LeadId>,
    (index, line): (usize, usize),
    request: bool,
) -> Output<'a> {
    let mut output = line_of(index, line, id);
    if let Some(snapshot) = snapshot {
        output.follow_ups = Some(conversion.follow_up_bodies(definitions));
        output.undo = Some(UndoOutline::new(snapshot, conversion));
    }
    if request || snapshot.is_some() {
        output.idempotency_key = Some(conversion.idempotency_key());
        output.method = Some("POST");
        output.path = Some(leads::convert(conversion.request()).path().to_owned());
        output.body = Some(conversion.request());
    } else {
        output.conversion = Some(conversion);
    }
    output
}

/// How a record counts in `convert`'s summary, with what the summary shows of it.
enum Converting {
    /// An example line of the conversion.
    Converted(String),
    /// Why not: the stage, or a status the catalog lacks.
    NotQualified(String, String),
    /// Each error code with an example.
    Invalid(Vec<(String, String)>),
    Unreadable((String, String)),
}

/// What a summary shows of a conversion: the records it makes.
fn conversion_example(index: usize, id: Option<LeadId>, conversion: &Conversion) -> String {
    let name =
        |name: Option<&String>| name.map_or_else(|| "(no name)".to_owned(), |n| format!("{n:?}"));
    let company = conversion
        .company()
        .record()
        .map(|company| format!(", company {}", name(company.name.value())));
    let opportunity = conversion
        .opportunity()
        .map(|opportunity| format!(", opportunity {}", name(opportunity.name.value())));
    format!(
        "{}: person {}{}{}",
        record_at(index, id),
        name(conversion.person().name.value()),
        company.unwrap_or_default(),
        opportunity.unwrap_or_default()
    )
}

/// What converting one record needs, shared by the threads.
struct ConvertRun<'a> {
    args: &'a ConvertArgs,
    validator: &'a Validator<'a>,
    options: &'a ConvertOptions<'a>,
    decision: Decision,
    definitions: Option<&'a CustomFieldCatalog>,
}

fn convert_record(run: &ConvertRun<'_>, record: RawRecord<'_>) -> Done<Converting> {
    let args = run.args;
    let entry = record.parse::<Lead>();
    let (index, line) = (entry.index, entry.line);
    let lead = match entry.result {
        Ok(lead) => lead,
        Err(err) => {
            return Done {
                kind: Converting::Unreadable(unreadable_kind(index, &err)),
                line: Some(json_line(&Output {
                    skipped: Some("unreadable"),
                    error: Some(ErrorLine::Record(&err)),
                    ..line_of(index, line, None)
                })),
            };
        }
    };
    let id = lead.id.value().copied();
    // The lead as it was, for the undo outline (conversion consumes it).
    let snapshot = args.plan.then(|| lead.clone());
    let qualified = match args.qualify {
        QualifyBy::Status => QualifiedLead::new(lead, run.validator),
        QualifyBy::Decision => QualifiedLead::by_decision(lead, run.validator, run.decision),
    };
    let qualification = qualified.as_ref().ok().map(|q| *q.qualification());
    match qualified
        .map_err(Into::into)
        .and_then(|q| q.convert(run.options))
    {
        Ok(conversion) => {
            let mut output = conversion_output(
                &conversion,
                snapshot.as_ref(),
                run.definitions,
                id,
                (index, line),
                args.request,
            );
            output.qualification = qualification;
            Done {
                kind: Converting::Converted(conversion_example(index, id, &conversion)),
                line: Some(json_line(&output)),
            }
        }
        Err(err) => match err.kind() {
            // Leads that are simply not at the Qualified stage are counted, not printed
            // (unless asked): in an export they are most of the records.
            ConvertErrorKind::NotQualified(
                reason @ (NotQualifiedReason::Stage(_) | NotQualifiedReason::UnknownStatus),
            ) => {
                let line = args.show_skipped.then(|| {
                    let (stage, path) = match reason {
                        NotQualifiedReason::Stage(stage) => (Some(*stage), None),
                        _ => (None, Some("/status")),
                    };
                    json_line(&Output {
                        skipped: Some("not_qualified"),
                        stage,
                        reason: Some(err.kind().to_string()),
                        problem_at: path,
                        ..line_of(index, line, id)
                    })
                });
                let why = match reason {
                    NotQualifiedReason::Stage(stage) => format!("at stage {stage}"),
                    _ => "status not in the catalog".to_owned(),
                };
                let example = format!("{}: {}", record_at(index, id), err.kind());
                Done {
                    kind: Converting::NotQualified(why, example),
                    line,
                }
            }
            ConvertErrorKind::NotQualified(NotQualifiedReason::Invalid(errors)) => Done {
                kind: Converting::Invalid(error_kinds(
                    index,
                    id,
                    &errors.iter().cloned().collect::<Vec<_>>(),
                )),
                line: Some(json_line(&Output {
                    skipped: Some("invalid"),
                    findings: Some(errors.iter().collect()),
                    ..line_of(index, line, id)
                })),
            },
            other => Done {
                kind: Converting::Invalid(vec![(
                    "cannot_convert".to_owned(),
                    format!("{}: {other}", record_at(index, id)),
                )]),
                line: Some(json_line(&Output {
                    skipped: Some("cannot_convert"),
                    reason: Some(other.to_string()),
                    problem_at: matches!(other, ConvertErrorKind::MissingLeadId).then_some("/id"),
                    ..line_of(index, line, id)
                })),
            },
        },
    }
}

fn convert(args: &ConvertArgs, format: Format) -> Outcome {
    let loaded = Loaded::from(&args.account)?;
    let validator = loaded.validator();
    let options = convert_options(args, loaded.definitions.as_ref())?;
    let decision = match args.decided_by {
        Some(user) => Decision::new(options.at).by(UserId::new(user)),
        None => Decision::new(options.at),
    };
    let (mut converted, mut not_qualified, mut invalid, mut unreadable) = (0u64, 0u64, 0u64, 0u64);
    let (mut made, mut skipped, mut refused) =
        (Tally::default(), Tally::default(), Tally::default());
    let run = ConvertRun {
        args,
        validator: &validator,
        options: &options,
        decision,
        definitions: loaded.definitions.as_ref(),
    };
    let timing = each_record(
        &args.input,
        format == Format::Json,
        || (),
        |(), record| convert_record(&run, record),
        |kind| match kind {
            Converting::Converted(example) => {
                converted += 1;
                made.add("converted".to_owned(), example);
            }
            Converting::NotQualified(why, example) => {
                not_qualified += 1;
                skipped.add(format!("not qualified: {why}"), example);
            }
            Converting::Invalid(kinds) => {
                invalid += 1;
                // One line for the invalid ones: validate shows them by finding code.
                if let Some((_, example)) = kinds.into_iter().next() {
                    refused.add("invalid".to_owned(), example);
                }
            }
            Converting::Unreadable((kind, example)) => {
                unreadable += 1;
                refused.add(kind, example);
            }
        },
        |err| Converting::Unreadable(unreadable_kind(err.index().unwrap_or_default(), err)),
    )?;
    let total = converted + not_qualified + invalid + unreadable;
    let counts = format!(
        "{total} records: {converted} converted, {not_qualified} not qualified, {invalid} invalid, {unreadable} unreadable {timing}"
    );
    match format {
        Format::Json => eprintln!("convert: {counts}"),
        Format::Summary => {
            let mut out = out();
            writeln!(out, "  {counts}").map_err(Failure::Unwritable)?;
            let mut all = made;
            all.0.extend(skipped.0);
            all.0.extend(refused.0);
            all.print(&mut out).map_err(Failure::Unwritable)?;
            out.flush().map_err(Failure::Unwritable)?;
        }
    }
    Ok(true)
}

/// One line per group of leads that are the same person.
#[derive(Serialize)]
struct GroupLine<'a> {
    /// The records' numbers in the input; the first is the one the others match.
    records: Vec<usize>,
    /// Their lines.
    lines: Vec<usize>,
    ids: &'a [Option<LeadId>],
    /// How sure the weakest match is.
    confidence: Confidence,
    /// For each record but the first: the key it shares with the first.
    evidence: Vec<Evidence<'a>>,
    shared: &'a [SharedKey],
}

/// One match of a group: a record, and the key it shares with the group's first.
#[derive(Serialize)]
struct Evidence<'a> {
    record: usize,
    on: copper_lead::duplicates::MatchKind,
    key: &'a str,
}

fn dedupe(input: &Input, format: Format) -> Outcome {
    let mut deduper = Deduper::new();
    // Where each lead the deduper holds came from: (record, line).
    let mut origins: Vec<(usize, usize)> = Vec::new();
    let mut unreadable = 0u64;
    // Records are read on every core; the grouping itself runs in the input's order.
    let timing = each_record(
        input,
        format == Format::Json,
        || (),
        |(), record| {
            let entry = record.parse::<Lead>();
            match entry.result {
                Ok(lead) => Done {
                    kind: Some((lead, entry.index, entry.line)),
                    line: None,
                },
                Err(err) => Done {
                    kind: None,
                    line: Some(json_line(&Output {
                        valid: Some(false),
                        error: Some(ErrorLine::Record(&err)),
                        ..line_of(entry.index, entry.line, None)
                    })),
                },
            }
        },
        |read| match read {
            Some((lead, index, line)) => {
                deduper.add(&lead);
                origins.push((index, line));
            }
            None => unreadable += 1,
        },
        |_| None,
    )?;
    let groups = deduper.groups();
    let mut out = out();
    let in_groups: usize = groups.iter().map(|group| group.members().len()).sum();
    let counts = format!(
        "{} leads: {} groups of the same person ({in_groups} leads), {unreadable} unreadable {timing}",
        deduper.len(),
        groups.len(),
    );
    if format == Format::Summary {
        writeln!(out, "  {counts}").map_err(Failure::Unwritable)?;
    }
    for (shown, group) in groups.iter().enumerate() {
        let (records, lines) = group
            .members()
            .iter()
            .filter_map(|member| origins.get(*member).copied())
            .unzip();
        let line = GroupLine {
            records,
            lines,
            ids: group.ids(),
            confidence: group.confidence(),
            evidence: group
                .evidence()
                .iter()
                .map(|(member, key)| Evidence {
                    record: origins.get(*member).map_or(*member, |(record, _)| *record),
                    on: key.on,
                    key: &key.key,
                })
                .collect(),
            shared: group.shared(),
        };
        match format {
            Format::Json => emit(&mut out, &line)?,
            // A few groups, as examples.
            Format::Summary if shown < 5 => writeln!(
                out,
                "  e.g. records {:?} share {}",
                line.records,
                cut(&serde_json::to_string(line.shared).unwrap_or_default(), 80)
            )
            .map_err(Failure::Unwritable)?,
            Format::Summary => {}
        }
    }
    out.flush().map_err(Failure::Unwritable)?;
    if format == Format::Json {
        eprintln!("dedupe: {counts}");
    }
    Ok(unreadable == 0)
}

fn sample_leads(count: u64) -> Outcome {
    let mut out = out();
    for index in 0..count {
        emit(&mut out, &sample::data_set_lead(index))?;
    }
    out.flush().map_err(Failure::Unwritable)?;
    Ok(true)
}
