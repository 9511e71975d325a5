//! The `apiodbc` command end to end, in a scratch ODBC configuration
//! (`ODBCSYSINI`, `ODBCINI`, `HOME` in a temporary folder): the connection
//! builder against a fake Stripe, DSNs through `odbcinst`, and the one-command
//! set-up followed by its sample queries through `isql`.
//!
//! Needs `cargo build -p apiodbc` first and unixODBC (`odbcinst`, `isql`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use apiodbc_tests::odbc::{available_or_skip, driver_path, on_path, run_with_timeout};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

/// A private ODBC configuration and home folder.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temporary folder");
        for file in ["odbcinst.ini", "odbc.ini"] {
            std::fs::write(dir.path().join(file), "").expect("empty ini");
        }
        Scratch { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A command with this configuration in force.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env("ODBCSYSINI", self.path())
            .env("ODBCINI", self.path().join("odbc.ini"))
            .env("HOME", self.path())
            .env_remove("XDG_STATE_HOME");
        command
    }

    fn apiodbc(&self, args: &[&str]) -> Output {
        self.command(env!("CARGO_BIN_EXE_apiodbc"))
            .args(args)
            .output()
            .expect("run apiodbc")
    }

    /// `apiodbc` writing through the ODBC installer API (the Windows/macOS path).
    fn apiodbc_via_installer_api(&self, args: &[&str]) -> Output {
        self.command(env!("CARGO_BIN_EXE_apiodbc"))
            .env("APIODBC_INSTALLER_API", "1")
            .args(args)
            .output()
            .expect("run apiodbc")
    }

    fn odbcinst(&self, args: &[&str]) -> String {
        let output = self
            .command("odbcinst")
            .args(args)
            .output()
            .expect("odbcinst");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn isql(&self, dsn: &str, sql: &str) -> String {
        use std::io::Write;
        let mut child = self
            .command("isql")
            .args(["-b", "-d|", dsn])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("isql");
        writeln!(child.stdin.take().expect("stdin"), "{sql}").expect("write sql");
        let output = child.wait_with_output().expect("isql output");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Never leave a sandbox running: uninstall stops the one this scratch started.
        let _ = self.apiodbc(&["uninstall"]);
    }
}

fn have_unixodbc() -> bool {
    available_or_skip(
        on_path("odbcinst") && on_path("isql"),
        "`odbcinst` and `isql` (apt-get install unixodbc odbcinst)",
    )
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn library() -> String {
    driver_path().display().to_string()
}

fn fake_properties(fake: &FakeStripe, key: &str) -> Vec<String> {
    vec![
        "Provider=stripe".into(),
        format!("BaseURL={}", fake.base_url()),
        format!("LiveAPIKey={key}"),
    ]
}

fn test_connection(scratch: &Scratch, extra: &[&str], properties: &[String]) -> Output {
    let library = library();
    let mut args = vec!["test-connection", "--library", library.as_str()];
    args.extend_from_slice(extra);
    args.extend(properties.iter().map(String::as_str));
    scratch.apiodbc(&args)
}

#[test]
fn test_connection_lists_schemas_and_counts_requests() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::default());
    let output = test_connection(&scratch, &[], &fake_properties(&fake, fake.api_key()));
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let tables = apiodbc_providers::stripe::TABLES.len();
    assert!(
        stdout.contains(&format!("schema stripe.stripe: {tables} tables")),
        "{stdout}"
    );
    // The count the command reports is the number of requests the server received.
    let requests = fake.request_count();
    assert!(requests >= 1, "connecting proves the key with a request");
    let suffix = if requests == 1 { "" } else { "s" };
    assert!(
        stdout.contains(&format!("; {requests} API request{suffix}")),
        "server saw {requests}:\n{stdout}"
    );
    // The finished connection string masks the key unless asked.
    assert!(!stdout.contains(fake.api_key()), "{stdout}");
    assert!(stdout.contains("LiveAPIKey=********"), "{stdout}");
    let shown = test_connection(
        &scratch,
        &["--show-secrets"],
        &fake_properties(&fake, fake.api_key()),
    );
    let (stdout, _) = text(&shown);
    assert!(
        stdout.contains(&format!("LiveAPIKey={}", fake.api_key())),
        "{stdout}"
    );
}

