//! [`Reader::for_each_parallel`]: every record of a stream, worked on by several threads,
//! delivered in order.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::num::NonZeroUsize;
use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use super::{Entry, Raw, Reader, StreamError, parse};
use crate::wire::Record;

/// One record's bytes as found in a stream, handed to a worker: where it is, and reading it.
///
/// ```
/// use copper_lead::Lead;
/// use copper_lead::stream::Reader;
/// use std::num::NonZeroUsize;
/// use std::ops::ControlFlow;
///
/// let input = b"{\"name\": \"a\"}\n\n{\"name\": 5}\n";
/// let mut seen = Vec::new();
/// Reader::new(&input[..]).for_each_parallel(
///     NonZeroUsize::MIN,
///     || (),
///     |(), record| (record.index(), record.line(), record.bytes().len(), record.parse::<Lead>().result.is_ok()),
///     |item| {
///         seen.push(item);
///         ControlFlow::Continue(())
///     },
/// )?;
/// assert_eq!(seen, [(0, 1, 13, true), (1, 3, 11, false)]);
/// # Ok::<(), copper_lead::stream::StreamError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RawRecord<'a> {
    raw: Raw,
    bytes: &'a [u8],
    limit: usize,
}

impl RawRecord<'_> {
    /// The record's position in the input, from 0.
    #[must_use]
    pub fn index(&self) -> usize {
        self.raw.index
    }

    /// The 1-based line the record starts on.
    #[must_use]
    pub fn line(&self) -> usize {
        self.raw.line
    }

    /// The record's bytes (cut at the reader's limit when it is longer).
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        self.bytes
    }

    /// The record read as a `T`: the entry the sequential reader gives for it.
    #[must_use]
    pub fn parse<T: Record>(&self) -> Entry<T> {
        parse(&self.raw, self.bytes, self.limit)
    }

    /// The record checked by `checker` (the bulk path: no new lead per record): the entry
    /// with its report, as `parse::<Lead>()` then [`Lead::check`](crate::Lead::check) would
    /// give it.
    #[cfg(feature = "validate")]
    #[must_use]
    pub fn check(
        &self,
        checker: &mut crate::validate::bulk::Checker<'_>,
    ) -> Entry<crate::validate::finding::Report> {
        super::entry(&self.raw, self.limit, || checker.check_slice(self.bytes))
    }
}

/// Records read together and handed to one worker.
struct Batch {
    seq: usize,
    bytes: Vec<u8>,
    records: Vec<(Raw, Range<usize>)>,
    /// The stream's error after these records, which ends it.
    error: Option<StreamError>,
}

/// A batch's buffers, emptied, on their way back to the reader: each batch would otherwise
/// allocate (and fault in) a fresh megabyte-sized buffer and drop it on another thread.
type Buffers = (Vec<u8>, Vec<(Raw, Range<usize>)>);

/// A worker's results for one batch, or the panic that stopped the worker.
struct Done<U> {
    seq: usize,
    results: std::thread::Result<Vec<U>>,
    error: Option<StreamError>,
}

/// How delivering the results ended.
enum Delivered {
    /// Every result, or the sink stopped the run.
    All,
    /// A stream error, after the records before it.
    Stream(StreamError),
    /// A worker panicked: the panic, to go on on the calling thread.
    Panic(Box<dyn std::any::Any + Send>),
}

/// How many records a batch holds at most, and how many bytes.
const BATCH_RECORDS: usize = 256;
const BATCH_BYTES: usize = 1 << 20;

