use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use serde_json::json;

use super::store::now_secs;
use super::*;
use crate::http::{Http, HttpConfig};
use crate::runtime::runtime;
use crate::testing::{Reply, Req, TestServer};

const SECRET: &str = "cs_very_secret";

const ENDPOINTS: Endpoints = Endpoints {
    provider: "Test",
    authorization_url: "http://127.0.0.1:9/oauth/authorize",
    token_url: "http://127.0.0.1:9/oauth/token",
    client_auth: ClientAuth::Basic,
};

fn unique(name: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn tokens(access: &str, refresh: &str, expires_at: Option<u64>) -> Tokens {
    Tokens {
        access_token: access.into(),
        refresh_token: Some(refresh.into()),
        expires_at,
    }
}

fn expired(access: &str, refresh: &str) -> Tokens {
    tokens(access, refresh, Some(now_secs().saturating_sub(10)))
}

fn settings(server: &TestServer, location: Location) -> OAuthSettings {
    settings_for(&server.base_url(), location)
}

fn settings_for(base_url: &str, location: Location) -> OAuthSettings {
    OAuthSettings {
        provider: "Test",
        initiate: Initiate::Refresh,
        client_id: "id".into(),
        client_secret: Some(SECRET.into()),
        client_auth: ClientAuth::Basic,
        authorization_url: format!("{base_url}/oauth/authorize"),
        token_url: format!("{base_url}/oauth/token"),
        callback_url: DEFAULT_CALLBACK_URL.into(),
        scope: None,
        verifier: None,
        location,
        access_token: None,
        refresh_token: Some("rt_given".into()),
        timeout: Some(Duration::from_secs(10)),
        margin: EXPIRY_MARGIN,
    }
}

fn form(req: &Req, key: &str) -> Option<String> {
    req.body.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

/// A token endpoint that issues `at_<n>` / `rt_<n>` valid for an hour.
fn token_server(delay: Duration) -> TestServer {
    TestServer::start(move |_, n| {
        Reply::json(
            200,
            json!({"access_token": format!("at_{n}"), "refresh_token": format!("rt_{n}"),
                   "token_type": "bearer", "expires_in": 3600}),
        )
        .with_delay(delay)
    })
}

fn invalid_grant() -> Reply {
    Reply::json(
        400,
        json!({"error": "invalid_grant", "error_description": "refresh token already used"}),
    )
}

fn obtain(settings: &OAuthSettings, stale: Option<&str>) -> Result<Tokens> {
    runtime()
        .unwrap()
        .block_on(refresh::obtain(settings, stale))
}

#[test]
fn locations_parse() {
    assert_eq!(
        Location::parse("memory://t").unwrap(),
        Location::Memory("t".into())
    );
    assert_eq!(
        Location::parse("keyring://svc/acct").unwrap(),
        Location::Keyring {
            service: "svc".into(),
            account: "acct".into()
        }
    );
    assert_eq!(
        Location::parse("/tmp/x.json").unwrap(),
        Location::File("/tmp/x.json".into())
    );
    assert!(matches!(
        Location::parse("keyring://svc"),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        Location::parse("memory://"),
        Err(Error::Config(_))
    ));
    let Location::File(path) = Location::default_for("Stripe", "ca_123/x").unwrap() else {
        panic!("default is a file");
    };
    assert!(
        path.ends_with("apiodbc/oauth/stripe-ca_123_x.json"),
        "{}",
        path.display()
    );
}

#[test]
fn memory_store_round_trip() {
    let location = Location::Memory(unique("mem"));
    assert_eq!(location.load().unwrap(), None);
    let t = tokens("at", "rt", Some(42));
    location.save(&t).unwrap();
    assert_eq!(location.load().unwrap(), Some(t));
}

#[cfg(unix)]
#[test]
fn file_store_round_trip_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").join("tokens.json");
    let location = Location::File(path.clone());
    assert_eq!(location.load().unwrap(), None);
    let t = tokens("at", "rt", None);
    location.save(&t).unwrap();
    assert_eq!(location.load().unwrap(), Some(t.clone()));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    // Overwriting keeps the mode and leaves no temp file behind.
    let t2 = tokens("at2", "rt2", Some(7));
    location.save(&t2).unwrap();
    assert_eq!(location.load().unwrap(), Some(t2));
    assert_eq!(mode(&path), 0o600);
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["tokens.json"]);
}

