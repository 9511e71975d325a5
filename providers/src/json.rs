//! Turns a page of API objects (JSON) into an Arrow record batch, column by
//! column, following each column's JSON path and kind. API-independent: the
//! Stripe and Bitbucket providers share it.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow::datatypes::SchemaRef;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};
use serde_json::Value;

use crate::calendar;
use crate::table::{Column, ColumnKind};
use crate::{Error, Result};

const MICROS_PER_SECOND: i64 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// Builds a batch with `schema` (the projected fields, in order) from `rows`;
/// `columns[i]` describes `schema.field(i)`.
pub fn decode(schema: &SchemaRef, columns: &[&Column], rows: &[Value]) -> Result<RecordBatch> {
    debug_assert_eq!(schema.fields().len(), columns.len());
    let arrays = columns
        .iter()
        .map(|column| {
            let array = decode_column(column, rows);
            if !column.nullable && array.null_count() > 0 {
                return Err(Error::ConnectionLost(format!(
                    "the API answered an object without a value for `{}`",
                    column.name
                )));
            }
            Ok(array)
        })
        .collect::<Result<Vec<_>>>()?;
    let options = RecordBatchOptions::new().with_row_count(Some(rows.len()));
    RecordBatch::try_new_with_options(Arc::clone(schema), arrays, &options)
        .map_err(|e| Error::ConnectionLost(format!("cannot build rows from the API answer: {e}")))
}

