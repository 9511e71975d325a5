//! The Windows DLL, cross-compiled for `x86_64-pc-windows-gnu` and run under
//! Wine by the smoke program (`tests/windows/smoke.c`): it loads the DLL with
//! LoadLibrary and calls the W functions, against the fake servers on
//! loopback. Also the DLL's exports against the Linux library's.
//!
//! Needs wine, mingw-w64, wixl and `rustup target add x86_64-pc-windows-gnu`
//! (skipped with a notice otherwise, except under CI); builds the Windows DLL
//! itself. The MSI is tested in `installer/tests/windows.rs`.

use std::collections::BTreeSet;
use std::process::Command;

use apiodbc_tests::oauth::{CLIENT_ID, CLIENT_SECRET, browser_script, free_callback_url};
use apiodbc_tests::odbc::driver_path;
use apiodbc_tests::windows::{Prefix, available_or_skip, build};
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig, FakeOAuth, FakeStripe, FakeStripeConfig};
use serde_json::Value;

/// The DLL's path as the smoke program sees it (Wine maps `/` to `Z:\`).
fn dll() -> String {
    format!("Z:{}", build().join("apiodbc.dll").display()).replace('/', "\\")
}

/// The rows a `query` printed: one vector of values per row.
fn rows(lines: &[String]) -> Vec<Vec<String>> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("row\t"))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn ids(objects: &[Value]) -> Vec<String> {
    objects
        .iter()
        .map(|o| match &o["id"] {
            Value::String(id) => id.clone(),
            number => number.to_string(),
        })
        .collect()
}

fn stripe(fake: &FakeStripe, key: &str) -> String {
    format!(
        "Driver={{apiodbc Stripe}};Provider=stripe;BaseURL={};LiveAPIKey={key}",
        fake.base_url()
    )
}

fn exported(program: &str, args: &[&str], path: &std::path::Path) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(output.status.success(), "{program}: {output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_dll_exports_what_the_linux_library_exports_plus_the_setup_entry_points() {
    if !available_or_skip() {
        return;
    }
    let linux: BTreeSet<String> = exported("nm", &["-D", "--defined-only"], &driver_path())
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .filter(|s| s.starts_with("SQL"))
        .map(str::to_owned)
        .collect();
    // objdump lists exports as "[ordinal] name" lines after "[Ordinal/Name Pointer] Table".
    let table = exported(
        "x86_64-w64-mingw32-objdump",
        &["-p"],
        &build().join("apiodbc.dll"),
    );
    let windows: BTreeSet<String> = table
        .split("[Ordinal/Name Pointer] Table")
        .nth(1)
        .expect("an export table")
        .lines()
        .filter_map(|l| l.trim().strip_prefix('[')?.split_once(']'))
        .map(|(_, name)| name.trim().to_owned())
        .take_while(|name| !name.is_empty())
        .collect();
    assert!(linux.len() > 70, "{linux:?}");
    let sql: BTreeSet<String> = windows
        .iter()
        .filter(|s| s.starts_with("SQL"))
        .cloned()
        .collect();
    assert_eq!(sql, linux, "the SQL exports differ");
    // aws-lc (rustls' crypto) marks its entropy functions dllexport, which
    // the Windows linker honours; everything else is the setup entry points.
    let setup: BTreeSet<&str> = windows
        .iter()
        .map(String::as_str)
        .filter(|s| !s.starts_with("SQL") && !s.starts_with("aws_lc_"))
        .collect();
    assert_eq!(
        setup,
        BTreeSet::from(["ConfigDSN", "ConfigDSNW", "ConfigDriver", "ConfigDriverW"])
    );
    // Like the Linux library, it links no driver manager or installer library.
    let imports: Vec<&str> = table
        .lines()
        .filter_map(|l| l.trim().strip_prefix("DLL Name: "))
        .collect();
    assert!(
        imports
            .iter()
            .any(|d| d.eq_ignore_ascii_case("kernel32.dll"))
    );
    for import in &imports {
        assert!(
            !import.to_ascii_lowercase().starts_with("odbc"),
            "the DLL imports {import}"
        );
    }
}

