//! The lifecycle: every cell of the transition table, no-ops, catalogs, replay, qualification.

use crate::support::docs_statuses;

use copper_lead::lifecycle::{
    Decision, LeadStatusDefinition, NotQualifiedReason, Qualification, QualifiedLead, ReplayError,
    Stage, StageMap, StatusCatalog, StatusChange, TransitionError,
};
use copper_lead::validate::{Severity, Validator};
use copper_lead::{Field, Lead, LeadStatus, LeadStatusId, Timestamp};
use proptest::prelude::*;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix(seconds).unwrap()
}

fn lead_at(status: &str) -> Lead {
    serde_json::from_value(serde_json::json!({
        "id": 1, "name": "Ada", "status": status, "date_created": 100, "date_modified": 200
    }))
    .unwrap()
}

/// The stock status standing for each stage.
fn stock(stage: Stage) -> LeadStatus {
    LeadStatus::from(stage.as_str())
}

#[test]
fn every_cell_of_the_table() {
    use Stage::{Contacted, New, Qualified, Unqualified};
    // (from, to, allowed), written out from the table in the issue, not from the code.
    let table = [
        (New, Contacted, true),
        (New, Qualified, true),
        (New, Unqualified, true),
        (Contacted, New, false),
        (Contacted, Qualified, true),
        (Contacted, Unqualified, true),
        (Qualified, New, false),
        (Qualified, Contacted, true),
        (Qualified, Unqualified, true),
        (Unqualified, New, true),
        (Unqualified, Contacted, true),
        (Unqualified, Qualified, false),
    ];
    for (from, to, allowed) in table {
        assert_eq!(from.can_move_to(to), allowed, "{from} -> {to}");
        let mut lead = lead_at(from.as_str());
        let before = serde_json::to_string(&lead).unwrap();
        match lead.transition_to(stock(to), at(300)) {
            Ok(Some(change)) => {
                assert!(allowed, "{from} -> {to} should be refused");
                assert_eq!(
                    change,
                    StatusChange::new(Some(stock(from)), stock(to), at(300))
                );
                assert_eq!(lead.status.value(), Some(&stock(to)));
                assert_eq!(lead.date_modified.value(), Some(&at(300)));
            }
            Ok(None) => panic!("{from} -> {to} is not a no-op"),
            Err(TransitionError::NotAllowed {
                from: f,
                to: t,
                from_stage,
                to_stage,
                allowed: targets,
            }) => {
                assert!(!allowed, "{from} -> {to} should be allowed");
                assert_eq!(
                    (f, t, from_stage, to_stage),
                    (Some(stock(from)), stock(to), from, to)
                );
                assert_eq!(targets, from.targets());
                assert_eq!(
                    serde_json::to_string(&lead).unwrap(),
                    before,
                    "changed on error"
                );
            }
            Err(other) => panic!("{from} -> {to}: {other}"),
        }
    }
    for stage in Stage::ALL {
        assert!(stage.can_move_to(stage), "{stage} within itself");
    }
}

#[test]
fn illegal_moves_name_from_to_and_targets() {
    let mut lead = lead_at("Unqualified");
    let err = lead
        .transition_to(LeadStatus::Qualified, at(300))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot move a lead from \"Unqualified\" (stage Unqualified) to \"Qualified\" (stage Qualified); allowed stages: New, Contacted"
    );
}

#[test]
fn moving_to_the_current_status_is_a_no_op() {
    let mut lead = lead_at("Contacted");
    let before = lead.clone();
    assert_eq!(lead.transition_to(LeadStatus::Contacted, at(999)), Ok(None));
    assert_eq!(lead, before);
    // Twice the same move: the retry is harmless.
    let mut lead = lead_at("New");
    assert!(lead.transition_to("Qualified", at(300)).unwrap().is_some());
    assert_eq!(lead.transition_to("Qualified", at(400)), Ok(None));
    assert_eq!(lead.date_modified.value(), Some(&at(300)));
}

