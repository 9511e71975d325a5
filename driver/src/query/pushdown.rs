//! DataFusion filter expressions → provider [`Predicate`]s.
//!
//! Providers speak an engine-independent predicate language; this is the one
//! place that reads DataFusion's `Expr`. Anything not translated here is
//! simply not offered to the provider, so the engine filters it locally:
//! nothing is ever dropped.

use apiodbc_providers::table::{CmpOp, Predicate, Value};
use arrow::datatypes::{DataType, Schema, TimeUnit};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Like, Operator, expr::InList};

use super::escape::like_pattern_with_backslash;
use super::json_key::json_key;

/// The predicate `expr` means over a table with `schema`, or `None` when it
/// has no provider equivalent.
pub fn to_predicate(expr: &Expr, schema: &Schema) -> Option<Predicate> {
    match expr {
        Expr::Alias(alias) => to_predicate(&alias.expr, schema),
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => match op {
            Operator::And => Some(flatten_and(Predicate::And(vec![
                to_predicate(left, schema)?,
                to_predicate(right, schema)?,
            ]))),
            Operator::Or => Some(Predicate::Or(vec![
                to_predicate(left, schema)?,
                to_predicate(right, schema)?,
            ])),
            _ => key_equals(left, *op, right, schema).or_else(|| compare(left, *op, right, schema)),
        },
        Expr::Not(inner) => Some(Predicate::Not(Box::new(to_predicate(inner, schema)?))),
        // A bare boolean column: `WHERE livemode`.
        Expr::Column(_) => {
            let column = column(expr, schema)?;
            (schema.field_with_name(&column).ok()?.data_type() == &DataType::Boolean).then_some(
                Predicate::Compare {
                    column,
                    op: CmpOp::Eq,
                    value: Value::Bool(true),
                },
            )
        }
        Expr::IsNull(inner) | Expr::IsNotNull(inner) => Some(Predicate::IsNull {
            column: column(inner, schema)?,
            negated: matches!(expr, Expr::IsNotNull(_)),
        }),
        Expr::Between(Between {
            expr: e,
            negated,
            low,
            high,
        }) => {
            let (lo_op, hi_op) = if *negated {
                (Operator::Lt, Operator::Gt)
            } else {
                (Operator::GtEq, Operator::LtEq)
            };
            let parts = vec![
                compare(e, lo_op, low, schema)?,
                compare(e, hi_op, high, schema)?,
            ];
            Some(if *negated {
                Predicate::Or(parts)
            } else {
                Predicate::And(parts)
            })
        }
        Expr::InList(InList {
            expr: e,
            list,
            negated,
        }) => {
            let column = column(e, schema)?;
            let values = list
                .iter()
                .map(|v| constant(v).filter(|v| *v != Value::Null))
                .collect::<Option<Vec<_>>>()?;
            Some(Predicate::InList {
                column,
                values,
                negated: *negated,
            })
        }
        Expr::Like(Like {
            negated,
            expr: e,
            pattern,
            escape_char,
            case_insensitive,
        }) => {
            let column = column(e, schema)?;
            let Value::Text(pattern) = constant(pattern)? else {
                return None;
            };
            Some(Predicate::Like {
                column,
                pattern: like_pattern_with_backslash(&pattern, *escape_char),
                negated: *negated,
                case_insensitive: *case_insensitive,
            })
        }
        _ => None,
    }
}

fn flatten_and(p: Predicate) -> Predicate {
    match p {
        Predicate::And(parts) => Predicate::And(
            parts
                .into_iter()
                .flat_map(|p| match p {
                    Predicate::And(inner) => inner,
                    other => vec![other],
                })
                .collect(),
        ),
        other => other,
    }
}

/// `col op constant` or `constant op col` (flipped so the column comes first).
fn compare(left: &Expr, op: Operator, right: &Expr, schema: &Schema) -> Option<Predicate> {
    let op = cmp_op(op)?;
    let (column, value, op) = match (column(left, schema), column(right, schema)) {
        (Some(c), None) => (c, constant(right)?, op),
        (None, Some(c)) => (c, constant(left)?, flip(op)),
        _ => return None,
    };
    // `col = NULL` is never true; leave such oddities to the engine.
    (value != Value::Null).then_some(Predicate::Compare { column, op, value })
}

/// `column['key'] = 'text'` (either way round) on a JSON text column.
fn key_equals(left: &Expr, op: Operator, right: &Expr, schema: &Schema) -> Option<Predicate> {
    if op != Operator::Eq {
        return None;
    }
    let ((inner, key), other) = match (json_key(left), json_key(right)) {
        (Some(k), None) => (k, right),
        (None, Some(k)) => (k, left),
        _ => return None,
    };
    let Value::Text(value) = constant(other)? else {
        return None;
    };
    Some(Predicate::KeyEquals {
        column: column(inner, schema)?,
        key,
        value,
    })
}

