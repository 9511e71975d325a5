//! Declarative table definitions and the scan contract between the planner and
//! the providers.
//!
//! A table is data: its columns (name, type, JSON path, description) and, per
//! column, how a WHERE predicate on it maps to the API. The planner offers each
//! WHERE conjunct as a [`Predicate`]; the provider answers [`Pushdown`]; the
//! engine re-checks everything that is not `Exact`.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use arrow::array::RecordBatch;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use futures::Stream;

use crate::Result;

/// Field metadata key: the declared character length of a text column, which
/// the driver reports as its ODBC column size.
pub const SIZE_KEY: &str = "apiodbc.size";
/// Field metadata key: the column's description (ODBC `REMARKS`).
pub const DESCRIPTION_KEY: &str = "apiodbc.description";

/// A stream of record batches, as a scan produces them.
pub type BatchStream = Pin<Box<dyn Stream<Item = Result<RecordBatch>> + Send>>;

/// One table of an API.
#[derive(Debug)]
pub struct Table {
    /// Lower-case snake_case SQL name (`charges`).
    pub name: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    /// Where and how rows are read; interpreted by the owning provider.
    pub endpoint: Endpoint,
}

/// The API resource behind a table.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// List path, e.g. `/v1/charges`; `{parent}` stands for the parent id of a child table.
    pub list: &'static str,
    /// Get-by-id path, e.g. `/v1/charges/{id}`, when the API has one.
    pub get: Option<&'static str>,
    /// Query parameters always sent to the list path unless a pushed-down
    /// filter sets the same parameter (Stripe subscriptions: `status=all`).
    pub defaults: &'static [(&'static str, &'static str)],
    /// When not empty, the list path answers one object instead of a page
    /// (Stripe `/v1/balance`): each element of these arrays, named
    /// `(kind, dot path)`, is one row, with its kind in the field `kind` and
    /// the object's own scalar fields (`livemode`) beside its own.
    pub unroll: &'static [(&'static str, &'static str)],
    /// Set for a child table, whose rows are listed one parent object at a time.
    pub parent: Option<Parent>,
    /// The list path takes `limit` and cursors; `false` for a list answered
    /// whole in one page that refuses them (Stripe account capabilities).
    pub paged: bool,
    /// The path of the API's search language over the same objects (Stripe
    /// Search, `/v1/charges/search`), for the columns declared
    /// [`Column::searched`]. The provider decides when to use it.
    pub search: Option<&'static str>,
    /// The list parameter that names objects by id (Stripe products'
    /// `ids[]`): an `id IN` list is read through the list path instead of
    /// one get per id.
    pub ids: Option<&'static str>,
    /// How a cached copy of the table learns what changed since it was read
    /// (`CacheLocation`, see [`crate::sync`]).
    pub changes: Changes,
}

/// What the API tells about changes to a table's objects, which decides how
/// the persistent cache refreshes it. Every kind but `Reread` merges rows by
/// their `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changes {
    /// Nothing short of a full re-read is exact (the default).
    Reread,
    /// Objects are never deleted and every change moves the column forward
    /// (Bitbucket pull requests' `updated_on`; Stripe balance transactions,
    /// which never change, by `created`): rows past the cached copy's newest
    /// value are all that changed.
    Newer(&'static str),
    /// New objects by `created`; changed and deleted ones from the events of
    /// `types` (Stripe `charge.*`) about objects of kind `object` (`charge`:
    /// `charge.*` also has disputes), which the API keeps for 30 days.
    Events {
        types: &'static str,
        object: &'static str,
    },
}

/// How a child table's list reaches its parent: invoice lines are listed per
/// invoice (`/v1/invoices/{parent}/lines`), subscription items per
/// subscription (`/v1/subscription_items?subscription=...`).
///
/// The child column filtered by [`Filter::Parent`] holds the parent id. A
/// scan lists under the parents that a `=`/`IN` filter on it names, or else
/// lists the parent table's ids and fans out over them (bounded by the
/// connection's concurrency). The parent may itself be a child table (a
/// repository's pull requests' comments): its ids are then read by the same
/// fan-out one level up.
#[derive(Debug, Clone, Copy)]
pub struct Parent {
    /// The table whose objects are the parents.
    pub table: &'static Table,
    /// The field of a parent object that identifies it in the child's list
    /// (`id`; a Bitbucket pipeline's `uuid`, a commit's `hash`).
    pub key: &'static str,
    /// The query parameter naming the parent, when the list path has no `{parent}`.
    pub param: Option<&'static str>,
}

