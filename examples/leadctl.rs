//! `leadctl`: validate and convert Copper leads from files or stdin.
//!
//! ```text
//! leadctl                      validate, then convert, the shipped examples/data/
//! leadctl validate [FILE|-]    one JSON line per record with findings; summary on stderr
//! leadctl convert [FILE|-]     one JSON line per qualified, valid lead converted
//!         --plan               with each request, its follow-ups and undo outline
//! leadctl dedupe [FILE|-]      one JSON line per group of leads that are the same person
//! leadctl sample --count N     realistic leads as NDJSON (the generator behind examples/data/)
//! ```
//!
//! Input is one lead, a JSON array of leads (a search response) or NDJSON, told apart from the
//! content, and read as a stream: for validate and convert, memory stays flat however large
//! the input (dedupe keeps each lead's keys, a few hundred bytes a lead).
//! Exit status: 0 when every record is valid (validate), the run completed (convert), or every
//! record was read (dedupe); 1 when a record is invalid or unreadable (validate) or unreadable
//! (dedupe); 2 when the input cannot be read at all (or the output cannot be written). When the reader of the output goes away (`leadctl | head`),
//! the run stops quietly.

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
use copper_lead::duplicates::{Deduper, SharedKey};
use copper_lead::leads;
use copper_lead::lifecycle::{
    Decision, NotQualifiedReason, Qualification, QualifiedLead, Stage, StatusCatalog,
};
use copper_lead::stream::{RawRecord, Reader, StreamError};
use copper_lead::validate::{Checker, Finding, Severity, Validator};
use copper_lead::{
    CompanyId, ContactTypeId, Lead, LeadId, ParseError, PipelineId, PipelineStageId, Timestamp,
    UserId,
};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

#[path = "../tests/it/support/sample.rs"]
mod sample;

/// Validate and convert Copper CRM leads.
#[derive(Parser)]
#[command(name = "leadctl", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
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
        /// How many leads.
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
}

