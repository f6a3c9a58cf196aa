//! `quote_batch`: subsidies of many orders over int64 buffers of fen, without
//! copying. The rounding and the caps are the core's
//! (`SubsidyPolicy::quote_batch_fen`); this file only reaches the memory.
//!
//! The one place of this crate with `unsafe` code: viewing a Python buffer's
//! memory as a Rust slice, which the buffer protocol allows and the core's
//! `&[i64]` API needs.

#![allow(unsafe_code)]

use huiqi_core::api::BatchRequest;
use huiqi_core::ffi::python::{Number, guard, inexact, number, refused};
use pyo3::buffer::{ElementType, PyBuffer, PyUntypedBuffer};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyFrozenSet, PySet, PyString, PyType};
use serde_json::Value;

use crate::quote::{Terms, batch_request};

static ARRAY: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Order totals: a buffer viewed in place, or numbers copied from a sequence.
enum Input {
    Buffer(PyBuffer<i64>),
    Owned(Vec<i64>),
}

/// A checked int64 buffer; an empty one may have no memory at all.
enum Int64 {
    Empty,
    Buffer(PyBuffer<i64>),
}

/// A buffer of int64 items, checked: one dimension, native int64 items.
/// `None` when `obj` does not export a buffer.
fn int64_buffer(obj: &Bound<'_, PyAny>, name: &str, writable: bool) -> PyResult<Option<Int64>> {
    let py = obj.py();
    let Ok(untyped) = PyUntypedBuffer::get(obj) else {
        return Ok(None);
    };
    let refuse = |zh: String, en: String| Err(refused(py, Some(name), zh, en));
    let format = untyped.format().to_string_lossy().into_owned();
    match ElementType::from_format(untyped.format()) {
        ElementType::SignedInteger { bytes: 8 } => {}
        ElementType::Float { .. } => {
            return Err(inexact(
                py,
                Some(name),
                format!(
                    "`{name}` 存放的是浮点数（格式 `{format}`）：请传入以分计的 `int64` 整数（`numpy` 的 `dtype int64`、`array('q')`）"
                ),
                format!(
                    "`{name}` holds floats (format `{format}`): pass whole fen as int64 (numpy dtype int64, array('q'))"
                ),
            ));
        }
        _ => {
            return refuse(
                format!("`{name}` 应为 `int64` 数组（分），实际元素格式为 `{format}`"),
                format!(
                    "`{name}` must hold int64 items (whole fen; numpy dtype int64, array('q')), not format `{format}`"
                ),
            );
        }
    }
    // pyo3's format check takes `>` (big-endian) for native on little-endian
    // machines; refuse foreign byte orders here.
    let first = untyped.format().to_bytes().first().copied();
    let foreign = if cfg!(target_endian = "little") {
        matches!(first, Some(b'>' | b'!'))
    } else {
        matches!(first, Some(b'<'))
    };
    if foreign {
        return refuse(
            format!("`{name}` 的字节序不是本机字节序（格式 `{format}`）"),
            format!("`{name}` is not in native byte order (format `{format}`)"),
        );
    }
    if untyped.dimensions() != 1 {
        return refuse(
            format!("`{name}` 应为一维数组，实际为 {} 维", untyped.dimensions()),
            format!(
                "`{name}` must be one-dimensional, not {}-dimensional",
                untyped.dimensions()
            ),
        );
    }
    if writable && untyped.readonly() {
        return refuse(
            format!("`{name}` 是只读的"),
            format!("`{name}` is read-only"),
        );
    }
    if untyped.item_count() == 0 {
        return Ok(Some(Int64::Empty));
    }
    match untyped.into_typed::<i64>() {
        Ok(typed) => Ok(Some(Int64::Buffer(typed))),
        Err(_) => refuse(
            format!("`{name}` 的字节序或内存对齐不是本机 int64"),
            format!("`{name}` is not in native int64 byte order or alignment"),
        ),
    }
}

