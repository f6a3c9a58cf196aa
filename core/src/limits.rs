//! The most one call may ask of the library.
//!
//! huiqi answers requests that come from the internet, and runs in browsers
//! and phones: every collection and every string of a request has a
//! documented maximum, checked while the request is decoded, before any work
//! is done on it, so the work of any call is bounded whatever the request.
//! A request beyond a limit is refused with `request.too_large`, naming the
//! field and the limit (`detail: {"max": …, "actual": …}`).
//!
//! | what | at most |
//! |---|---|
//! | a request given as JSON text | [`MAX_REQUEST_BYTES`] bytes (16 MiB) |
//! | a string anywhere in a request | [`MAX_STRING_BYTES`] bytes (64 KiB) |
//! | a policy document (`policy.load` `text`, a password policy's TOML/JSON) | [`MAX_DOCUMENT_BYTES`] bytes (1 MiB) |
//! | a list anywhere in a request | [`MAX_LIST_ITEMS`] items |
//! | nesting (JSON, Python or JavaScript values) | [`MAX_NESTING`] |
//! | order lines in a checkout | [`crate::voucher::MAX_LINES`] |
//! | vouchers in a checkout or wallet, selected vouchers, deductions | [`crate::voucher::MAX_VOUCHERS`] |
//! | entries in each voucher scope list (products, categories, providers) | [`MAX_SCOPE_ENTRIES`] |
//! | orders in one `subsidy.quote_batch` | [`MAX_BATCH_ORDERS`] |
//! | weights in one `money.allocate` | [`MAX_ALLOCATION_WEIGHTS`] |
//! | policy versions in one request or document; eligible regions, categories, providers per policy | [`MAX_POLICY_ITEMS`] |
//! | a password | [`MAX_PASSWORD_CHARS`] characters |
//! | a password policy's special characters | [`MAX_SPECIALS`] characters |
//! | password hashes in one `password.check` (current and history) | [`MAX_HISTORY_HASHES`] |
//! | Argon2 work in one call | [`MAX_HASH_WORK`] KiB × iterations |
//! | versions of a route in one submission | [`MAX_ROUTE_VERSIONS`] |
//! | steps of one scenario | [`MAX_SCENARIO_STEPS`] |
//! | problems in one answer | [`MAX_PROBLEMS`], then one `request.truncated` saying how many more |

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

use crate::error::{Code, Problem, serde_bridge};

/// A request given as JSON text, in bytes.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;
/// A string anywhere in a request, in bytes (UTF-8).
pub const MAX_STRING_BYTES: usize = 64 * 1024;
/// A document carried in a request (a policy in TOML or JSON), in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;
/// A list anywhere in a request, unless a smaller or larger limit is named.
pub const MAX_LIST_ITEMS: usize = 10_000;
/// Entries in one list of a voucher's scope.
pub const MAX_SCOPE_ENTRIES: usize = 1_000;
/// Orders in one batch quote.
pub const MAX_BATCH_ORDERS: usize = 1_000_000;
/// Weights in one allocation.
pub const MAX_ALLOCATION_WEIGHTS: usize = 100_000;
/// Policy versions, and each eligibility list of a policy.
pub const MAX_POLICY_ITEMS: usize = 1_000;
/// A password, in characters (NIST SP 800-63B asks verifiers to take at
/// least 64).
pub const MAX_PASSWORD_CHARS: usize = 1_024;
/// A password policy's list of special characters.
pub const MAX_SPECIALS: usize = 256;
/// Stored hashes checked in one call (the current one and the history).
pub const MAX_HISTORY_HASHES: usize = 64;
/// Argon2 work in one call, in KiB of memory × iterations, summed over
/// every hash computed or verified: the work of one hash at the per-hash
/// limit (256 MiB, 10 iterations), about two seconds on one core.
pub const MAX_HASH_WORK: u64 = 256 * 1024 * 10;
/// Problems in one answer.
pub const MAX_PROBLEMS: usize = 100;
/// Branches of one approval route.
pub const MAX_ROUTE_BRANCHES: usize = 50;
/// Stages of one branch of a route.
pub const MAX_ROUTE_STAGES: usize = 50;
/// Approvers (and CC entries) of one stage, and slots of a stage with its
/// added signers.
pub const MAX_STAGE_APPROVERS: usize = 100;
/// Conditions of one branch, and declared fields of a route.
pub const MAX_ROUTE_CONDITIONS: usize = 20;
/// Versions of a route given to one submission.
pub const MAX_ROUTE_VERSIONS: usize = 50;
/// Levels of nesting in one request (lists and objects inside each other),
/// however it is given: JSON text, Python objects or JavaScript values.
pub const MAX_NESTING: usize = 128;
/// Steps of one scenario (`flow.run`): each step's answer carries the
/// application, so the answer grows with steps × history.
pub const MAX_SCENARIO_STEPS: usize = 100;

