//! The LRS's answers, from bytes: a real store with statements in its outbox delivers them
//! through the real client to a server on this machine that answers each request (POST of
//! a batch, `GET ?statementId=`) with the status, body and `Location` the bytes script.
//! `$0`…`$9` in a body stand for the ids of the statements queued, `$*` for all of them as
//! a JSON array, so the fuzzer can echo ids as an LRS would. A run must end (a statement
//! neither delivered nor set aside stops it with an error), count no more than it queued,
//! and word every error in both languages; any panic is a finding.

#![no_main]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a fuzz target fails loudly: a panic is how libFuzzer hears of a finding"
)]

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::{TimeZone as _, Utc};
use jaga::clock::FixedClock;
use jaga::i18n::Localized as _;
use jaga::lang::Lang;
use jaga::lrs::client::Answer;
use jaga::lrs::{Batches, Client, Credentials, Endpoint, Timeouts, deliver_pending};
use jaga::store::{AttemptStatements, Store};
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

/// What the server answers next, in order; a request past the script gets 503.
type Script = Arc<Mutex<VecDeque<(u16, String, Option<String>)>>>;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    client: Client,
    script: Script,
    attempt: Uuid,
    learner: String,
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap()
}

fn fixture() -> &'static Mutex<Fixture> {
    static FIXTURE: OnceLock<Mutex<Fixture>> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        // The outbox names a stored attempt: import one from the bundle fixture.
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (mut store, _) = Store::open(&dir.path().join("data"), now()).expect("a store");
        let bundle = dir.path().join("version-1.json");
        std::fs::write(
            &bundle,
            include_bytes!("../../tests/fixtures/bundles/version-1.json"),
        )
        .expect("the fixture is written");
        jaga::bundle::import_file(&mut store, &bundle, None, now()).expect("the fixture imports");
        let (attempt, learner): (String, String) = store
            .conn()
            .query_row("SELECT id, learner_id FROM attempts LIMIT 1", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .expect("an attempt");

        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let port = listener.local_addr().expect("the port").port();
        let script: Script = Arc::default();
        let answers = Arc::clone(&script);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, &answers);
            }
        });
        let endpoint = Endpoint::parse(&format!("http://127.0.0.1:{port}/xapi")).expect("ok");
        let credentials = Credentials::new("fuzz", "secret").expect("ok");
        let timeouts = Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(10),
        };
        Mutex::new(Fixture {
            _dir: dir,
            store,
            client: Client::new(&endpoint, &credentials, timeouts),
            script,
            attempt: Uuid::parse_str(&attempt).expect("a uuid"),
            learner,
        })
    })
}

/// Reads one request and answers it from the script, closing the connection.
fn serve(stream: std::net::TcpStream, script: &Script) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let next = script.lock().ok().and_then(|mut s| s.pop_front());
    let (status, body, location) = next.unwrap_or((503, String::new(), None));
    let mut head = format!(
        "HTTP/1.1 {status} Fuzz\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(location) = location {
        let _ = write!(head, "Location: {location}\r\n");
    }
    head.push_str("\r\n");
    let mut stream = reader.into_inner();
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

/// Statuses an LRS or whatever stands in its way may answer with.
const STATUSES: [u16; 20] = [
    200, 204, 400, 409, 413, 401, 403, 404, 405, 301, 302, 307, 308, 408, 429, 500, 502, 503, 422,
    299,
];

fuzz_target!(|data: &[u8]| {
    let mut guard = fixture()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let fixture = &mut *guard;
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let queued = usize::from(head & 7) + 1;
    let batch = usize::from(head >> 3 & 7) + 1;
    let ids: Vec<Uuid> = (0..queued)
        .map(|i| Uuid::from_u128(0x4a61_6761_0000 + i as u128))
        .collect();

    // The script: [status selector, body length, body..., location flag] per answer.
    let mut script = VecDeque::new();
    let mut bytes = rest.iter().copied();
    while script.len() < 32 {
        let Some(selector) = bytes.next() else { break };
        let status = if selector >= 200 {
            u16::from(selector) + 300 // 500..=555: any server error
        } else {
            STATUSES[usize::from(selector) % STATUSES.len()]
        };
        let length = usize::from(bytes.next().unwrap_or(0));
        let raw: Vec<u8> = bytes.by_ref().take(length).collect();
        let mut body = String::from_utf8_lossy(&raw).into_owned();
        let all = format!(
            "[{}]",
            ids.iter()
                .map(|id| format!("\"{id}\""))
                .collect::<Vec<_>>()
                .join(",")
        );
        body = body.replace("$*", &all);
        for (i, id) in ids.iter().enumerate() {
            body = body.replace(&format!("${i}"), &id.to_string());
        }
        let location = (bytes.next().unwrap_or(0) & 1 == 1)
            .then(|| "https://elsewhere.example/xapi".to_owned());
        let answer = Answer {
            status,
            body: body.clone(),
            location: location.clone(),
        };
        let _ = answer.reason();
        script.push_back((status, body, location));
    }
    *fixture
        .script
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = script;

    let store = &mut fixture.store;
    store
        .conn()
        .execute("DELETE FROM outbox", [])
        .expect("the outbox is emptied");
    let statements = AttemptStatements {
        attempt_id: fixture.attempt,
        learner_id: fixture.learner.clone(),
        statements: ids
            .iter()
            .map(|id| (*id, format!("{{\"id\":\"{id}\"}}")))
            .collect(),
    };
    store
        .queue_statements(&[statements], now())
        .expect("the statements are queued");

    let clock = FixedClock::new(now());
    let batches = Batches {
        first: batch,
        max: batch * 2,
    };
    let result = deliver_pending(
        store,
        &fixture.client,
        &clock,
        batches,
        Duration::ZERO,
        &mut |_, _| true,
    );
    let counts = store.outbox_counts().expect("the outbox counts");
    assert_eq!(counts.pending + counts.sent + counts.rejected, queued);
    match result {
        Ok(tally) => {
            assert_eq!(
                tally.settled(),
                queued,
                "a run that ends well settles every statement"
            );
            assert_eq!(counts.pending, 0);
            assert_eq!(counts.sent, tally.delivered());
            assert_eq!(counts.rejected, tally.rejected);
        }
        Err(error) => {
            for lang in Lang::ALL {
                let _ = error.message().text(lang, &jaga::i18n::NoTitles);
            }
            let _ = error.to_string();
        }
    }
});