impl<R: BufRead + Send, T: Record> Reader<R, T> {
    /// Works on every record on `threads` threads and hands the results to `sink` in the
    /// input's order, on the calling thread. Each thread makes its own state with `init`
    /// (buffers to reuse, a [`Checker`](crate::validate::Checker)); `map` turns a record
    /// into a result. Memory stays bounded: the reader runs at most a few batches of records
    /// ahead of the sink, whatever the input's size.
    ///
    /// `sink` may stop the run early (`ControlFlow::Break`). A stream error (a broken array,
    /// an I/O error) ends the run after the records before it were delivered, and is
    /// returned. A panic in `init` or `map` on any thread stops every thread and goes on on
    /// the calling thread, as soon as it happens. With one thread, everything runs on the
    /// calling thread.
    ///
    /// ```
    /// # #[cfg(feature = "validate")] {
    /// use copper_lead::stream::Reader;
    /// use copper_lead::validate::{Checker, Validator};
    /// use std::num::NonZeroUsize;
    /// use std::ops::ControlFlow;
    ///
    /// let input = b"{\"name\": \"a\"}\n{\"name\": \" \"}\n{\"name\": 5}\n";
    /// let validator = Validator::new();
    /// let mut valid = Vec::new();
    /// Reader::new(&input[..]).for_each_parallel(
    ///     NonZeroUsize::new(2).unwrap(),
    ///     || Checker::new(&validator),
    ///     |checker, record| record.check(checker).result.map(|report| report.is_valid()),
    ///     |result| {
    ///         valid.push(result.ok());
    ///         ControlFlow::Continue(())
    ///     },
    /// )?;
    /// assert_eq!(valid, [Some(true), Some(false), None]);
    /// # }
    /// # Ok::<(), copper_lead::stream::StreamError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The [`StreamError`] that ended the stream, after every record before it.
    pub fn for_each_parallel<S, U, I, M, K>(
        mut self,
        threads: NonZeroUsize,
        init: I,
        map: M,
        mut sink: K,
    ) -> Result<(), StreamError>
    where
        I: Fn() -> S + Sync,
        M: Fn(&mut S, RawRecord<'_>) -> U + Sync,
        U: Send,
        K: FnMut(U) -> ControlFlow<()>,
    {
        let limit = self.max_record_bytes;
        if threads.get() == 1 {
            let mut state = init();
            let mut buffer = Vec::new();
            loop {
                match self.next_raw(&mut buffer) {
                    Ok(Some(raw)) => {
                        let record = raw_record(&raw, &buffer, limit);
                        if sink(map(&mut state, record)).is_break() {
                            return Ok(());
                        }
                    }
                    Ok(None) => return Ok(()),
                    Err(err) => return Err(err),
                }
            }
        }
        let workers = threads.get();
        let stop = AtomicBool::new(false);
        let (batch_tx, batch_rx) = sync_channel::<Batch>(workers);
        let (done_tx, done_rx) = sync_channel::<Done<U>>(workers);
        // Batches between the reader and the sink, at most: memory stays bounded even when
        // one worker is slow and the others run ahead.
        let (permit_tx, permit_rx) = sync_channel::<()>(workers * 4);
        let (recycle_tx, recycle_rx) = sync_channel::<Buffers>(workers * 4);
        let mut batch_rx = Some(batch_rx);
        let delivered = std::thread::scope(|scope| {
            let stop = &stop;
            scope.spawn(move || read_batches(&mut self, &batch_tx, &permit_tx, &recycle_rx, stop));
            let shared = Arc::new(Mutex::new(batch_rx.take()));
            for _ in 0..workers {
                let shared = Arc::clone(&shared);
                let done_tx = done_tx.clone();
                let recycle_tx = recycle_tx.clone();
                let (init, map) = (&init, &map);
                scope.spawn(move || work(&shared, &done_tx, &recycle_tx, init, map, limit, stop));
            }
            drop(recycle_tx);
            // Only the workers hold the receiving end now: when they are gone, the reader's
            // next send fails and it stops.
            drop(shared);
            drop(done_tx);
            let delivered = deliver(&done_rx, &permit_rx, &mut sink);
            // Whatever ended the run, the other threads stop at their next send or receive.
            stop.store(true, Ordering::Relaxed);
            drop(done_rx);
            drop(permit_rx);
            delivered
        });
        match delivered {
            Delivered::All => Ok(()),
            Delivered::Stream(err) => Err(err),
            // Every other thread has stopped and been joined by now.
            Delivered::Panic(payload) => std::panic::resume_unwind(payload),
        }
    }
}

fn raw_record<'a>(raw: &Raw, bytes: &'a [u8], limit: usize) -> RawRecord<'a> {
    RawRecord {
        raw: *raw,
        bytes,
        limit,
    }
}

