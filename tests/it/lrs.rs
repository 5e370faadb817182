//! Delivery to a real Learning Record Store: Learning Locker's statements service
//! (`xapi-statements`, from npm) running in memory on loopback, started and killed by the
//! tests themselves.
//!
//! How "exactly once" is proven although an in-memory LRS forgets everything when it is
//! killed: the LRS's own answers are the record of its first life. Jaga marks a statement
//! sent only after a 200, so the set the outbox marked sent before the kill is what the
//! first life acknowledged (checked against a GET of that life just before the kill). The
//! second life starts empty; when delivery has finished, its statements must be exactly
//! the rest: disjoint from what the first life acknowledged (nothing acknowledged is sent
//! again), together all of them (nothing lost), each id once. Before the sender comes back,
//! the test posts some pending statements to the second life itself, standing for the
//! window in which an LRS stored a batch but Jaga never saw the answer; those are sent
//! again and must still be there once, which shows that re-sent ids are recognised.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jaga::cli::demo::{self, DemoSize};
use jaga::clock::{FixedClock, SeededEntropy};
use jaga::content::{self, ContentSource, Course};
use jaga::lrs::{self, Backoff, LrsConfig, Sender, SenderOptions, SenderState, Timeouts};
use jaga::store::{AttemptStatements, Store};
use serde_json::Value;
use uuid::Uuid;

use crate::support::t0;

const KEY: &str = "jaga-test-key";
const SECRET: &str = "right-secret-0451";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An HTTP agent for the test's own requests: no proxy, errors as answers.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