#[test]
fn queries_through_the_wide_functions_under_wine() {
    if !available_or_skip() {
        return;
    }
    let prefix = Prefix::new();
    let fake = FakeStripe::start(FakeStripeConfig {
        others: 30,
        ..FakeStripeConfig::sized(25, 250)
    });
    let bitbucket = FakeBitbucket::start(FakeBitbucketConfig::default());
    let invoice = ids(&fake.objects("invoices"))[0].clone();
    let log = r"C:\users\Public\Documents\apiodbc smoke.log";
    let bitbucket_connection = format!(
        "Driver={{apiodbc Bitbucket}};Provider=bitbucket;BaseURL={};User={};APIToken={};Workspace=acme",
        bitbucket.base_url(),
        bitbucket.user(),
        bitbucket.password()
    );
    let script = [
        format!("load {}", dll()),
        format!("connect {};LogFile={log};Verbosity=5", stripe(&fake, fake.api_key())),
        "query SELECT id FROM charges".into(),
        format!("query SELECT invoice_id, id FROM invoice_line_items WHERE invoice_id = '{invoice}'"),
        "query SELECT 'ü∑😀 Łódź' AS s, repeat('ü∑😀', 100) AS long".into(),
        "disconnect".into(),
        format!("connect {}", stripe(&fake, "sk_test_wrong_key")),
        format!("connect {bitbucket_connection}"),
        "query SELECT id FROM widgets.pull_requests ORDER BY id".into(),
        "query SELECT pull_request_id, id FROM widgets.pull_request_comments WHERE pull_request_id IN (4, 5)".into(),
        "disconnect".into(),
        // The runtime's threads keep running: the DLL must stay mapped.
        "unload".into(),
        format!("load {}", dll()),
        format!("connect {}", stripe(&fake, fake.api_key())),
        "query SELECT count(*) FROM customers".into(),
        "disconnect".into(),
    ]
    .join("\n");
    let out = prefix.smoke(&script);
    let text = out.join("\n");
    let results: Vec<&[String]> = out.split(|l| l.starts_with("rows ")).collect();
    assert_eq!(
        out.iter().filter(|l| l.starts_with("rows ")).count(),
        6,
        "{text}"
    );

    // A paged scan: 250 charges are three pages of 100.
    let charges: Vec<String> = rows(results[0]).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(charges, ids(&fake.charges()), "{text}");
    assert!(fake.requests_to("/v1/charges").len() >= 3);
    // A child table: the first invoice has 105 line items (two pages).
    let want: Vec<Vec<String>> = fake
        .objects("invoice_line_items")
        .iter()
        .filter(|item| item["invoice"].as_str() == Some(invoice.as_str()))
        .map(|item| vec![invoice.clone(), item["id"].as_str().unwrap().to_owned()])
        .collect();
    assert_eq!(want.len(), 105);
    assert_eq!(rows(results[1]), want);
    // Unicode both ways, and a value longer than one SQLGetData part.
    assert_eq!(
        rows(results[2]),
        vec![vec!["ü∑😀 Łódź".to_owned(), "ü∑😀".repeat(100)]]
    );
    // A wrong key: 28000 with a message naming the problem, not the key.
    let refused = out
        .iter()
        .find(|l| l.starts_with("error SQLDriverConnectW"))
        .unwrap_or_else(|| panic!("the wrong key connected:\n{text}"));
    assert!(
        refused.starts_with("error SQLDriverConnectW 28000 "),
        "{refused}"
    );
    assert!(refused.to_lowercase().contains("key"), "{refused}");
    assert!(!refused.contains("sk_test_wrong_key"), "{refused}");
    // Bitbucket: 120 pull requests (three pages of 50), and a child table.
    let pull_requests: Vec<String> = rows(results[3]).into_iter().map(|r| r[0].clone()).collect();
    let mut want: Vec<String> = ids(&bitbucket.objects("acme", "widgets", "pullrequests"));
    want.sort_by_key(|id| id.parse::<i64>().unwrap());
    assert_eq!(pull_requests, want);
    let mut comments = rows(results[4]);
    comments.sort();
    let mut want: Vec<Vec<String>> = ["4", "5"]
        .iter()
        .flat_map(|pr| {
            bitbucket
                .children("acme", "widgets", "comments", pr)
                .iter()
                .map(|c| vec![pr.to_string(), c["id"].to_string()])
        })
        .collect();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(comments, want);
    // Unloaded and loaded again, the driver still answers.
    assert!(out.contains(&"unloaded".to_owned()), "{text}");
    assert_eq!(
        rows(results[5]),
        vec![vec![fake.customers().len().to_string()]]
    );
    // LogFile with a drive letter, backslashes and a space.
    let logged = std::fs::read_to_string(prefix.unix_path(log)).expect("the log file");
    assert!(logged.lines().count() >= 3, "{logged}");
    assert!(logged.contains("/v1/charges"), "{logged}");
    assert!(!logged.contains(fake.api_key()), "the log holds the key");
}

