//! Bitbucket OAuth end to end: the real driver through unixODBC against the
//! fake Bitbucket and the fake OAuth server, whose refresh tokens rotate (each
//! refresh spends the old one, as Bitbucket's do). Sign-in with the browser
//! stand-in, renewal mid-scan, two connections sharing a store, and 4
//! processes × 20 threads renewing one expired token.
//!
//! A test binary of its own: `$BROWSER` is process-wide.
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use apiodbc_tests::oauth::{
    CLIENT_ID, CLIENT_SECRET, ClientAuth, browser_script, free_callback_url,
};
use apiodbc_tests::odbc::{self, connect, query_text};
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig, FakeOAuth};
use odbc_api::Cursor;
use odbc_api::buffers::TextRowSet;

/// Points `$BROWSER` at the stand-in before any test of this binary starts
/// a thread of its own (every test calls this first; the others wait).
fn use_stand_in_browser() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test of this binary calls this before it starts
        // threads or reads the environment, and `Once` makes the others wait.
        unsafe { std::env::set_var("BROWSER", browser_script()) };
    });
}

/// A fresh private directory for one test's token store.
fn store_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "apiodbc-bb-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fake Bitbucket with `commits` per repository, and a fake OAuth server
/// whose access tokens it accepts.
fn servers(commits: usize) -> (FakeBitbucket, FakeOAuth) {
    use_stand_in_browser();
    let bitbucket = FakeBitbucket::start(FakeBitbucketConfig {
        commits,
        ..FakeBitbucketConfig::default()
    });
    let oauth = FakeOAuth::start(bitbucket.accepted_tokens());
    (bitbucket, oauth)
}

/// `AuthScheme=OAuth` for Bitbucket with the given mode and store; the
/// authorization and token URLs point at the fake.
fn connection_string(
    bitbucket_url: &str,
    oauth: (&str, &str),
    mode: &str,
    store: &Path,
    extra: &str,
) -> String {
    format!(
        "Driver={{{}}};Provider=bitbucket;BaseURL={bitbucket_url};Workspace=acme;AuthScheme=OAuth;\
         InitiateOAuth={mode};OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};\
         OAuthAuthorizationURL={};OAuthAccessTokenURL={};OAuthSettingsLocation={}{extra}",
        odbc::driver_path().display(),
        oauth.0,
        oauth.1,
        store.display(),
    )
}

fn urls(oauth: &FakeOAuth) -> (String, String) {
    (oauth.authorize_url(), oauth.token_url())
}

/// The commit hashes of `widgets`, one row at a time; `between` runs after
/// the first row has reached the client.
fn commit_hashes(conn: &odbc_api::Connection<'_>, between: impl FnOnce()) -> Vec<String> {
    let mut cursor = conn
        .execute("SELECT hash FROM widgets.commits", (), None)
        .unwrap()
        .unwrap();
    let buffer = TextRowSet::for_cursor(1, &mut cursor, Some(64)).unwrap();
    let mut block = cursor.bind_buffer(buffer).unwrap();
    let mut hashes = Vec::new();
    let mut between = Some(between);
    while let Some(batch) = block.fetch().unwrap() {
        hashes.push(String::from_utf8(batch.at(0, 0).unwrap().to_vec()).unwrap());
        if let Some(f) = between.take() {
            f();
        }
    }
    hashes
}

fn refused(bitbucket: &FakeBitbucket) -> usize {
    bitbucket
        .requests()
        .iter()
        .filter(|r| r.status == 401)
        .count()
}