/// The connection builder runs the OAuth sign-in when the properties ask
/// for it: the browser (stand-in) is opened once, the code exchanged, the
/// tokens stored, and the workspace's schemas listed with them.
#[test]
fn test_connection_runs_the_oauth_sign_in() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let bitbucket =
        apiodbc_tests::FakeBitbucket::start(apiodbc_tests::FakeBitbucketConfig::default());
    let oauth = apiodbc_tests::FakeOAuth::start(bitbucket.accepted_tokens());
    let store = scratch.path().join("bitbucket-tokens.json");
    let properties = [
        "Provider=bitbucket".to_string(),
        format!("BaseURL={}", bitbucket.base_url()),
        "Workspace=acme".into(),
        "AuthScheme=OAuth".into(),
        "InitiateOAuth=GETANDREFRESH".into(),
        format!("OAuthClientId={}", apiodbc_tests::oauth::CLIENT_ID),
        format!("OAuthClientSecret={}", apiodbc_tests::oauth::CLIENT_SECRET),
        format!("OAuthAuthorizationURL={}", oauth.authorize_url()),
        format!("OAuthAccessTokenURL={}", oauth.token_url()),
        format!("OAuthSettingsLocation={}", store.display()),
        format!("CallbackURL={}", apiodbc_tests::oauth::free_callback_url()),
    ];
    let library = library();
    let output = scratch
        .command(env!("CARGO_BIN_EXE_apiodbc"))
        .env("BROWSER", apiodbc_tests::oauth::browser_script())
        .args(["test-connection", "--library", library.as_str()])
        .args(&properties)
        .output()
        .expect("run apiodbc");
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("schema acme.widgets"), "{stdout}");
    assert_eq!(oauth.authorize_requests().len(), 1);
    let exchanges = oauth.requests();
    assert_eq!(exchanges.len(), 1, "{exchanges:?}");
    assert_eq!(exchanges[0].grant_type, "authorization_code");
    assert!(
        std::fs::read_to_string(&store)
            .unwrap()
            .contains("access_token")
    );
    assert!(stdout.contains("OAuthClientSecret=********"), "{stdout}");
    assert!(
        !stdout.contains(apiodbc_tests::oauth::CLIENT_SECRET),
        "{stdout}"
    );
}

#[test]
fn test_connection_with_a_wrong_key_reports_28000() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::default());
    let output = test_connection(&scratch, &[], &fake_properties(&fake, "sk_test_wrong"));
    let (stdout, stderr) = text(&output);
    assert!(!output.status.success(), "{stdout}");
    assert!(stderr.contains("[28000]"), "{stderr}");
    assert!(!stderr.contains("sk_test_wrong"), "secret leaked: {stderr}");
}

#[test]
fn test_connection_names_unknown_and_conflicting_properties_before_connecting() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::default());
    let mut properties = fake_properties(&fake, fake.api_key());
    properties.push("Colour=blue".into());
    properties.push("Workspace=acme".into());
    let output = test_connection(&scratch, &[], &properties);
    let (stdout, stderr) = text(&output);
    assert!(!output.status.success(), "{stdout}");
    assert!(stderr.contains("unknown property 'Colour'"), "{stderr}");
    assert!(
        stderr.contains("Workspace applies to bitbucket only"),
        "{stderr}"
    );
    assert_eq!(
        fake.request_count(),
        0,
        "nothing may be sent for bad properties"
    );
}