#[test]
fn a_write_that_crashed_midway_leaves_the_store_readable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    let location = Location::File(path.clone());
    let t = tokens("at", "rt", Some(99));
    location.save(&t).unwrap();
    // What a process killed between write and rename leaves behind.
    std::fs::write(
        dir.path().join(".tokens.json.4242.0.tmp"),
        r#"{"access_token": "half"#,
    )
    .unwrap();
    assert_eq!(location.load().unwrap(), Some(t));
    let t2 = tokens("at2", "rt2", None);
    location.save(&t2).unwrap();
    assert_eq!(location.load().unwrap(), Some(t2));
}

#[test]
fn a_corrupt_store_is_a_clear_error_without_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    std::fs::write(&path, r#"{"access_token": "at_leak"#).unwrap();
    let err = Location::File(path).load().unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Config(_)));
    assert!(message.contains("not valid"), "{message}");
    assert!(!message.contains("at_leak"), "{message}");
}

#[test]
fn keyring_store_round_trips_or_says_there_is_no_keychain() {
    let location = Location::parse(&format!("keyring://apiodbc-test/{}", unique("k"))).unwrap();
    let t = tokens("at_keyring_secret", "rt_keyring_secret", None);
    match location.save(&t) {
        Ok(()) => assert_eq!(location.load().unwrap(), Some(t)),
        Err(Error::Config(message)) => {
            assert!(message.contains("keyring://apiodbc-test/"), "{message}");
            assert!(message.contains("keychain"), "{message}");
            assert!(!message.contains("secret"), "{message}");
            assert!(matches!(location.load(), Err(Error::Config(_))));
        }
        Err(other) => panic!("{other:?}"),
    }
}

#[test]
fn secrets_are_absent_from_debug_output() {
    let t = tokens("at_secret_1", "rt_secret_2", Some(1));
    let server = token_server(Duration::ZERO);
    let mut s = settings(&server, Location::Memory(unique("dbg")));
    s.access_token = Some("at_secret_3".into());
    let fixed = FixedToken {
        provider: "Test",
        token: Some("at_secret_4".into()),
    };
    let refreshing = Refreshing::new(s.clone());
    refreshing.remember(&t);
    let shown = format!("{t:?} {s:?} {fixed:?} {refreshing:?}");
    for secret in ["at_secret", "rt_secret", SECRET, "rt_given"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("********"));
}