#[test]
fn moves_within_a_stage_are_allowed_and_recorded() {
    let mut lead = lead_at("Open");
    assert_eq!(lead.stage(), Some(Stage::Contacted));
    let change = lead.transition_to("Contacted", at(300)).unwrap().unwrap();
    assert_eq!(change.from, Some(LeadStatus::Open));
    let mut lead = lead_at("Junk");
    assert_eq!(lead.stage(), Some(Stage::Unqualified));
    assert!(lead.transition_to("Qualified", at(300)).is_err());
    assert!(lead.transition_to("New", at(300)).unwrap().is_some()); // recycle
}

#[test]
fn a_lead_without_status_starts_at_new() {
    let mut lead = Lead::builder("Ada").build().unwrap();
    assert_eq!(lead.stage(), Some(Stage::New));
    let change = lead.transition_to("Contacted", at(1)).unwrap().unwrap();
    assert_eq!(change.from, None);
    assert_eq!(
        serde_json::to_string(&change).unwrap(),
        r#"{"from":null,"to":"Contacted","at":1}"#
    );
}

fn account_catalog() -> StatusCatalog {
    let statuses: Vec<LeadStatusDefinition> = serde_json::from_str(
        r#"[{"id": 208231, "name": "New", "order": 1, "is_default": true},
            {"id": 1079553, "name": "Open", "order": 2, "is_default": false},
            {"id": 1079554, "name": "Working", "order": 3, "is_default": false},
            {"id": 1079560, "name": "Hot", "order": 4, "is_default": false},
            {"id": 1079555, "name": "Junk", "order": 5, "is_default": false},
            {"id": 1079556, "name": "Lost Cause", "order": 6, "is_default": false}]"#,
    )
    .unwrap();
    let map = StageMap::new()
        .name("working", Stage::Contacted) // by name, ignoring case
        .name("Hot", Stage::Qualified)
        .id(LeadStatusId::new(1_079_556), Stage::Unqualified); // by id
    StatusCatalog::from_definitions(&statuses, &map).unwrap()
}

