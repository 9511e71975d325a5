//! The Tableau connectors: packaging and schema validation, the connection
//! builders under Node, and every dialect formula executed through the driver.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use apiodbc_tests::odbc::{available_or_skip, connect, driver_path, on_path, query_text};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

fn sources() -> PathBuf {
    apiodbc_tests::checkout().join("installer/tableau")
}

/// Tableau's XSDs, kept outside the repository (`../shared/api-reference/tableau-xsd`).
fn xsd_dir() -> Option<PathBuf> {
    let dir = apiodbc_tests::checkout().join("../shared/api-reference/tableau-xsd");
    if dir.is_dir() && on_path("xmllint") {
        Some(dir)
    } else {
        eprintln!("SKIPPED: Tableau XSDs or xmllint not available");
        None
    }
}

fn apiodbc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apiodbc"))
        .args(args)
        .output()
        .expect("run apiodbc")
}

/// The Stripe Connect platform given to `package`: its client id and secret key.
const STRIPE_CLIENT: (&str, &str) = ("ca_platform", "sk_test_platform_secret");

/// `apiodbc tableau package` with an OAuth client for each connector and
/// `args`; the sources are this checkout's unless `args` name others.
fn package(args: &[&str]) -> Output {
    let sources = sources();
    let stripe_id = format!("stripe={}", STRIPE_CLIENT.0);
    let stripe_secret = format!("stripe={}", STRIPE_CLIENT.1);
    let mut all = vec![
        "tableau",
        "package",
        "--oauth-client-id",
        "bitbucket=key_R&D",
        "--oauth-client-secret",
        "bitbucket=consumer_secret",
        "--oauth-client-id",
        &stripe_id,
        "--oauth-client-secret",
        &stripe_secret,
    ];
    if !args.contains(&"--source") {
        all.extend(["--source", sources.to_str().expect("utf-8 path")]);
    }
    all.extend_from_slice(args);
    apiodbc(&all)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Names and texts of the files in a `.taco`.
fn taco_files(path: &Path) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("taco")).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).expect("text");
            (file.name().to_string(), text)
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn package_writes_one_taco_per_connector_with_the_class_filled_in() {
    let out = tempfile::tempdir().expect("tmp");
    let output = package(&["--out", out.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (class, driver) in [
        ("apiodbc_bitbucket", "apiodbc Bitbucket"),
        ("apiodbc_stripe", "apiodbc Stripe"),
    ] {
        let files = taco_files(&out.path().join(format!("{class}-v0.1.0.taco")));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for expected in [
            "META-INF/MANIFEST.MF",
            "manifest.xml",
            "connectionFields.xml",
            "connectionMetadata.xml",
            "connectionResolver.tdr",
            "connectionBuilder.js",
            "dialect.tdd",
        ] {
            assert!(
                names.contains(&expected),
                "{class}: {expected} missing in {names:?}"
            );
        }
        let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
        assert!(file("dialect.tdd").contains(&format!("class='{class}'")));
        assert!(!file("dialect.tdd").contains("@CLASS@"));
        assert!(file("connectionResolver.tdr").contains(&format!(">{driver}</driver-name>")));
    }
    // Each sign-in carries its own connector's client (escaped for XML), and
    // only there: no other file of either package holds a client secret.
    for (class, id, secret, other_secret) in [
        (
            "apiodbc_bitbucket",
            "key_R&amp;D",
            "consumer_secret",
            STRIPE_CLIENT.1,
        ),
        (
            "apiodbc_stripe",
            STRIPE_CLIENT.0,
            STRIPE_CLIENT.1,
            "consumer_secret",
        ),
    ] {
        let files = taco_files(&out.path().join(format!("{class}-v0.1.0.taco")));
        for (name, text) in &files {
            assert!(!text.contains(other_secret), "{class}/{name}");
            if name != "oauthConfig.xml" {
                assert!(!text.contains(secret), "{class}/{name}");
            }
        }
        let oauth = &files
            .iter()
            .find(|(n, _)| n == "oauthConfig.xml")
            .unwrap()
            .1;
        assert!(
            oauth.contains(&format!("<clientIdDesktop>{id}</clientIdDesktop>")),
            "{oauth}"
        );
        assert!(
            oauth.contains(&format!(
                "<clientSecretDesktop>{secret}</clientSecretDesktop>"
            )),
            "{oauth}"
        );
        assert!(!oauth.contains("@OAUTH_"), "{oauth}");
    }
}

/// `apiodbc tableau package` into `out` with exactly `args` besides.
fn package_only(out: &Path, args: &[&str]) -> Output {
    let sources = sources();
    let mut all = vec![
        "tableau",
        "package",
        "--source",
        sources.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    apiodbc(&all)
}

#[test]
fn package_without_an_oauth_client_says_what_each_connector_needs() {
    let out = tempfile::tempdir().expect("tmp");
    let output = package_only(out.path(), &[]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(
            "bitbucket/oauthConfig.xml needs your OAuth client: pass --oauth-client-id bitbucket=ID"
        ),
        "{message}"
    );
    assert!(!out.path().join("apiodbc_bitbucket-v0.1.0.taco").exists());

    // Bitbucket's consumer does not serve Stripe, whose sign-in needs a Connect platform.
    let output = package_only(
        out.path(),
        &[
            "--oauth-client-id",
            "bitbucket=key",
            "--oauth-client-secret",
            "bitbucket=secret",
        ],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(
            "stripe/oauthConfig.xml needs your OAuth client: pass --oauth-client-id stripe=ID \
             and --oauth-client-secret stripe=SECRET"
        ),
        "{message}"
    );
    assert!(!out.path().join("apiodbc_stripe-v0.1.0.taco").exists());

    // Half a client, or two for one connector, is refused before anything is read.
    for (args, expected) in [
        (
            &["--oauth-client-id", "bitbucket=k"][..],
            "--oauth-client-id bitbucket=... needs --oauth-client-secret bitbucket=...",
        ),
        (
            &["--oauth-client-secret", "stripe=sk_test_half"],
            "--oauth-client-secret stripe=... needs --oauth-client-id stripe=...",
        ),
        (
            &[
                "--oauth-client-secret",
                "stripe=sk_test_half",
                "--oauth-client-secret",
                "Stripe=sk_test_half2",
            ],
            "--oauth-client-secret is given twice for stripe",
        ),
        (
            &["--oauth-client-id", "ca_without_connector"],
            "expected CONNECTOR=VALUE",
        ),
    ] {
        let half = apiodbc(&[&["tableau", "package"], args].concat());
        assert!(!half.status.success(), "{args:?}");
        assert!(stderr(&half).contains(expected), "{}", stderr(&half));
        assert!(!stderr(&half).contains("sk_test_half"), "{}", stderr(&half));
    }
}

#[test]
fn package_refuses_a_stripe_client_that_cannot_sign_in_without_echoing_it() {
    let out = tempfile::tempdir().expect("tmp");
    // The secret key given as the client id would end up in the browser's address bar.
    for (id, secret) in [
        ("stripe=sk_live_swapped", "stripe=ca_swapped"),
        ("stripe=ca_platform", "stripe=pk_live_publishable"),
    ] {
        let output = package_only(
            out.path(),
            &[
                "--oauth-client-id",
                "bitbucket=key",
                "--oauth-client-secret",
                "bitbucket=secret",
                "--oauth-client-id",
                id,
                "--oauth-client-secret",
                secret,
            ],
        );
        assert!(!output.status.success());
        let message = stderr(&output);
        assert!(
            message.contains("stripe: the client id must start with ca_ and the secret with sk_"),
            "{message}"
        );
        assert!(
            !message.contains("swapped") && !message.contains("publishable"),
            "{message}"
        );
    }
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none());

    let output = package_only(
        out.path(),
        &[
            "--oauth-client-id",
            "jira=x",
            "--oauth-client-secret",
            "jira=y",
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(
            "an OAuth client is given for jira, but the connectors are bitbucket, stripe"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn package_refuses_a_manifest_naming_a_missing_file() {
    let copy = tempfile::tempdir().expect("tmp");
    copy_dir(&sources(), copy.path());
    std::fs::remove_file(copy.path().join("stripe/connectionMetadata.xml")).expect("rm");
    let out = tempfile::tempdir().expect("tmp");
    let output = package(&[
        "--source",
        copy.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("names missing file connectionMetadata.xml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_xml_file_satisfies_tableaus_schemas() {
    let Some(xsd) = xsd_dir() else {
        return;
    };
    let out = tempfile::tempdir().expect("tmp");
    let args = |source: &Path| {
        package(&[
            "--xsd-dir",
            xsd.to_str().unwrap(),
            "--source",
            source.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ])
    };
    let output = args(&sources());
    assert!(output.status.success(), "{}", stderr(&output));

    // A file that breaks its schema fails validation, naming the file: a field
    // type Tableau does not know, a sign-in without its token endpoint.
    for (file, schema, break_it) in [
        (
            "bitbucket/connectionFields.xml",
            "connection_fields.xsd",
            (|text: &str| text.replacen("value-type='string'", "value-type='number'", 1))
                as fn(&str) -> String,
        ),
        (
            "stripe/oauthConfig.xml",
            "oauth_config.xsd",
            |text: &str| {
                let start = text.find("<tokenUri>").expect("tokenUri");
                let end = text.find("</tokenUri>").expect("tokenUri") + "</tokenUri>".len();
                format!("{}{}", &text[..start], &text[end..])
            },
        ),
    ] {
        let copy = tempfile::tempdir().expect("tmp");
        copy_dir(&sources(), copy.path());
        let path = copy.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, break_it(&text)).expect("write");
        let output = args(copy.path());
        assert!(!output.status.success(), "{file}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{file} does not satisfy {schema}")),
            "{message}"
        );
    }
}

/// Runs a connector's `connectionBuilder.js` under Node with stand-ins for
/// Tableau's `connectionHelper` and `driverLocator`; returns one connection
/// string per attribute set.
fn run_builder(connector: &str, driver: &str, cases: &serde_json::Value) -> Vec<String> {
    const HARNESS: &str = r#"
        const fs = require('fs');
        const [script, driver, cases] = process.argv.slice(1);
        const connectionHelper = {
            attributeServer: 'server', attributePort: 'port', attributeDatabase: 'dbname',
            attributeSchema: 'schema', attributeUsername: 'username',
            attributePassword: 'password', attributeAuthentication: 'authentication',
            keywordODBCUsername: 'UID', keywordODBCPassword: 'PWD',
            formatKeyValuePair: (key, value) =>
                key + '=' + (/[;{}]/.test(value) ? '{' + value.replace(/}/g, '}}') + '}' : value),
        };
        const driverLocator = { keywordDriver: 'DRIVER', locateDriver: () => driver };
        const builder = eval(fs.readFileSync(script, 'utf8'));
        console.log(JSON.stringify(JSON.parse(cases).map(attr => builder(attr).join(';'))));
    "#;
    let script = sources().join(connector).join("connectionBuilder.js");
    let output = Command::new("node")
        .args(["-e", HARNESS])
        .arg(&script)
        .arg(driver)
        .arg(cases.to_string())
        .output()
        .expect("node");
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("builder output")
}

#[test]
fn connection_builders_put_each_auth_mode_in_the_connection_string() {
    if !available_or_skip(on_path("node"), "`node` (apt-get install nodejs)") {
        return;
    }
    let bitbucket = run_builder(
        "bitbucket",
        "apiodbc Bitbucket",
        &serde_json::json!([
            {"authentication": "oauth", "ACCESSTOKEN": "tok-1", "dbname": "acme"},
            {"authentication": "auth-user-pass", "username": "me@example.com",
             "password": "api;token", "schema": "acme"},
            {"authentication": "auth-pass", "v-token": "repo-token",
             "v-baseurl": "http://127.0.0.1:9"},
        ]),
    );
    assert_eq!(
        bitbucket,
        [
            "DRIVER=apiodbc Bitbucket;Provider=bitbucket;CacheTTL=300;AuthScheme=OAuth;InitiateOAuth=OFF;\
             OAuthAccessToken=tok-1;Workspace=acme",
            "DRIVER=apiodbc Bitbucket;Provider=bitbucket;CacheTTL=300;AuthScheme=Basic;UID=me@example.com;\
             PWD={api;token};Schema=acme",
            "DRIVER=apiodbc Bitbucket;Provider=bitbucket;CacheTTL=300;AuthScheme=AccessToken;PWD=repo-token;\
             BaseURL=http://127.0.0.1:9",
        ]
    );

    let fake = FakeStripe::start(FakeStripeConfig::default());
    // The token Tableau obtained from Stripe Connect for the account that signed in.
    let token = "sk_test_signed_in_account";
    fake.accepted_keys().lock().unwrap().insert(token.into());
    let driver = driver_path().display().to_string();
    let stripe = run_builder(
        "stripe",
        &driver,
        &serde_json::json!([
            {"authentication": "auth-pass", "password": fake.api_key(),
             "v-baseurl": fake.base_url()},
            {"authentication": "auth-pass", "password": "sk_live_x", "v-account": "acct_1"},
            {"authentication": "oauth", "ACCESSTOKEN": token, "v-baseurl": fake.base_url()},
            // Fields of the API-key mode left over in the dialog do not leak into OAuth.
            {"authentication": "oauth", "ACCESSTOKEN": "tok;en", "password": "sk_live_x",
             "v-account": "acct_1", "schema": "stripe"},
        ]),
    );
    assert_eq!(
        stripe,
        [
            format!(
                "DRIVER={driver};Provider=stripe;CacheTTL=300;AuthScheme=APIKey;PWD={};BaseURL={}",
                fake.api_key(),
                fake.base_url()
            ),
            format!(
                "DRIVER={driver};Provider=stripe;CacheTTL=300;AuthScheme=APIKey;PWD=sk_live_x;AccountId=acct_1"
            ),
            format!(
                "DRIVER={driver};Provider=stripe;CacheTTL=300;AuthScheme=OAuth;InitiateOAuth=OFF;\
                 OAuthAccessToken={token};BaseURL={}",
                fake.base_url()
            ),
            format!(
                "DRIVER={driver};Provider=stripe;CacheTTL=300;AuthScheme=OAuth;InitiateOAuth=OFF;\
                 OAuthAccessToken={{tok;en}};Schema=stripe"
            ),
        ]
    );
    // What the builder produces really connects: the key under PWD, and the
    // signed-in token sent as the bearer for its own account (no Stripe-Account).
    let customers = |string: &str| {
        let connection = connect(string).unwrap_or_else(|e| panic!("{string}: {e}"));
        let count = query_text(&connection, "SELECT count(*) FROM customers").expect("query");
        count.rows[0][0].clone()
    };
    assert_eq!(customers(&stripe[0]).as_deref(), Some("25"));
    fake.reset_log();
    assert_eq!(customers(&stripe[2]).as_deref(), Some("25"));
    let requests = fake.requests();
    assert!(!requests.is_empty());
    for request in requests {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {token}").as_str())
        );
        assert_eq!(request.header("stripe-account"), None);
    }
}

/// The child elements of `node` called `name`.
fn elements<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Vec<roxmltree::Node<'a, 'input>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .collect()
}

/// A literal of each Tableau argument type, for instantiating formulas.
fn sample(kind: &str, function: &str) -> &'static str {
    match (kind, function) {
        ("str", "INT" | "FLOAT") => "'42.5'",
        ("str", "DATE" | "DATETIME") => "'2026-03-15'",
        ("str" | "localstr", _) => "'Stripe data'",
        ("int" | "localint", _) => "CAST(7 AS BIGINT)",
        ("real", _) => "CAST(2.5 AS DOUBLE)",
        ("localreal", _) => "0.5",
        ("bool", _) => "(1 = 1)",
        ("date", _) => "DATE '2026-03-15'",
        ("datetime", _) => "TIMESTAMP '2026-03-15 10:20:30'",
        (other, _) => panic!("no sample for argument type {other}"),
    }
}

/// `formula` with `%n` replaced by `args[n-1]` (highest numbers first, so `%1` never eats `%10`).
fn instantiate(formula: &str, args: &[String]) -> String {
    let mut sql = formula.to_string();
    for (i, arg) in args.iter().enumerate().rev() {
        sql = sql.replace(&format!("%{}", i + 1), arg);
    }
    sql
}

#[test]
fn every_dialect_formula_runs_through_the_driver() {
    let text = std::fs::read_to_string(sources().join("shared/dialect.tdd")).expect("dialect");
    let doc = roxmltree::Document::parse(&text).expect("dialect parses");
    // date-part names each date function's generic formula is used with.
    let mut parts: Vec<(String, String, String)> = Vec::new();
    for group in doc
        .descendants()
        .filter(|n| n.has_tag_name("date-part-group"))
    {
        for function in elements(group, "date-function") {
            for part in elements(group, "part") {
                parts.push((
                    function.attribute("name").unwrap().to_string(),
                    part.attribute("name").unwrap().to_string(),
                    part.attribute("value").unwrap().to_string(),
                ));
            }
        }
    }

    let mut statements: Vec<(String, String)> = Vec::new();
    for function in doc
        .descendants()
        .filter(|n| n.has_tag_name("function") || n.has_tag_name("date-function"))
    {
        let name = function.attribute("name").unwrap();
        let kinds: Vec<&str> = elements(function, "argument")
            .iter()
            .map(|a| a.attribute("type").unwrap())
            .collect();
        let samples: Vec<String> = kinds.iter().map(|k| sample(k, name).to_string()).collect();
        for formula in elements(function, "formula") {
            let body = formula.text().unwrap_or_default();
            let label = |part: &str| format!("{name}({}) [{part}]", kinds.join(", "));
            if !function.has_tag_name("date-function") {
                statements.push((label(""), instantiate(body, &samples)));
            } else if let Some(part) = formula.attribute("part") {
                let mut args = samples.clone();
                args[0] = format!("'{part}'");
                statements.push((label(part), instantiate(body, &args)));
            } else {
                // A part with its own formula never uses the generic one.
                let own: Vec<&str> = elements(function, "formula")
                    .iter()
                    .filter_map(|f| f.attribute("part"))
                    .collect();
                let mapped: Vec<_> = parts
                    .iter()
                    .filter(|(f, part, _)| f == name && !own.contains(&part.as_str()))
                    .collect();
                assert!(
                    !mapped.is_empty(),
                    "{name}: a generic formula needs date parts"
                );
                for (_, part, value) in mapped {
                    let mut args = samples.clone();
                    args[0] = value.clone();
                    statements.push((label(part), instantiate(body, &args)));
                }
            }
        }
    }
    assert!(statements.len() > 200, "only {} formulas", statements.len());

    let fake = FakeStripe::start(FakeStripeConfig::default());
    let connection =
        connect(&apiodbc_tests::odbc::fake_stripe_connection_string(&fake)).expect("connect");
    let failures: Vec<String> = statements
        .iter()
        .filter_map(|(label, expr)| {
            let sql = format!("SELECT {expr} AS v");
            match query_text(&connection, &sql) {
                Ok(result) if result.rows.len() == 1 => None,
                Ok(result) => Some(format!(
                    "{label}: {sql} returned {} rows",
                    result.rows.len()
                )),
                Err(e) => Some(format!("{label}: {sql}\n    {e}")),
            }
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} formulas failed:\n{}",
        failures.len(),
        statements.len(),
        failures.join("\n")
    );
}