/// The problem for a request beyond a limit.
pub(crate) fn too_large(field: Option<&str>, what: Limit, actual: usize) -> Problem {
    let (max, zh, en) = match what {
        Limit::Items(max) => (
            max,
            format!("列表最多 {max} 项，给出了 {actual} 项以上"),
            format!("the list holds more than the {max} items allowed ({actual} or more)"),
        ),
        Limit::Bytes(max) => (
            max,
            format!("文本最长 {max} 字节，给出了 {actual} 字节"),
            format!("the text holds {actual} bytes; at most {max} are allowed"),
        ),
        Limit::Chars(max) => (
            max,
            format!("文本最长 {max} 个字符，给出了 {actual} 个"),
            format!("the text holds {actual} characters; at most {max} are allowed"),
        ),
        Limit::Depth(max) => (
            max,
            format!("请求嵌套最多 {max} 层，给出的超过了"),
            format!("the request is nested more than the {max} levels allowed"),
        ),
    };
    Problem::new(Code::TooLarge, field, zh, en)
        .with_detail(serde_json::json!({ "max": max, "actual": actual }))
}

/// Which limit was passed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Limit {
    /// A list's items.
    Items(usize),
    /// A text's bytes.
    Bytes(usize),
    /// A text's characters.
    Chars(usize),
    /// Levels of nesting.
    Depth(usize),
}

/// The problem for a request nested deeper than [`MAX_NESTING`], at
/// `field` (where the walk stopped, when it knows): `request.too_large`,
/// as every limit, in every binding alike.
pub fn too_deep(field: Option<&str>) -> Problem {
    too_large(field, Limit::Depth(MAX_NESTING), MAX_NESTING + 1)
}

/// Deserialises a list of at most `MAX` items, refusing the request at the
/// first item beyond (the items before it are all the work done). For
/// `#[serde(deserialize_with = "crate::limits::at_most::<_, _, 200>")]`.
pub(crate) fn at_most<'de, D, T, const MAX: usize>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Bounded<T, const MAX: usize>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for Bounded<T, MAX> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX));
            while let Some(item) = seq.next_element()? {
                if items.len() == MAX {
                    let actual = MAX + 1 + seq.size_hint().unwrap_or(0);
                    return Err(serde_bridge::fail(too_large(
                        None,
                        Limit::Items(MAX),
                        actual,
                    )));
                }
                items.push(item);
            }
            Ok(items)
        }
    }
    deserializer.deserialize_seq(Bounded::<T, MAX>(std::marker::PhantomData))
}

/// Deserialises a string of at most `MAX` characters. For
/// `#[serde(deserialize_with = "crate::limits::string_of_at_most_chars::<_, 1024>")]`.
pub(crate) fn string_of_at_most_chars<'de, D, const MAX: usize>(
    deserializer: D,
) -> Result<String, D::Error>
where
    D: Deserializer<'de>,
{
    let text = String::deserialize(deserializer)?;
    let count = text.chars().count();
    if count > MAX {
        return Err(serde_bridge::fail(too_large(
            None,
            Limit::Chars(MAX),
            count,
        )));
    }
    Ok(text)
}

/// A document (TOML or JSON text) in a request: allowed up to
/// [`MAX_DOCUMENT_BYTES`] instead of [`MAX_STRING_BYTES`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Document(pub(crate) String);

/// The name the decoder recognises to lift the string limit.
pub(crate) const DOCUMENT: &str = "huiqi::Document";

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Document, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Document;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Document, E> {
                Ok(Document(v.to_owned()))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Document, D::Error> {
                let text = String::deserialize(deserializer)?;
                if text.len() > MAX_DOCUMENT_BYTES {
                    return Err(serde_bridge::fail(too_large(
                        None,
                        Limit::Bytes(MAX_DOCUMENT_BYTES),
                        text.len(),
                    )));
                }
                Ok(Document(text))
            }
        }
        deserializer.deserialize_newtype_struct(DOCUMENT, Text)
    }
}

/// A list allowed more items than [`MAX_LIST_ITEMS`]: up to `MAX`, at most
/// [`MAX_BATCH_ORDERS`] (the decoder's ceiling for such lists).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LargeList<T, const MAX: usize>(pub(crate) Vec<T>);

/// The name the decoder recognises to lift the list limit.
pub(crate) const LARGE_LIST: &str = "huiqi::LargeList";

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for LargeList<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LargeList<T, MAX>, D::Error> {
        struct Inner<T, const MAX: usize>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for Inner<T, MAX> {
            type Value = LargeList<T, MAX>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<LargeList<T, MAX>, D::Error> {
                at_most::<D, T, MAX>(deserializer).map(LargeList)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<LargeList<T, MAX>, A::Error> {
                at_most::<_, T, MAX>(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(LargeList)
            }
        }
        deserializer
            .deserialize_newtype_struct(LARGE_LIST, Inner::<T, MAX>(std::marker::PhantomData))
    }
}

/// Keeps at most [`MAX_PROBLEMS`] problems; beyond them, one more saying
/// how many were left out.
pub fn capped(mut problems: Vec<Problem>) -> Vec<Problem> {
    if problems.len() <= MAX_PROBLEMS {
        return problems;
    }
    let omitted = problems.len() - MAX_PROBLEMS;
    problems.truncate(MAX_PROBLEMS);
    problems.push(
        Problem::new(
            Code::Truncated,
            None,
            format!("另有 {omitted} 个问题未列出（每个应答最多列出 {MAX_PROBLEMS} 个）"),
            format!(
                "{omitted} more problems are not listed (an answer lists at most {MAX_PROBLEMS})"
            ),
        )
        .with_detail(serde_json::json!({ "omitted": omitted, "max": MAX_PROBLEMS })),
    );
    problems
}