#[test]
fn dsn_round_trip_through_odbcinst() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::default());
    let library = library();
    let added = scratch.apiodbc(&["install", "--library", &library]);
    assert!(added.status.success(), "{:?}", text(&added));
    assert!(scratch.odbcinst(&["-q", "-d"]).contains("[apiodbc Stripe]"));

    let base_url = format!("BaseURL={}", fake.base_url());
    let key = format!("LiveAPIKey={}", fake.api_key());
    let added = scratch.apiodbc(&[
        "dsn",
        "add",
        "MyStripe",
        "Provider=stripe",
        &base_url,
        &key,
        "Timeout=30",
    ]);
    assert!(added.status.success(), "{:?}", text(&added));
    assert!(scratch.odbcinst(&["-q", "-s"]).contains("[MyStripe]"));
    let entry = scratch.odbcinst(&["-q", "-s", "-n", "MyStripe"]);
    for expected in [
        "Driver=apiodbc Stripe".to_string(),
        base_url.clone(),
        key.clone(),
        "Timeout=30".to_string(),
    ] {
        assert!(
            entry
                .replace(" = ", "=")
                .lines()
                .any(|l| l.trim() == expected),
            "{expected} missing from:\n{entry}"
        );
    }
    let listed = text(&scratch.apiodbc(&["dsn", "list"])).0;
    assert!(listed.contains("[MyStripe]") && listed.contains("LiveAPIKey = ********"));
    assert!(!listed.contains(fake.api_key()), "{listed}");

    // The DSN connects through the registered driver name.
    let tested = scratch.apiodbc(&["test-connection", "--dsn", "MyStripe"]);
    let (stdout, stderr) = text(&tested);
    assert!(tested.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("connection string: DSN=MyStripe"),
        "{stdout}"
    );

    // Adding again replaces the entry rather than merging into it.
    let replaced = scratch.apiodbc(&["dsn", "add", "MyStripe", "Provider=stripe", &key]);
    assert!(replaced.status.success(), "{:?}", text(&replaced));
    let entry = scratch.odbcinst(&["-q", "-s", "-n", "MyStripe"]);
    assert!(!entry.contains("Timeout"), "{entry}");

    let refused = scratch.apiodbc(&["dsn", "add", "Bad", "Provider=stripe", "Colour=blue"]);
    assert!(!refused.status.success());
    assert!(text(&refused).1.contains("unknown property 'Colour'"));
    assert!(!scratch.odbcinst(&["-q", "-s"]).contains("[Bad]"));

    let removed = scratch.apiodbc(&["dsn", "remove", "MyStripe"]);
    assert!(removed.status.success(), "{:?}", text(&removed));
    assert!(!scratch.odbcinst(&["-q", "-s"]).contains("[MyStripe]"));
}

#[test]
fn per_user_install_registers_in_home_odbcinst_ini() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::default());
    let installed = scratch.apiodbc(&["install", "--user", "--library", &library()]);
    assert!(installed.status.success(), "{:?}", text(&installed));
    let user_file =
        std::fs::read_to_string(scratch.path().join(".odbcinst.ini")).expect("user file");
    assert!(user_file.contains("[apiodbc Stripe]"), "{user_file}");
    let system_file = std::fs::read_to_string(scratch.path().join("odbcinst.ini")).expect("system");
    assert!(!system_file.contains("apiodbc"), "{system_file}");
    // The driver manager resolves the user-registered name.
    let tested = scratch.apiodbc(&[
        "test-connection",
        "Provider=stripe",
        &format!("BaseURL={}", fake.base_url()),
        &format!("LiveAPIKey={}", fake.api_key()),
    ]);
    let (stdout, stderr) = text(&tested);
    assert!(tested.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("Driver={apiodbc Stripe}"), "{stdout}");
    let removed = scratch.apiodbc(&["uninstall", "--user"]);
    assert!(removed.status.success(), "{:?}", text(&removed));
    let user_file =
        std::fs::read_to_string(scratch.path().join(".odbcinst.ini")).unwrap_or_default();
    assert!(!user_file.contains("apiodbc"), "{user_file}");
}