/// `OAuthSettingsLocation` on Windows: the default file under `%APPDATA%`;
/// `keyring://` in Credential Manager, read by another process; and the
/// browser sign-in through the default browser. (Wine keeps no access list
/// set on a file, so the owner-only list is not checked here.)
#[test]
fn oauth_tokens_and_the_browser_sign_in_under_wine() {
    if !available_or_skip() {
        return;
    }
    let prefix = Prefix::new();
    let fake = FakeStripe::start(FakeStripeConfig::sized(3, 3));
    let oauth = FakeOAuth::start(fake.accepted_keys());
    oauth.set_expires_in(3600);
    for token in ["rt_default", "rt_keyring"] {
        oauth.add_refresh_token(token);
    }
    let base = format!(
        "Driver={{apiodbc Stripe}};Provider=stripe;BaseURL={};AuthScheme=OAuth;\
         OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};OAuthAccessTokenURL={}",
        fake.base_url(),
        oauth.token_url()
    );
    let keyring = "keyring://apiodbc-smoke/stripe";

    let first = prefix.smoke(
        &[
            format!("load {}", dll()),
            "env APPDATA".into(),
            format!("connect {base};InitiateOAuth=REFRESH;OAuthRefreshToken=rt_default"),
            "query SELECT count(*) FROM customers".into(),
            "disconnect".into(),
            format!("connect {base};InitiateOAuth=REFRESH;OAuthRefreshToken=rt_keyring;OAuthSettingsLocation={keyring}"),
            "query SELECT count(*) FROM customers".into(),
            "disconnect".into(),
            // windows-native-keyring-store names a credential <account>.<service>.
            "cred stripe.apiodbc-smoke".into(),
        ]
        .join("\n"),
    );
    let text = first.join("\n");
    assert_eq!(
        rows(&first),
        vec![vec!["3".to_owned()], vec!["3".to_owned()]],
        "{text}"
    );
    let appdata = &first[1];
    assert!(appdata.ends_with(r"\AppData\Roaming"), "{text}");
    let store = format!(r"{appdata}\apiodbc\oauth\stripe-{CLIENT_ID}.json");
    let stored: Value = serde_json::from_str(
        &std::fs::read_to_string(prefix.unix_path(&store)).expect("the default token store"),
    )
    .unwrap();
    assert!(
        stored["access_token"]
            .as_str()
            .is_some_and(|t| t.starts_with("at_"))
    );
    assert!(first.iter().any(|l| l.starts_with("cred found ")), "{text}");
    assert_eq!(oauth.refresh_count(), 2);

    // Another process: the tokens from Credential Manager, without a refresh token.
    let second = prefix.smoke(
        &[
            format!("load {}", dll()),
            format!("connect {base};InitiateOAuth=REFRESH;OAuthSettingsLocation={keyring}"),
            "query SELECT count(*) FROM customers".into(),
            "disconnect".into(),
        ]
        .join("\n"),
    );
    let text = second.join("\n");
    assert_eq!(rows(&second), vec![vec!["3".to_owned()]], "{text}");
    assert_eq!(oauth.refresh_count(), 2, "the stored token was used");

    // The browser sign-in: the default browser (the command registered for
    // http URLs; Wine's hands them to the Unix browser its registry names)
    // is the test's "click".
    let set = prefix.wine(
        &[
            "reg",
            "add",
            r"HKCU\Software\Wine\WineBrowser",
            "/v",
            "Browsers",
            "/d",
            &browser_script().display().to_string(),
            "/f",
        ],
        "",
    );
    assert!(set.status.success(), "{set:?}");
    let signed_in = prefix.smoke(
        &[
            format!("load {}", dll()),
            format!(
                "connect {base};InitiateOAuth=GETANDREFRESH;OAuthAuthorizationURL={};CallbackURL={};\
                 OAuthSettingsLocation=memory://browser;Timeout=60",
                oauth.authorize_url(),
                free_callback_url()
            ),
            "query SELECT count(*) FROM customers".into(),
            "disconnect".into(),
        ]
        .join("\n"),
    );
    assert_eq!(
        rows(&signed_in),
        vec![vec!["3".to_owned()]],
        "{signed_in:?}"
    );
    assert_eq!(oauth.authorize_requests().len(), 1);
}