impl Parent {
    /// The parent id goes into the list path's `{parent}`.
    pub const fn in_path(table: &'static Table) -> Parent {
        Parent {
            table,
            key: "id",
            param: None,
        }
    }

    /// The parent id goes into query parameter `param`.
    pub const fn in_query(table: &'static Table, param: &'static str) -> Parent {
        Parent {
            table,
            key: "id",
            param: Some(param),
        }
    }

    /// The parent is identified by its field `key` instead of `id`.
    pub const fn keyed_by(self, key: &'static str) -> Parent {
        Parent { key, ..self }
    }
}

impl Endpoint {
    /// A list path with a get-by-id path and no default parameters.
    pub const fn new(list: &'static str, get: Option<&'static str>) -> Endpoint {
        Endpoint {
            list,
            get,
            defaults: &[],
            unroll: &[],
            parent: None,
            paged: true,
            search: None,
            ids: None,
            changes: Changes::Reread,
        }
    }

    /// The same endpoint, whose changes the API reports this way (see [`Changes`]).
    pub const fn changed_by(self, changes: Changes) -> Endpoint {
        Endpoint { changes, ..self }
    }

    /// The same endpoint, whose list takes ids in `param` (see [`Endpoint::ids`]).
    pub const fn listed_by_id(self, param: &'static str) -> Endpoint {
        Endpoint {
            ids: Some(param),
            ..self
        }
    }

    /// The same endpoint, with a search path (see [`Endpoint::search`]).
    pub const fn searched_at(self, path: &'static str) -> Endpoint {
        Endpoint {
            search: Some(path),
            ..self
        }
    }

    /// A path answering one object whose arrays are unrolled into rows (see [`Endpoint::unroll`]).
    pub const fn unrolled(
        path: &'static str,
        arrays: &'static [(&'static str, &'static str)],
    ) -> Endpoint {
        Endpoint {
            unroll: arrays,
            ..Endpoint::new(path, None)
        }
    }

    /// The same endpoint, whose list comes whole in one page (see [`Endpoint::paged`]).
    pub const fn unpaged(self) -> Endpoint {
        Endpoint {
            paged: false,
            ..self
        }
    }

    /// The same endpoint, listed under each object of a parent table.
    pub const fn under(self, parent: Parent) -> Endpoint {
        Endpoint {
            parent: Some(parent),
            ..self
        }
    }
}

/// One column: its SQL name, type, where its value sits in the API's JSON, and
/// how predicates on it reach the API.
#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnKind,
    /// Dot-separated JSON path inside the object (`billing_details.email`); empty means `name`.
    pub path: &'static str,
    /// Where older API versions kept the field, read when `path` holds
    /// nothing (see [`Column::or_at`]); empty when the field never moved.
    pub fallback: &'static str,
    pub description: &'static str,
    pub nullable: bool,
    pub filter: Filter,
    /// How the endpoint's search language matches the column, besides `filter`.
    pub search: Search,
    /// Which values `filter` may send, and in which words.
    pub vocabulary: Vocabulary,
    /// The API leaves the field out unless a request expands it (Stripe
    /// plans' `tiers`); see [`Column::expanded`].
    pub expand: bool,
    /// A boolean list parameter saying whether the field is null (Stripe
    /// invoice items' `pending`: no invoice yet); see [`Column::null_as`].
    pub null_param: Option<&'static str>,
    /// The list filters on the column's parameter, but objects do not carry
    /// the field; see [`Column::filter_only`].
    pub filter_only: bool,
    /// The API lists nothing without a filter on this column (Stripe meter
    /// event summaries need a customer and a time window): a scan whose
    /// pushed conjuncts do not name it fails before any request, saying
    /// which filter to add (see [`Table::check_required`]).
    pub required: bool,
}