#[test]
fn installer_api_registration_round_trip_through_unixodbc() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::default());
    let library = library();
    let run = |args: &[&str]| {
        let output = scratch.apiodbc_via_installer_api(args);
        assert!(output.status.success(), "{args:?}: {:?}", text(&output));
    };
    run(&["install", "--library", &library]);
    let drivers = scratch.odbcinst(&["-q", "-d"]);
    assert!(drivers.contains("[apiodbc Stripe]") && drivers.contains("[apiodbc Bitbucket]"));
    let entry = scratch.odbcinst(&["-q", "-d", "-n", "apiodbc Stripe"]);
    assert!(entry.contains(&format!("Driver={library}")), "{entry}");
    // Installing again replaces the entry instead of raising its usage count.
    run(&["install", "--library", &library]);
    let entry = scratch.odbcinst(&["-q", "-d", "-n", "apiodbc Stripe"]);
    assert!(entry.contains("UsageCount=1"), "{entry}");

    let base_url = format!("BaseURL={}", fake.base_url());
    let key = format!("LiveAPIKey={}", fake.api_key());
    run(&["dsn", "add", "ViaApi", "Provider=stripe", &base_url, &key]);
    let entry = scratch.odbcinst(&["-q", "-s", "-n", "ViaApi"]);
    assert!(
        entry.contains("Driver=apiodbc Stripe") && entry.contains(&key),
        "{entry}"
    );
    let tested = scratch.apiodbc(&["test-connection", "--dsn", "ViaApi"]);
    assert!(tested.status.success(), "{:?}", text(&tested));

    run(&["dsn", "remove", "ViaApi"]);
    assert!(!scratch.odbcinst(&["-q", "-s"]).contains("ViaApi"));
    run(&["uninstall"]);
    assert!(!scratch.odbcinst(&["-q", "-d"]).contains("apiodbc"));
}

/// The value of `key` in `[section]` of an INI text, however it is aligned.
fn ini_value(text: &str, section: &str, key: &str) -> Option<String> {
    let header = format!("[{section}]");
    text.lines()
        .skip_while(|l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().to_string())
}

#[test]
fn iodbc_files_written_by_the_installer_serve_iodbctest_through_a_dsn() {
    if !available_or_skip(
        on_path("iodbctest"),
        "`iodbctest` (apt-get install iodbc libiodbc2)",
    ) {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::sized(7, 20));
    let (odbcinst_ini, odbc_ini) = (
        scratch.path().join("iodbc-odbcinst.ini"),
        scratch.path().join("iodbc-odbc.ini"),
    );
    let iodbc = |program: &str| {
        let mut command = scratch.command(program);
        command
            .env("ODBCINSTINI", &odbcinst_ini)
            .env("ODBCINI", &odbc_ini);
        command
    };
    let run = |args: &[&str]| {
        let output = iodbc(env!("CARGO_BIN_EXE_apiodbc"))
            .args(args)
            .output()
            .expect("run apiodbc");
        assert!(output.status.success(), "{args:?}: {:?}", text(&output));
        text(&output).0
    };
    let library = library();
    run(&[
        "install",
        "--driver-manager",
        "iodbc",
        "--user",
        "--library",
        &library,
    ]);
    let drivers = std::fs::read_to_string(&odbcinst_ini).expect("iODBC's odbcinst.ini");
    for name in ["apiodbc Stripe", "apiodbc Bitbucket"] {
        assert_eq!(
            ini_value(&drivers, "ODBC Drivers", name).as_deref(),
            Some("Installed")
        );
        assert_eq!(ini_value(&drivers, name, "Driver"), Some(library.clone()));
    }

    let base_url = format!("BaseURL={}", fake.base_url());
    let key = format!("LiveAPIKey={}", fake.api_key());
    let add = [
        "dsn",
        "add",
        "--driver-manager",
        "iodbc",
        "--user",
        "IoStripe",
    ];
    run(&[&add[..], &["Provider=stripe", &base_url, &key]].concat());
    let sources = std::fs::read_to_string(&odbc_ini).expect("iODBC's odbc.ini");
    assert_eq!(
        ini_value(&sources, "ODBC Data Sources", "IoStripe").as_deref(),
        Some("apiodbc Stripe")
    );
    assert_eq!(
        ini_value(&sources, "IoStripe", "Provider").as_deref(),
        Some("stripe")
    );
    assert_eq!(
        std::fs::read_to_string(scratch.path().join("odbc.ini")).expect("unixODBC's odbc.ini"),
        "",
        "unixODBC's files are not touched"
    );
    let listed = run(&["dsn", "list", "--driver-manager", "iodbc", "--user"]);
    assert!(listed.contains("[IoStripe]"), "{listed}");
    assert!(listed.contains("LiveAPIKey = ********"), "{listed}");

    let output = run_with_timeout(
        iodbc("iodbctest").arg("DSN=IoStripe"),
        "SELECT count(*) AS n FROM customers\nquit\n",
        Duration::from_secs(120),
    );
    let count = output
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("---"))
        .nth(1)
        .map(str::trim);
    assert_eq!(count, Some("7"), "{output:?}");
    assert!(
        !fake.requests_to("/v1/customers").is_empty(),
        "the DSN's BaseURL and key were used"
    );

    run(&[
        "dsn",
        "remove",
        "--driver-manager",
        "iodbc",
        "--user",
        "IoStripe",
    ]);
    let listed = run(&["dsn", "list", "--driver-manager", "iodbc", "--user"]);
    assert!(!listed.contains("IoStripe"), "{listed}");
    run(&["uninstall", "--driver-manager", "iodbc", "--user"]);
    let drivers = std::fs::read_to_string(&odbcinst_ini).expect("iODBC's odbcinst.ini");
    assert_eq!(
        ini_value(&drivers, "apiodbc Stripe", "Driver"),
        None,
        "{drivers}"
    );
}

