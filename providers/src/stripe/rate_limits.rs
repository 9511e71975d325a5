//! Stripe's published request rates. The account as a whole may start 25
//! requests a second in test mode and 100 in live mode; each endpoint (a
//! method and path template: every `GET /v1/charges/{id}` counts against one
//! limit) 25 of those; the Search API, all resources together, and the Files
//! API 20. A `RateLimit` property replaces all of them (see
//! [`HttpConfig::apply_limits`](crate::http::HttpConfig::apply_limits)).

use super::TABLES;

/// Default account-wide rates; live keys keep a tenth of Stripe's 100 in
/// reserve for the account's other clients.
pub const TEST: u64 = 25;
pub const LIVE: u64 = 90;

const ENDPOINT: f64 = 25.0;
const SEARCH_AND_FILES: f64 = 20.0;

/// The endpoint `path` belongs to and that endpoint's rate: the search or
/// files family, or the table path template the path fills in (the path
/// itself when no table has one, as for `/v1/account`).
pub fn endpoint(path: &str) -> (String, f64) {
    if path.ends_with("/search") {
        return ("search".into(), SEARCH_AND_FILES);
    }
    if path == "/v1/files" || path.starts_with("/v1/files/") {
        return ("files".into(), SEARCH_AND_FILES);
    }
    let template = TABLES
        .iter()
        .flat_map(|t| [Some(t.endpoint.list), t.endpoint.get])
        .flatten()
        .find(|template| fills(template, path));
    (template.unwrap_or(path).to_owned(), ENDPOINT)
}

/// Whether `path` is `template` with each `{…}` segment filled in.
fn fills(template: &str, path: &str) -> bool {
    template.split('/').count() == path.split('/').count()
        && template
            .split('/')
            .zip(path.split('/'))
            .all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_count_against_their_template_or_family() {
        let name = |path| endpoint(path).0;
        assert_eq!(name("/v1/charges"), "/v1/charges");
        assert_eq!(name("/v1/charges/ch_1"), "/v1/charges/{id}");
        assert_eq!(name("/v1/charges/ch_2"), "/v1/charges/{id}");
        assert_eq!(
            name("/v1/invoices/in_9/lines"),
            "/v1/invoices/{parent}/lines"
        );
        assert_eq!(name("/v1/account"), "/v1/account");
        assert_eq!(endpoint("/v1/customers/cus_1").1, 25.0);
        // Search is one family, whatever the resource; so are files.
        assert_eq!(endpoint("/v1/charges/search"), ("search".into(), 20.0));
        assert_eq!(endpoint("/v1/customers/search"), ("search".into(), 20.0));
        assert_eq!(endpoint("/v1/files/file_1"), ("files".into(), 20.0));
        assert_eq!(endpoint("/v1/files").0, "files");
        assert_eq!(endpoint("/v1/file_links").1, 25.0);
    }
}
