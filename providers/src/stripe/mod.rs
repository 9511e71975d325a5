//! Stripe: tables over `https://api.stripe.com/v1`.

use futures::future::BoxFuture;

use crate::table::{Predicate, Pushdown, ScanRequest, Table};
use crate::{BatchStream, Error, Properties, Provider, Result};

pub struct Stripe;

impl Stripe {
    pub fn new(_properties: &Properties) -> Result<Self> {
        Err(Error::Config("the Stripe provider is being written".into()))
    }
}

impl Provider for Stripe {
    fn name(&self) -> &'static str {
        "Stripe"
    }
    fn catalog(&self) -> String {
        "stripe".into()
    }
    fn catalogs(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        Box::pin(async { Ok(vec!["stripe".to_string()]) })
    }
    fn default_schema(&self) -> String {
        "stripe".into()
    }
    fn schemas(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        Box::pin(async { Ok(vec!["stripe".to_string()]) })
    }
    fn tables(&self, _schema: &str) -> Vec<&'static Table> {
        Vec::new()
    }
    fn pushdown(&self, _table: &'static Table, _predicate: &Predicate) -> Pushdown {
        Pushdown::Unsupported
    }
    fn check_connection(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async { Ok(()) })
    }
    fn scan(
        &self,
        _schema: &str,
        _table: &'static Table,
        _request: ScanRequest,
    ) -> Result<BatchStream> {
        Err(Error::Config("not yet".into()))
    }
}