/// One column of `rows` as an Arrow array of `column.kind.data_type()`.
pub fn decode_column(column: &Column, rows: &[Value]) -> ArrayRef {
    let cells = rows.iter().map(|row| cell(row, column));
    let n = rows.len();
    match column.kind {
        ColumnKind::Id => {
            let mut b = StringBuilder::with_capacity(n, n * 24);
            for cell in cells {
                b.append_option(cell.and_then(id_of));
            }
            Arc::new(b.finish())
        }
        ColumnKind::Code | ColumnKind::Text | ColumnKind::LongText => {
            let mut b = StringBuilder::with_capacity(n, n * 16);
            let mut scratch = String::new();
            for cell in cells {
                match cell {
                    Some(Value::String(s)) => b.append_value(s),
                    Some(other) => {
                        scratch.clear();
                        scalar_text(other, &mut scratch);
                        b.append_value(&scratch);
                    }
                    None => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        ColumnKind::Json => {
            let mut b = StringBuilder::with_capacity(n, n * 64);
            let mut scratch = Vec::new();
            for cell in cells {
                match cell {
                    Some(v) => {
                        scratch.clear();
                        // Writing a Value into a Vec cannot fail.
                        let _ = serde_json::to_writer(&mut scratch, v);
                        b.append_value(String::from_utf8_lossy(&scratch));
                    }
                    None => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        ColumnKind::Integer => {
            let mut b = Int64Builder::with_capacity(n);
            for cell in cells {
                b.append_option(cell.and_then(as_i64));
            }
            Arc::new(b.finish())
        }
        ColumnKind::Float => {
            let mut b = Float64Builder::with_capacity(n);
            for cell in cells {
                b.append_option(cell.and_then(as_f64));
            }
            Arc::new(b.finish())
        }
        ColumnKind::Bool => {
            let mut b = BooleanBuilder::with_capacity(n);
            for cell in cells {
                b.append_option(cell.and_then(as_bool));
            }
            Arc::new(b.finish())
        }
        ColumnKind::Timestamp => {
            let mut b = TimestampMicrosecondBuilder::with_capacity(n).with_timezone("UTC");
            for cell in cells {
                b.append_option(cell.and_then(timestamp_micros));
            }
            Arc::new(b.finish())
        }
        ColumnKind::Date => {
            let mut b = Date32Builder::with_capacity(n);
            for cell in cells {
                b.append_option(cell.and_then(date_days));
            }
            Arc::new(b.finish())
        }
    }
}

/// The value at a dot-separated path; `None` when any step is missing or null.
/// A step into something that is not an object (an unexpanded reference) is missing.
pub fn lookup<'a>(row: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = row;
    for step in path.split('.') {
        current = current.as_object()?.get(step)?;
    }
    (!current.is_null()).then_some(current)
}

/// A column's value in an object: at its JSON path, or, for a field an
/// older API version kept elsewhere, at the old path ([`Column::or_at`]).
pub fn cell<'a>(row: &'a Value, column: &Column) -> Option<&'a Value> {
    column.json_paths().find_map(|path| lookup(row, path))
}

/// An identifier: a string, or the `id` of an expanded object.
pub fn id_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(map) => map.get("id").and_then(Value::as_str),
        _ => None,
    }
}

fn scalar_text(value: &Value, out: &mut String) {
    use std::fmt::Write;
    match value {
        Value::String(s) => out.push_str(s),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Unix seconds (integer or fractional) or an ISO-8601 string, as UTC microseconds.
pub fn timestamp_micros(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(s) => s.checked_mul(MICROS_PER_SECOND),
            None => n
                .as_f64()
                .map(|f| (f * MICROS_PER_SECOND as f64).round())
                .filter(|f| f.abs() < 9.0e18)
                .map(|f| f as i64),
        },
        Value::String(s) => parse_iso8601(s),
        _ => None,
    }
}

fn date_days(value: &Value) -> Option<i32> {
    let micros = timestamp_micros(value)?;
    let days = micros.div_euclid(MICROS_PER_SECOND * SECONDS_PER_DAY);
    i32::try_from(days).ok()
}

/// Parses `YYYY-MM-DD`, optionally followed by `T` or a space and
/// `HH:MM[:SS[.fraction]]` and a zone (`Z`, `+HH:MM`, `+HHMM`, `+HH`; none
/// means UTC), into UTC microseconds.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    let mut p = Parser { s, i: 0 };
    let year = p.digits(4, 4)?;
    p.expect(b'-')?;
    let month = p.digits(2, 2)?;
    p.expect(b'-')?;
    let day = p.digits(2, 2)?;
    if !calendar::is_date(year, month as u32, day as u32) {
        return None;
    }
    let mut micros = calendar::days_from_civil(year, month as u32, day as u32)
        .checked_mul(SECONDS_PER_DAY * MICROS_PER_SECOND)?;
    if p.done() {
        return Some(micros);
    }
    if !matches!(p.next()?, b'T' | b't' | b' ') {
        return None;
    }
    let hour = p.digits(2, 2)?;
    p.expect(b':')?;
    let minute = p.digits(2, 2)?;
    let mut second = 0;
    let mut fraction = 0;
    if p.peek() == Some(b':') {
        p.i += 1;
        second = p.digits(2, 2)?;
        if matches!(p.peek(), Some(b'.' | b',')) {
            p.i += 1;
            let start = p.i;
            let mut digits = 0;
            while let Some(c @ b'0'..=b'9') = p.peek() {
                if digits < 6 {
                    fraction = fraction * 10 + i64::from(c - b'0');
                    digits += 1;
                }
                p.i += 1;
            }
            if p.i == start {
                return None;
            }
            fraction *= 10_i64.pow(6 - digits);
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_seconds = match p.next() {
        None | Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = p.digits(2, 2)?;
            let minutes = match p.peek() {
                Some(b':') => {
                    p.i += 1;
                    p.digits(2, 2)?
                }
                Some(b'0'..=b'9') => p.digits(2, 2)?,
                _ => 0,
            };
            let offset = hours * 3600 + minutes * 60;
            if sign == b'+' { offset } else { -offset }
        }
        Some(_) => return None,
    };
    if !p.done() {
        return None;
    }
    let seconds = hour * 3600 + minute * 60 + second - offset_seconds;
    micros = micros.checked_add(
        seconds
            .checked_mul(MICROS_PER_SECOND)?
            .checked_add(fraction)?,
    )?;
    Some(micros)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let start = self.i;
        let mut value = 0i64;
        while self.i - start < max {
            match self.peek() {
                Some(c @ b'0'..=b'9') => {
                    value = value * 10 + i64::from(c - b'0');
                    self.i += 1;
                }
                _ => break,
            }
        }
        (self.i - start >= min).then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Filter;
    use arrow::array::{
        Array, AsArray, BooleanArray, Date32Array, Float64Array, Int64Array, StringArray,
        TimestampMicrosecondArray,
    };
    use arrow::datatypes::{DataType, Schema, TimeUnit};
    use serde_json::json;

    const fn col(name: &'static str, kind: ColumnKind) -> Column {
        Column::new(name, kind, "test column")
    }

    static COLUMNS: &[Column] = &[
        col("id", ColumnKind::Id).not_null(),
        col("customer", ColumnKind::Id).filtered_by(Filter::Equals("customer")),
        col("status", ColumnKind::Code),
        col("description", ColumnKind::Text),
        col("metadata", ColumnKind::Json),
        col("amount", ColumnKind::Integer),
        col("score", ColumnKind::Float),
        col("paid", ColumnKind::Bool),
        col("created", ColumnKind::Timestamp),
        col("created_on", ColumnKind::Timestamp),
        col("due", ColumnKind::Date),
        col("billing_details_email", ColumnKind::Text).at("billing_details.email"),
        col("card_brand", ColumnKind::Code).at("payment_method_details.card.brand"),
    ];

    #[test]
    fn a_moved_field_is_read_at_its_new_path_then_at_its_old_one() {
        let moved = col("subscription", ColumnKind::Id)
            .at("parent.subscription_details.subscription")
            .or_at("subscription");
        let rows = [
            json!({"parent": {"subscription_details": {"subscription": "sub_new"}}}),
            // An object of an API version before `parent`.
            json!({"subscription": {"id": "sub_old", "object": "subscription"}}),
            json!({"parent": {"subscription_details": {"subscription": "sub_new"}}, "subscription": "sub_old"}),
            json!({"parent": null, "subscription": null}),
        ];
        let array = decode_column(&moved, &rows);
        assert_eq!(
            array.as_string::<i32>().iter().collect::<Vec<_>>(),
            [Some("sub_new"), Some("sub_old"), Some("sub_new"), None]
        );
    }

    fn batch(rows: &[Value]) -> RecordBatch {
        let columns: Vec<&Column> = COLUMNS.iter().collect();
        let schema = Arc::new(Schema::new(
            COLUMNS.iter().map(Column::field).collect::<Vec<_>>(),
        ));
        decode(&schema, &columns, rows).unwrap()
    }

    #[test]
    fn every_kind_decodes() {
        let rows = vec![
            json!({
                "id": "ch_1",
                "customer": "cus_1",
                "status": "succeeded",
                "description": "first",
                "metadata": {"order": "42", "tags": [1, 2]},
                "amount": 1999,
                "score": 12.5,
                "paid": true,
                "created": 1_700_000_000,
                "created_on": "2023-11-14T22:13:20.123456+00:00",
                "due": "2024-02-29",
                "billing_details": {"email": "a@example.com"},
                "payment_method_details": {"card": {"brand": "visa"}}
            }),
            json!({
                "id": "ch_2",
                "customer": {"id": "cus_2", "object": "customer", "email": "x"},
                "status": null,
                "metadata": {},
                "amount": "25",
                "score": 3,
                "paid": false,
                "created": 0,
                "created_on": "2024-01-01T01:00:00+01:00",
                "due": 86_400,
                "billing_details": {"email": null},
                "payment_method_details": "pm_unexpanded"
            }),
            json!({"id": "ch_3", "metadata": [], "description": 7, "status": true}),
        ];
        let b = batch(&rows);
        assert_eq!(b.num_rows(), 3);
        assert_eq!(b.num_columns(), COLUMNS.len());

        let text = |i: usize| b.column(i).as_string::<i32>().clone();
        let ids: &StringArray = &text(0);
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            [Some("ch_1"), Some("ch_2"), Some("ch_3")]
        );
        let customers = text(1);
        assert_eq!(
            customers.iter().collect::<Vec<_>>(),
            [Some("cus_1"), Some("cus_2"), None]
        );
        let status = text(2);
        assert_eq!(
            status.iter().collect::<Vec<_>>(),
            [Some("succeeded"), None, Some("true")]
        );
        let description = text(3);
        assert_eq!(
            description.iter().collect::<Vec<_>>(),
            [Some("first"), None, Some("7")]
        );
        let metadata = text(4);
        assert_eq!(
            metadata.iter().collect::<Vec<_>>(),
            [
                Some(r#"{"order":"42","tags":[1,2]}"#),
                Some("{}"),
                Some("[]")
            ]
        );

        let amount = b.column(5).as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!(
            amount.iter().collect::<Vec<_>>(),
            [Some(1999), Some(25), None]
        );
        let score = b.column(6).as_any().downcast_ref::<Float64Array>().unwrap();
        assert_eq!(
            score.iter().collect::<Vec<_>>(),
            [Some(12.5), Some(3.0), None]
        );
        let paid = b.column(7).as_any().downcast_ref::<BooleanArray>().unwrap();
        assert_eq!(
            paid.iter().collect::<Vec<_>>(),
            [Some(true), Some(false), None]
        );

        let created = b
            .column(8)
            .as_any()
            .downcast_ref::<TimestampMicrosecondArray>()
            .unwrap();
        assert_eq!(
            created.iter().collect::<Vec<_>>(),
            [Some(1_700_000_000_000_000), Some(0), None]
        );
        assert_eq!(
            b.column(8).data_type(),
            &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        );
        let created_on = b
            .column(9)
            .as_any()
            .downcast_ref::<TimestampMicrosecondArray>()
            .unwrap();
        assert_eq!(
            created_on.iter().collect::<Vec<_>>(),
            [
                Some(1_700_000_000_123_456),
                Some(1_704_067_200_000_000),
                None
            ]
        );
        let due = b.column(10).as_any().downcast_ref::<Date32Array>().unwrap();
        assert_eq!(
            due.iter().collect::<Vec<_>>(),
            [Some(19_782), Some(1), None]
        );

        let email = text(11);
        assert_eq!(
            email.iter().collect::<Vec<_>>(),
            [Some("a@example.com"), None, None]
        );
        let brand = text(12);
        assert_eq!(brand.iter().collect::<Vec<_>>(), [Some("visa"), None, None]);
    }

    #[test]
    fn batch_schema_keeps_field_metadata() {
        let b = batch(&[json!({"id": "x"})]);
        assert_eq!(
            b.schema()
                .field(0)
                .metadata()
                .get(crate::table::DESCRIPTION_KEY),
            Some(&"test column".to_string())
        );
    }

    #[test]
    fn missing_required_value_is_an_error() {
        let columns: Vec<&Column> = vec![&COLUMNS[0]];
        let schema = Arc::new(Schema::new(vec![COLUMNS[0].field()]));
        let err = decode(&schema, &columns, &[json!({"name": "x"})]).unwrap_err();
        assert!(matches!(err, Error::ConnectionLost(m) if m.contains("`id`")));
    }

    #[test]
    fn empty_projection_keeps_row_count() {
        let schema = Arc::new(Schema::empty());
        let b = decode(&schema, &[], &[json!({}), json!({})]).unwrap();
        assert_eq!(b.num_rows(), 2);
        assert_eq!(b.num_columns(), 0);
    }

    #[test]
    fn iso8601_forms() {
        let base = 1_700_000_000_000_000;
        assert_eq!(parse_iso8601("2023-11-14T22:13:20Z"), Some(base));
        assert_eq!(parse_iso8601("2023-11-14T22:13:20"), Some(base));
        assert_eq!(parse_iso8601("2023-11-14 22:13:20.5"), Some(base + 500_000));
        assert_eq!(parse_iso8601("2023-11-14T23:13:20+01:00"), Some(base));
        assert_eq!(parse_iso8601("2023-11-14T21:13:20-0100"), Some(base));
        assert_eq!(parse_iso8601("2023-11-15T00:13:20+02"), Some(base));
        assert_eq!(
            parse_iso8601("2023-11-14T22:13:20.123456789Z"),
            Some(base + 123_456)
        );
        assert_eq!(parse_iso8601("2023-11-14T22:13Z"), Some(base - 20_000_000));
        assert_eq!(parse_iso8601("1969-12-31"), Some(-86_400_000_000));
        assert_eq!(parse_iso8601("2024-02-29"), Some(19_782 * 86_400_000_000));
        for bad in [
            "",
            "2023",
            "2023-13-01",
            "2023-02-29",
            "2023-11-14X",
            "2023-11-14T25:00",
            "abc",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert!(Date32Array::from(vec![1]).is_valid(0));
    }
}