/// The SQL type of a column and the declared size of text.
///
/// Text sizes are the one place the driver's column descriptions come from:
/// a bulk client (RODBC, arrow-odbc) sizes its buffers from them, so a size
/// must hold every real value. Text without a bound is not given a made-up
/// one: it has no declared size, and the driver describes it as long text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Identifiers and references (`ch_...`, UUIDs, hashes, slugs).
    Id,
    /// Enumerations, currency and country codes, statuses.
    Code,
    /// Short free text: names, titles, e-mail addresses, URLs.
    Text,
    /// Free text without a documented bound: descriptions, commit messages,
    /// comments.
    LongText,
    /// A nested object or array kept as JSON text.
    Json,
    Integer,
    Float,
    Bool,
    /// Unix seconds or ISO-8601 in the API; UTC microseconds in SQL.
    Timestamp,
    Date,
}

/// Characters of an id: Stripe promises its ids never exceed 255; Bitbucket
/// UUIDs (38), commit hashes (40) and slugs are shorter.
pub const ID_SIZE: u32 = 255;
/// Characters of a code: the longest enumeration value either API documents
/// has 65 (a Stripe merchant category); twice that leaves room for new ones.
pub const CODE_SIZE: u32 = 128;
/// Characters of short free text: Stripe's OpenAPI description bounds its
/// strings at 5,000 unless it documents more (then the column is `LongText`).
pub const TEXT_SIZE: u32 = 5000;
/// Characters the driver describes unbounded text with (JSON, `LongText`,
/// computed text such as `string_agg`): more than any API object holds,
/// yet small enough that a client binding a buffer of this size for each of
/// a table's JSON columns (arrow-odbc allows 512 MiB a row by default) still
/// can. A longer value arrives whole through `SQLGetData`; a bound buffer
/// gets 01004 with the full length in its indicator.
pub const LONG_TEXT_SIZE: u32 = 1 << 20;

impl ColumnKind {
    pub fn data_type(self) -> DataType {
        match self {
            ColumnKind::Id
            | ColumnKind::Code
            | ColumnKind::Text
            | ColumnKind::LongText
            | ColumnKind::Json => DataType::Utf8,
            ColumnKind::Integer => DataType::Int64,
            ColumnKind::Float => DataType::Float64,
            ColumnKind::Bool => DataType::Boolean,
            ColumnKind::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            ColumnKind::Date => DataType::Date32,
        }
    }

    /// Declared character length of bounded text; `None` for unbounded text
    /// (`LongText`, `Json`) and for other types.
    pub fn size(self) -> Option<u32> {
        match self {
            ColumnKind::Id => Some(ID_SIZE),
            ColumnKind::Code => Some(CODE_SIZE),
            ColumnKind::Text => Some(TEXT_SIZE),
            _ => None,
        }
    }
}