fn cmp_op(op: Operator) -> Option<CmpOp> {
    Some(match op {
        Operator::Eq => CmpOp::Eq,
        Operator::NotEq => CmpOp::NotEq,
        Operator::Lt => CmpOp::Lt,
        Operator::LtEq => CmpOp::LtEq,
        Operator::Gt => CmpOp::Gt,
        Operator::GtEq => CmpOp::GtEq,
        _ => return None,
    })
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::LtEq => CmpOp::GtEq,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::GtEq => CmpOp::LtEq,
        other => other,
    }
}

/// The table column `expr` names, if it is a plain reference to one.
fn column(expr: &Expr, schema: &Schema) -> Option<String> {
    match expr {
        Expr::Column(c) => schema
            .field_with_name(&c.name)
            .ok()
            .map(|f| f.name().clone()),
        _ => None,
    }
}

/// Evaluates a constant expression (literal, possibly cast or negated).
fn constant(expr: &Expr) -> Option<Value> {
    value(&scalar(expr)?)
}

fn scalar(expr: &Expr) -> Option<ScalarValue> {
    match expr {
        Expr::Literal(v, _) => Some(v.clone()),
        Expr::Alias(a) => scalar(&a.expr),
        Expr::Cast(c) => scalar(&c.expr)?.cast_to(c.field.data_type()).ok(),
        Expr::TryCast(c) => scalar(&c.expr)?.cast_to(c.field.data_type()).ok(),
        Expr::Negative(e) => scalar(e)?.arithmetic_negate().ok(),
        _ => None,
    }
}

fn micros(v: i64, unit: TimeUnit) -> Option<i64> {
    match unit {
        TimeUnit::Second => v.checked_mul(1_000_000),
        TimeUnit::Millisecond => v.checked_mul(1_000),
        TimeUnit::Microsecond => Some(v),
        TimeUnit::Nanosecond => Some(v.div_euclid(1_000)),
    }
}

