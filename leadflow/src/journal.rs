//! The journal: what leadflow has done and is about to do, in SQLite (WAL; each step one
//! transaction, `synchronous = FULL`), so that a process killed at any moment resumes
//! without losing a lead or converting one twice.
//!
//! # Schema
//!
//! | table | one row per | columns |
//! |---|---|---|
//! | `meta` | setting | `key`, `value`: `watermark` (the sweep's next `date_modified`, Unix seconds), `secret` (the webhook secret), `target` |
//! | `pending` | lead to look at | `lead_id`, `reason` (`sweep`, `webhook`), `queued_at` |
//! | `reviews` | invalid lead tagged for review | `lead_id`, `findings` (JSON), `at` |
//! | `conversions` | lead converted, or about to be | `lead_id`, `idempotency_key`, `snapshot` (the lead, JSON), `intent_at`, `state`, `response` (Copper's answer, JSON), `person_id`, `company_id`, `opportunity_id`, `duplicates` (JSON), `error`, `updated_at` |
//! | `seen` | lead looked at | `lead_id`, `date_modified` (the version looked at: a sweep queues a lead again only when it changed since) |
//! | `events` | step taken | `at` (ms), `lead_id`, `step`, `detail` |
//!
//! A conversion's `state` moves `intent` → `converted` → `done`, or ends `gone` (Copper has no
//! such lead: deleted, or converted elsewhere), `unclear` (recovery could not tell) or
//! `refused` (Copper refused the request). The `intent` row is written before the convert
//! request is sent; a row for a lead means it is never converted again.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

/// A conversion's journal row.
#[derive(Debug, Clone)]
pub(crate) struct Conversion {
    pub(crate) key: String,
    pub(crate) snapshot: String,
    pub(crate) intent_at: i64,
    pub(crate) state: String,
    pub(crate) response: Option<String>,
}

/// A connection to the journal.
#[derive(Debug)]
pub(crate) struct Journal {
    db: Connection,
}