#[test]
fn catalog_maps_by_name_and_by_id() {
    let catalog = account_catalog();
    let stage = |name: &str| catalog.stage_of(&LeadStatus::from(name));
    assert_eq!(stage("New"), Some(Stage::New));
    assert_eq!(stage("Open"), Some(Stage::Contacted));
    assert_eq!(stage("Working"), Some(Stage::Contacted));
    assert_eq!(stage("Hot"), Some(Stage::Qualified));
    assert_eq!(stage("Junk"), Some(Stage::Unqualified));
    assert_eq!(stage("Lost Cause"), Some(Stage::Unqualified));
    assert_eq!(stage("Qualified"), None); // not one of this account's statuses
    assert_eq!(
        catalog.default_entry().map(|e| e.status().as_str()),
        Some("New")
    );

    // A lead's stage follows its status_id when the catalog knows it.
    let lead: Lead =
        serde_json::from_str(r#"{"name": "a", "status": "Renamed", "status_id": 1079560}"#)
            .unwrap();
    assert_eq!(lead.stage_with(&catalog), Some(Stage::Qualified));
    // An id map wins over a stock name.
    let statuses: Vec<LeadStatusDefinition> =
        serde_json::from_str(r#"[{"id": 5, "name": "Open"}]"#).unwrap();
    let catalog2 = StatusCatalog::from_definitions(
        &statuses,
        &StageMap::new().id(LeadStatusId::new(5), Stage::Qualified),
    )
    .unwrap();
    assert_eq!(catalog2.stage_of(&LeadStatus::Open), Some(Stage::Qualified));
}

#[test]
fn transitions_with_a_catalog_set_the_status_id() {
    let catalog = account_catalog();
    let mut lead = lead_at("New");
    lead.status_id = Field::Value(LeadStatusId::new(208_231));
    let change = lead
        .transition_with(&catalog, "hot", at(300))
        .unwrap()
        .unwrap();
    assert_eq!(change.to, LeadStatus::from("Hot")); // the catalog's spelling
    assert_eq!(lead.status_id, Field::Value(LeadStatusId::new(1_079_560)));
    // The stock catalog has no ids: the stale id is removed, not kept.
    let mut lead = lead_at("New");
    lead.status_id = Field::Value(LeadStatusId::new(208_231));
    lead.transition_to("Contacted", at(300)).unwrap();
    assert!(lead.status_id.is_absent());
    assert_eq!(lead.allowed_statuses_with(&catalog), None);
    let lead = lead_at("Working");
    let allowed: Vec<String> = lead
        .allowed_statuses_with(&catalog)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(allowed, ["Open", "Hot", "Junk", "Lost Cause"]);
}

#[test]
fn unmapped_account_statuses_are_refused_when_building_a_catalog() {
    let statuses: Vec<LeadStatusDefinition> = serde_json::from_str(
        r#"[{"id": 1, "name": "New"}, {"id": 2, "name": "Hot"}, {"id": 3, "name": "Cold"}]"#,
    )
    .unwrap();
    let err = StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap_err();
    assert_eq!(err.to_string(), "no stage given for the statuses Hot, Cold");
    let twice: Vec<LeadStatusDefinition> =
        serde_json::from_str(r#"[{"id": 1, "name": "New"}, {"id": 2, "name": "new"}]"#).unwrap();
    assert_eq!(
        StatusCatalog::from_definitions(&twice, &StageMap::new())
            .unwrap_err()
            .to_string(),
        "the status name \"new\" occurs twice"
    );
}

#[test]
fn an_unknown_status_is_a_finding_and_a_transition_error() {
    let mut lead = lead_at("Hot");
    // Without the account's statuses it is a warning; the lifecycle cannot place it.
    let report = lead.check(&Validator::new());
    let found: Vec<_> = report
        .findings()
        .iter()
        .map(|f| (f.path().as_str(), f.code().as_str(), f.severity()))
        .collect();
    assert_eq!(found, [("/status", "unknown_status", Severity::Warning)]);
    assert_eq!(lead.stage(), None);
    assert_eq!(
        lead.transition_to("Qualified", at(1)),
        Err(TransitionError::UnknownCurrentStatus("Hot".into()))
    );
    let mut lead = lead_at("New");
    assert_eq!(
        lead.transition_to("Warm", at(1)),
        Err(TransitionError::UnknownTargetStatus("Warm".into()))
    );
    // The same lead validates against the account that has the status.
    let catalog = account_catalog();
    let hot = lead_at("Hot");
    assert_eq!(
        hot.validate_with(&Validator::new().with_statuses(&catalog)),
        Ok(())
    );
    // A status_id that names another status than `status` is a finding.
    let mut mismatched = lead_at("Hot");
    mismatched.status_id = Field::Value(LeadStatusId::new(1_079_555));
    let errors = mismatched
        .validate_with(&Validator::new().with_statuses(&catalog))
        .unwrap_err();
    assert_eq!(
        errors.iter().next().map(|f| f.path().as_str()),
        Some("/status_id")
    );
}

#[test]
fn catalog_files_round_trip() {
    let catalog = account_catalog();
    let text = serde_json::to_string(&catalog).unwrap();
    let back: StatusCatalog = serde_json::from_str(&text).unwrap();
    assert_eq!(back, catalog);
    let file = r#"{"statuses": [{"id": 1, "name": "New", "order": 1, "is_default": true},
                               {"id": 2, "name": "Hot", "order": 2, "is_default": false}],
                   "stages": {"by_id": {"2": "Qualified"}}}"#;
    let catalog: StatusCatalog = serde_json::from_str(file).unwrap();
    assert_eq!(
        catalog.stage_of(&LeadStatus::from("Hot")),
        Some(Stage::Qualified)
    );
    let err = serde_json::from_str::<StatusCatalog>(r#"{"statuses": [{"id": 2, "name": "Hot"}]}"#);
    assert!(
        err.unwrap_err()
            .to_string()
            .contains("no stage given for the statuses Hot")
    );
}

#[test]
fn replay_applies_all_or_nothing() {
    let catalog = StatusCatalog::stock();
    let mut lead = lead_at("New");
    let mut copy = lead.clone();
    let changes = [
        copy.transition_to("Contacted", at(300)).unwrap().unwrap(),
        copy.transition_to("Qualified", at(400)).unwrap().unwrap(),
    ];
    lead.replay_with(catalog, &changes).unwrap();
    assert_eq!(lead, copy);

    let mut lead = lead_at("New");
    let before = lead.clone();
    let bad = [
        StatusChange::new(Some(LeadStatus::New), LeadStatus::Unqualified, at(300)),
        StatusChange::new(
            Some(LeadStatus::Unqualified),
            LeadStatus::Qualified,
            at(400),
        ),
    ];
    let err = lead.replay_with(catalog, &bad).unwrap_err();
    assert!(
        matches!(err, ReplayError::Illegal { index: 1, .. }),
        "{err}"
    );
    assert_eq!(lead, before);
    let out_of_order = [StatusChange::new(
        Some(LeadStatus::Contacted),
        LeadStatus::Qualified,
        at(300),
    )];
    assert_eq!(
        lead.replay_with(catalog, &out_of_order),
        Err(ReplayError::OutOfOrder {
            index: 0,
            expected: Some(LeadStatus::Contacted),
            found: Some(LeadStatus::New)
        })
    );
}

#[test]
fn only_valid_qualified_leads_qualify() {
    let err = QualifiedLead::new(
        lead_at("Contacted"),
        &copper_lead::validate::Validator::new(),
    )
    .unwrap_err();
    assert_eq!(err.reason(), &NotQualifiedReason::Stage(Stage::Contacted));
    assert_eq!(
        err.to_string(),
        "lead is not qualified: its status \"Contacted\" is at stage Contacted; move it to \
         Qualified (stage Qualified), or qualify it by decision (QualifiedLead::by_decision)"
    );
    assert_eq!(err.into_lead(), lead_at("Contacted"));

    let err =
        QualifiedLead::new(lead_at("Hot"), &copper_lead::validate::Validator::new()).unwrap_err();
    assert_eq!(err.reason(), &NotQualifiedReason::UnknownStatus);

    let mut invalid = lead_at("Qualified");
    invalid.name = Field::Value(" ".into());
    let err =
        QualifiedLead::new(invalid.clone(), &copper_lead::validate::Validator::new()).unwrap_err();
    match err.reason() {
        NotQualifiedReason::Invalid(errors) => assert_eq!(
            errors.iter().next().map(|f| f.path().as_str()),
            Some("/name")
        ),
        other => panic!("{other}"),
    }
    assert_eq!(err.lead(), &invalid);

    let qualified = QualifiedLead::new(
        lead_at("Qualified"),
        &copper_lead::validate::Validator::new(),
    )
    .unwrap();
    assert_eq!(
        qualified.lead().status.value(),
        Some(&LeadStatus::Qualified)
    );
    let hot = QualifiedLead::new(
        lead_at("Hot"),
        &Validator::new().with_statuses(&account_catalog()),
    );
    assert!(hot.is_ok());
    assert_eq!(hot.unwrap().qualification(), &Qualification::Status);
}

/// On an account with Copper's default statuses nothing qualifies by status; a decision
/// qualifies a valid lead that is not at stage Unqualified, and the refusals say how.
#[test]
fn default_accounts_qualify_by_decision() {
    let catalog = docs_statuses::docs_statuses();
    let validator = Validator::new().with_statuses(&catalog);
    let decision = Decision::new(at(1_700_000_000)).by(copper_lead::UserId::new(137_658));
    for status in ["New", "Open"] {
        let err = QualifiedLead::new(lead_at(status), &validator).unwrap_err();
        assert!(matches!(err.reason(), NotQualifiedReason::Stage(_)));
        assert!(
            err.to_string().ends_with(
                "; the status catalog has no status at stage Qualified (as with Copper's default \
                 statuses New, Open, Unqualified and Junk): qualify it by decision \
                 (QualifiedLead::by_decision), or map one of the account's statuses to \
                 Stage::Qualified in the StageMap"
            ),
            "{err}"
        );
        let qualified = QualifiedLead::by_decision(err.into_lead(), &validator, decision).unwrap();
        assert_eq!(
            qualified.qualification(),
            &Qualification::Decision(decision)
        );
    }
    // A lead at stage Unqualified is not qualified by a decision either.
    for status in ["Unqualified", "Junk"] {
        let err = QualifiedLead::by_decision(lead_at(status), &validator, decision).unwrap_err();
        assert_eq!(err.reason(), &NotQualifiedReason::Stage(Stage::Unqualified));
        assert!(
            err.to_string()
                .contains("moved back to a New or Contacted status"),
            "{err}"
        );
    }
    // Nor an invalid one, or one whose status the account does not have.
    let mut invalid = lead_at("Open");
    invalid.name = Field::Value(String::new());
    let err = QualifiedLead::by_decision(invalid, &validator, decision).unwrap_err();
    assert!(matches!(err.reason(), NotQualifiedReason::Invalid(_)));
    let err = QualifiedLead::by_decision(lead_at("Hot"), &validator, decision).unwrap_err();
    assert_eq!(err.reason(), &NotQualifiedReason::UnknownStatus);
}

fn status() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "New",
        "Contacted",
        "Qualified",
        "Unqualified",
        "Open",
        "Junk",
        "Hot",
    ])
}