/// Where the records come from.
#[derive(Args, Clone)]
struct Input {
    /// The input file, or - for stdin.
    #[arg(default_value = "-")]
    path: PathBuf,
    /// Accept an input with no records (by default it is an error: a download cut to nothing).
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
    /// An account's status catalog: `{"statuses": [...], "stages": {...}}`.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
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
    let result = match cli.command {
        Some(Command::Validate(args)) => validate(&args),
        Some(Command::Convert(args)) => convert(&args),
        Some(Command::Dedupe(input)) => dedupe(&input),
        Some(Command::Sample { count }) => sample_leads(count),
        None => demo(),
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
fn demo() -> Outcome {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let account = Account {
        catalog: Some(data.join("lead_statuses.json")),
        definitions: Some(data.join("custom_field_definitions.json")),
        utc_offset: None,
    };
    let input = Input {
        path: data.join("leads.ndjson"),
        ..Input::default()
    };
    eprintln!(
        "leadctl validate {} (records with errors):",
        input.path.display()
    );
    validate(&ValidateArgs {
        input: input.clone(),
        account: account.clone(),
        ..ValidateArgs::default()
    })?;
    eprintln!(
        "\nleadctl convert {} --qualify decision --pipeline 213214 --at 1700000000:",
        input.path.display()
    );
    // The shipped account has Copper's default statuses (none at stage Qualified): its leads
    // qualify by decision.
    convert(&ConvertArgs {
        input,
        account,
        pipeline: Some(213_214),
        company: "from-lead".into(),
        at: Some(1_700_000_000),
        qualify: QualifyBy::Decision,
        ..ConvertArgs::default()
    })?;
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
            Some(path) => Some(read_json(path)?),
            None => None,
        };
        let definitions = match &account.definitions {
            Some(path) => {
                let catalog: CustomFieldCatalog = read_json(path)?;
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

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Unreadable(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Failure::Unreadable(format!("{}: {e}", path.display())))
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
    "the input holds no records (pass --allow-empty if that is expected)".to_owned()
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
/// [`Done`] with the thread's state from `init`; the lines are printed in the input's order and
/// each kind handed to `count`. A structural error of the stream (an unterminated array) is
/// printed as one more unreadable record, counted as `unreadable`, and ends the run. Returns
/// the timing text.
fn each_record<S, K, I, M>(
    input: &Input,
    init: I,
    map: M,
    mut count: impl FnMut(K),
    unreadable: K,
) -> Result<String, Failure>
where
    I: Fn() -> S + Sync,
    M: Fn(&mut S, RawRecord<'_>) -> Done<K> + Sync,
    K: Send,
{
    let reader = Reader::new(open(&input.path)?).allow_empty();
    let mut out = out();
    let mut progress = Progress::new();
    let mut unwritable = None;
    let result = reader.for_each_parallel(input.threads(), init, map, |done| {
        progress.tick();
        count(done.kind);
        if let Some(line) = done.line
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
        count(unreadable);
        stream_failure(&err, &mut out)?;
    }
    out.flush().map_err(Failure::Unwritable)?;
    if progress.records == 0 && !input.allow_empty {
        return Err(Failure::Unreadable(empty_input()));
    }
    Ok(progress.finish())
}

/// How a record counts in `validate`'s summary.
#[derive(Clone, Copy)]
enum Checked {
    Valid,
    Invalid,
    Unreadable,
}

fn validate(args: &ValidateArgs) -> Outcome {
    let loaded = Loaded::from(&args.account)?;
    let validator = loaded.validator();
    let (mut valid, mut invalid, mut unreadable) = (0u64, 0u64, 0u64);
    let timing = each_record(
        &args.input,
        // Each thread checks over one lead of its own (the bulk path).
        || Checker::new(&validator),
        |checker, record| {
            let entry = record.check(checker);
            match &entry.result {
                Err(err) => Done {
                    kind: Checked::Unreadable,
                    line: Some(json_line(&Output {
                        valid: Some(false),
                        error: Some(ErrorLine::Record(err)),
                        ..line_of(entry.index, entry.line, None)
                    })),
                },
                Ok(report) => {
                    let shown: Vec<&Finding> = report
                        .findings()
                        .iter()
                        .filter(|f| args.warnings || f.severity() == Severity::Error)
                        .collect();
                    let line = (!shown.is_empty()).then(|| {
                        json_line(&Output {
                            valid: Some(report.is_valid()),
                            findings: Some(shown),
                            ..line_of(entry.index, entry.line, checker.lead().id.value().copied())
                        })
                    });
                    let kind = if report.is_valid() {
                        Checked::Valid
                    } else {
                        Checked::Invalid
                    };
                    Done { kind, line }
                }
            }
        },
        |kind| match kind {
            Checked::Valid => valid += 1,
            Checked::Invalid => invalid += 1,
            Checked::Unreadable => unreadable += 1,
        },
        Checked::Unreadable,
    )?;
    let total = valid + invalid + unreadable;
    eprintln!(
        "validate: {total} records: {valid} valid, {invalid} invalid, {unreadable} unreadable {timing}"
    );
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

/// How a record counts in `convert`'s summary.
#[derive(Clone, Copy)]
enum Converting {
    Converted,
    NotQualified,
    Invalid,
    Unreadable,
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
                kind: Converting::Unreadable,
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
                kind: Converting::Converted,
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
                Done {
                    kind: Converting::NotQualified,
                    line,
                }
            }
            ConvertErrorKind::NotQualified(NotQualifiedReason::Invalid(errors)) => Done {
                kind: Converting::Invalid,
                line: Some(json_line(&Output {
                    skipped: Some("invalid"),
                    findings: Some(errors.iter().collect()),
                    ..line_of(index, line, id)
                })),
            },
            other => Done {
                kind: Converting::Invalid,
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

fn convert(args: &ConvertArgs) -> Outcome {
    let loaded = Loaded::from(&args.account)?;
    let validator = loaded.validator();
    let options = convert_options(args, loaded.definitions.as_ref())?;
    let decision = match args.decided_by {
        Some(user) => Decision::new(options.at).by(UserId::new(user)),
        None => Decision::new(options.at),
    };
    let (mut converted, mut not_qualified, mut invalid, mut unreadable) = (0u64, 0u64, 0u64, 0u64);
    let run = ConvertRun {
        args,
        validator: &validator,
        options: &options,
        decision,
        definitions: loaded.definitions.as_ref(),
    };
    let timing = each_record(
        &args.input,
        || (),
        |(), record| convert_record(&run, record),
        |kind| match kind {
            Converting::Converted => converted += 1,
            Converting::NotQualified => not_qualified += 1,
            Converting::Invalid => invalid += 1,
            Converting::Unreadable => unreadable += 1,
        },
        Converting::Unreadable,
    )?;
    let total = converted + not_qualified + invalid + unreadable;
    eprintln!(
        "convert: {total} records: {converted} converted, {not_qualified} not qualified, {invalid} invalid, {unreadable} unreadable {timing}"
    );
    Ok(true)
}

/// One line per group of leads that are the same person.
#[derive(Serialize)]
struct GroupLine<'a> {
    /// The records' numbers in the input.
    records: Vec<usize>,
    /// Their lines.
    lines: Vec<usize>,
    ids: &'a [Option<LeadId>],
    shared: &'a [SharedKey],
}

fn dedupe(input: &Input) -> Outcome {
    let mut deduper = Deduper::new();
    // Where each lead the deduper holds came from: (record, line).
    let mut origins: Vec<(usize, usize)> = Vec::new();
    let mut unreadable = 0u64;
    // Records are read on every core; the grouping itself runs in the input's order.
    let timing = each_record(
        input,
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
        None,
    )?;
    let groups = deduper.groups();
    let mut out = out();
    let mut in_groups = 0;
    for group in &groups {
        in_groups += group.members().len();
        let (records, lines) = group
            .members()
            .iter()
            .filter_map(|member| origins.get(*member).copied())
            .unzip();
        let line = GroupLine {
            records,
            lines,
            ids: group.ids(),
            shared: group.shared(),
        };
        emit(&mut out, &line)?;
    }
    out.flush().map_err(Failure::Unwritable)?;
    eprintln!(
        "dedupe: {} leads: {} groups of the same person ({in_groups} leads), {unreadable} unreadable {timing}",
        deduper.len(),
        groups.len(),
    );
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