#[test]
fn refresh_posts_the_grant_with_basic_client_auth_and_stores_the_result() {
    let server = token_server(Duration::ZERO);
    let s = settings(&server, Location::Memory(unique("grant")));
    let got = obtain(&s, None).unwrap();
    assert_eq!(got.access_token, "at_0");
    assert_eq!(got.refresh_token.as_deref(), Some("rt_0"));
    assert!(got.is_fresh(Duration::from_secs(3000)));
    assert_eq!(s.location.load().unwrap(), Some(got));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/oauth/token")
    );
    assert_eq!(form(req, "grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(form(req, "refresh_token").as_deref(), Some("rt_given"));
    let expected = format!("Basic {}", base64_encode(format!("id:{SECRET}").as_bytes()));
    assert_eq!(req.header("authorization"), Some(expected.as_str()));
    // A fresh stored token is used without a request.
    obtain(&s, None).unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn the_stored_refresh_token_wins_over_the_given_one() {
    let server = token_server(Duration::ZERO);
    let s = settings(&server, Location::Memory(unique("rotated")));
    s.location.save(&expired("at_old", "rt_rotated")).unwrap();
    assert_eq!(obtain(&s, None).unwrap().access_token, "at_0");
    assert_eq!(
        form(&server.requests()[0], "refresh_token").as_deref(),
        Some("rt_rotated")
    );
}

#[test]
fn a_stale_token_is_renewed_even_before_it_expires() {
    let server = token_server(Duration::ZERO);
    let s = settings(&server, Location::Memory(unique("stale")));
    s.location
        .save(&tokens("at_refused", "rt_1", Some(now_secs() + 3600)))
        .unwrap();
    assert_eq!(obtain(&s, None).unwrap().access_token, "at_refused");
    assert_eq!(obtain(&s, Some("at_refused")).unwrap().access_token, "at_0");
    assert_eq!(server.requests().len(), 1);
}

/// 20 threads, each its own connection, find the stored token expired:
/// exactly one token request, and all of them use its result.
fn twenty_threads_refresh_once(location: Location) {
    let server = token_server(Duration::from_millis(200));
    let s = settings(&server, location);
    s.location.save(&expired("at_old", "rt_old")).unwrap();
    let barrier = Arc::new(Barrier::new(20));
    let threads: Vec<_> = (0..20)
        .map(|_| {
            let connection = Refreshing::new(s.clone());
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                runtime().unwrap().block_on(connection.token())
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap().unwrap(), "at_0");
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        form(&requests[0], "refresh_token").as_deref(),
        Some("rt_old")
    );
    assert_eq!(s.location.load().unwrap().unwrap().access_token, "at_0");
}

#[test]
fn single_flight_on_a_memory_location() {
    twenty_threads_refresh_once(Location::Memory(unique("flight")));
}

#[test]
fn single_flight_on_a_file_location() {
    let dir = tempfile::tempdir().unwrap();
    twenty_threads_refresh_once(Location::File(dir.path().join("tokens.json")));
    assert!(dir.path().join("tokens.json.lock").exists());
}

/// Set in the child processes of [`single_flight_across_processes`]:
/// `<token server base URL>|<store file>`.
const CHILD_ENV: &str = "APIODBC_OAUTH_SINGLE_FLIGHT_CHILD";

/// 4 processes × 20 threads on one file location after expiry: one token request.
#[test]
fn single_flight_across_processes() {
    let server = token_server(Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    let location = Location::File(path.clone());
    location.save(&expired("at_old", "rt_old")).unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "auth::tests::single_flight_child",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env(
                    CHILD_ENV,
                    format!("{}|{}", server.base_url(), path.display()),
                )
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
            output.status.success() && stdout.contains("1 passed"),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(server.requests().len(), 1, "{:?}", server.requests());
    assert_eq!(location.load().unwrap().unwrap().access_token, "at_0");
}

#[test]
#[ignore = "runs in the child processes of single_flight_across_processes"]
fn single_flight_child() {
    let spec = std::env::var(CHILD_ENV).expect("started by single_flight_across_processes");
    let (base_url, path) = spec.split_once('|').unwrap();
    let s = settings_for(base_url, Location::File(path.into()));
    let threads: Vec<_> = (0..20)
        .map(|_| {
            let connection = Refreshing::new(s.clone());
            std::thread::spawn(move || runtime().unwrap().block_on(connection.token()))
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap().unwrap(), "at_0");
    }
}

#[test]
fn a_spent_refresh_token_rereads_the_store_and_uses_a_token_rotated_meanwhile() {
    let location = Location::Memory(unique("race"));
    let other = location.clone();
    // Another process refreshes between our read and our request.
    let server = TestServer::start(move |_, _| {
        other
            .save(&tokens("at_theirs", "rt_theirs", Some(now_secs() + 3600)))
            .unwrap();
        invalid_grant()
    });
    let s = settings(&server, location.clone());
    location.save(&expired("at_old", "rt_old")).unwrap();
    assert_eq!(obtain(&s, None).unwrap().access_token, "at_theirs");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_spent_refresh_token_retries_once_with_a_newer_stored_one() {
    let location = Location::Memory(unique("rotate"));
    let other = location.clone();
    let server = TestServer::start(move |req, _| {
        if form(req, "refresh_token").as_deref() == Some("rt_newer") {
            Reply::json(
                200,
                json!({"access_token": "at_new", "refresh_token": "rt_newest",
                       "token_type": "bearer", "expires_in": 3600}),
            )
        } else {
            // Rotated by someone else, whose access token already expired.
            other.save(&expired("at_theirs", "rt_newer")).unwrap();
            invalid_grant()
        }
    });
    let s = settings(&server, location.clone());
    location.save(&expired("at_old", "rt_old")).unwrap();
    assert_eq!(obtain(&s, None).unwrap().access_token, "at_new");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        location.load().unwrap().unwrap().refresh_token.as_deref(),
        Some("rt_newest")
    );
}

#[test]
fn a_revoked_refresh_token_is_an_auth_error_without_secrets() {
    let server = TestServer::start(|_, _| invalid_grant());
    let s = settings(&server, Location::Memory(unique("revoked")));
    let err = obtain(&s, None).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(message.contains("revoked or already used"), "{message}");
    for secret in ["rt_given", SECRET] {
        assert!(!message.contains(secret), "{message}");
    }
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_refused_client_is_an_auth_error_naming_the_properties() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            401,
            json!({"error": "invalid_client", "error_description": "bad secret"}),
        )
    });
    let s = settings(&server, Location::Memory(unique("client")));
    let err = obtain(&s, None).unwrap_err();
    assert!(
        matches!(&err, Error::Auth(m) if m.contains("OAuthClientSecret") && m.contains("invalid_client")),
        "{err:?}"
    );
}