proptest! {
    /// Every change a sequence of transitions makes is a legal edge; a refused one leaves the
    /// lead byte-for-byte unchanged; so a lead reaches Qualified only along the table.
    #[test]
    fn only_legal_edges_are_ever_taken(start in status(), moves in prop::collection::vec(status(), 0..12)) {
        let catalog = StatusCatalog::stock();
        let mut lead = lead_at(start);
        for (i, target) in moves.into_iter().enumerate() {
            let before = serde_json::to_string(&lead).unwrap();
            let from_stage = lead.stage();
            match lead.transition_to(target, at(1_000 + i64::try_from(i).unwrap())) {
                Ok(Some(change)) => {
                    let from = from_stage.unwrap();
                    let to = catalog.stage_of(&change.to).unwrap();
                    prop_assert!(from.can_move_to(to), "{} -> {}", from, to);
                    prop_assert_eq!(lead.stage().unwrap(), to);
                    if to == Stage::Qualified {
                        prop_assert!(matches!(from, Stage::New | Stage::Contacted | Stage::Qualified));
                    }
                }
                Ok(None) => prop_assert_eq!(serde_json::to_string(&lead).unwrap(), before),
                Err(_) => prop_assert_eq!(serde_json::to_string(&lead).unwrap(), before),
            }
        }
    }
}