/// The state the background sandbox leaves: pid and URLs.
fn sandbox_state(scratch: &Scratch) -> serde_json::Value {
    let path: PathBuf = scratch.path().join(".local/state/apiodbc/sandbox.json");
    serde_json::from_str(&std::fs::read_to_string(&path).expect("sandbox state")).expect("json")
}

#[test]
fn setup_registers_serves_and_queries_then_uninstall_removes_it_all() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let library = library();
    let args = ["setup", "--library", library.as_str(), "--base-port", "0"];
    let output = scratch.apiodbc(&args);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}\n{stderr}");

    let state = sandbox_state(&scratch);
    let pid = state["pid"].as_u64().expect("pid");
    let url = state["urls"][0][1]
        .as_str()
        .expect("stripe url")
        .to_string();
    let customers = apiodbc_tests::http::get(&format!("{url}/_fake/customers"), &[]).json();
    let customers = customers.as_array().expect("customer list");
    assert_eq!(customers.len(), 50);

    // The first sample query printed the five newest customers the sandbox serves.
    let mut newest: Vec<&serde_json::Value> = customers.iter().collect();
    newest.sort_by_key(|c| std::cmp::Reverse(c["created"].as_i64()));
    for customer in newest.iter().take(5) {
        let id = customer["id"].as_str().expect("id");
        assert!(stdout.contains(id), "{id} not printed:\n{stdout}");
    }
    assert!(!stdout.contains("[ISQL]ERROR"), "{stdout}");

    // After set-up, `isql StripeDemo` works.
    let counted = scratch.isql("StripeDemo", "SELECT count(*) FROM customers");
    assert!(counted.lines().any(|l| l.trim() == "50"), "{counted}");

    // BitbucketDemo: the sample queries listed the demo workspace's
    // repositories, and `isql BitbucketDemo` reads the sandbox's pull requests.
    assert_eq!(state["urls"][1][0], "bitbucket");
    let after_bitbucket = stdout
        .split_once("BitbucketDemo> ")
        .expect("Bitbucket sample queries ran")
        .1;
    for slug in ["docs", "gadgets", "legacy-app", "widgets"] {
        assert!(
            after_bitbucket.contains(slug),
            "{slug} not printed:\n{stdout}"
        );
    }
    // The sandbox's data is generated from the default seed: the same here.
    let same = apiodbc_tests::FakeBitbucket::start(apiodbc_tests::FakeBitbucketConfig::default());
    let open = same
        .objects("acme", "widgets", "pullrequests")
        .iter()
        .filter(|pr| pr["state"] == "OPEN")
        .count();
    let counted = scratch.isql(
        "BitbucketDemo",
        "SELECT count(*) FROM widgets.pull_requests WHERE state = 'OPEN'",
    );
    assert!(
        counted.lines().any(|l| l.trim() == open.to_string()),
        "{open} open: {counted}"
    );

    // Re-running reuses the running sandbox and replaces the entries.
    let again = scratch.apiodbc(&args);
    assert!(again.status.success(), "{:?}", text(&again));
    assert_eq!(sandbox_state(&scratch)["pid"].as_u64(), Some(pid));
    let dsns = scratch.odbcinst(&["-q", "-s"]);
    assert_eq!(dsns.matches("[StripeDemo]").count(), 1, "{dsns}");
    assert_eq!(dsns.matches("[BitbucketDemo]").count(), 1, "{dsns}");

    let removed = scratch.apiodbc(&["uninstall"]);
    assert!(removed.status.success(), "{:?}", text(&removed));
    let remaining = scratch.odbcinst(&["-q", "-s"]);
    assert!(!remaining.contains("StripeDemo"), "{remaining}");
    assert!(!remaining.contains("BitbucketDemo"), "{remaining}");
    assert!(!scratch.odbcinst(&["-q", "-d"]).contains("apiodbc"));
    assert!(
        std::net::TcpStream::connect(url.trim_start_matches("http://")).is_err(),
        "the sandbox still answers after uninstall"
    );
}