/// How a predicate on a column reaches the API. Providers interpret the
/// variants for their own API (Stripe query parameters, Bitbucket BBQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Not filterable by the API: always evaluated locally.
    None,
    /// The object id: `=` and `IN` become get-by-id requests.
    Id,
    /// An equality query parameter (`customer=cus_1`).
    Equals(&'static str),
    /// An array query parameter taking at most the given number of values
    /// (Stripe `types[]=a&types[]=b`): `=` and `IN` send every value.
    AnyOf(&'static str, usize),
    /// A plain parameter the API reads as the lower end of a window (Stripe
    /// meter event summaries' `start_time`): `col >= t`, `col > t` and
    /// `col = t` send `param=t` in whole API units, rounded down so that no
    /// matching row is left out. Inexact: the engine re-checks.
    LowerBound(&'static str),
    /// The upper end of such a window (`end_time`): `col <= t`, `col < t`
    /// and `col = t` send `param=t`, rounded up. Inexact, like [`Filter::LowerBound`].
    UpperBound(&'static str),
    /// A range query parameter (`created[gte]=...`; also exact `created=`).
    /// The API compares whole units (seconds for timestamps), and so does the
    /// translation of SQL bounds.
    Range(&'static str),
    /// A field of the API's query language (Bitbucket BBQL `q=`, dotted
    /// path): comparisons, `IN`, `LIKE '%x%'`, `IS [NOT] NULL`, and `sort=`.
    Query(&'static str),
    /// The parent id of a child table (see [`Parent`]): `=` and `IN` choose
    /// the parents listed under. The scan fills the column when the API's
    /// object does not carry it. Bitbucket's `repository` column is one whose
    /// parents (the workspace's repositories) the provider lists itself.
    Parent,
    /// Not filterable by the API, which sorts on this field (Bitbucket
    /// pipelines' `sort=created_on`): only `ORDER BY` reaches the API.
    Sorted(&'static str),
}

/// How an endpoint's search language (see [`Endpoint::search`]) matches a
/// column, which it names by the column's JSON path. Numbers and timestamps
/// also compare with `<`, `<=`, `>`, `>=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Not searchable.
    None,
    /// Equal values only (ids, codes, booleans), and comparisons of numbers.
    Exact,
    /// Text: equal values, and substrings for `LIKE 'abc%'`.
    Substring,
}

/// The values a filter parameter takes, when the API documents a closed set.
/// An API that validates its enumerations answers 400 to any other value, and
/// one that does not answers wrong rows, so a value outside the vocabulary is
/// never sent: the engine filters on it locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// Any value is sent as it is.
    Open,
    /// Only these values are sent (the parameter's documented enumeration).
    Closed(&'static [&'static str]),
    /// `(column value, parameter value)`: the parameter names states in words
    /// of its own (a Bitbucket pipeline's result `SUCCESSFUL` is filtered as
    /// `status=PASSED`); a value without an entry is not sent.
    Mapped(&'static [(&'static str, &'static str)]),
}

impl Vocabulary {
    /// The parameter value for a column value, or `None` when it may not be sent.
    pub fn translate<'a>(&self, value: &'a str) -> Option<&'a str> {
        match self {
            Vocabulary::Open => Some(value),
            Vocabulary::Closed(values) => values.contains(&value).then_some(value),
            Vocabulary::Mapped(pairs) => pairs
                .iter()
                .find(|(column, _)| *column == value)
                .map(|(_, param)| *param),
        }
    }

    /// A sentence for the column's remarks: which values are sent, and how.
    fn remarks(&self) -> Option<String> {
        match self {
            Vocabulary::Open => None,
            Vocabulary::Closed(values) => Some(format!(
                "The values sent: {}; any other is filtered locally.",
                values.join(", ")
            )),
            Vocabulary::Mapped(pairs) => {
                let renamed: Vec<String> = pairs
                    .iter()
                    .filter(|(column, param)| column != param)
                    .map(|(column, param)| format!("{column} as {param}"))
                    .collect();
                let sent: Vec<&str> = pairs.iter().map(|(column, _)| *column).collect();
                let mut sentence = format!(
                    "The values sent: {}; any other is filtered locally.",
                    sent.join(", ")
                );
                if !renamed.is_empty() {
                    sentence.push_str(&format!(
                        " The API names them in its own words: {}.",
                        renamed.join(", ")
                    ));
                }
                Some(sentence)
            }
        }
    }
}

impl Column {
    /// A nullable column read from the JSON field of the same name, not filterable.
    pub const fn new(name: &'static str, kind: ColumnKind, description: &'static str) -> Column {
        Column {
            name,
            kind,
            path: "",
            fallback: "",
            description,
            nullable: true,
            filter: Filter::None,
            search: Search::None,
            vocabulary: Vocabulary::Open,
            expand: false,
            null_param: None,
            filter_only: false,
            required: false,
        }
    }

    /// Reads the value from a dot-separated JSON path instead of the field named like the column.
    pub const fn at(self, path: &'static str) -> Column {
        Column { path, ..self }
    }

    /// Where the field was before the API moved it: an object of an older
    /// API version (Stripe invoices before `parent`) has it there, and the
    /// column reads it when the current path holds nothing. The old path is
    /// also the field's name in the search language, which kept the old
    /// names (`subscription` on invoices).
    pub const fn or_at(self, fallback: &'static str) -> Column {
        Column { fallback, ..self }
    }

    /// The list filters on the column's `=` parameter, but its objects do
    /// not carry the field (Stripe balance transactions' `payout`): a row
    /// listed with the filter holds the value asked for, any other row NULL.
    /// Only a listing can tell, so such a filter is never checked on an
    /// object read by id.
    pub const fn filter_only(self) -> Column {
        Column {
            filter_only: true,
            ..self
        }
    }

    /// `IS NULL` is sent as `param=true` and `IS NOT NULL` as `param=false`,
    /// whatever `filter` does with values.
    pub const fn null_as(self, param: &'static str) -> Column {
        Column {
            null_param: Some(param),
            ..self
        }
    }

    /// The API includes the field only when a request expands it: the
    /// scan asks for the expansion when, and only when, the column is
    /// selected.
    pub const fn expanded(self) -> Column {
        Column {
            expand: true,
            ..self
        }
    }

    /// The API always sends a value.
    pub const fn not_null(self) -> Column {
        Column {
            nullable: false,
            ..self
        }
    }

    /// How predicates on this column reach the API.
    pub const fn filtered_by(self, filter: Filter) -> Column {
        Column { filter, ..self }
    }

    /// A query must filter on this column (see [`Column::required`]).
    pub const fn required(self) -> Column {
        Column {
            required: true,
            ..self
        }
    }

    /// How the endpoint's search language matches this column.
    pub const fn searched(self, search: Search) -> Column {
        Column { search, ..self }
    }

    /// The filter parameter takes only these values (see [`Vocabulary::Closed`]).
    pub const fn one_of(self, values: &'static [&'static str]) -> Column {
        Column {
            vocabulary: Vocabulary::Closed(values),
            ..self
        }
    }

    /// The filter parameter names the column's values in its own words (see
    /// [`Vocabulary::Mapped`]).
    pub const fn sent_as(self, pairs: &'static [(&'static str, &'static str)]) -> Column {
        Column {
            vocabulary: Vocabulary::Mapped(pairs),
            ..self
        }
    }

    /// The column holds a request option the rows are read with (a `$`
    /// path sent by an `=` filter: a Bitbucket listing's `include`), not a
    /// field. (Other `$` paths hold what the scan fills in, such as the
    /// repository of each row.)
    pub fn is_request_option(&self) -> bool {
        self.json_path().starts_with('$') && matches!(self.filter, Filter::Equals(_))
    }

    pub fn json_path(&self) -> &'static str {
        if self.path.is_empty() {
            self.name
        } else {
            self.path
        }
    }

    /// The JSON paths the value is read from, in order: the current one,
    /// then the one of older API versions.
    pub fn json_paths(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.json_path())
            .chain((!self.fallback.is_empty()).then_some(self.fallback))
    }

    /// The field's name in the endpoint's search language: its JSON path,
    /// or the old path of a field that moved.
    pub fn search_field(&self) -> &'static str {
        if self.fallback.is_empty() {
            self.json_path()
        } else {
            self.fallback
        }
    }

    /// The description, then what a filter on the column sends to the API:
    /// written from the declaration, so the two cannot disagree.
    pub fn remarks(&self) -> String {
        let mut remarks = self.description.to_string();
        let sent_as = |param: &str| {
            if param == self.name {
                String::new()
            } else {
                format!(" as `{param}`")
            }
        };
        let pushed = match self.filter {
            Filter::None => None,
            Filter::Id => Some("`=` and `IN` read the objects by id.".to_string()),
            Filter::Equals(p) => Some(format!("`=` is sent to the API{}.", sent_as(p))),
            Filter::AnyOf(p, n) => Some(format!(
                "`=` and `IN` (up to {n} values) are sent to the API{}.",
                sent_as(p)
            )),
            Filter::Range(p) => Some(format!("Comparisons are sent to the API{}.", sent_as(p))),
            Filter::LowerBound(p) => Some(format!(
                "`>=`, `>` and `=` are sent to the API{} as the start of the window.",
                sent_as(p)
            )),
            Filter::UpperBound(p) => Some(format!(
                "`<=`, `<` and `=` are sent to the API{} as the end of the window.",
                sent_as(p)
            )),
            Filter::Query(p) => Some(format!(
                "Comparisons, `IN`, `LIKE` and `IS NULL` are sent in the API's query{}.",
                sent_as(p)
            )),
            Filter::Parent => Some("`=` and `IN` choose the parents whose rows are read.".into()),
            Filter::Sorted(p) => Some(format!("`ORDER BY` is sent to the API{}.", sent_as(p))),
        };
        let searched = match (self.search, self.kind) {
            (Search::None, _) => None,
            (_, ColumnKind::Json) => Some(format!("`{}['key'] = 'value'` goes", self.name)),
            (_, ColumnKind::Integer | ColumnKind::Float | ColumnKind::Timestamp) => {
                Some("comparisons go".to_string())
            }
            (Search::Substring, _) => Some("`=` and `LIKE 'abc%'` go".to_string()),
            (Search::Exact, _) => Some("`=` goes".to_string()),
        }
        .map(|what| format!("With UseSearchAPI, {what} to the Search API."));
        let vocabulary = pushed.as_ref().and(self.vocabulary.remarks());
        let nulls = self.null_param.map(|p| {
            format!(
                "`IS NULL` and `IS NOT NULL` are sent to the API{}.",
                sent_as(p)
            )
        });
        let expanded = self
            .expand
            .then(|| "The API sends it only on request, made when the column is selected.".into());
        let required = self
            .required
            .then(|| "A query must filter on it (the API requires it).".to_string());
        for sentence in pushed
            .into_iter()
            .chain(vocabulary)
            .chain(nulls)
            .chain(searched)
            .chain(expanded)
            .chain(required)
        {
            remarks.push(' ');
            remarks.push_str(&sentence);
        }
        remarks
    }

    pub fn field(&self) -> Field {
        let mut metadata = HashMap::from([(DESCRIPTION_KEY.to_string(), self.remarks())]);
        if let Some(size) = self.kind.size() {
            metadata.insert(SIZE_KEY.to_string(), size.to_string());
        }
        Field::new(self.name, self.kind.data_type(), self.nullable).with_metadata(metadata)
    }
}