#[test]
fn allowed_stages_follow_the_table() {
    use Stage::{Contacted, New, Qualified, Unqualified};
    let expected = [
        ("New", vec![Contacted, Qualified, Unqualified]),
        ("Open", vec![Qualified, Unqualified]),
        ("Qualified", vec![Contacted, Unqualified]),
        ("Junk", vec![New, Contacted]),
    ];
    for (status, stages) in expected {
        assert_eq!(lead_at(status).allowed_stages(), Some(stages), "{status}");
    }
    assert!(lead_at("Hot").allowed_stages().is_none());
}

#[test]
fn statuses_can_be_added_to_a_catalog() {
    let catalog = StatusCatalog::stock()
        .clone()
        .with_status("Hot", Some(LeadStatusId::new(9)), Stage::Qualified)
        .with_status("junk", None, Stage::New); // replaces the stock "Junk", ignoring case
    assert_eq!(
        catalog.stage_of(&LeadStatus::from("Hot")),
        Some(Stage::Qualified)
    );
    assert_eq!(
        catalog
            .entry_by_id(LeadStatusId::new(9))
            .map(|e| e.status().as_str()),
        Some("Hot")
    );
    // The catalog now spells it "junk": a lead's status is looked up by its exact name.
    assert_eq!(
        catalog.stage_of(&LeadStatus::from("junk")),
        Some(Stage::New)
    );
    assert_eq!(catalog.stage_of(&LeadStatus::Junk), None);
    assert_eq!(
        catalog
            .entries()
            .filter(|e| e.status().as_str().eq_ignore_ascii_case("junk"))
            .count(),
        1
    );
    let mut lead = lead_at("New");
    lead.transition_with(&catalog, "hot", at(300)).unwrap();
    assert_eq!(lead.status_id, Field::Value(LeadStatusId::new(9)));
}

