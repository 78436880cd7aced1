//! The `leadctl` example as a user runs it: exit statuses, output lines, stdin and files.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use crate::support::example_binary;

/// The example binary, built once per run.
fn leadctl() -> PathBuf {
    example_binary::example("leadctl")
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(leadctl())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may exit without reading (a missing file): a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// Asserts that the run's stderr says `expected` (the summary line, or part of it).
#[track_caller]
fn says(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
}

fn lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const MIXED: &str = concat!(
    "{\"id\": 1, \"name\": \"Ada\", \"status\": \"Qualified\", \"email\": {\"email\": \"ada@engines.example\", \"category\": \"work\"}, \"company_name\": \"Engines\"}\n",
    "{\"id\": 2, \"name\": \" \", \"status\": \"New\"}\n",
    "{\"id\": 3, \"name\": \"Broken\"\n",
    "{\"id\": 4, \"name\": \"Bob\", \"status\": \"New\"}\n",
    "{\"id\": \"5\", \"name\": \"Shape\"}\n",
);

#[test]
fn validate_reports_each_bad_record_and_goes_on() {
    let output = run(&["validate", "-"], MIXED);
    assert_eq!(output.status.code(), Some(1));
    let found = lines(&output);
    assert_eq!(found.len(), 3);
    assert_eq!(found[0]["record"], 1);
    assert_eq!(found[0]["line"], 2);
    assert_eq!(found[0]["id"], 2);
    assert_eq!(found[0]["findings"][0]["path"], "/name");
    assert_eq!(found[0]["findings"][0]["code"], "blank");
    assert_eq!(found[1]["line"], 3);
    assert_eq!(found[1]["error"]["kind"], "eof");
    assert_eq!(found[2]["error"]["kind"], "shape");
    assert_eq!(found[2]["error"]["path"], "/id");
    says(
        &output,
        "validate: 5 records: 2 valid, 1 invalid, 2 unreadable",
    );
}

#[test]
fn validate_exits_0_when_all_are_valid_and_reads_arrays() {
    let array =
        r#"[{"name": "A", "websites": [{"url": "www.a.com", "category": "work"}]}, {"name": "B"}]"#;
    let output = run(&["validate"], array);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let output = run(&["validate", "--warnings", "-"], array);
    assert_eq!(
        lines(&output)[0]["findings"][0]["code"],
        "missing_url_scheme"
    );
    assert_eq!(lines(&output)[0]["valid"], true);
}

#[test]
fn unreadable_input_exits_2() {
    let output = run(&["validate", "no/such/file.ndjson"], "");
    assert_eq!(output.status.code(), Some(2));
    says(&output, "cannot open no/such/file.ndjson");
    let output = run(
        &["validate", "--catalog", "no/such/catalog.json", "-"],
        "{}",
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn convert_writes_conversions_or_requests_and_reports_skips() {
    let output = run(
        &["convert", "-", "--at", "1700000000", "--pipeline", "7"],
        MIXED,
    );
    assert_eq!(output.status.code(), Some(0));
    let found = lines(&output);
    let converted: Vec<_> = found.iter().filter(|l| l.get("person").is_some()).collect();
    assert_eq!(converted.len(), 1);
    assert_eq!(converted[0]["id"], 1);
    assert_eq!(
        converted[0]["company"]["by_name"]["company"]["email_domain"],
        "engines.example"
    );
    assert_eq!(converted[0]["opportunity"]["pipeline_id"], 7);
    assert_eq!(
        converted[0]["idempotency_key"].as_str().map(str::len),
        Some(64)
    );
    let skipped: Vec<&str> = found.iter().filter_map(|l| l["skipped"].as_str()).collect();
    assert_eq!(skipped, ["unreadable", "unreadable"]); // the not-qualified ones are only counted
    says(
        &output,
        "convert: 5 records: 1 converted, 2 not qualified, 0 invalid, 2 unreadable",
    );

    let output = run(
        &[
            "convert",
            "--request",
            "--company",
            "id:42",
            "--at",
            "1700000000",
            "-",
        ],
        MIXED,
    );
    let request = &lines(&output)[0];
    assert_eq!(request["path"], "/leads/1/convert");
    assert_eq!(
        request["body"],
        serde_json::json!({"details": {"person": {"name": "Ada"}, "company": {"id": 42}}})
    );
    let output = run(&["convert", "--show-skipped", "--at", "0", "-"], MIXED);
    assert!(
        lines(&output)
            .iter()
            .any(|l| l["skipped"] == "not_qualified" && l["stage"] == "New")
    );
    let output = run(&["convert", "--company", "bogus", "-"], MIXED);
    assert_eq!(output.status.code(), Some(2));

    // A skip about one value of the lead names it: a status outside the catalog, a lead
    // without an id.
    let output = run(
        &["convert", "--show-skipped", "-"],
        "{\"id\": 5, \"name\": \"B\", \"status\": \"Hot\"}\n{\"name\": \"A\", \"status\": \"Qualified\"}\n",
    );
    let skipped: Vec<(String, String)> = lines(&output)
        .iter()
        .map(|l| (l["skipped"].to_string(), l["path"].to_string()))
        .collect();
    assert_eq!(
        skipped,
        [
            (r#""not_qualified""#.to_owned(), r#""/status""#.to_owned()),
            (r#""cannot_convert""#.to_owned(), r#""/id""#.to_owned()),
        ]
    );
}

#[test]
fn account_files_change_what_is_valid() {
    let lead = "{\"id\": 1, \"name\": \"Ada\", \"status\": \"Hot\", \"custom_fields\": [{\"custom_field_definition_id\": 455896, \"value\": 42}]}\n";
    // Without the account's statuses, an account's own status is only a warning.
    let output = run(&["validate", "-"], lead);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let output = run(&["validate", "--warnings", "-"], lead);
    assert_eq!(lines(&output)[0]["findings"][0]["code"], "unknown_status");
    assert_eq!(lines(&output)[0]["findings"][0]["severity"], "warning");
    // With Copper's default statuses (the shipped catalog), it is an error.
    let docs = format!(
        "{}/examples/data/lead_statuses.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let output = run(&["validate", "--catalog", &docs, "-"], lead);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(lines(&output)[0]["findings"][0]["code"], "unknown_status");
    assert_eq!(lines(&output)[0]["findings"][0]["severity"], "error");
    let dir = std::env::temp_dir().join(format!("leadctl-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let catalog = dir.join("catalog.json");
    std::fs::write(
        &catalog,
        r#"{"statuses": [{"id": 1, "name": "Hot"}], "stages": {"by_name": {"Hot": "Qualified"}}}"#,
    )
    .unwrap();
    let definitions = format!(
        "{}/examples/data/custom_field_definitions.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let output = run(
        &[
            "validate",
            "--catalog",
            catalog.to_str().unwrap(),
            "--definitions",
            &definitions,
            "-",
        ],
        lead,
    );
    let found = lines(&output);
    assert_eq!(found[0]["findings"][0]["code"], "unknown_option");
    assert_eq!(found[0]["findings"][0]["path"], "/custom_fields/0/value");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// On a terminal (or with --summary) a person gets a summary that fits one screen and says
/// where the JSON lines are; --json gives them anywhere.
#[test]
fn a_person_gets_a_summary_and_a_script_gets_json_lines() {
    let output = run(&["--summary"], "");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.lines().count() <= 24, "{text}");
    assert!(
        text.lines().all(|line| line.chars().count() <= 120),
        "{text}"
    );
    assert!(text.contains("1000 records: "), "{text}");
    assert!(
        text.contains("invalid_email") && text.contains("e.g. record"),
        "{text}"
    );
    assert!(text.contains("converted"), "{text}");
    assert!(text.contains("--json"), "{text}");
    assert!(
        !text.contains("{\"record\""),
        "no JSON lines in the summary: {text}"
    );

    // Piped, the default is JSON lines; --json says so explicitly.
    for args in [&["validate", "-"][..], &["validate", "--json", "-"]] {
        let output = run(args, "{\"name\": \" \"}\n");
        assert_eq!(lines(&output)[0]["findings"][0]["code"], "blank");
    }
    let output = run(
        &["dedupe", "--summary", "-"],
        "{\"name\": \"A\", \"email\": {\"email\": \"a@example.com\", \"category\": \"work\"}}\n{\"name\": \"B\", \"email\": {\"email\": \"A@example.com\", \"category\": \"work\"}}\n",
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("2 leads: 1 groups") && text.contains("e.g. records [0, 1]"),
        "{text}"
    );
}

/// `--catalog` takes `GET /lead_statuses` as Copper answers it (an array), with the stages of
/// the account's own names given separately; a file of another shape is named as such.
#[test]
fn the_catalog_is_copper_s_answer_with_stages_given_apart() {
    let dir = std::env::temp_dir().join(format!("leadctl-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let statuses = dir.join("statuses.json");
    std::fs::write(
        &statuses,
        r#"[{"id": 1, "name": "New", "order": 1, "is_default": true}, {"id": 2, "name": "Hot", "order": 2, "is_default": false}]"#,
    )
    .unwrap();
    let lead = "{\"id\": 1, \"name\": \"Ada\", \"status\": \"Hot\", \"status_id\": 2}\n";
    let path = statuses.to_str().unwrap();
    let output = run(
        &[
            "validate",
            "--catalog",
            path,
            "--status-stage",
            "Hot=Qualified",
            "-",
        ],
        lead,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = run(
        &[
            "convert",
            "--catalog",
            path,
            "--status-stage",
            "hot=qualified",
            "-",
        ],
        lead,
    );
    assert!(
        lines(&output)[0]["person"].is_object(),
        "{:?}",
        lines(&output)
    );
    // Without the stage of the account's own status, the error says how to give it.
    let output = run(&["validate", "--catalog", path, "-"], lead);
    assert_eq!(output.status.code(), Some(2));
    says(
        &output,
        "the statuses Hot are the account's own: give each its stage with --status-stage NAME=STAGE",
    );
    // A file of the wrong shape: what was expected and what was found.
    std::fs::write(&statuses, r#"{"data": [{"id": 1, "name": "New"}]}"#).unwrap();
    let output = run(&["validate", "--catalog", path, "-"], lead);
    assert_eq!(output.status.code(), Some(2));
    says(
        &output,
        "expected the answer of GET /lead_statuses (a JSON array of statuses)",
    );
    says(&output, "found a JSON object with the keys \"data\"");
    std::fs::write(&statuses, r#"[{"id": "one", "name": "New"}]"#).unwrap();
    let output = run(&["validate", "--catalog", path, "-"], lead);
    says(
        &output,
        "found a JSON array of 1 items: /0/id: invalid type",
    );
    let definitions = dir.join("definitions.json");
    std::fs::write(&definitions, r#""fields""#).unwrap();
    let output = run(
        &[
            "validate",
            "--definitions",
            definitions.to_str().unwrap(),
            "-",
        ],
        lead,
    );
    says(
        &output,
        "expected the answer of GET /custom_field_definitions (a JSON array of definitions)",
    );
    says(&output, "found a string");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An empty array is an answer (a search page without results); an empty input may be a
/// download cut to nothing.
#[test]
fn an_empty_page_is_an_answer_and_an_empty_file_is_not() {
    for command in ["validate", "convert", "dedupe"] {
        let output = run(&[command, "-"], "[]");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let output = run(&[command, "-"], "");
        assert_eq!(output.status.code(), Some(2), "{command}");
        says(&output, "the input is empty");
        assert_eq!(
            run(&[command, "--allow-empty", "-"], "").status.code(),
            Some(0),
            "{command}"
        );
    }
}

#[test]
fn sample_takes_its_count_as_an_argument_or_an_option() {
    for args in [&["sample", "3"][..], &["sample", "--count", "3"]] {
        let output = run(args, "");
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(lines(&output).len(), 3);
    }
}

#[test]
fn without_arguments_it_runs_on_the_shipped_data() {
    let output = run(&[], "");
    assert_eq!(output.status.code(), Some(0));
    says(&output, "validate: 1000 records");
    says(&output, "convert: 1000 records");
    let found = lines(&output);
    assert!(found.iter().any(|l| l.get("findings").is_some()));
    assert!(found.iter().any(|l| l.get("person").is_some()));
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(leadctl())
        .args(["sample", "--count", "1000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader (dropped here, like `head -1` exiting) closed the pipe after one line.
    assert!(serde_json::from_str::<serde_json::Value>(&first).is_ok());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// The commands of the defects issue: every record is read or reported, with its own number,
/// line and kind, and an input without records is not a success.
#[test]
fn every_record_is_read_or_reported_with_its_number() {
    let output = run(
        &["validate", "-"],
        "{\"id\":3,\"name\":\"Broken\"\n{\"name\":\"ok\"}\n{\"name\":\"\"}\n",
    );
    assert_eq!(output.status.code(), Some(1));
    says(
        &output,
        "validate: 3 records: 1 valid, 1 invalid, 1 unreadable",
    );

    let output = run(&["validate", "-"], "[{\"name\":\"a\"}]\n[{\"name\":\"\"}]");
    assert_eq!(output.status.code(), Some(1));
    let found = lines(&output);
    assert_eq!(
        (found[0]["record"].as_u64(), found[0]["line"].as_u64()),
        (Some(1), Some(2))
    );

    let output = run(&["validate", "-"], "[{\"name\":\"a\"},{\"name\":\"b\"},");
    let found = lines(&output);
    assert_eq!(found[0]["record"], 2);
    assert_eq!(found[0]["line"], 1);
    assert_eq!(found[0]["error"]["kind"], "eof");

    let output = run(&["validate", "-"], "{\"name\":\"ab");
    let found = lines(&output);
    assert_eq!(found[0]["record"], 0);
    assert_eq!(found[0]["line"], 1);
    assert_eq!(found[0]["error"]["kind"], "eof");
    assert_eq!(found[0]["error"]["path"], "/name");

    for empty in ["", "  \n"] {
        let output = run(&["validate", "-"], empty);
        assert_eq!(output.status.code(), Some(2), "{empty:?}");
        says(&output, "--allow-empty");
        let output = run(&["validate", "--allow-empty", "-"], empty);
        assert_eq!(output.status.code(), Some(0), "{empty:?}");
        let output = run(&["convert", "-"], empty);
        assert_eq!(output.status.code(), Some(2), "{empty:?}");
    }
}

/// Offsets are read strictly: no overflow, no double sign.
#[test]
fn utc_offsets_are_parsed_strictly() {
    for bad in [
        "--128",
        "+-5",
        "+5",
        "-08:0",
        "+24:00",
        "-08:60",
        "08:00",
        "+08:00:00",
    ] {
        let output = run(
            &["validate", &format!("--utc-offset={bad}"), "-"],
            "{\"name\": \"a\"}",
        );
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("expected an offset like"),
            "{bad}: {stderr}"
        );
    }
    for good in ["-08:00", "+05:30", "+00", "-11"] {
        let output = run(
            &["validate", &format!("--utc-offset={good}"), "-"],
            "{\"name\": \"a\"}",
        );
        assert_eq!(output.status.code(), Some(0), "{good}");
    }
}

/// On Copper's default statuses (the shipped catalog: the docs' names and ids) nothing is at
/// stage Qualified: converting by status says how to qualify, and by decision converts.
#[test]
fn convert_on_the_docs_statuses_qualifies_by_decision() {
    let docs = format!(
        "{}/examples/data/lead_statuses.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let leads = concat!(
        "{\"id\": 1, \"name\": \"Ada\", \"status\": \"Open\", \"status_id\": 208232}\n",
        "{\"id\": 2, \"name\": \"Bob\", \"status\": \"New\"}\n",
        "{\"id\": 3, \"name\": \"Cy\", \"status\": \"Junk\"}\n",
    );
    let by_status = run(
        &[
            "convert",
            "--catalog",
            &docs,
            "--at",
            "1700000000",
            "--show-skipped",
            "-",
        ],
        leads,
    );
    let found = lines(&by_status);
    assert!(
        found.iter().all(|l| l["skipped"] == "not_qualified"),
        "{found:?}"
    );
    says(&by_status, "0 converted, 3 not qualified");

    let by_decision = run(
        &[
            "convert",
            "--catalog",
            &docs,
            "--at",
            "1700000000",
            "--qualify",
            "decision",
            "--decided-by",
            "137658",
            "-",
        ],
        leads,
    );
    let found = lines(&by_decision);
    let converted: Vec<_> = found.iter().filter(|l| l.get("person").is_some()).collect();
    assert_eq!(converted.len(), 2);
    assert_eq!(
        converted[0]["qualification"],
        serde_json::json!({"decision": {"at": 1_700_000_000, "by": 137_658}})
    );
    says(&by_decision, "2 converted, 1 not qualified");
}

/// The idempotency key is the caller's de-duplication key for a conversion job: run again
/// later, the same conversion gets the same key.
#[test]
fn converting_again_later_gives_the_same_keys() {
    let lead = "{\"id\": 1, \"name\": \"Ada\", \"status\": \"Open\", \"date_modified\": 5}\n";
    let keys = |at: &str, request: bool| {
        let mut args = vec![
            "convert",
            "--qualify",
            "decision",
            "--at",
            at,
            "--pipeline",
            "7",
        ];
        if request {
            args.push("--request");
        }
        args.push("-");
        let output = run(&args, lead);
        lines(&output)
            .iter()
            .map(|l| l["idempotency_key"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let first = keys("1700000000", false);
    assert_eq!(first.len(), 1);
    assert_eq!(keys("1700000060", false), first);
    assert_eq!(keys("1700000060", true), first);
}

#[test]
fn dedupe_prints_each_group_of_the_same_person() {
    let input = concat!(
        "{\"id\": 1, \"name\": \"Ada Lovelace\", \"email\": {\"email\": \"Ada.Lovelace@gmail.com\", \"category\": \"work\"}}\n",
        "{\"id\": 2, \"name\": \"Grace Hopper\", \"phone_numbers\": [{\"number\": \"+1 415-555-0100\", \"category\": \"work\"}]}\n",
        "{\"id\": 3, \"name\": \"broken\"\n",
        "{\"id\": 4, \"name\": \"A. Lovelace\", \"email\": {\"email\": \"adalovelace+crm@googlemail.com\", \"category\": \"personal\"}}\n",
        "{\"id\": 5, \"name\": \"G. Hopper\", \"phone_numbers\": [{\"number\": \"(415) 555-0100\", \"category\": \"mobile\"}]}\n",
        "{\"id\": 6, \"name\": \"Someone Else\"}\n",
    );
    let output = run(&["dedupe", "-"], input);
    // The unreadable record makes the exit status 1; the groups are still printed.
    assert_eq!(output.status.code(), Some(1));
    let found = lines(&output);
    assert_eq!(found[0]["error"]["kind"], "eof");
    assert_eq!(found[0]["line"], 3);
    assert_eq!(found[1]["ids"], serde_json::json!([1, 4]));
    assert_eq!(found[1]["records"], serde_json::json!([0, 3]));
    assert_eq!(found[1]["shared"][0]["on"], "email");
    assert_eq!(found[1]["shared"][0]["key"], "adalovelace@gmail.com");
    assert_eq!(found[1]["confidence"], "high");
    assert_eq!(
        found[1]["evidence"],
        serde_json::json!([{"record": 3, "on": "email", "key": "adalovelace@gmail.com"}])
    );
    assert_eq!(found[2]["ids"], serde_json::json!([2, 5]));
    assert_eq!(found[2]["shared"][0]["key"], "+14155550100");
    assert_eq!(found[2]["confidence"], "medium");
    assert_eq!(found.len(), 3);
    says(
        &output,
        "dedupe: 5 leads: 2 groups of the same person (4 leads), 1 unreadable",
    );
}

#[test]
fn convert_plan_prints_follow_ups_and_the_undo_outline() {
    let lead = "{\"id\": 1, \"name\": \"Ada\", \"status\": \"Qualified\", \"monetary_unit\": \"EUR\", \"company_name\": \"Engines\", \"email\": {\"email\": \"ada@engines.example\", \"category\": \"work\"}, \"date_modified\": 1700000000}\n";
    let output = run(
        &[
            "convert",
            "-",
            "--plan",
            "--at",
            "1700000000",
            "--pipeline",
            "7",
        ],
        lead,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found = lines(&output);
    assert_eq!(found.len(), 1);
    let plan = &found[0];
    assert_eq!(plan["path"], "/leads/1/convert");
    // What the convert request cannot carry: the opportunity's currency.
    assert_eq!(plan["follow_ups"]["opportunity"]["monetary_unit"], "EUR");
    // The undo outline: the lead again (without read-only keys), then the deletions.
    assert_eq!(plan["undo"]["recreate"]["method"], "POST");
    assert_eq!(plan["undo"]["recreate"]["path"], "/leads");
    assert_eq!(plan["undo"]["recreate"]["body"]["name"], "Ada");
    assert!(plan["undo"]["recreate"]["body"].get("id").is_none());
    assert!(
        plan["undo"]["recreate"]["body"]
            .get("date_modified")
            .is_none()
    );
    assert_eq!(plan["undo"]["delete"][0], "the opportunity");
    assert_eq!(plan["undo"]["delete"].as_array().map(Vec::len), Some(3));
    assert!(
        plan["undo"]["cannot_restore"][0]
            .as_str()
            .unwrap()
            .contains("id")
    );
}

#[test]
fn every_thread_count_prints_the_same_lines_in_the_same_order() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/leads.ndjson");
    for command in ["validate", "convert"] {
        let mut args = vec![command, data, "--threads", "1"];
        if command == "convert" {
            args.extend([
                "--qualify",
                "decision",
                "--pipeline",
                "7",
                "--at",
                "1700000000",
            ]);
        }
        let one = run(&args, "");
        assert!(!one.stdout.is_empty(), "{command}");
        for threads in ["2", "3"] {
            args[3] = threads;
            let many = run(&args, "");
            assert_eq!(many.stdout, one.stdout, "{command} on {threads} threads");
            assert_eq!(many.status.code(), one.status.code());
        }
    }
}