impl Table {
    /// The description, then which columns' filters reach the API: written
    /// from the declarations, so the two cannot disagree.
    pub fn remarks(&self) -> String {
        let names = |keep: fn(&Column) -> bool| {
            let names: Vec<&str> = self
                .columns
                .iter()
                .filter(|c| keep(c))
                .map(|c| c.name)
                .collect();
            match names.split_last() {
                None => None,
                Some((last, [])) => Some(last.to_string()),
                Some((last, rest)) => Some(format!("{} and {last}", rest.join(", "))),
            }
        };
        let mut remarks = self.description.to_string();
        if let Some(listed) = names(|c| {
            !matches!(c.filter, Filter::None | Filter::Sorted(_)) || c.null_param.is_some()
        }) {
            remarks.push_str(&format!(" Filters on {listed} are sent to the API."));
        }
        if let Some(searched) = names(|c| c.filter == Filter::None && c.search != Search::None) {
            remarks.push_str(&format!(
                " With UseSearchAPI, filters on {searched} go to the Search API."
            ));
        }
        if let Some(required) = names(|c| c.required) {
            remarks.push_str(&format!(" A query must filter on {required}."));
        }
        remarks
    }

    /// Whether which rows the table has depends on its filters: a column
    /// the API needs a filter on ([`Column::required`]), one only a filter
    /// fills ([`Column::filter_only`]), or a request option (a `$` path).
    /// Such a table cannot be read whole once and answered from that copy.
    pub fn rows_depend_on_filters(&self) -> bool {
        self.columns
            .iter()
            .any(|c| c.required || c.filter_only || c.is_request_option())
    }