/// The reader's thread: records into batches, until the end, an error, or a stop.
fn read_batches<R: BufRead, T: Record>(
    reader: &mut Reader<R, T>,
    batches: &SyncSender<Batch>,
    permits: &SyncSender<()>,
    recycled: &Receiver<Buffers>,
    stop: &AtomicBool,
) {
    let mut record = Vec::new();
    for seq in 0.. {
        let (bytes, records) = recycled.try_recv().unwrap_or_default();
        let mut batch = Batch {
            seq,
            bytes,
            records,
            error: None,
        };
        let mut ended = false;
        while batch.records.len() < BATCH_RECORDS && batch.bytes.len() < BATCH_BYTES {
            match reader.next_raw(&mut record) {
                Ok(Some(raw)) => {
                    let start = batch.bytes.len();
                    batch.bytes.extend_from_slice(&record);
                    batch.records.push((raw, start..batch.bytes.len()));
                }
                Ok(None) => {
                    ended = true;
                    break;
                }
                Err(err) => {
                    batch.error = Some(err);
                    ended = true;
                    break;
                }
            }
        }
        if stop.load(Ordering::Relaxed)
            || permits.send(()).is_err()
            || batches.send(batch).is_err()
            || ended
        {
            return;
        }
    }
}

/// A worker's thread: batches into results.
fn work<S, U, I, M>(
    batches: &Mutex<Option<Receiver<Batch>>>,
    done: &SyncSender<Done<U>>,
    recycle: &SyncSender<Buffers>,
    init: &I,
    map: &M,
    limit: usize,
    stop: &AtomicBool,
) where
    I: Fn() -> S,
    M: Fn(&mut S, RawRecord<'_>) -> U,
{
    // A panic here is handed on as a batch's result, so that the calling thread hears of it
    // at once instead of waiting for a batch that will never come.
    let mut state = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(init)) {
        Ok(state) => state,
        Err(payload) => {
            stop.store(true, Ordering::Relaxed);
            let _ = done.send(Done {
                seq: usize::MAX,
                results: Err(payload),
                error: None,
            });
            return;
        }
    };
    loop {
        // A poisoned lock means another worker panicked: stop too.
        let batch = match batches.lock() {
            Ok(receiver) => receiver.as_ref().map(Receiver::recv),
            Err(_) => return,
        };
        let Some(Ok(batch)) = batch else { return };
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            batch
                .records
                .iter()
                .map(|(raw, range)| {
                    let bytes = batch.bytes.get(range.clone()).unwrap_or_default();
                    map(&mut state, raw_record(raw, bytes, limit))
                })
                .collect::<Vec<U>>()
        }));
        let panicked = results.is_err();
        if panicked {
            stop.store(true, Ordering::Relaxed);
        }
        let Batch {
            seq,
            mut bytes,
            mut records,
            error,
        } = batch;
        if done
            .send(Done {
                seq,
                results,
                error,
            })
            .is_err()
            || panicked
        {
            return;
        }
        // The batch's buffers go back to the reader (dropped when it has enough, or when a
        // huge record grew them: those are not kept for the rest of the run).
        if bytes.capacity() <= 2 * BATCH_BYTES {
            bytes.clear();
            records.clear();
            let _ = recycle.try_send((bytes, records));
        }
    }
}

/// The calling thread: results to the sink, in order; a worker's panic as soon as it comes.
fn deliver<U, K: FnMut(U) -> ControlFlow<()>>(
    done: &Receiver<Done<U>>,
    permits: &Receiver<()>,
    sink: &mut K,
) -> Delivered {
    let mut waiting: BTreeMap<usize, (Vec<U>, Option<StreamError>)> = BTreeMap::new();
    let mut next = 0;
    while let Ok(finished) = done.recv() {
        match finished.results {
            Ok(results) => {
                waiting.insert(finished.seq, (results, finished.error));
            }
            Err(payload) => return Delivered::Panic(payload),
        }
        while let Some((results, error)) = waiting.remove(&next) {
            next += 1;
            // The batch leaves the pipeline: the reader may read one more.
            let _ = permits.try_recv();
            for result in results {
                if sink(result).is_break() {
                    return Delivered::All;
                }
            }
            if let Some(err) = error {
                return Delivered::Stream(err);
            }
        }
    }
    Delivered::All
}
