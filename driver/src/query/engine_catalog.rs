//! The provider's tables as the engine (DataFusion) sees them: its catalog
//! and schema providers.
//!
//! Names resolve case-insensitively: the engine lower-cases unquoted
//! identifiers, and BI tools quote names as they listed them ("Charges"), so
//! both must find `charges`. Schemas are not listed up front (Bitbucket would
//! need a request per connection); a schema exists when the provider has
//! tables for it. The `sys_*` tables resolve in every schema.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{CatalogProvider, SchemaProvider, TableProvider};
use datafusion::error::Result;

use super::system_tables::{self, SystemContext};
use super::table_provider::ApiTable;

/// The one catalog of a connection.
pub struct ProviderCatalog {
    context: Arc<SystemContext>,
}

impl ProviderCatalog {
    pub fn new(context: Arc<SystemContext>) -> Self {
        ProviderCatalog { context }
    }

    /// The schema's name as the provider spells it, if the schema exists.
    fn resolve(&self, name: &str) -> Option<String> {
        let default = self.context.default_schema.read().clone();
        if default.eq_ignore_ascii_case(name) {
            return Some(default);
        }
        let provider = &self.context.provider;
        [name.to_string(), name.to_lowercase()]
            .into_iter()
            .find(|candidate| !provider.tables(candidate).is_empty())
    }
}

impl fmt::Debug for ProviderCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProviderCatalog({})", self.context.provider.catalog())
    }
}

impl CatalogProvider for ProviderCatalog {
    /// Only the default schema: listing them all may cost a request, and
    /// `sys_schemas` is the place for the full list.
    fn schema_names(&self) -> Vec<String> {
        vec![self.context.default_schema.read().clone()]
    }

    fn schema(&self, name: &str) -> Option<Arc<dyn SchemaProvider>> {
        let name = self.resolve(name)?;
        Some(Arc::new(ProviderSchema {
            name,
            context: self.context.clone(),
        }))
    }
}

/// One schema: the provider's tables of it plus the system tables.
pub struct ProviderSchema {
    name: String,
    context: Arc<SystemContext>,
}

impl fmt::Debug for ProviderSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProviderSchema({})", self.name)
    }
}

#[async_trait]
impl SchemaProvider for ProviderSchema {
    fn table_names(&self) -> Vec<String> {
        self.context
            .provider
            .tables(&self.name)
            .iter()
            .map(|t| t.name.to_string())
            .chain(system_tables::names().map(str::to_string))
            .collect()
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        let provider = &self.context.provider;
        if let Some(t) = provider
            .tables(&self.name)
            .into_iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
        {
            return Ok(Some(Arc::new(ApiTable::new(
                provider.clone(),
                self.name.clone(),
                t,
                self.context.store.clone(),
            ))));
        }
        Ok(system_tables::table(&self.context, name))
    }

    fn table_exist(&self, name: &str) -> bool {
        self.table_names()
            .iter()
            .any(|t| t.eq_ignore_ascii_case(name))
    }
}