fn input(obj: &Bound<'_, PyAny>) -> PyResult<Input> {
    const NAME: &str = "order_totals_fen";
    match int64_buffer(obj, NAME, false)? {
        Some(Int64::Buffer(buffer)) => return Ok(Input::Buffer(buffer)),
        Some(Int64::Empty) => return Ok(Input::Owned(Vec::new())),
        None => {}
    }
    let py = obj.py();
    let refuse = |zh: &str, en: &str| refused(py, Some(NAME), zh.to_owned(), en.to_owned());
    if obj.is_instance_of::<PySet>() || obj.is_instance_of::<PyFrozenSet>() {
        return Err(refuse(
            "集合没有顺序，请传入整数列表（分）",
            "a set has no order: pass a list of ints (whole fen)",
        ));
    }
    let (zh, en) = (
        "应为 `int64` 数组或整数序列（分）",
        "expected an int64 buffer or a sequence of ints (whole fen)",
    );
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(refuse(zh, en));
    }
    let items = obj.try_iter().map_err(|_| refuse(zh, en))?;
    let fen = items
        .enumerate()
        .map(|(i, item)| fen_int(&item?, &format!("{NAME}[{i}]")));
    Ok(Input::Owned(fen.collect::<PyResult<_>>()?))
}

/// A whole number of fen: an `int` (not `bool`), or a numpy integer, that
/// fits in 64 bits.
fn fen_int(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    let int = match number(obj)? {
        Number::Float | Number::Bool => {
            return Err(inexact(
                obj.py(),
                Some(name),
                format!("`{name}` 是以分计的整数：请用 `int`，不要用 `float` 或 `bool`"),
                format!("`{name}` is a whole number of fen: pass int, not float or bool"),
            ));
        }
        Number::Int(int) => int,
        Number::Other => {
            return Err(refused(
                obj.py(),
                Some(name),
                "应为整数（分）".to_owned(),
                "expected a whole number of fen (int)".to_owned(),
            ));
        }
    };
    int.extract::<i64>().map_err(|_| {
        refused(
            obj.py(),
            Some(name),
            huiqi_core::call::BEYOND_64_BITS_ZH.to_owned(),
            huiqi_core::call::BEYOND_64_BITS_EN.to_owned(),
        )
    })
}

/// The buffer's memory as a slice, when it is C-contiguous.
fn view(buffer: &PyBuffer<i64>) -> Option<&[i64]> {
    let ptr = buffer.as_slice_ptr()?;
    // SAFETY: `as_slice_ptr` gives the C-contiguous memory of `item_count`
    // items that `PyBuffer::<i64>` checked to be aligned 8-byte integers and
    // `int64_buffer` checked to be signed and in native byte order; the
    // exporter keeps it alive and unmoved while `buffer` holds the export
    // (the slice borrows `buffer`). We hold the GIL and run no Python code
    // while the slice lives, so no Python code writes to it meanwhile.
    Some(unsafe { ptr.as_ref() })
}

/// The buffer's memory as a mutable slice, when it is C-contiguous and writable.
fn view_mut(buffer: &mut PyBuffer<i64>) -> Option<&mut [i64]> {
    if buffer.readonly() {
        return None;
    }
    let mut ptr = buffer.as_slice_ptr()?;
    // SAFETY: as in `view`, and the buffer is writable; the slice borrows
    // `buffer` mutably, and the caller checks that it overlaps no other slice
    // it uses (`overlaps`).
    Some(unsafe { ptr.as_mut() })
}

fn overlaps(a: &[i64], b: &[i64]) -> bool {
    let a = a.as_ptr_range();
    let b = b.as_ptr_range();
    a.start < b.end && b.start < a.end
}