#[test]
fn no_refresh_token_anywhere_is_an_auth_error() {
    let server = token_server(Duration::ZERO);
    let mut s = settings(&server, Location::Memory(unique("none")));
    s.refresh_token = None;
    let err = obtain(&s, None).unwrap_err();
    assert!(
        matches!(&err, Error::Auth(m) if m.contains("OAuthRefreshToken")),
        "{err:?}"
    );
    assert!(server.requests().is_empty());
}

fn api_http(server: &TestServer, credentials: Arc<dyn crate::http::Credentials>) -> Http {
    let mut config = HttpConfig::new("Test", server.base_url());
    config.backoff = Duration::from_millis(1);
    config.credentials = Some(credentials);
    Http::new(config).unwrap()
}

#[test]
fn a_fixed_token_refused_says_it_expired_or_was_revoked() {
    let server = TestServer::start(|_, _| Reply::json(401, json!({"error": {"message": "no"}})));
    let properties = Properties::from_pairs([
        ("AuthScheme", "OAuth"),
        ("OAuthAccessToken", "at_fixed_secret"),
    ]);
    let http = api_http(&server, credentials(&properties, &ENDPOINTS).unwrap());
    let err = runtime()
        .unwrap()
        .block_on(http.get_json("/v1/x", &[]))
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(
        message.contains("the OAuth access token expired or was revoked"),
        "{message}"
    );
    assert!(!message.contains("at_fixed_secret"), "{message}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer at_fixed_secret")
    );
}

#[test]
fn a_401_renews_the_token_and_retries_once() {
    let server = TestServer::start(|req, _| {
        if req.path == "/oauth/token" {
            Reply::json(
                200,
                json!({"access_token": "at_new", "token_type": "bearer", "expires_in": 3600}),
            )
        } else if req.header("authorization") == Some("Bearer at_new") {
            Reply::json(200, json!({"ok": true}))
        } else {
            Reply::json(401, json!({"error": {"message": "expired"}}))
        }
    });
    let location = Location::Memory(unique("retry"));
    location
        .save(&tokens("at_revoked", "rt_1", Some(now_secs() + 3600)))
        .unwrap();
    let refreshing = Arc::new(Refreshing::new(settings(&server, location.clone())));
    let http = api_http(&server, refreshing);
    let rt = runtime().unwrap();
    assert_eq!(
        rt.block_on(http.get_json("/v1/x", &[])).unwrap(),
        json!({"ok": true})
    );
    assert_eq!(
        rt.block_on(http.get_json("/v1/x", &[])).unwrap(),
        json!({"ok": true})
    );
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/v1/x", "/oauth/token", "/v1/x", "/v1/x"]);
    // The refresh token the server did not rotate is kept.
    assert_eq!(
        location.load().unwrap().unwrap().refresh_token.as_deref(),
        Some("rt_1")
    );
}