/// A scalar as a provider value. Timestamps of any unit become UTC
/// microseconds (Arrow stores UTC instants whatever the time zone label).
fn value(v: &ScalarValue) -> Option<Value> {
    use ScalarValue as S;
    if v.is_null() {
        return Some(Value::Null);
    }
    Some(match v {
        S::Boolean(Some(b)) => Value::Bool(*b),
        S::Int8(Some(i)) => Value::Int(i64::from(*i)),
        S::Int16(Some(i)) => Value::Int(i64::from(*i)),
        S::Int32(Some(i)) => Value::Int(i64::from(*i)),
        S::Int64(Some(i)) => Value::Int(*i),
        S::UInt8(Some(i)) => Value::Int(i64::from(*i)),
        S::UInt16(Some(i)) => Value::Int(i64::from(*i)),
        S::UInt32(Some(i)) => Value::Int(i64::from(*i)),
        S::UInt64(Some(i)) => Value::Int(i64::try_from(*i).ok()?),
        S::Float32(Some(f)) => Value::Float(f64::from(*f)),
        S::Float64(Some(f)) => Value::Float(*f),
        S::Decimal128(Some(d), _, scale) => {
            let divisor = 10i128.checked_pow(u32::try_from(*scale).ok()?)?;
            if d % divisor == 0 {
                Value::Int(i64::try_from(d / divisor).ok()?)
            } else {
                Value::Float(*d as f64 / divisor as f64)
            }
        }
        S::Utf8(Some(s)) | S::LargeUtf8(Some(s)) | S::Utf8View(Some(s)) => Value::Text(s.clone()),
        S::TimestampSecond(Some(t), _) => Value::Timestamp(micros(*t, TimeUnit::Second)?),
        S::TimestampMillisecond(Some(t), _) => Value::Timestamp(micros(*t, TimeUnit::Millisecond)?),
        S::TimestampMicrosecond(Some(t), _) => Value::Timestamp(*t),
        S::TimestampNanosecond(Some(t), _) => Value::Timestamp(micros(*t, TimeUnit::Nanosecond)?),
        S::Date32(Some(d)) => Value::Date(*d),
        S::Date64(Some(ms)) => Value::Date(i32::try_from(ms.div_euclid(86_400_000)).ok()?),
        S::Dictionary(_, inner) => value(inner)?,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::datatypes::Field;
    use datafusion::logical_expr::{cast, col, lit};
    use datafusion::prelude::Expr;

    use super::*;

    fn schema() -> Schema {
        Schema::new(vec![
            Field::new("id", DataType::Utf8, false),
            Field::new("amount", DataType::Int64, true),
            Field::new("paid", DataType::Boolean, true),
            Field::new(
                "created",
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
                true,
            ),
        ])
    }

    fn p(e: Expr) -> Option<Predicate> {
        to_predicate(&e, &schema())
    }

    #[test]
    fn comparisons_in_both_directions() {
        assert_eq!(
            p(col("id").eq(lit("x"))),
            Some(Predicate::compare("id", CmpOp::Eq, Value::Text("x".into())))
        );
        assert_eq!(
            p(lit(5i64).lt(col("amount"))),
            Some(Predicate::compare("amount", CmpOp::Gt, Value::Int(5)))
        );
        assert_eq!(
            p(col("amount").not_eq(lit(1i32))),
            Some(Predicate::compare("amount", CmpOp::NotEq, Value::Int(1)))
        );
        assert_eq!(p(col("amount").eq(col("amount"))), None);
        assert_eq!(p(col("nope").eq(lit(1))), None);
        assert_eq!(p(col("amount").eq(lit(ScalarValue::Int64(None)))), None);
    }

    #[test]
    fn between_in_and_null_tests() {
        assert_eq!(
            p(col("amount").between(lit(1i64), lit(9i64))),
            Some(Predicate::And(vec![
                Predicate::compare("amount", CmpOp::GtEq, Value::Int(1)),
                Predicate::compare("amount", CmpOp::LtEq, Value::Int(9))
            ]))
        );
        assert_eq!(
            p(col("amount").not_between(lit(1i64), lit(9i64))),
            Some(Predicate::Or(vec![
                Predicate::compare("amount", CmpOp::Lt, Value::Int(1)),
                Predicate::compare("amount", CmpOp::Gt, Value::Int(9))
            ]))
        );
        assert_eq!(
            p(col("id").in_list(vec![lit("a"), lit("b")], true)),
            Some(Predicate::InList {
                column: "id".into(),
                values: vec![Value::Text("a".into()), Value::Text("b".into())],
                negated: true
            })
        );
        assert_eq!(
            p(col("id").is_not_null()),
            Some(Predicate::IsNull {
                column: "id".into(),
                negated: true
            })
        );
        assert_eq!(
            p(col("id").is_null()),
            Some(Predicate::IsNull {
                column: "id".into(),
                negated: false
            })
        );
    }

    #[test]
    fn like_forms_and_custom_escapes() {
        assert_eq!(
            p(col("id").like(lit("ch_%"))),
            Some(Predicate::Like {
                column: "id".into(),
                pattern: "ch_%".into(),
                negated: false,
                case_insensitive: false
            })
        );
        assert_eq!(
            p(col("id").not_ilike(lit("A%"))),
            Some(Predicate::Like {
                column: "id".into(),
                pattern: "A%".into(),
                negated: true,
                case_insensitive: true
            })
        );
        let custom = Expr::Like(Like::new(
            false,
            Box::new(col("id")),
            Box::new(lit("a!_b\\")),
            Some('!'),
            false,
        ));
        let Some(Predicate::Like { pattern, .. }) = p(custom) else {
            panic!("like not translated")
        };
        assert_eq!(pattern, "a\\_b\\\\");
    }

    #[test]
    fn boolean_trees() {
        let e = col("id")
            .eq(lit("a"))
            .and(col("amount").gt(lit(1i64)))
            .and(col("paid"));
        assert_eq!(
            p(e),
            Some(Predicate::And(vec![
                Predicate::compare("id", CmpOp::Eq, Value::Text("a".into())),
                Predicate::compare("amount", CmpOp::Gt, Value::Int(1)),
                Predicate::compare("paid", CmpOp::Eq, Value::Bool(true)),
            ]))
        );
        assert_eq!(
            p(col("id").eq(lit("a")).or(col("id").eq(lit("b")))),
            Some(Predicate::Or(vec![
                Predicate::compare("id", CmpOp::Eq, Value::Text("a".into())),
                Predicate::compare("id", CmpOp::Eq, Value::Text("b".into())),
            ]))
        );
        assert_eq!(
            p(Expr::Not(Box::new(col("paid")))),
            Some(Predicate::Not(Box::new(Predicate::compare(
                "paid",
                CmpOp::Eq,
                Value::Bool(true)
            ))))
        );
        // One untranslatable side spoils the whole OR.
        assert_eq!(
            p(col("id")
                .eq(lit("a"))
                .or(datafusion::functions::expr_fn::upper(col("id")).eq(lit("B")))),
            None
        );
    }

    #[test]
    fn constant_casts_and_timestamps_become_utc_micros() {
        let ts = DataType::Timestamp(TimeUnit::Nanosecond, None);
        assert_eq!(
            p(col("created").gt_eq(cast(lit("2024-01-01T00:00:00Z"), ts))),
            Some(Predicate::compare(
                "created",
                CmpOp::GtEq,
                Value::Timestamp(1_704_067_200_000_000)
            ))
        );
        let secs = ScalarValue::TimestampSecond(Some(1_704_067_200), Some(Arc::from("+02:00")));
        assert_eq!(
            p(col("created").lt(lit(secs))),
            Some(Predicate::compare(
                "created",
                CmpOp::Lt,
                Value::Timestamp(1_704_067_200_000_000)
            ))
        );
        assert_eq!(
            p(col("amount").gt(Expr::Negative(Box::new(lit(3i64))))),
            Some(Predicate::compare("amount", CmpOp::Gt, Value::Int(-3)))
        );
        assert_eq!(
            p(col("created").eq(cast(lit("2024-01-02"), DataType::Date32))),
            Some(Predicate::compare(
                "created",
                CmpOp::Eq,
                Value::Date(19_724)
            ))
        );
    }
}