/// Quotes the subsidies of many orders at once, in whole fen, for
/// simulations.
///
/// `order_totals_fen` is any one-dimensional buffer of int64 (a numpy array
/// of dtype int64, `array.array('q')`, a `memoryview`), read in place without
/// copying; a list of ints also works (copied). The subsidies are written to
/// `out` (a writable int64 buffer of the same length) when given, else to a
/// new `array.array('q')`, which is returned (`numpy.frombuffer(result,
/// dtype=numpy.int64)` views it without copying).
///
/// Each subsidy is exactly what `quote` gives for that order (the core's
/// integer rounding and caps). `policy`, `date`, `certified`, `claim`,
/// `region`, `category`, `provider`, `enterprise_year_used` and `pool_used`
/// are as for `quote` and shared by every order. With `draw_down=True` the
/// orders come one after another and each subsidy draws down the yearly cap
/// and the pool for the next; otherwise each order is quoted alone.
///
/// A negative total or one above the largest amount raises `MoneyError`
/// naming its place (`order_totals_fen[3]`); a float array is a `TypeError`.
#[pyfunction]
#[pyo3(signature = (policy, order_totals_fen, *, date, certified, claim, region=None, category=None, provider=None, enterprise_year_used=None, pool_used=None, draw_down=None, out=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn quote_batch<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
    order_totals_fen: &Bound<'py, PyAny>,
    date: &Bound<'py, PyAny>,
    certified: &Bound<'py, PyAny>,
    claim: &Bound<'py, PyAny>,
    region: Option<&Bound<'py, PyAny>>,
    category: Option<&Bound<'py, PyAny>>,
    provider: Option<&Bound<'py, PyAny>>,
    enterprise_year_used: Option<&Bound<'py, PyAny>>,
    pool_used: Option<&Bound<'py, PyAny>>,
    draw_down: Option<&Bound<'py, PyAny>>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    // The policy and the terms are decoded as a `subsidy.quote_batch`
    // request of no orders, so refusals read exactly as that operation's.
    let terms = Terms {
        date,
        certified,
        claim,
        region,
        category,
        provider,
        enterprise_year_used,
        pool_used,
    };
    let request = batch_request(policy, Value::Array(Vec::new()), &terms, draw_down)?;
    let (policy, terms) = guard(|| {
        let request: BatchRequest =
            huiqi_core::call::decode(&request).map_err(crate::quote::flat_terms)?;
        Ok((
            request
                .policy
                .resolve_at(request.terms.date, "date")?
                .clone(),
            request.terms,
        ))
    })?;

    let input = input(order_totals_fen)?;
    let count = match &input {
        Input::Buffer(b) => b.item_count(),
        Input::Owned(v) => v.len(),
    };
    let out_obj = match out {
        Some(o) if !o.is_none() => o.clone(),
        _ => ARRAY
            .import(py, "array", "array")?
            .call1(("q", [0i64]))?
            .mul(count)?,
    };
    let mut out_buffer = match int64_buffer(&out_obj, "out", true)? {
        Some(Int64::Buffer(buffer)) => Some(buffer),
        Some(Int64::Empty) => None,
        None => {
            let (zh, en) = (
                "`out` 应为可写的 int64 数组",
                "`out` must be a writable int64 buffer",
            );
            return Err(refused(py, Some("out"), zh.to_owned(), en.to_owned()));
        }
    };

    // Inputs that are not contiguous are copied; so is an input that shares
    // memory with `out`.
    let copied: Vec<i64>;
    let bases: &[i64] = match &input {
        Input::Owned(v) => v,
        Input::Buffer(b) => match view(b) {
            Some(slice) => slice,
            None => {
                copied = b.to_vec(py)?;
                &copied
            }
        },
    };
    let quote = |out: &mut [i64]| guard(|| Ok(policy.quote_batch_fen(&terms, bases, out)?));
    let result = match &mut out_buffer {
        None => quote(&mut []),
        Some(out_buffer) => {
            let out_len = out_buffer.item_count();
            let direct = match view_mut(out_buffer) {
                Some(out_slice) if !overlaps(bases, out_slice) => Some(quote(out_slice)),
                _ => None,
            };
            match direct {
                Some(result) => result,
                None => {
                    let mut scratch = vec![0i64; out_len];
                    let result = quote(&mut scratch);
                    if result.is_ok() {
                        out_buffer.copy_from_slice(py, &scratch)?;
                    }
                    result
                }
            }
        }
    };
    result?;
    drop(out_buffer);
    Ok(out_obj)
}