fn basic(key: &str, secret: &str) -> String {
    // The test's own base64, so a mistake in Jaga's would not hide in both.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::from("Basic ");
    for chunk in format!("{key}:{secret}").as_bytes().chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(alphabet[(n >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    out
}

/// Who the LRS lets in.
#[derive(Clone, Copy)]
enum Auth {
    /// `AUTH_REPO=test`: any Basic key and secret.
    Anyone,
    /// `AUTH_REPO=fetch` with a client registry that knows only `KEY`/`SECRET`.
    OnlyTheRightSecret,
}

/// A running LRS; killed when dropped.
struct Lrs {
    child: Child,
    registry: Option<Child>,
    port: u16,
    auth: Auth,
    folder: tempfile::TempDir,
}

impl Lrs {
    fn start(auth: Auth) -> Self {
        Self::start_on(free_port(), auth)
    }

    fn start_on(port: u16, auth: Auth) -> Self {
        let package = crate::support::node::lrs_package();
        let folder = tempfile::tempdir().unwrap();
        let log = |name: &str| std::fs::File::create(folder.path().join(name)).unwrap();
        let mut command = Command::new("node");
        command
            .arg(package.join("node_modules/xapi-statements/dist/server.js"))
            .current_dir(folder.path())
            .env("EVENTS_REPO", "test")
            .env("MODELS_REPO", "memory")
            .env("STORAGE_REPO", "memory")
            .env("EXPRESS_PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(log("lrs.log"))
            .stderr(log("lrs.err"));
        let registry = match auth {
            Auth::Anyone => {
                command.env("AUTH_REPO", "test");
                None
            }
            Auth::OnlyTheRightSecret => {
                let registry_port = free_port();
                let child = Command::new("node")
                    .arg(crate::support::node::scripts().join("lrs-client-info.js"))
                    .args([&registry_port.to_string(), KEY, SECRET])
                    .stdin(Stdio::null())
                    .stdout(log("registry.log"))
                    .stderr(log("registry.err"))
                    .spawn()
                    .unwrap();
                wait_for_port(registry_port);
                command.env("AUTH_REPO", "fetch").env(
                    "LL_CLIENT_INFO_ENDPOINT",
                    format!("http://127.0.0.1:{registry_port}/"),
                );
                Some(child)
            }
        };
        let child = command.spawn().unwrap();
        let lrs = Self {
            child,
            registry,
            port,
            auth,
            folder,
        };
        lrs.wait_until_ready();
        lrs
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI", self.port)
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_mins(1);
        let url = format!("{}/about", self.endpoint());
        loop {
            if let Ok(response) = agent().get(&url).call()
                && response.status() == 200
            {
                return;
            }
            let log =
                std::fs::read_to_string(self.folder.path().join("lrs.err")).unwrap_or_default();
            assert!(
                Instant::now() < deadline,
                "the LRS did not start on port {}: {log}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SIGKILL: the LRS dies at once, with whatever it was doing.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Posts statements as another client would.
    fn post(&self, statements: &[Value]) -> u16 {
        agent()
            .post(&format!("{}/statements", self.endpoint()))
            .header("X-Experience-API-Version", "1.0.3")
            .header("Authorization", &basic(KEY, SECRET))
            .header("Content-Type", "application/json")
            .send(serde_json::to_string(statements).unwrap())
            .unwrap()
            .status()
            .as_u16()
    }

    /// Every statement the LRS holds, in one page: this LRS's `more` cursor compares
    /// its random internal ids, so paging skips and repeats statements (seen under load),
    /// while it sets no upper bound on `limit`. `more` is still followed if it comes.
    fn statements(&self) -> Vec<Value> {
        let mut url = format!("{}/statements?limit=1000000", self.endpoint());
        let mut all = Vec::new();
        loop {
            let mut response = agent()
                .get(&url)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Authorization", &basic(KEY, SECRET))
                .call()
                .unwrap();
            assert_eq!(response.status(), 200, "GET {url}");
            let page: Value =
                serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
            all.extend(page["statements"].as_array().unwrap().iter().cloned());
            match page["more"].as_str() {
                Some(more) if !more.is_empty() => {
                    url = format!("http://127.0.0.1:{}{more}", self.port);
                }
                _ => return all,
            }
        }
    }

    /// How many of `ids` the LRS holds, asked one by one (`GET ?statementId=`): unlike
    /// paging through the list, which under load can skip or repeat statements stored
    /// in the same millisecond, this counts each exactly once.
    fn holds(&self, ids: &[Uuid]) -> usize {
        let agent = agent();
        ids.iter()
            .filter(|id| {
                agent
                    .get(&format!("{}/statements?statementId={id}", self.endpoint()))
                    .header("X-Experience-API-Version", "1.0.3")
                    .header("Authorization", &basic(KEY, SECRET))
                    .call()
                    .is_ok_and(|response| response.status() == 200)
            })
            .count()
    }

    fn ids(&self) -> Vec<Uuid> {
        self.statements()
            .iter()
            .map(|s| s["id"].as_str().unwrap().parse().unwrap())
            .collect()
    }
}

impl Drop for Lrs {
    fn drop(&mut self) {
        self.kill();
        if let Some(registry) = &mut self.registry {
            let _ = registry.kill();
            let _ = registry.wait();
        }
        let _ = self.auth;
    }
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn course() -> Course {
    content::load(&ContentSource::Bundled).unwrap().course
}

/// A data folder with `learners` made-up learners and their results (delivery off).
fn demo_folder(learners: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), t0()).unwrap();
    demo::fill(
        &mut store,
        &course(),
        DemoSize::learners(learners, 11, 11),
        t0(),
    )
    .unwrap();
    dir
}

fn jaga(data: &Path, args: &[&str]) -> Output {
    jaga_with(data, args, &[])
}

fn jaga_with(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = crate::support::jaga_command();
    command.arg("--data").arg(data).args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn configure(data: &Path, endpoint: &str, secret: &str) {
    let output = jaga(
        data,
        &[
            "lrs",
            "configure",
            "--endpoint",
            endpoint,
            "--key",
            KEY,
            "--secret",
            secret,
            "--home-page",
            "https://hr.example.org",
        ],
    );
    assert_eq!(code(&output), 0, "{:?}", text(&output));
}

/// The outbox as `id → (statement, sent)`, read through a second connection: graded
/// attempts' statements and refresher answers' together, as the sender delivers them.
fn outbox(data: &Path) -> HashMap<Uuid, (Value, bool)> {
    let store = Store::open_existing(data).unwrap();
    let mut all = store.outbox_statements().unwrap();
    all.extend(store.refresher_outbox_statements().unwrap());
    all.into_iter()
        .map(|(id, json, sent)| (id, (serde_json::from_str(&json).unwrap(), sent)))
        .collect()
}

fn sent_ids(data: &Path) -> HashSet<Uuid> {
    outbox(data)
        .into_iter()
        .filter(|(_, (_, sent))| *sent)
        .map(|(id, _)| id)
        .collect()
}

/// What the LRS adds or rewrites when it stores a statement, removed for comparing.
fn as_sent(statement: &Value) -> Value {
    let mut statement = statement.clone();
    let object = statement.as_object_mut().unwrap();
    for added in ["stored", "authority", "version"] {
        object.remove(added);
    }
    statement
}

fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn push_delivers_every_statement_and_the_lrs_gives_each_back_once_unchanged() {
    if !crate::support::node::node_present(
        "push_delivers_every_statement_and_the_lrs_gives_each_back_once_unchanged",
    ) {
        return;
    }
    let lrs = Lrs::start(Auth::Anyone);
    let data = demo_folder(6);
    configure(data.path(), &lrs.endpoint(), SECRET);
    let queued = outbox(data.path());
    assert!(
        queued.len() > 300,
        "only {} statements queued",
        queued.len()
    );

    let output = jaga(data.path(), &["push"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("delivered {} statements", queued.len())),
        "{stdout}"
    );
    assert!(stdout.contains("0 waiting, 0 rejected"), "{stdout}");

    assert_eq!(sent_ids(data.path()).len(), queued.len());
    let at_lrs = lrs.statements();
    assert_eq!(
        at_lrs.len(),
        queued.len(),
        "the LRS holds a different number"
    );
    let mut seen = HashSet::new();
    for statement in &at_lrs {
        let id: Uuid = statement["id"].as_str().unwrap().parse().unwrap();
        assert!(seen.insert(id), "{id} is at the LRS twice");
        let (ours, _) = &queued[&id];
        assert_eq!(as_sent(statement), as_sent(ours), "the LRS changed {id}");
        assert_eq!(statement["version"], "1.0.3");
    }

    let again = jaga(data.path(), &["push"]);
    let (stdout, stderr) = text(&again);
    assert_eq!(code(&again), 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("nothing to send"), "{stdout}");
    assert_eq!(
        lrs.statements().len(),
        queued.len(),
        "a second push sent duplicates"
    );

    let status = jaga(data.path(), &["lrs", "status"]);
    let (stdout, _) = text(&status);
    assert!(stdout.contains("LRS delivery: on"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "0 waiting, {} delivered, 0 rejected",
            queued.len()
        )),
        "{stdout}"
    );
}

#[test]
fn an_lrs_killed_mid_push_and_restarted_gets_every_statement_exactly_once() {
    if !crate::support::node::node_present(
        "an_lrs_killed_mid_push_and_restarted_gets_every_statement_exactly_once",
    ) {
        return;
    }
    let mut first_life = Lrs::start(Auth::Anyone);
    let port = first_life.port;
    let data = demo_folder(12);
    let course = Arc::new(course());
    {
        let mut store = Store::open_existing(data.path()).unwrap();
        let config = LrsConfig {
            endpoint: first_life.endpoint(),
            key: Some(KEY.to_owned()),
            secret: Some(SECRET.to_owned()),
            home_page: Some("https://hr.example.org".to_owned()),
            activity_base: None,
        };
        lrs::configure(&mut store, &config, &course, t0()).unwrap();
    }
    let all: HashSet<Uuid> = outbox(data.path()).into_keys().collect();
    let total = all.len();
    assert!(total > 1000, "only {total} statements");

    // The sender's waits are measured on a clock that stands still: after a failure it
    // waits for the test, never for real time.
    let clock = Arc::new(FixedClock::new(t0()));
    let options = || SenderOptions {
        batches: lrs::Batches::fixed(4),
        backoff: Backoff {
            first: Duration::from_mins(1),
            max: Duration::from_mins(10),
        },
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_secs(10),
        },
        clock: clock.clone(),
        entropy: Box::new(SeededEntropy::new(5)),
        ..SenderOptions::new(data.path().to_owned(), Arc::clone(&course))
    };
    let sender = Sender::spawn(options()).unwrap();
    wait_until("a fifth is delivered", Duration::from_mins(2), || {
        sender.status().counts.sent >= total / 5
    });

    // What the first life acknowledged so far, and what it holds: acknowledged ⇒ stored.
    let acknowledged_before = sent_ids(data.path());
    let held = first_life.ids();
    let held_set: HashSet<Uuid> = held.iter().copied().collect();
    assert_eq!(
        held.len(),
        held_set.len(),
        "the first life holds an id twice"
    );
    assert!(
        acknowledged_before.is_subset(&held_set),
        "Jaga marked statements sent that the LRS does not have"
    );

    first_life.kill();
    wait_until("the sender notices", Duration::from_secs(30), || {
        matches!(sender.status().state, SenderState::Retrying { .. })
    });
    let status = sender.status();
    assert_eq!(
        status.last_error.as_ref().map(|m| m.key),
        Some("error-lrs-network"),
        "{status:?}"
    );
    let said = status
        .last_error
        .as_ref()
        .map(|m| m.text(jaga::i18n::Lang::En, &jaga::i18n::NoTitles))
        .unwrap_or_default();
    assert!(said.contains("cannot be reached"), "{said}");
    // Jaga itself stops and starts again later, as when the window is closed and reopened.
    sender.shutdown();
    let acknowledged_by_first = sent_ids(data.path());
    assert!(
        acknowledged_by_first.len() < total,
        "the push was over before the LRS was killed"
    );
    assert!(acknowledged_before.is_subset(&acknowledged_by_first));

    let second_life = Lrs::start_on(port, Auth::Anyone);
    // Stored by the LRS, answer lost: these are pending at Jaga but already at the LRS.
    let queue = outbox(data.path());
    let mut pending: Vec<(&Uuid, &Value)> = queue
        .iter()
        .filter(|(_, (_, sent))| !sent)
        .map(|(id, (statement, _))| (id, statement))
        .collect();
    pending.sort_by_key(|(id, _)| **id);
    let lost_answers: Vec<Value> = pending.iter().take(20).map(|(_, s)| (*s).clone()).collect();
    assert_eq!(second_life.post(&lost_answers), 200);

    let sender = Sender::spawn(options()).unwrap();
    wait_until("everything is delivered", Duration::from_mins(3), || {
        let status = sender.status();
        status.counts.pending == 0 && status.state == SenderState::Idle
    });
    let status = sender.status();
    sender.shutdown();
    assert_eq!(status.counts.sent, total, "{status:?}");
    assert_eq!(status.counts.rejected, 0, "{status:?}");

    let second: Vec<Uuid> = second_life.ids();
    let second_set: HashSet<Uuid> = second.iter().copied().collect();
    assert_eq!(
        second.len(),
        second_set.len(),
        "the second life holds an id twice"
    );
    assert!(
        second_set.is_disjoint(&acknowledged_by_first),
        "statements the first life acknowledged were sent again"
    );
    let union: HashSet<Uuid> = second_set.union(&acknowledged_by_first).copied().collect();
    assert_eq!(union, all, "statements were lost");
    assert_eq!(acknowledged_by_first.len() + second.len(), total);
    eprintln!(
        "{total} statements: the first life acknowledged {} ({} checked against its GET), the second holds {} ({} of them posted before Jaga re-sent them)",
        acknowledged_by_first.len(),
        acknowledged_before.len(),
        second.len(),
        lost_answers.len()
    );
    for statement in &lost_answers {
        let id: Uuid = statement["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(second.iter().filter(|s| **s == id).count(), 1);
    }
}

#[test]
fn a_push_killed_midway_resumes_without_losing_or_repeating_a_statement() {
    if !crate::support::node::node_present(
        "a_push_killed_midway_resumes_without_losing_or_repeating_a_statement",
    ) {
        return;
    }
    let lrs = Lrs::start(Auth::Anyone);
    let data = demo_folder(6);
    configure(data.path(), &lrs.endpoint(), SECRET);
    let total = outbox(data.path()).len();

    let mut push = crate::support::jaga_command()
        .arg("--data")
        .arg(data.path())
        .args(["push", "--batch-size", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until("the push has sent some", Duration::from_mins(1), || {
        !sent_ids(data.path()).is_empty()
    });
    push.kill().unwrap();
    push.wait().unwrap();
    let before = sent_ids(data.path()).len();
    assert!(before < total, "the push was over before it was killed");

    let output = jaga(data.path(), &["push"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    let ids = lrs.ids();
    let set: HashSet<Uuid> = ids.iter().copied().collect();
    assert_eq!(ids.len(), set.len(), "an id is at the LRS twice");
    let all: HashSet<Uuid> = outbox(data.path()).into_keys().collect();
    assert_eq!(set, all);
    assert_eq!(sent_ids(data.path()).len(), total);
}

#[test]
fn a_wrong_secret_gets_a_clear_error_and_nothing_is_marked_sent() {
    if !crate::support::node::node_present(
        "a_wrong_secret_gets_a_clear_error_and_nothing_is_marked_sent",
    ) {
        return;
    }
    let lrs = Lrs::start(Auth::OnlyTheRightSecret);
    let data = demo_folder(2);
    configure(data.path(), &lrs.endpoint(), "wrong-secret-9981");
    let total = outbox(data.path()).len();

    let output = jaga(data.path(), &["push"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "the LRS at {} refused the key and secret (HTTP 401",
            lrs.endpoint()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("jaga lrs configure"), "{stderr}");
    assert!(!stderr.contains("wrong-secret-9981") && !stdout.contains("wrong-secret-9981"));
    assert!(sent_ids(data.path()).is_empty());
    assert!(lrs.ids().is_empty());
    let status = jaga(data.path(), &["lrs", "status"]);
    let (stdout, _) = text(&status);
    assert!(stdout.contains("refused the key and secret"), "{stdout}");
    assert!(
        stdout.contains(&format!("{total} waiting, 0 delivered")),
        "{stdout}"
    );

    // The right secret from the environment is honoured, and everything arrives.
    let output = jaga_with(data.path(), &["push"], &[("JAGA_LRS_SECRET", SECRET)]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    assert_eq!(lrs.ids().len(), total);
}

#[test]
fn a_statement_the_lrs_refuses_is_set_aside_and_a_conflict_counts_as_delivered() {
    if !crate::support::node::node_present(
        "a_statement_the_lrs_refuses_is_set_aside_and_a_conflict_counts_as_delivered",
    ) {
        return;
    }
    let lrs = Lrs::start(Auth::Anyone);
    let data = demo_folder(2);
    configure(data.path(), &lrs.endpoint(), SECRET);
    let queue = outbox(data.path());
    let total = queue.len();
    // One statement the LRS already has with other content (409), and one it cannot
    // accept (400), queued among the others.
    let (attempt_id, learner_id) = {
        let store = Store::open_existing(data.path()).unwrap();
        let learner = store.learners().unwrap().remove(0);
        let attempt = store.attempts(&learner.id).unwrap().remove(0);
        (attempt.id, learner.id)
    };
    let (conflict_id, (conflict, _)) = queue.iter().next().map(|(k, v)| (*k, v.clone())).unwrap();
    let mut other = conflict.clone();
    other["timestamp"] = "2020-01-01T00:00:00.000Z".into();
    assert_eq!(lrs.post(&[other]), 200);
    let bad_id = Uuid::new_v4();
    let bad = serde_json::json!({
        "id": bad_id.to_string(),
        "actor": { "objectType": "Agent" },
        "verb": { "id": "http://adlnet.gov/expapi/verbs/answered" },
        "object": { "id": "https://hr.example.org/xapi/modules/x" },
    });
    {
        let mut store = Store::open_existing(data.path()).unwrap();
        store
            .queue_statements(
                &[AttemptStatements {
                    attempt_id,
                    learner_id,
                    statements: vec![(bad_id, bad.to_string())],
                }],
                t0(),
            )
            .unwrap();
    }

    let output = jaga(data.path(), &["push", "--batch-size", "25"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("(1 of them the LRS already had)"),
        "{stdout}"
    );
    assert!(stdout.contains("0 waiting, 1 rejected"), "{stdout}");
    assert!(stderr.contains("refused by the LRS (HTTP 400)"), "{stderr}");
    assert!(stderr.contains("--retry-rejected"), "{stderr}");
    let sent = sent_ids(data.path());
    assert_eq!(sent.len(), total);
    assert!(sent.contains(&conflict_id) && !sent.contains(&bad_id));
    assert_eq!(lrs.ids().len(), total, "the LRS holds the others once each");

    let retry = jaga(data.path(), &["push", "--retry-rejected"]);
    let (stdout, stderr) = text(&retry);
    assert_eq!(code(&retry), 1, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("1 statements rejected earlier are queued again"),
        "{stderr}"
    );
    assert!(stdout.contains("0 waiting, 1 rejected"), "{stdout}");
}

#[test]
fn an_address_that_is_not_an_lrs_is_never_taken_for_one() {
    if !crate::support::node::node_present("an_address_that_is_not_an_lrs_is_never_taken_for_one") {
        return;
    }
    // A login page that answers 200 to anything, and a server that moved.
    let port = free_port();
    let script = format!(
        "require('http').createServer((q, r) => {{ if (q.url.startsWith('/moved')) {{ r.writeHead(301, {{ Location: 'https://elsewhere.example/xapi/statements' }}); r.end(); }} else {{ r.writeHead(200, {{ 'Content-Type': 'text/html' }}); r.end('<html>Please sign in</html>'); }} }}).listen({port}, '127.0.0.1')"
    );
    let mut server = Command::new("node")
        .args(["-e", &script])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(port);
    let data = demo_folder(1);
    configure(
        data.path(),
        &format!("http://127.0.0.1:{port}/portal"),
        SECRET,
    );

    let output = jaga(data.path(), &["push", "--tries", "1"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(stderr.contains("did not answer as an LRS"), "{stderr}");
    assert!(sent_ids(data.path()).is_empty());

    let moved = format!("http://127.0.0.1:{port}/moved");
    let output = jaga_with(data.path(), &["push"], &[("JAGA_LRS_ENDPOINT", &moved)]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("redirects (HTTP 301) to https://elsewhere.example/xapi/statements"),
        "{stderr}"
    );
    assert!(sent_ids(data.path()).is_empty());
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn delivery_is_off_until_a_manager_configures_it() {
    let data = demo_folder(2);
    let output = jaga(data.path(), &["push"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("LRS delivery is not set up"), "{stderr}");
    let (stdout, _) = text(&jaga(data.path(), &["lrs", "status"]));
    assert!(
        stdout.contains("LRS delivery: off (not configured)"),
        "{stdout}"
    );
    assert!(
        outbox(data.path()).is_empty(),
        "statements were queued while off"
    );
    assert!(!data.path().join("lrs-credentials.json").exists());

    // The window's sender stays off and sends nothing.
    let sender = Sender::spawn(SenderOptions {
        idle_poll: Duration::from_millis(50),
        ..SenderOptions::new(data.path().to_owned(), Arc::new(course()))
    })
    .unwrap();
    wait_until("the sender has looked", Duration::from_secs(20), || {
        sender.status().state == SenderState::Off
    });
    sender.shutdown();
    assert!(outbox(data.path()).is_empty());

    // Finishing an attempt queues nothing while delivery is off.
    let store = Store::open_existing(data.path()).unwrap();
    let learner = store.learners().unwrap().remove(0);
    let course = course();
    let module = &course.modules[0];
    let attempt = jaga::engine::Attempt::start(
        module,
        Uuid::new_v4(),
        1,
        "id",
        jaga::engine::Mode::Graded,
        t0(),
    );
    let outcome = attempt.outcome(module);
    assert!(lrs::statements_for_finish(&store, &learner.id, &attempt, module, &outcome).is_empty());
}

#[test]
fn turning_delivery_on_queues_earlier_attempts_once_and_off_queues_nothing() {
    let data = demo_folder(3);
    let endpoint = "https://lrs.example.org/xapi";
    configure(data.path(), endpoint, SECRET);
    let first = outbox(data.path()).len();
    assert!(first > 0);
    let store = Store::open_existing(data.path()).unwrap();
    assert_eq!(store.count_attempts_without_statements().unwrap(), 0);
    drop(store);

    // Configuring again queues nothing new.
    configure(data.path(), endpoint, SECRET);
    assert_eq!(outbox(data.path()).len(), first);

    // Off: a finished attempt queues nothing; on again: it is queued then, once.
    let (stdout, _) = text(&jaga(data.path(), &["lrs", "off"]));
    assert!(stdout.contains("LRS delivery is off"), "{stdout}");
    let course = course();
    let mut store = Store::open_existing(data.path()).unwrap();
    let learner = store.learners().unwrap().remove(0);
    let (module, attempt) = {
        let module = course.modules[1].clone();
        let mut attempt = jaga::engine::Attempt::start(
            &module,
            Uuid::new_v4(),
            3,
            "en",
            jaga::engine::Mode::Graded,
            t0(),
        );
        crate::support::answer_all(&module, &mut attempt, false);
        attempt.finish(&module, t0()).unwrap();
        (module, attempt)
    };
    let outcome = attempt.outcome(&module);
    let statements = lrs::statements_for_finish(&store, &learner.id, &attempt, &module, &outcome);
    assert!(statements.is_empty());
    store
        .record_finished(&learner.id, &attempt, &module, &outcome, &statements, t0())
        .unwrap();
    drop(store);
    assert_eq!(outbox(data.path()).len(), first);

    let on = jaga(data.path(), &["lrs", "on"]);
    let (stdout, stderr) = text(&on);
    assert_eq!(code(&on), 0, "{stdout}\n{stderr}");
    let added = outbox(data.path()).len() - first;
    assert!(added > 2, "{stdout}");
    assert!(
        stdout.contains(&format!("queued {added} statements about 1 attempts")),
        "{stdout}"
    );

    // While on, finishing queues the statements with the attempt, in the same write.
    let mut store = Store::open_existing(data.path()).unwrap();
    let mut again = attempt.clone();
    again.id = Uuid::new_v4();
    let statements = lrs::statements_for_finish(&store, &learner.id, &again, &module, &outcome);
    assert_eq!(statements.len(), added);
    store
        .record_finished(&learner.id, &again, &module, &outcome, &statements, t0())
        .unwrap();
    assert_eq!(outbox(data.path()).len(), first + 2 * added);

    // Off for good: the key, the secret and the unsent statements go.
    let output = jaga(data.path(), &["lrs", "off", "--forget"]);
    let (stdout, _) = text(&output);
    assert!(stdout.contains("were deleted"), "{stdout}");
    assert!(!data.path().join("lrs-credentials.json").exists());
    assert!(outbox(data.path()).is_empty());
    let (stdout, _) = text(&jaga(data.path(), &["lrs", "status"]));
    assert!(stdout.contains("off (not configured)"), "{stdout}");
}

#[test]
fn the_secret_is_kept_owner_only_and_appears_nowhere_else() {
    let data = demo_folder(2);
    let secret = "s3cret-never-shown-7731";
    configure(data.path(), "https://lrs.example.org/xapi", secret);
    let file = data.path().join("lrs-credentials.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "credentials file mode {mode:o}");
    }
    assert!(std::fs::read_to_string(&file).unwrap().contains(secret));

    let mut everywhere: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path != file {
            everywhere.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    let status = jaga(data.path(), &["lrs", "status"]);
    everywhere.push(("lrs status".to_owned(), status.stdout.clone()));
    everywhere.push(("lrs status stderr".to_owned(), status.stderr.clone()));
    for command in [&["push", "--help"][..], &["lrs", "configure", "--help"][..]] {
        let help = jaga_with(data.path(), command, &[("JAGA_LRS_SECRET", secret)]);
        everywhere.push((format!("{command:?}"), help.stdout));
    }
    let store = Store::open_existing(data.path()).unwrap();
    for learner in store.learners().unwrap() {
        let export = store.export_learner(&learner.id, t0()).unwrap();
        everywhere.push((
            format!("learner export of {}", learner.employee_id),
            serde_json::to_vec(&export).unwrap(),
        ));
    }
    let course = course();
    let data_set = jaga::report::Dataset::load(&store).unwrap();
    let rows = jaga::report::completions(&course, &data_set, "en", t0());
    let config = jaga::report::xapi::XapiConfig::new("https://hr.example.org", None).unwrap();
    everywhere.push((
        "xapi export".to_owned(),
        jaga::report::xapi::export_document(
            &store,
            &course,
            &rows.iter().collect::<Vec<_>>(),
            &config,
        )
        .unwrap(),
    ));
    for (what, bytes) in &everywhere {
        let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found, "the secret is in {what}");
    }
    let (stdout, _) = text(&status);
    assert!(
        stdout.contains("jaga… (secret stored owner-only"),
        "{stdout}"
    );

    // A credentials file others can read is refused, not used.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let output = jaga(data.path(), &["push"]);
        let (stdout, stderr) = text(&output);
        assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
        assert!(
            stderr.contains("can be read by other users (mode 644)"),
            "{stderr}"
        );
    }
}

#[test]
fn an_export_gives_the_same_statements_the_outbox_delivers() {
    let data = demo_folder(3);
    configure(data.path(), "https://lrs.example.org/xapi", SECRET);
    let store = Store::open_existing(data.path()).unwrap();
    let course = course();
    let data_set = jaga::report::Dataset::load(&store).unwrap();
    let rows = jaga::report::completions(&course, &data_set, "id", t0());
    let config = lrs::export_config(&store).unwrap();
    assert_eq!(config.home_page(), "https://hr.example.org");
    let document = jaga::report::xapi::export_document(
        &store,
        &course,
        &rows.iter().collect::<Vec<_>>(),
        &config,
    )
    .unwrap();
    let exported: Vec<Value> = serde_json::from_slice(&document).unwrap();
    let queued = outbox(data.path());
    assert_eq!(exported.len(), queued.len());
    for statement in &exported {
        let id: Uuid = statement["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            statement, &queued[&id].0,
            "{id} differs between export and outbox"
        );
    }
}

#[test]
fn results_imported_from_a_bundle_reach_the_lrs_once_as_their_own_machine_would_send_them() {
    if !crate::support::node::node_present(
        "results_imported_from_a_bundle_reach_the_lrs_once_as_their_own_machine_would_send_them",
    ) {
        return;
    }
    let lrs = Lrs::start(Auth::Anyone);
    // A laptop that never reaches the LRS; its results travel as a bundle.
    let laptop = demo_folder(3);
    let file = laptop.path().join("results.json");
    let output = jaga(laptop.path(), &["bundle", "--out", file.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{:?}", text(&output));

    // The manager's machine delivers to the LRS and imports the bundle.
    let manager = tempfile::tempdir().unwrap();
    configure(manager.path(), &lrs.endpoint(), SECRET);
    assert!(outbox(manager.path()).is_empty());
    let output = jaga(manager.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{:?}", text(&output));
    let output = jaga(manager.path(), &["push"]);
    assert_eq!(code(&output), 0, "{:?}", text(&output));
    let relayed = lrs.statements();
    assert!(relayed.len() > 100, "only {} arrived", relayed.len());

    // The same statements, ids and all, as the laptop builds for its own outbox once it is
    // pointed at the LRS; so when it later sends them itself, the LRS keeps one copy each.
    configure(laptop.path(), &lrs.endpoint(), SECRET);
    let own = outbox(laptop.path());
    assert_eq!(own.len(), relayed.len());
    for statement in &relayed {
        let id: Uuid = statement["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(as_sent(statement), as_sent(&own[&id].0), "{id} differs");
    }
    let output = jaga(laptop.path(), &["push"]);
    assert_eq!(code(&output), 0, "{:?}", text(&output));
    assert_eq!(sent_ids(laptop.path()).len(), own.len());
    assert_eq!(
        lrs.ids().len(),
        relayed.len(),
        "the laptop's push made duplicates"
    );
}

#[test]
fn a_refresher_answer_recorded_with_delivery_on_reaches_the_lrs_marked_as_a_refresher() {
    if !crate::support::node::node_present(
        "a_refresher_answer_recorded_with_delivery_on_reaches_the_lrs_marked_as_a_refresher",
    ) {
        return;
    }
    let lrs = Lrs::start(Auth::Anyone);
    let data = demo_folder(3);
    configure(data.path(), &lrs.endpoint(), SECRET);
    let course = course();
    let mut store = Store::open_existing(data.path()).unwrap();
    let who = store
        .learners()
        .unwrap()
        .into_iter()
        .find(|l| !store.review_items(&l.id).unwrap().is_empty())
        .expect("a demo learner with questions to review");
    let before = store.refresher_outbox_statements().unwrap().len();
    let later = t0() + chrono::Duration::days(60);
    let moved = crate::refreshers::take_refresher(&mut store, &course, &who.id, later, true);
    assert!(!moved.is_empty(), "nothing was due");
    let queued = store.refresher_outbox_statements().unwrap();
    assert_eq!(
        queued.len(),
        before + moved.len(),
        "queued with the answers"
    );
    let run = store
        .refreshers(&who.id)
        .unwrap()
        .into_iter()
        .find(|r| r.started == later)
        .unwrap();
    drop(store);

    let output = jaga(data.path(), &["push"]);
    assert_eq!(code(&output), 0, "{:?}", text(&output));
    let at_lrs = lrs.statements();
    let queued: HashMap<Uuid, Value> = queued
        .into_iter()
        .map(|(id, json, _)| (id, serde_json::from_str(&json).unwrap()))
        .collect();
    let extension = "https://hr.example.org/xapi/extensions/refresher";
    let ours: Vec<&Value> = at_lrs
        .iter()
        .filter(|s| s["context"]["registration"] == run.id.to_string())
        .collect();
    assert_eq!(ours.len(), run.answers.len());
    for statement in ours {
        let id: Uuid = statement["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            as_sent(statement),
            as_sent(&queued[&id]),
            "the LRS changed {id}"
        );
        assert_eq!(
            statement["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/answered"
        );
        let marked = &statement["context"]["extensions"][extension];
        assert_eq!(marked["recall"], "recalled", "{statement}");
        assert!(marked["position"].is_u64(), "{statement}");
    }
    // Every refresher statement reached the LRS once, marked; no graded one is marked.
    let marked = at_lrs
        .iter()
        .filter(|s| s["context"]["extensions"].get(extension).is_some())
        .count();
    assert_eq!(marked, queued.len());
    assert!(sent_ids(data.path()).is_superset(&queued.keys().copied().collect()));
}

#[test]
fn turning_delivery_off_stops_the_window_sender_after_the_batch_in_hand() {
    if !crate::support::node::node_present(
        "turning_delivery_off_stops_the_window_sender_after_the_batch_in_hand",
    ) {
        return;
    }
    let lrs = Lrs::start(Auth::Anyone);
    let data = demo_folder(6);
    configure(data.path(), &lrs.endpoint(), SECRET);
    let all: Vec<Uuid> = outbox(data.path()).into_keys().collect();
    let total = all.len();
    let sender = Sender::spawn(SenderOptions {
        batches: lrs::Batches::fixed(1),
        idle_poll: Duration::from_millis(100),
        ..SenderOptions::new(data.path().to_owned(), Arc::new(course()))
    })
    .unwrap();
    wait_until("some are delivered", Duration::from_mins(1), || {
        sender.status().counts.sent > 0
    });
    // Another process (a manager's `jaga lrs off`) turns delivery off.
    let off = jaga(data.path(), &["lrs", "off"]);
    assert_eq!(code(&off), 0, "{:?}", text(&off));
    wait_until("the sender is off", Duration::from_secs(30), || {
        sender.status().state == SenderState::Off
    });
    let delivered = lrs.holds(&all);
    let rounds = sender.status().rounds;
    wait_until(
        "the sender has looked twice more",
        Duration::from_secs(30),
        || {
            let status = sender.status();
            status.rounds >= rounds + 2 && status.state == SenderState::Off
        },
    );
    assert_eq!(
        lrs.holds(&all),
        delivered,
        "statements were sent after turning off"
    );
    assert!(delivered < total, "everything was sent before turning off");
    assert_eq!(sent_ids(data.path()).len(), delivered);

    // On again: the window is told (reload) and sends the rest.
    let on = jaga(data.path(), &["lrs", "on"]);
    assert_eq!(code(&on), 0, "{:?}", text(&on));
    sender.reload();
    // The store says when every statement is delivered (the sender's own counts may
    // still be those of before the reload for a moment).
    wait_until("the rest is delivered", Duration::from_mins(2), || {
        sent_ids(data.path()).len() == total
    });
    sender.shutdown();
    assert_eq!(lrs.holds(&all), total);
}

/// A fake server on a free port, from a Node.js request handler `(q, r) => …`.
fn fake_server(handler: &str) -> (Child, u16) {
    let port = free_port();
    let script = format!("require('http').createServer({handler}).listen({port}, '127.0.0.1')");
    let server = Command::new("node")
        .args(["-e", &script])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(port);
    (server, port)
}

#[test]
fn a_proxy_answering_200_with_no_ids_gets_nothing_counted_as_delivered() {
    if !crate::support::node::node_present(
        "a_proxy_answering_200_with_no_ids_gets_nothing_counted_as_delivered",
    ) {
        return;
    }
    // POST: `200 []`; GET ?statementId=: a page that is not the statement.
    let (mut server, port) = fake_server(
        "(q, r) => { q.resume(); q.on('end', () => { if (q.method === 'POST') { r.writeHead(200, { 'Content-Type': 'application/json' }); r.end('[]'); } else { r.writeHead(200, { 'Content-Type': 'text/html' }); r.end('<html>ok</html>'); } }); }",
    );
    let data = demo_folder(1);
    configure(
        data.path(),
        &format!("http://127.0.0.1:{port}/xapi"),
        SECRET,
    );
    let queued = outbox(data.path()).len();
    assert!(queued > 0);

    let output = jaga(data.path(), &["push", "--tries", "1"]);
    let (stdout, stderr) = text(&output);
    assert_ne!(code(&output), 0, "{stdout}\n{stderr}");
    assert!(stderr.contains("did not confirm"), "{stderr}");
    assert!(
        sent_ids(data.path()).is_empty(),
        "nothing the LRS did not confirm is counted as delivered"
    );
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn a_server_refusing_every_post_gets_each_statement_recorded_as_rejected_not_sent() {
    if !crate::support::node::node_present(
        "a_server_refusing_every_post_gets_each_statement_recorded_as_rejected_not_sent",
    ) {
        return;
    }
    // POST: 400; GET ?statementId=: an HTML 200 that is not the statement.
    let (mut server, port) = fake_server(
        "(q, r) => { q.resume(); q.on('end', () => { if (q.method === 'POST') { r.writeHead(400, { 'Content-Type': 'text/plain' }); r.end('bad'); } else { r.writeHead(200, { 'Content-Type': 'text/html' }); r.end('<html>ok</html>'); } }); }",
    );
    let data = demo_folder(1);
    configure(
        data.path(),
        &format!("http://127.0.0.1:{port}/xapi"),
        SECRET,
    );
    let queued = outbox(data.path()).len();

    let output = jaga(data.path(), &["push", "--tries", "1"]);
    let (stdout, stderr) = text(&output);
    assert!(sent_ids(data.path()).is_empty(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("0 waiting, {queued} rejected")),
        "every statement is set aside as refused: {stdout}\n{stderr}"
    );
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn an_lrs_error_body_with_escape_sequences_reaches_the_terminal_without_them() {
    if !crate::support::node::node_present(
        "an_lrs_error_body_with_escape_sequences_reaches_the_terminal_without_them",
    ) {
        return;
    }
    // POST: 500 with a JSON message that would retitle the window and clear the screen.
    let (mut server, port) = fake_server(
        "(q, r) => { q.resume(); q.on('end', () => { r.writeHead(500, { 'Content-Type': 'application/json' }); r.end(JSON.stringify({ message: '\\u001b]0;owned\\u0007\\u001b[2Jserver broke' })); }); }",
    );
    let data = demo_folder(1);
    configure(
        data.path(),
        &format!("http://127.0.0.1:{port}/xapi"),
        SECRET,
    );
    let output = jaga(data.path(), &["push", "--tries", "1"]);
    let (stdout, stderr) = text(&output);
    assert_ne!(code(&output), 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("server broke"),
        "the server's words are shown: {stderr}"
    );
    assert!(
        !output.stdout.contains(&0x1b) && !output.stderr.contains(&0x1b),
        "an escape byte reached the terminal: {stderr:?}"
    );
    let _ = server.kill();
    let _ = server.wait();
}