type Result<T> = rusqlite::Result<T>;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// SQLite keeps integers signed; Copper's ids fit.
fn sql(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

impl Journal {
    /// Opens (or creates) the journal at `path`.
    pub(crate) fn open(path: &Path) -> Result<Journal> {
        let db = Connection::open(path)?;
        db.busy_timeout(Duration::from_secs(10))?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "FULL")?;
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS pending (
                 lead_id INTEGER PRIMARY KEY, reason TEXT NOT NULL, queued_at INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS reviews (
                 lead_id INTEGER PRIMARY KEY, findings TEXT NOT NULL, at INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS conversions (
                 lead_id INTEGER PRIMARY KEY,
                 idempotency_key TEXT NOT NULL,
                 snapshot TEXT NOT NULL,
                 intent_at INTEGER NOT NULL,
                 state TEXT NOT NULL CHECK (state IN
                     ('intent', 'converted', 'done', 'gone', 'unclear', 'refused')),
                 response TEXT,
                 person_id INTEGER, company_id INTEGER, opportunity_id INTEGER,
                 duplicates TEXT,
                 error TEXT,
                 updated_at INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS seen (
                 lead_id INTEGER PRIMARY KEY, date_modified INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS events (
                 id INTEGER PRIMARY KEY, at INTEGER NOT NULL, lead_id INTEGER,
                 step TEXT NOT NULL, detail TEXT NOT NULL);",
        )?;
        Ok(Journal { db })
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>> {
        self.db
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
    }

    pub(crate) fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Queues leads, and moves the watermark, in one transaction: a watermark never passes a
    /// lead that was not queued.
    pub(crate) fn queue(
        &mut self,
        leads: &[u64],
        reason: &str,
        watermark: Option<i64>,
    ) -> Result<()> {
        let tx = self.db.transaction()?;
        for lead in leads {
            tx.execute(
                "INSERT OR IGNORE INTO pending (lead_id, reason, queued_at) VALUES (?1, ?2, ?3)",
                params![sql(*lead), reason, now_ms()],
            )?;
        }
        if let Some(mark) = watermark {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('watermark', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [mark.to_string()],
            )?;
        }
        tx.commit()
    }

    /// The oldest queued leads.
    pub(crate) fn pending(&self, limit: usize) -> Result<Vec<u64>> {
        let mut stmt = self
            .db
            .prepare("SELECT lead_id FROM pending ORDER BY queued_at, lead_id LIMIT ?1")?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            r.get::<_, i64>(0)
        })?;
        rows.map(|r| r.map(|id| u64::try_from(id).unwrap_or(0)))
            .collect()
    }

    pub(crate) fn done_with(&self, lead: u64) -> Result<()> {
        self.db
            .execute("DELETE FROM pending WHERE lead_id = ?1", [sql(lead)])?;
        Ok(())
    }

    /// Records the version of a lead that was looked at, and takes it off the queue.
    pub(crate) fn looked_at(&mut self, lead: u64, date_modified: Option<i64>) -> Result<()> {
        let tx = self.db.transaction()?;
        if let Some(modified) = date_modified {
            tx.execute(
                "INSERT INTO seen (lead_id, date_modified) VALUES (?1, ?2)
                 ON CONFLICT (lead_id) DO UPDATE SET date_modified = excluded.date_modified",
                params![sql(lead), modified],
            )?;
        }
        tx.execute("DELETE FROM pending WHERE lead_id = ?1", [sql(lead)])?;
        tx.commit()
    }

    /// Whether this version of a lead was looked at already.
    pub(crate) fn was_seen(&self, lead: u64, date_modified: i64) -> Result<bool> {
        let seen: Option<i64> = self
            .db
            .query_row(
                "SELECT date_modified FROM seen WHERE lead_id = ?1",
                [sql(lead)],
                |r| r.get(0),
            )
            .optional()?;
        Ok(seen.is_some_and(|s| s >= date_modified))
    }

    pub(crate) fn review(&self, lead: u64, findings: &Value) -> Result<()> {
        self.db.execute(
            "INSERT INTO reviews (lead_id, findings, at) VALUES (?1, ?2, ?3)
             ON CONFLICT (lead_id) DO UPDATE SET findings = excluded.findings, at = excluded.at",
            params![sql(lead), findings.to_string(), now_ms()],
        )?;
        Ok(())
    }

    pub(crate) fn conversion(&self, lead: u64) -> Result<Option<Conversion>> {
        self.db
            .query_row(
                "SELECT idempotency_key, snapshot, intent_at, state, response
                 FROM conversions WHERE lead_id = ?1",
                [sql(lead)],
                |r| {
                    Ok(Conversion {
                        key: r.get(0)?,
                        snapshot: r.get(1)?,
                        intent_at: r.get(2)?,
                        state: r.get(3)?,
                        response: r.get(4)?,
                    })
                },
            )
            .optional()
    }

    /// Conversions not finished: an intent without an outcome, or an outcome without its
    /// follow-ups.
    pub(crate) fn unfinished(&self) -> Result<Vec<u64>> {
        let mut stmt = self.db.prepare(
            "SELECT lead_id FROM conversions WHERE state IN ('intent', 'converted') ORDER BY lead_id",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        rows.map(|r| r.map(|id| u64::try_from(id).unwrap_or(0)))
            .collect()
    }

    /// Writes the intent before the request is sent. `false` when the lead already has a
    /// conversion row: it is never converted twice.
    pub(crate) fn intend(
        &self,
        lead: u64,
        key: &str,
        snapshot: &str,
        at: i64,
        duplicates: &Value,
    ) -> Result<bool> {
        let inserted = self.db.execute(
            "INSERT OR IGNORE INTO conversions
                 (lead_id, idempotency_key, snapshot, intent_at, state, duplicates, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'intent', ?5, ?6)",
            params![
                sql(lead),
                key,
                snapshot,
                at,
                duplicates.to_string(),
                now_ms()
            ],
        )?;
        Ok(inserted == 1)
    }

    /// Records Copper's answer: the records the conversion made.
    pub(crate) fn converted(&self, lead: u64, response: &Value) -> Result<()> {
        let id = |key: &str| response[key]["id"].as_i64();
        self.db.execute(
            "UPDATE conversions SET state = 'converted', response = ?2, person_id = ?3,
                 company_id = ?4, opportunity_id = ?5, updated_at = ?6
             WHERE lead_id = ?1 AND state = 'intent'",
            params![
                sql(lead),
                response.to_string(),
                id("person"),
                id("company"),
                id("opportunity"),
                now_ms()
            ],
        )?;
        Ok(())
    }

    /// Ends a conversion in another state (`done`, `gone`, `unclear`, `refused`).
    pub(crate) fn finish(&self, lead: u64, state: &str, error: Option<&str>) -> Result<()> {
        self.db.execute(
            "UPDATE conversions SET state = ?2, error = ?3, updated_at = ?4 WHERE lead_id = ?1",
            params![sql(lead), state, error, now_ms()],
        )?;
        Ok(())
    }

    pub(crate) fn event(&self, lead: Option<u64>, step: &str, detail: &Value) -> Result<()> {
        self.db.execute(
            "INSERT INTO events (at, lead_id, step, detail) VALUES (?1, ?2, ?3, ?4)",
            params![now_ms(), lead.map(sql), step, detail.to_string()],
        )?;
        Ok(())
    }

    /// The summary `leadflow status` prints.
    pub(crate) fn summary(&self) -> Result<Value> {
        let mut states = serde_json::Map::new();
        let mut stmt = self
            .db
            .prepare("SELECT state, COUNT(*) FROM conversions GROUP BY state ORDER BY state")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (state, count) = row?;
            states.insert(state, json!(count));
        }
        let count = |table: &str| -> Result<i64> {
            self.db
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        };
        let mut errors = Vec::new();
        let mut stmt = self.db.prepare(
            "SELECT at, lead_id, step, detail FROM events WHERE step LIKE '%error%'
             ORDER BY id DESC LIMIT 5",
        )?;
        for row in stmt.query_map([], |r| {
            Ok(
                json!({"at_ms": r.get::<_, i64>(0)?, "lead": r.get::<_, Option<i64>>(1)?,
                      "step": r.get::<_, String>(2)?, "detail": r.get::<_, String>(3)?}),
            )
        })? {
            errors.push(row?);
        }
        Ok(json!({
            "conversions": states,
            "reviews": count("reviews")?,
            "pending": count("pending")?,
            "watermark": self.meta("watermark")?.and_then(|w| w.parse::<i64>().ok()),
            "last_errors": errors,
        }))
    }

    /// Every conversion's lead and state, for a test to compare with Copper.
    pub(crate) fn conversions(&self) -> Result<Vec<(u64, String)>> {
        let mut stmt = self
            .db
            .prepare("SELECT lead_id, state FROM conversions ORDER BY lead_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| r.map(|(id, s)| (u64::try_from(id).unwrap_or(0), s)))
            .collect()
    }
}
