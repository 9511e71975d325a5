//! Reading values out of Arrow arrays: a [`Reader`] is built once per column
//! of a batch (one match on the Arrow type) and yields [`Cell`]s, the few
//! shapes the C-type conversions start from.

use arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, BinaryViewArray, BooleanArray, Date32Array,
    Decimal128Array, FixedSizeBinaryArray, Float32Array, Float64Array, Int8Array, Int16Array,
    Int32Array, Int64Array, LargeBinaryArray, LargeStringArray, PrimitiveArray, StringArray,
    StringViewArray, UInt8Array, UInt16Array, UInt32Array, UInt64Array,
};
use arrow::datatypes::{
    ArrowPrimitiveType, DataType, Date64Type, Decimal128Type, Float16Type, Float32Type,
    Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimeUnit, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};

use crate::diag::{Error, Result};

/// One value of a result column, borrowed from its array.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    F32(f32),
    F64(f64),
    /// Unscaled value and scale: `value / 10^scale`.
    Decimal(i128, i8),
    /// Days since 1970-01-01.
    Date(i32),
    /// Seconds since 1970-01-01 00:00:00 (UTC or wall clock) and nanoseconds.
    Timestamp(i64, u32),
    Str(&'a str),
    Bytes(&'a [u8]),
}

/// A column of a batch, downcast once.
pub enum Reader {
    Null,
    Bool(BooleanArray),
    I8(Int8Array),
    I16(Int16Array),
    I32(Int32Array),
    I64(Int64Array),
    U8(UInt8Array),
    U16(UInt16Array),
    U32(UInt32Array),
    U64(UInt64Array),
    F32(Float32Array),
    F64(Float64Array),
    Decimal(Decimal128Array, i8),
    Date32(Date32Array),
    /// Date64: milliseconds since the epoch, a whole day.
    Date64(Int64Array),
    /// Any timestamp unit, its values and the number of units per second.
    Timestamp(Int64Array, i64),
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    Utf8View(StringViewArray),
    Binary(BinaryArray),
    LargeBinary(LargeBinaryArray),
    BinaryView(BinaryViewArray),
    FixedBinary(FixedSizeBinaryArray),
}

fn prim<T: ArrowPrimitiveType>(array: &ArrayRef) -> PrimitiveArray<T> {
    array.as_primitive::<T>().clone()
}

/// The values of a timestamp-like array as plain i64s, sharing its buffers.
fn as_i64<T: ArrowPrimitiveType<Native = i64>>(array: &ArrayRef) -> Int64Array {
    let a = array.as_primitive::<T>();
    Int64Array::new(a.values().clone(), a.nulls().cloned())
}

impl Reader {
    /// A reader for `array`; types without a reader of their own are cast to text.
    pub fn new(array: &ArrayRef) -> Result<Reader> {
        use DataType as D;
        Ok(match array.data_type() {
            D::Null => Reader::Null,
            D::Boolean => Reader::Bool(array.as_boolean().clone()),
            D::Int8 => Reader::I8(prim::<Int8Type>(array)),
            D::Int16 => Reader::I16(prim::<Int16Type>(array)),
            D::Int32 => Reader::I32(prim::<Int32Type>(array)),
            D::Int64 => Reader::I64(prim::<Int64Type>(array)),
            D::UInt8 => Reader::U8(prim::<UInt8Type>(array)),
            D::UInt16 => Reader::U16(prim::<UInt16Type>(array)),
            D::UInt32 => Reader::U32(prim::<UInt32Type>(array)),
            D::UInt64 => Reader::U64(prim::<UInt64Type>(array)),
            D::Float16 => Reader::F32(array.as_primitive::<Float16Type>().unary(|v| v.to_f32())),
            D::Float32 => Reader::F32(prim::<Float32Type>(array)),
            D::Float64 => Reader::F64(prim::<Float64Type>(array)),
            D::Decimal128(_, s) => Reader::Decimal(prim::<Decimal128Type>(array), *s),
            D::Date32 => Reader::Date32(array.as_primitive().clone()),
            D::Date64 => Reader::Date64(as_i64::<Date64Type>(array)),
            D::Timestamp(unit, _) => match unit {
                TimeUnit::Second => Reader::Timestamp(as_i64::<TimestampSecondType>(array), 1),
                TimeUnit::Millisecond => {
                    Reader::Timestamp(as_i64::<TimestampMillisecondType>(array), 1_000)
                }
                TimeUnit::Microsecond => {
                    Reader::Timestamp(as_i64::<TimestampMicrosecondType>(array), 1_000_000)
                }
                TimeUnit::Nanosecond => {
                    Reader::Timestamp(as_i64::<TimestampNanosecondType>(array), 1_000_000_000)
                }
            },
            D::Utf8 => Reader::Utf8(array.as_string::<i32>().clone()),
            D::LargeUtf8 => Reader::LargeUtf8(array.as_string::<i64>().clone()),
            D::Utf8View => Reader::Utf8View(array.as_string_view().clone()),
            D::Binary => Reader::Binary(array.as_binary::<i32>().clone()),
            D::LargeBinary => Reader::LargeBinary(array.as_binary::<i64>().clone()),
            D::BinaryView => Reader::BinaryView(array.as_binary_view().clone()),
            D::FixedSizeBinary(_) => Reader::FixedBinary(array.as_fixed_size_binary().clone()),
            other => {
                let text = arrow::compute::cast(array, &D::Utf8).map_err(|e| {
                    Error::general(format!("cannot convert a {other} value to text: {e}"))
                })?;
                Reader::Utf8(text.as_string::<i32>().clone())
            }
        })
    }

    fn array(&self) -> Option<&dyn Array> {
        Some(match self {
            Reader::Null => return None,
            Reader::Bool(a) => a,
            Reader::I8(a) => a,
            Reader::I16(a) => a,
            Reader::I32(a) => a,
            Reader::I64(a) => a,
            Reader::U8(a) => a,
            Reader::U16(a) => a,
            Reader::U32(a) => a,
            Reader::U64(a) => a,
            Reader::F32(a) => a,
            Reader::F64(a) => a,
            Reader::Decimal(a, _) => a,
            Reader::Date32(a) => a,
            Reader::Date64(a) | Reader::Timestamp(a, _) => a,
            Reader::Utf8(a) => a,
            Reader::LargeUtf8(a) => a,
            Reader::Utf8View(a) => a,
            Reader::Binary(a) => a,
            Reader::LargeBinary(a) => a,
            Reader::BinaryView(a) => a,
            Reader::FixedBinary(a) => a,
        })
    }

    pub fn is_null(&self, i: usize) -> bool {
        self.array().is_none_or(|a| a.is_null(i))
    }

    /// The value at row `i`.
    pub fn cell(&self, i: usize) -> Cell<'_> {
        if self.is_null(i) {
            return Cell::Null;
        }
        match self {
            Reader::Null => Cell::Null,
            Reader::Bool(a) => Cell::Bool(a.value(i)),
            Reader::I8(a) => Cell::Int(a.value(i).into()),
            Reader::I16(a) => Cell::Int(a.value(i).into()),
            Reader::I32(a) => Cell::Int(a.value(i).into()),
            Reader::I64(a) => Cell::Int(a.value(i)),
            Reader::U8(a) => Cell::UInt(a.value(i).into()),
            Reader::U16(a) => Cell::UInt(a.value(i).into()),
            Reader::U32(a) => Cell::UInt(a.value(i).into()),
            Reader::U64(a) => Cell::UInt(a.value(i)),
            Reader::F32(a) => Cell::F32(a.value(i)),
            Reader::F64(a) => Cell::F64(a.value(i)),
            Reader::Decimal(a, s) => Cell::Decimal(a.value(i), *s),
            Reader::Date32(a) => Cell::Date(a.value(i)),
            Reader::Date64(a) => Cell::Date(
                a.value(i)
                    .div_euclid(86_400_000)
                    .clamp(i32::MIN.into(), i32::MAX.into()) as i32,
            ),
            Reader::Timestamp(a, per_second) => {
                let v = a.value(i);
                let secs = v.div_euclid(*per_second);
                let nanos = v.rem_euclid(*per_second) * (1_000_000_000 / per_second);
                Cell::Timestamp(secs, nanos as u32)
            }
            Reader::Utf8(a) => Cell::Str(a.value(i)),
            Reader::LargeUtf8(a) => Cell::Str(a.value(i)),
            Reader::Utf8View(a) => Cell::Str(a.value(i)),
            Reader::Binary(a) => Cell::Bytes(a.value(i)),
            Reader::LargeBinary(a) => Cell::Bytes(a.value(i)),
            Reader::BinaryView(a) => Cell::Bytes(a.value(i)),
            Reader::FixedBinary(a) => Cell::Bytes(a.value(i)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{ListArray, TimestampMillisecondArray};
    use arrow::datatypes::Int32Type;

    use super::*;

    #[test]
    fn readers_yield_cells_of_every_shape() {
        let ts: ArrayRef = Arc::new(TimestampMillisecondArray::from(vec![Some(-1), None]));
        let r = Reader::new(&ts).unwrap();
        assert_eq!(r.cell(0), Cell::Timestamp(-1, 999_000_000));
        assert_eq!(r.cell(1), Cell::Null);
        let list: ArrayRef = Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), Some(2)]),
        ]));
        let r = Reader::new(&list).unwrap();
        assert!(matches!(r.cell(0), Cell::Str(s) if s.contains('1') && s.contains('2')));
    }
}