/// `apiodbc dsn edit`, the console the Windows `ConfigDSN` opens, answered on
/// standard input: an invalid answer is asked again, the connection is
/// tested, the data source saved; editing it again keeps what is not retyped.
#[test]
fn dsn_edit_asks_tests_and_saves() {
    if !have_unixodbc() {
        return;
    }
    let scratch = Scratch::new();
    let fake = FakeStripe::start(FakeStripeConfig::sized(4, 2));
    let library = library();
    let edit = |answers: &str| {
        use std::io::Write;
        let mut child = scratch
            .command(env!("CARGO_BIN_EXE_apiodbc"))
            .args(["dsn", "edit", "Edited", "--driver", "apiodbc Stripe"])
            .args(["--library", library.as_str(), "--user"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run apiodbc dsn edit");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(answers.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let (stdout, stderr) = text(&output);
        (output.status.success(), format!("{stdout}\n{stderr}"))
    };
    // AuthScheme, LiveAPIKey, AccountId, Description, extra properties (a
    // bad Timeout, then the round again with it corrected).
    let answers = format!(
        "\n{key}\n\nPayments\nBaseURL={url}\nTimeout=soon\n\n\n\n\n\nTimeout=30\n\n",
        key = fake.api_key(),
        url = fake.base_url()
    );
    let (ok, shown) = edit(&answers);
    assert!(ok, "{shown}");
    assert!(shown.contains("Timeout must be a whole number"), "{shown}");
    assert!(shown.contains("connected to stripe"), "{shown}");
    assert!(
        shown.contains("LiveAPIKey [********]"),
        "the key is masked when asked again:\n{shown}"
    );
    assert!(
        !shown.contains(fake.api_key()),
        "the key was echoed:\n{shown}"
    );
    let ini = std::fs::read_to_string(scratch.path().join("odbc.ini")).unwrap();
    for entry in [
        "Driver=apiodbc Stripe".to_string(),
        "AuthScheme=APIKey".into(),
        format!("LiveAPIKey={}", fake.api_key()),
        "Description=Payments".into(),
        format!("BaseURL={}", fake.base_url()),
        "Timeout=30".into(),
    ] {
        assert!(
            ini.lines()
                .any(|l| l.replace(' ', "") == entry.replace(' ', "")),
            "{entry} missing:\n{ini}"
        );
    }
    // Again: Enter keeps every value; a wrong key fails the test and is not saved.
    let (ok, shown) = edit("\nsk_test_wrong\n\n\n\nn\n");
    assert!(!ok, "{shown}");
    assert!(shown.contains("The connection failed"), "{shown}");
    let after = std::fs::read_to_string(scratch.path().join("odbc.ini")).unwrap();
    assert_eq!(after, ini, "a failed edit changed the data source");
}