/// Replacing a status keeps its place and whether it is the default.
#[test]
fn replacing_a_status_keeps_its_place_and_default() {
    let before: Vec<String> = StatusCatalog::stock()
        .entries()
        .map(|e| e.status().as_str().to_owned())
        .collect();
    let catalog = StatusCatalog::stock().clone().with_status(
        "New",
        Some(LeadStatusId::new(208_231)),
        Stage::New,
    );
    let after: Vec<String> = catalog
        .entries()
        .map(|e| e.status().as_str().to_owned())
        .collect();
    assert_eq!(after, before);
    let default = catalog.default_entry().unwrap();
    assert_eq!(
        (default.status().as_str(), default.id()),
        ("New", Some(LeadStatusId::new(208_231)))
    );
}

/// A real history, as Copper's webhooks report it (`updated_attributes.status` as
/// `[old, new]`): every change is applied, and the moves the lifecycle forbids are findings
/// instead of a refusal of the whole history.
#[test]
fn a_real_history_is_applied_with_its_forbidden_moves_reported() {
    let catalog = docs_statuses::docs_statuses();
    let pairs = [
        ("New", "Open"),
        ("Open", "New"), // Contacted -> New: forbidden
        ("New", "Junk"),
        ("Junk", "Open"),       // Unqualified -> Contacted: allowed
        ("Unqualified", "Hot"), // missed a change, and an unknown status
        ("Hot", "Open"),
    ];
    let history: Vec<StatusChange> = pairs
        .iter()
        .enumerate()
        .map(|(i, (from, to))| {
            let when = at(1_000 + i64::try_from(i).unwrap());
            StatusChange::new(Some(LeadStatus::from(*from)), LeadStatus::from(*to), when)
        })
        .collect();
    let mut lead = lead_at("New");
    let before = lead.clone();
    // The strict replay refuses the whole history at the first forbidden move.
    let mut strict = lead.clone();
    assert!(matches!(
        strict.replay_with(&catalog, &history),
        Err(ReplayError::Illegal { index: 1, .. })
    ));
    assert_eq!(strict, before);

    let findings = lead.apply_history(&catalog, &history);
    let found: Vec<String> = findings
        .iter()
        .map(|f| match f {
            ReplayError::OutOfOrder { index, .. } => format!("{index}: out of order"),
            ReplayError::Illegal { index, error } => format!("{index}: {error}"),
            other => format!("{other}"),
        })
        .collect();
    assert_eq!(
        found,
        [
            "1: cannot move a lead from \"Open\" (stage Contacted) to \"New\" (stage New); allowed stages: Qualified, Unqualified",
            "4: out of order",
            "4: the status \"Hot\" is not in the status catalog",
            "5: the lead's status \"Hot\" is not in the status catalog",
        ]
    );
    // Every change happened: the lead ends where Copper's did, with the catalog's id.
    assert_eq!(lead.status.value(), Some(&LeadStatus::Open));
    assert_eq!(lead.status_id, Field::Value(LeadStatusId::new(208_232)));
    assert_eq!(lead.date_modified, Field::Value(at(1_005)));
}

/// One case rule: a lead's status (as Copper stores it) is exact everywhere, so a status that
/// differs only in case is neither at a stage nor valid; a name a person gives ignores case.
#[test]
fn a_status_differing_in_case_is_unknown_everywhere() {
    let lead = lead_at("qualified");
    assert_eq!(lead.stage(), None);
    assert!(matches!(
        QualifiedLead::new(lead.clone(), &copper_lead::validate::Validator::new())
            .unwrap_err()
            .reason(),
        NotQualifiedReason::UnknownStatus
    ));
    let catalog = docs_statuses::docs_statuses();
    let errors = lead_at("open")
        .validate_with(&Validator::new().with_statuses(&catalog))
        .unwrap_err();
    assert!(errors.to_string().contains("did you mean \"Open\""));
    // A person typing a target gets the catalog's spelling.
    let mut lead = lead_at("New");
    let change = lead
        .transition_with(&catalog, "OPEN", at(1))
        .unwrap()
        .unwrap();
    assert_eq!(change.to, LeadStatus::Open);
}