#[test]
fn a_token_refused_again_after_renewal_is_final() {
    let server = TestServer::start(|req, _| {
        if req.path == "/oauth/token" {
            Reply::json(200, json!({"access_token": "at_n", "token_type": "bearer"}))
        } else {
            Reply::json(401, json!({"error": {"message": "no"}}))
        }
    });
    let s = settings(&server, Location::Memory(unique("final")));
    let http = api_http(&server, Arc::new(Refreshing::new(s)));
    let err = runtime()
        .unwrap()
        .block_on(http.get_json("/v1/x", &[]))
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/oauth/token", "/v1/x", "/oauth/token", "/v1/x"]);
}

#[test]
fn modes_and_missing_properties_are_config_errors() {
    let p = |pairs: &[(&str, &str)]| Properties::from_pairs(pairs.iter().copied());
    let err = |pairs: &[(&str, &str)]| credentials(&p(pairs), &ENDPOINTS).unwrap_err();
    assert!(matches!(
        err(&[("InitiateOAuth", "GETANDREFRESH")]),
        Error::Config(m) if m.contains("OAuthClientId")
    ));
    assert!(matches!(
        err(&[("InitiateOAuth", "sometimes")]),
        Error::Config(m) if m.contains("InitiateOAuth")
    ));
    assert!(matches!(
        err(&[("InitiateOAuth", "REFRESH")]),
        Error::Config(m) if m.contains("OAuthClientId")
    ));
    assert!(
        credentials(
            &p(&[
                ("InitiateOAuth", "refresh"),
                ("OAuthClientId", "id"),
                ("OAuthSettingsLocation", "memory://x")
            ]),
            &ENDPOINTS
        )
        .is_ok()
    );
}

#[test]
fn without_any_token_the_connection_awaits_tokens_and_requests_say_how_to_get_one() {
    let p = |pairs: &[(&str, &str)]| Properties::from_pairs(pairs.iter().copied());
    let none = p(&[("AuthScheme", "OAuth")]);
    assert!(awaiting_tokens(&none));
    assert!(!awaiting_tokens(&p(&[
        ("AuthScheme", "OAuth"),
        ("OAuthAccessToken", "at")
    ])));
    assert!(!awaiting_tokens(&p(&[
        ("AuthScheme", "OAuth"),
        ("InitiateOAuth", "REFRESH")
    ])));
    assert!(!awaiting_tokens(&p(&[("LiveAPIKey", "sk_test_x")])));
    let err = runtime()
        .unwrap()
        .block_on(credentials(&none, &ENDPOINTS).unwrap().bearer())
        .unwrap_err();
    assert!(
        matches!(&err, Error::Auth(m) if m.contains("GetOAuthAccessToken") && m.contains("GETANDREFRESH")),
        "{err:?}"
    );
}

fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Set in the child process of [`a_process_killed_while_writing_leaves_a_readable_store`]:
/// the store file it keeps rewriting.
const WRITER_ENV: &str = "APIODBC_OAUTH_STORE_WRITER_CHILD";

/// A real SIGKILL of a process that rewrites the store in a loop: whatever
/// instant it dies at, the store reads as one complete grant.
#[cfg(unix)]
#[test]
fn a_process_killed_while_writing_leaves_a_readable_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    let location = Location::File(path.clone());
    for round in 0..3 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "auth::tests::store_writer_child",
                "--ignored",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Let it write at least a few grants past the one we saw last.
        let seen = location.load().unwrap().map(|t| t.access_token);
        loop {
            let now = location.load().unwrap().map(|t| t.access_token);
            if now
                .as_ref()
                .is_some_and(|t| Some(t) != seen.as_ref() && t.ends_with("_50"))
            {
                break;
            }
            std::thread::yield_now();
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: the writer was killed");
        let tokens = location.load().unwrap().expect("a stored grant");
        let tag = tokens.access_token.trim_start_matches("at_");
        assert_eq!(
            tokens.refresh_token,
            Some(format!("rt_{tag}{}", writer_padding())),
            "round {round}: access and refresh token of one grant"
        );
        let mode = {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777
        };
        assert_eq!(mode, 0o600);
    }
    // Leftover temporary files do not stop the next write.
    location
        .save(&tokens("at_after", "rt_after", None))
        .unwrap();
    assert_eq!(location.load().unwrap().unwrap().access_token, "at_after");
}