    /// Fails, before any request, when a required column
    /// ([`Column::required`]) is named by none of the conjuncts the provider
    /// took (`filters`, each answered `Exact` or `Inexact`), saying which
    /// filters to add.
    pub fn check_required(&self, filters: &[Predicate]) -> Result<()> {
        let filtered = |column: &Column| {
            filters
                .iter()
                .any(|f| f.first_column() == Some(column.name))
        };
        let missing: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.required && !filtered(c))
            .map(|c| match c.filter {
                Filter::LowerBound(_) => format!("{} >= ...", c.name),
                Filter::UpperBound(_) => format!("{} <= ...", c.name),
                _ => format!("{} = '...'", c.name),
            })
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(crate::Error::MissingFilter(format!(
            "table {} cannot be read without a filter the API requires: add WHERE {}",
            self.name,
            missing.join(" AND ")
        )))
    }

    /// The Arrow schema of every column, in definition order.
    pub fn schema(&self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns.iter().map(Column::field).collect::<Vec<_>>(),
        ))
    }

    /// The schema and columns of a projection (indices into [`Table::columns`];
    /// `None` means all), as a scan returns them.
    pub fn project(
        &'static self,
        projection: Option<&[usize]>,
    ) -> Result<(SchemaRef, Vec<&'static Column>)> {
        let indices: Vec<usize> = match projection {
            Some(p) => p.to_vec(),
            None => (0..self.columns.len()).collect(),
        };
        let columns = indices
            .iter()
            .map(|&i| {
                self.columns.get(i).ok_or_else(|| {
                    crate::Error::Config(format!("table {} has no column number {i}", self.name))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let schema = self
            .schema()
            .project(&indices)
            .map_err(|e| crate::Error::Config(e.to_string()))?;
        Ok((Arc::new(schema), columns))
    }

    pub fn column(&self, name: &str) -> Option<&'static Column>
    where
        Self: 'static,
    {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column holding the parent id of a child table. Columns of outer
    /// parents come first (a Bitbucket pull request comment's `repository`,
    /// then its `pull_request_id`), so this is the last such column.
    pub fn parent_column(&self) -> Option<&'static Column>
    where
        Self: 'static,
    {
        self.columns
            .iter()
            .rev()
            .find(|c| c.filter == Filter::Parent)
    }
}

/// The text values a conjunct allows `column` to take, when it is `column =
/// 'x'`, `column IN ('x', ...)` or an OR of those (the planner writes a short
/// IN list as ORs); empty strings are dropped, as no id is empty. Numbers
/// count as their text (Bitbucket numbers pull requests and issues). `None`
/// for any other conjunct. Shared by id and parent-id pushdown.
pub fn keys_of(predicate: &Predicate, column: &str) -> Option<Vec<String>> {
    let (name, values) = predicate.equalities()?;
    if name != column {
        return None;
    }
    let keys = values
        .into_iter()
        .map(|v| match v {
            Value::Text(t) => Some(t.clone()),
            Value::Int(n) => Some(n.to_string()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(keys.into_iter().filter(|k| !k.is_empty()).collect())
}

/// A literal a predicate compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// Microseconds since the Unix epoch, UTC.
    Timestamp(i64),
    /// Days since the Unix epoch.
    Date(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
}

/// One WHERE conjunct, in a form independent of the query engine. Columns are
/// named as in the table definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    Compare {
        column: String,
        op: CmpOp,
        value: Value,
    },
    InList {
        column: String,
        values: Vec<Value>,
        negated: bool,
    },
    IsNull {
        column: String,
        negated: bool,
    },
    Like {
        column: String,
        pattern: String,
        negated: bool,
        case_insensitive: bool,
    },
    /// `column['key'] = value`: one key of a JSON text column (`metadata`).
    KeyEquals {
        column: String,
        key: String,
        value: String,
    },
    And(Vec<Predicate>),
    Or(Vec<Predicate>),
    Not(Box<Predicate>),
}

impl Predicate {
    /// `column op value`.
    pub fn compare(column: &str, op: CmpOp, value: Value) -> Predicate {
        Predicate::Compare {
            column: column.into(),
            op,
            value,
        }
    }

    /// The column and values of an equality: `=`, `IN`, or an OR of those
    /// on one column (the planner writes a short `IN` as ORs).
    pub fn equalities(&self) -> Option<(&str, Vec<&Value>)> {
        match self {
            Predicate::Compare {
                column,
                op: CmpOp::Eq,
                value,
            } => Some((column, vec![value])),
            Predicate::InList {
                column,
                values,
                negated: false,
            } => Some((column, values.iter().collect())),
            Predicate::Or(branches) => {
                let mut column = None;
                let mut values = Vec::new();
                for branch in branches {
                    let (name, more) = branch.equalities()?;
                    if *column.get_or_insert(name) != name {
                        return None;
                    }
                    values.extend(more);
                }
                Some((column?, values))
            }
            _ => None,
        }
    }

    /// The column of the leftmost comparison, when the predicate is one or an OR of them.
    pub fn first_column(&self) -> Option<&str> {
        match self {
            Predicate::Compare { column, .. } | Predicate::InList { column, .. } => Some(column),
            Predicate::Or(branches) => branches.first()?.first_column(),
            _ => None,
        }
    }
}

/// How exactly a provider can apply a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushdown {
    /// The API returns exactly the matching rows; the engine need not re-check.
    Exact,
    /// The API narrows the rows; the engine re-checks.
    Inexact,
    /// The API cannot help; the engine filters locally.
    Unsupported,
}

/// An ORDER BY key the provider may use to choose the API's sort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderBy {
    pub column: String,
    pub descending: bool,
}

/// What the planner asks a provider to read.
#[derive(Debug, Clone, Default)]
pub struct ScanRequest {
    /// Indices into [`Table::schema`] of the columns to return, in this order;
    /// `None` means all columns.
    pub projection: Option<Vec<usize>>,
    /// WHERE conjuncts; each was answered `Exact` or `Inexact` by [`crate::Provider::pushdown`].
    pub filters: Vec<Predicate>,
    /// At most this many rows are needed (only set when every filter is `Exact`).
    pub limit: Option<usize>,
    /// The order the query wants, if the API can produce it.
    pub order: Vec<OrderBy>,
    /// Ask the API even when `CacheTTL` holds a fresh answer (`/* nocache */`).
    pub fresh: bool,
    /// Only the number of rows matters (`COUNT(*)` with every filter
    /// pushed down): a provider that can count without reading rows may
    /// send batches with no column and the right row count.
    pub count_only: bool,
    /// Where the scan reports what it left out (the driver shows SQLSTATE 01000).
    pub notices: Notices,
}

/// Warnings of a scan that still succeeds, e.g. a repository skipped by a
/// cross-repository table because the credentials may not read it. Clones
/// share one list: the provider pushes, the statement takes them as it
/// fetches.
#[derive(Debug, Clone, Default)]
pub struct Notices(Arc<Mutex<Vec<String>>>);

impl Notices {
    pub fn push(&self, notice: String) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(notice);
    }

    /// The notices pushed since the last call.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESULT: Column = Column::new("result", ColumnKind::Code, "How the run ended.")
        .filtered_by(Filter::Equals("status"))
        .sent_as(&[("SUCCESSFUL", "PASSED"), ("FAILED", "FAILED")]);

    #[test]
    fn a_vocabulary_sends_only_its_values_in_the_apis_words() {
        assert_eq!(RESULT.vocabulary.translate("SUCCESSFUL"), Some("PASSED"));
        assert_eq!(RESULT.vocabulary.translate("FAILED"), Some("FAILED"));
        assert_eq!(RESULT.vocabulary.translate("EXPIRED"), None);
        let closed = Vocabulary::Closed(&["open", "paid"]);
        assert_eq!(closed.translate("paid"), Some("paid"));
        assert_eq!(closed.translate("Paid"), None);
        assert_eq!(Vocabulary::Open.translate("anything"), Some("anything"));
    }

    #[test]
    fn remarks_say_which_values_are_sent_and_in_which_words() {
        assert_eq!(
            RESULT.remarks(),
            "How the run ended. `=` is sent to the API as `status`. The values sent: \
             SUCCESSFUL, FAILED; any other is filtered locally. The API names them in its \
             own words: SUCCESSFUL as PASSED."
        );
        let local = Column::new("state", ColumnKind::Code, "State.").one_of(&["a"]);
        assert_eq!(local.remarks(), "State.");
    }
}