#[test]
fn signs_in_with_the_browser_then_renews_a_rotating_token_mid_scan() {
    let (bitbucket, oauth) = servers(1000);
    let dir = store_dir("browser");
    let store = dir.join("bitbucket.json");
    let callback = free_callback_url();
    let (authorize, token) = urls(&oauth);
    let cs = connection_string(
        &bitbucket.base_url(),
        (&authorize, &token),
        "GETANDREFRESH",
        &store,
        &format!(";CallbackURL={callback};Scope=repository pullrequest"),
    );
    let conn = connect(&cs).unwrap_or_else(|e| panic!("connect: {e}"));

    // One visit to the authorization page, one code exchange with the
    // client authenticated by HTTP Basic (what Bitbucket requires).
    let visits = oauth.authorize_requests();
    assert_eq!(visits.len(), 1, "{visits:?}");
    assert_eq!(visits[0].param("client_id"), Some(CLIENT_ID));
    assert_eq!(visits[0].param("scope"), Some("repository pullrequest"));
    assert_eq!(visits[0].param("redirect_uri"), Some(callback.as_str()));
    let exchange = oauth.requests();
    assert_eq!(exchange.len(), 1, "{exchange:?}");
    assert_eq!(
        (
            exchange[0].grant_type.as_str(),
            exchange[0].client_auth,
            exchange[0].status
        ),
        ("authorization_code", ClientAuth::Basic, 200)
    );
    assert!(exchange[0].code_verifier);
    assert!(
        bitbucket
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer at_2"))
    );

    // The access token expires after the first row of a ten-page cursor scan:
    // one refresh (the rotating refresh token is spent and replaced), one
    // refused request retried, every commit exactly once and in order.
    let want: Vec<String> = bitbucket
        .objects("acme", "widgets", "commits")
        .iter()
        .map(|c| c["hash"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(want.len(), 1000);
    let got = commit_hashes(&conn, || oauth.revoke_access_tokens());
    assert_eq!(got, want);
    assert_eq!(got.iter().collect::<BTreeSet<_>>().len(), 1000);
    assert_eq!(oauth.refresh_count(), 1, "{:?}", oauth.requests());
    assert_eq!(refused(&bitbucket), 1);
    let stored = std::fs::read_to_string(&store).unwrap();
    assert!(
        stored.contains("at_3") && stored.contains("rt_3"),
        "the rotated pair is stored"
    );
    assert!(!stored.contains("rt_2"), "the spent refresh token is gone");
    drop(conn);

    // A new connection: the stored pair, no browser, no token request.
    let conn = connect(&cs).unwrap_or_else(|e| panic!("reconnect: {e}"));
    assert_eq!(
        query_text(&conn, "SELECT id FROM widgets.pull_requests")
            .unwrap()
            .len(),
        bitbucket.objects("acme", "widgets", "pullrequests").len()
    );
    assert_eq!(oauth.authorize_requests().len(), 1);
    assert_eq!(oauth.requests().len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two connections on one store: whichever renews first spends the shared
/// refresh token; the other finds the successor in the store instead of
/// failing with the spent one.
#[test]
fn connections_sharing_a_store_never_lose_a_rotated_refresh_token() {
    let (bitbucket, oauth) = servers(10);
    oauth.add_refresh_token("rt_seed");
    let dir = store_dir("shared");
    let store = dir.join("bitbucket.json");
    let (authorize, token) = urls(&oauth);
    let cs = connection_string(
        &bitbucket.base_url(),
        (&authorize, &token),
        "REFRESH",
        &store,
        ";OAuthRefreshToken=rt_seed",
    );
    let count = |conn: &odbc_api::Connection<'_>| {
        query_text(conn, "SELECT hash FROM widgets.commits")
            .unwrap_or_else(|e| panic!("{e}"))
            .len()
    };
    let first = connect(&cs).unwrap_or_else(|e| panic!("first: {e}"));
    let second = connect(&cs).unwrap_or_else(|e| panic!("second: {e}"));
    assert_eq!(
        oauth.refresh_count(),
        1,
        "the second found a live token stored"
    );

    for round in 2..=4 {
        oauth.revoke_access_tokens();
        let (renews, then) = if round % 2 == 0 {
            (&second, &first)
        } else {
            (&first, &second)
        };
        assert_eq!(count(renews), 10);
        assert_eq!(count(then), 10);
        assert_eq!(
            oauth.refresh_count(),
            round,
            "round {round}: {:?}",
            oauth.requests()
        );
    }
    // Every refresh used the newest token: no grant was refused.
    assert!(
        oauth.requests().iter().all(|r| r.status == 200),
        "{:?}",
        oauth.requests()
    );
    let stored = std::fs::read_to_string(&store).unwrap();
    assert!(stored.contains("rt_4"), "the fourth token pair is stored");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Set in the child processes of [`four_processes_of_twenty_threads_renew_once`]:
/// `<bitbucket url> <authorize url> <token url> <store path>`.
const CHILD_ENV: &str = "APIODBC_OAUTH_CHILD";
const THREADS: usize = 20;
const PROCESSES: usize = 4;

/// 4 processes × 20 threads, each opening its own connection through unixODBC
/// on one file store whose access token has expired: exactly one refresh
/// request, and every connection queries with its result.
#[test]
fn four_processes_of_twenty_threads_renew_once() {
    let (bitbucket, oauth) = servers(5);
    oauth.add_refresh_token("rt_seed");
    let dir = store_dir("processes");
    let store = dir.join("bitbucket.json");
    let expired = serde_json::json!({
        "access_token": "at_expired",
        "refresh_token": "rt_seed",
        "expires_at": 1_000_000_000u64,
    });
    std::fs::write(&store, expired.to_string()).unwrap();
    let spec = format!(
        "{} {} {} {}",
        bitbucket.base_url(),
        oauth.authorize_url(),
        oauth.token_url(),
        store.display()
    );
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "renewing_child",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, &spec)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(stdout.matches("rows=5").count(), THREADS, "{stdout}");
    }
    let requests = oauth.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        (requests[0].grant_type.as_str(), requests[0].status),
        ("refresh_token", 200)
    );
    // Nobody sent the expired token: the expiry was known from the store.
    assert!(
        bitbucket
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer at_1"))
    );
    assert_eq!(refused(&bitbucket), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "runs in the child processes of four_processes_of_twenty_threads_renew_once"]
fn renewing_child() {
    let spec =
        std::env::var(CHILD_ENV).expect("started by four_processes_of_twenty_threads_renew_once");
    let parts: Vec<&str> = spec.split(' ').collect();
    let [bitbucket_url, authorize, token, store] = parts[..] else {
        panic!("bad {CHILD_ENV}: {spec}");
    };
    let cs = connection_string(
        bitbucket_url,
        (authorize, token),
        "REFRESH",
        Path::new(store),
        "",
    );
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let cs = cs.clone();
            std::thread::spawn(move || {
                let conn = connect(&cs).map_err(|e| e.to_string())?;
                query_text(&conn, "SELECT hash FROM widgets.commits")
                    .map(|rows| rows.len())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for thread in threads {
        match thread.join().unwrap() {
            Ok(rows) => println!("rows={rows}"),
            Err(e) => println!("error: {e}"),
        }
    }
}