#[test]
#[ignore = "runs in the child process of a_process_killed_while_writing_leaves_a_readable_store"]
fn store_writer_child() {
    let path = std::env::var_os(WRITER_ENV).expect("started by the kill test");
    let location = Location::File(path.into());
    for n in 0u64.. {
        let tag = format!("w{}_{}", n, n % 100);
        location
            .save(&Tokens {
                access_token: format!("at_{tag}"),
                refresh_token: Some(format!("rt_{tag}{}", writer_padding())),
                expires_at: Some(n),
            })
            .unwrap();
    }
}

/// Makes each write of the kill test span several system calls.
fn writer_padding() -> String {
    "x".repeat(256 * 1024)
}

#[test]
fn callback_urls_must_name_this_machine_over_http() {
    let target = callback::Target::parse("http://localhost:33333").unwrap();
    assert_eq!((target.port, target.path.as_str()), (33333, "/"));
    let target = callback::Target::parse("http://127.0.0.1:4000/oauth/cb").unwrap();
    assert_eq!((target.port, target.path.as_str()), (4000, "/oauth/cb"));
    for bad in ["https://localhost:1", "http://example.com:1", "not a url"] {
        assert!(
            matches!(callback::Target::parse(bad), Err(Error::Config(m)) if m.contains("CallbackURL")),
            "{bad}"
        );
    }
}

/// The callback server answers 404 elsewhere, refuses a wrong state, takes
/// the first right answer and then listens no more.
#[test]
fn the_callback_server_takes_one_answer_with_the_right_state_and_closes() {
    let rt = runtime().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let target = callback::Target::parse(&format!("http://localhost:{port}/cb")).unwrap();
    let mut server = rt
        .block_on(callback::Callback::bind(&target, "st_right"))
        .unwrap();
    let waiting = rt.spawn(async move {
        let answer = server.wait().await;
        (answer, server.refused())
    });
    let get = |path: &str| {
        let url = format!("http://127.0.0.1:{port}{path}");
        rt.block_on(async move {
            let response = crate::http::client()?.get(url).send().await;
            Ok::<_, Error>(response.map(|r| r.status().as_u16()))
        })
        .unwrap()
    };
    assert_eq!(get("/other?code=c&state=st_right").unwrap(), 404);
    assert_eq!(get("/cb?code=c_forged&state=st_wrong").unwrap(), 400);
    assert_eq!(get("/cb?code=c_nostate").unwrap(), 400);
    assert_eq!(get("/cb?code=c_1&state=st_right").unwrap(), 200);
    let (answer, refused) = rt.block_on(waiting).unwrap();
    assert_eq!(answer, callback::Answer::Code("c_1".into()));
    assert_eq!(refused, 2);
    // The server was dropped with its future: nothing listens any more.
    assert!(get("/cb?code=c_2&state=st_right").is_err());
}

#[test]
fn the_authorization_url_carries_client_scope_state_and_pkce() {
    let s = settings_for("http://127.0.0.1:9", Location::Memory(unique("url")));
    let (challenge, _verifier) = oauth2::PkceCodeChallenge::new_random_sha256();
    let expected_challenge = challenge.as_str().to_string();
    let (url, state) = browser::authorization_url(
        &s,
        "http://localhost:33333",
        Some("read write"),
        Some("st_9"),
        Some(challenge),
    )
    .unwrap();
    assert_eq!(state, "st_9");
    let parsed = url::Url::parse(&url).unwrap();
    let query: std::collections::HashMap<_, _> = parsed.query_pairs().into_owned().collect();
    assert_eq!(parsed.path(), "/oauth/authorize");
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], "id");
    assert_eq!(query["redirect_uri"], "http://localhost:33333");
    assert_eq!(query["scope"], "read write");
    assert_eq!(query["state"], "st_9");
    assert_eq!(query["code_challenge"], expected_challenge);
    assert_eq!(query["code_challenge_method"], "S256");
    let (_, random) =
        browser::authorization_url(&s, "http://localhost:1", None, None, None).unwrap();
    assert!(random.len() >= 16);
}
