//! No diagnostic, warning or log line carries a secret, wherever the user
//! put it: a key pasted into the wrong place of a connection string is still
//! a key. Through unixODBC with raw wide calls, which read every record.

use apiodbc_tests::odbc::driver_path;
use apiodbc_tests::odbc::wide::WideConnection;
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

const PASTED: &str = "sk_test_51PastedSecretKey9";

fn prefix(fake: &FakeStripe) -> String {
    format!(
        "Driver={{{}}};Provider=stripe;BaseURL={}",
        driver_path().display(),
        fake.base_url()
    )
}

#[test]
fn a_key_in_a_malformed_connection_string_is_never_echoed() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    for tail in [PASTED.to_string(), format!("LiveAPIKey {PASTED}")] {
        let error = WideConnection::connect(&format!("{};{tail}", prefix(&fake)))
            .err()
            .expect("a malformed string fails");
        assert_eq!(error.state, "08001", "{error}");
        assert!(
            error.message.contains("malformed connection string"),
            "{error}"
        );
        assert!(error.message.contains("********"), "{error}");
        assert!(!error.message.contains("PastedSecret"), "{error}");
    }
}

#[test]
fn a_key_pasted_as_a_property_name_is_masked_in_the_warning() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let connection = WideConnection::connect(&format!(
        "{};LiveAPIKey={};{PASTED}=1",
        prefix(&fake),
        fake.api_key()
    ))
    .expect("connects, with a warning");
    let warnings = connection.diagnostics();
    let unknown = warnings
        .iter()
        .find(|w| w.state == "01S00")
        .unwrap_or_else(|| panic!("an unknown-attribute warning: {warnings:?}"));
    assert!(unknown.message.contains("********"), "{unknown}");
    assert!(!unknown.message.contains("PastedSecret"), "{unknown}");
}

#[test]
fn log_lines_mask_keys_the_logging_connection_was_never_given() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("apiodbc.log");
    let _logging = WideConnection::connect(&format!(
        "{};LiveAPIKey={};LogFile={};Verbosity=4",
        prefix(&fake),
        fake.api_key(),
        log.display()
    ))
    .expect("connects");
    let error = WideConnection::connect(&format!("{};{PASTED}", prefix(&fake)))
        .err()
        .expect("a malformed string fails");
    assert_eq!(error.state, "08001");
    let text = std::fs::read_to_string(&log).expect("the log");
    assert!(
        text.contains("08001: malformed connection string: '********'"),
        "{text}"
    );
    assert!(!text.contains("PastedSecret"), "{text}");
    assert!(!text.contains(fake.api_key()), "{text}");
}
