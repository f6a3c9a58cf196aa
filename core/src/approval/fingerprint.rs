//! Request fingerprints, kept in an application's request log so that a
//! retried command is told from a different command under the same request
//! id (idempotency).
//!
//! A fingerprint is XXH3-128 of the request's actor and command as serde
//! sees them, written as `xxh3:` and 32 hex digits: the prefix names the
//! form, so a log can hold fingerprints of several forms and each is
//! checked in its own. What is hashed is self-describing, as JSON would be
//! (a tag per kind of token, the names of fields and variants, the length
//! of every string, an end to every list and map), so two requests that
//! differ anywhere, even in which optional field is set, are hashed from
//! different bytes. Unlike JSON it is neither formatted nor escaped nor
//! held in memory: writing the request's JSON was most of the cost of a
//! decision.
//!
//! The actor's roles are a set: hashed sorted and without repeats, so the
//! same command with its roles listed in another order is a retry. A
//! resubmission's empty edit (`"fields": {}`) is hashed as no edit; logs
//! kept before in this form hashed it as written, which [`same_command`]
//! still recognises (in the earlier forms below, a retry that writes the
//! edit otherwise than the original is taken for another command, as it
//! was).
//!
//! Earlier forms, which [`same_command`] still recognises a retry against:
//! SipHash-1-3 128 of the same bytes (32 hex digits, no prefix; before
//! roles were read as a set, of the roles as written), and FNV-1a 64 of
//! the JSON (16 hex digits). XXH3 replaced SipHash because it reads the
//! ≈ 190 bytes of an approval in half the instructions; a request
//! fingerprint needs no key, only a specified, stable 128-bit hash.

use std::fmt::{self, Display};
use std::hash::Hasher;

use serde::Serialize;
use serde::ser::{self, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant};
use siphasher::sip128::{Hasher128, SipHasher13};
use xxhash_rust::xxh3::xxh3_128;

use super::decide::{Command, Request};

mod by_hand;
mod value;
use super::inline_route::NEWTYPE as INLINE_ROUTE;
use super::route::{Fields, Route};
use super::source::RouteSource;
pub use value::Fingerprint;
use value::PREFIX;

/// The fingerprint of `request` (`xxh3:` and 32 hex digits), its actor's
/// roles taken as the set they are (a host that lists them in another
/// order, a query with no `ORDER BY`, retries the same command) and a
/// resubmission's empty edit (`"fields": {}`) as no edit, which is what it
/// does (a client that writes every field retries one that left it out).
pub(crate) fn fingerprint(request: &Request) -> Fingerprint {
    let normal = empty_edit_as_none(request);
    Fingerprint::xxh3(xxh3_as_a_set(normal.as_ref().unwrap_or(request)))
}

/// XXH3 of `request` as written but for its roles, taken as a set.
fn xxh3_as_a_set(request: &Request) -> u128 {
    with_roles_as_a_set(request, |r| digest(Form::Xxh3, r))
}

/// `request` with its resubmission's empty edit as none, when it has one.
fn empty_edit_as_none(request: &Request) -> Option<Request> {
    match &request.command {
        Command::Resubmit {
            fields: Some(edit), ..
        } if edit.is_empty() => Some(with_edit(request, None)),
        _ => None,
    }
}

/// `request`'s digest as builds before [`empty_edit_as_none`] logged a
/// resubmission with no edit: its `fields` as `{}` when it has none (a
/// resubmission with none was logged alike then and now).
fn logged_as_an_empty_edit(request: &Request) -> Option<u128> {
    let Command::Resubmit { fields, .. } = &request.command else {
        return None;
    };
    if fields.as_ref().is_some_and(|edit| !edit.is_empty()) {
        return None;
    }
    let written = with_edit(request, Some(Fields::new()));
    Some(xxh3_as_a_set(&written))
}

/// A copy of resubmission `request` with `edit` as its fields.
fn with_edit(request: &Request, edit: Option<Fields>) -> Request {
    let mut copy = request.clone();
    if let Command::Resubmit { fields, .. } = &mut copy.command {
        *fields = edit;
    }
    copy
}

/// `hash` of `request` with its actor's roles sorted and without repeats.
fn with_roles_as_a_set(request: &Request, hash: impl Fn(&Request) -> u128) -> u128 {
    if roles_are_a_set(&request.actor.roles) {
        return hash(request);
    }
    let mut normal = request.clone();
    normal.actor.roles.sort();
    normal.actor.roles.dedup();
    hash(&normal)
}

/// True when `roles` are sorted with no repeats: hashed as written.
fn roles_are_a_set(roles: &[super::Id]) -> bool {
    roles.windows(2).all(|pair| matches!(pair, [a, b] if a < b))
}

/// The hash functions of the forms that hash tokens.
#[derive(Clone, Copy)]
enum Form {
    /// The current form.
    Xxh3,
    /// The form before it (SipHash-1-3 128, zero keys).
    Sip,
}

/// The `form` hash of `request`'s tokens, roles as written.
fn digest(form: Form, request: &Request) -> u128 {
    // A submission on an inline route hashes the route's tokens learned
    // once (`InlineRoute`), the very bytes writing them would give.
    let learned = match &request.command {
        Command::Submit {
            route: RouteSource::Inline(inline),
            ..
        } => Some(&*inline.learned().tokens),
        _ => None,
    };
    digest_with(form, request, learned)
}

/// The `form` hash of `request`, its inline route's tokens taken from
/// `learned` when given, written out when not.
fn digest_with(form: Form, request: &Request, learned: Option<&[u8]>) -> u128 {
    // The sinks are made here and lent to the writer, which keeps it small
    // to make and move.
    // Room for a learned route's tokens at once: grown from nothing, the
    // memory was copied over five or six times a submission.
    let room = learned.map_or(0, |tokens| tokens.len().saturating_add(2 * BUFFER));
    let (mut spilled, mut sip) = (Vec::with_capacity(room), SipHasher13::new());
    let mut tokens = Tokens::new(match form {
        Form::Xxh3 => Sink::Xxh3(&mut spilled),
        Form::Sip => Sink::Sip(&mut sip),
    });
    tokens.learned = learned;
    // The writer cannot fail; a type whose `Serialize` fails would leave
    // only a weaker fingerprint.
    by_hand::request(&mut tokens, &request.actor, &request.command);
    tokens.digest()
}

/// `route`'s tokens as a request's fingerprint writes them, for hashing
/// again with every submission on it.
pub(crate) fn tokens_of(route: &Route) -> Box<[u8]> {
    let mut memory = Vec::new();
    let mut tokens = Tokens::new(Sink::Memory(&mut memory));
    let _ = route.serialize(&mut tokens);
    tokens.flush();
    memory.into_boxed_slice()
}

/// Whether `stored` is the fingerprint of `request`, in this form or in an
/// earlier one (see the module's notes).
pub(crate) fn same_command(stored: &Fingerprint, request: &Request) -> bool {
    let stored = match stored.digest_or_text() {
        Ok(digest) => {
            return Fingerprint::xxh3(digest) == fingerprint(request)
                || logged_as_an_empty_edit(request) == Some(digest);
        }
        Err(text) => text,
    };
    if stored.starts_with(PREFIX) {
        // `xxh3:` but not as this build writes it: no fingerprint it makes.
        false
    } else if stored.len() == 16 {
        let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
        // Writing to memory cannot fail.
        let _ = serde_json::to_writer(&mut hash, &(&request.actor, &request.command));
        stored == hex(hash.0.to_be_bytes())
    } else {
        // SipHash, logged as the set of roles, or (before) as written: the
        // two differ only when the roles are not already a sorted set.
        stored == earlier_form(request)
            || (!roles_are_a_set(&request.actor.roles)
                && stored == hex(digest(Form::Sip, request).to_be_bytes()))
    }
}

/// `request`'s fingerprint in the form before this one (SipHash, 32 hex
/// digits), its roles as a set, as logs kept it.
pub(crate) fn earlier_form(request: &Request) -> String {
    hex(with_roles_as_a_set(request, |r| digest(Form::Sip, r)).to_be_bytes())
}

/// The fingerprint of `request` exactly as written (its roles as a set),
/// for tests of logs kept before a normalisation.
#[cfg(test)]
pub(crate) fn as_written_for_tests(request: &Request) -> Fingerprint {
    Fingerprint::xxh3(xxh3_as_a_set(request))
}

/// FNV-1a 64 over the bytes written to it.
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `bytes` (16 or fewer) as lowercase hex digits.
fn hex<const N: usize>(bytes: [u8; N]) -> String {
    // More than 16 bytes would lose some: refused when compiled.
    const { assert!(N <= 16) };
    let mut wide = [0u8; 16];
    let skipped = 16usize.saturating_sub(N);
    for (to, from) in wide.iter_mut().skip(skipped).zip(bytes) {
        *to = from;
    }
    let digits = value::hex_digits(u128::from_be_bytes(wide));
    let ours = digits.get(skipped.saturating_mul(2)..).unwrap_or_default();
    std::str::from_utf8(ours).unwrap_or_default().to_owned()
}

/// A serde serializer that writes tagged tokens into its sink: a hasher,
/// or memory (a route's tokens, learned once).
///
/// Tokens are a few bytes each; they are gathered and written a buffer at
/// a time, which gives the same hash as writing each at a fraction of the
/// cost. XXH3 hashes them in one call, its fastest: from the buffer when
/// they fit (an approval's do), else from memory they are gathered in
/// (its streaming form would add ≈ 8 KB to the WebAssembly).
struct Tokens<'a> {
    sink: Sink<'a>,
    buffer: [u8; BUFFER],
    held: usize,
    /// True once the buffer was written to the sink.
    spilled: bool,
    /// An inline route's tokens, written where the route would be.
    learned: Option<&'a [u8]>,
}

/// Where tokens go. One writer for all (not one per sink): every type's
/// `Serialize` is compiled once for it, which keeps the WebAssembly small.
enum Sink<'a> {
    /// Tokens for XXH3 past the buffer, hashed at the end.
    Xxh3(&'a mut Vec<u8>),
    Sip(&'a mut SipHasher13),
    Memory(&'a mut Vec<u8>),
}

impl Sink<'_> {
    fn write(&mut self, bytes: &[u8]) {
        match self {
            Sink::Xxh3(memory) | Sink::Memory(memory) => memory.extend_from_slice(bytes),
            Sink::Sip(hasher) => hasher.write(bytes),
        }
    }
}

const BUFFER: usize = 256;

/// The token tags. Every token starts with one, so tokens of different
/// kinds never read alike.
mod tag {
    pub(super) const NONE: u8 = b'n';
    pub(super) const SOME: u8 = b's';
    pub(super) const BOOL: u8 = b'b';
    pub(super) const INT: u8 = b'i';
    pub(super) const UINT: u8 = b'u';
    pub(super) const INT128: u8 = b'I';
    pub(super) const UINT128: u8 = b'U';
    pub(super) const FLOAT: u8 = b'f';
    pub(super) const CHAR: u8 = b'c';
    pub(super) const STR: u8 = b't';
    pub(super) const BYTES: u8 = b'y';
    pub(super) const VARIANT: u8 = b'v';
    pub(super) const SEQ: u8 = b'[';
    pub(super) const SEQ_END: u8 = b']';
    pub(super) const MAP: u8 = b'{';
    pub(super) const MAP_END: u8 = b'}';
}

impl<'a> Tokens<'a> {
    fn new(sink: Sink<'a>) -> Self {
        Tokens {
            sink,
            buffer: [0; BUFFER],
            held: 0,
            spilled: false,
            learned: None,
        }
    }

    /// The hash of every token written (0 for memory, which has none).
    fn digest(&mut self) -> u128 {
        let held = self.buffer.get(..self.held).unwrap_or_default();
        match &mut self.sink {
            Sink::Xxh3(_) if !self.spilled => xxh3_128(held),
            Sink::Xxh3(memory) => {
                memory.extend_from_slice(held);
                xxh3_128(memory)
            }
            Sink::Sip(hasher) => {
                hasher.write(held);
                hasher.finish128().as_u128()
            }
            Sink::Memory(_) => 0,
        }
    }

    // Inlined, with the rare spill kept out of line: a put is then a copy
    // of a few bytes whose length is known where it is called.
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.held.saturating_add(bytes.len());
        if let Some(room) = self.buffer.get_mut(self.held..end) {
            room.copy_from_slice(bytes);
            self.held = end;
        } else {
            self.spill(bytes);
        }
    }

    /// Writes what the buffer holds, then `bytes`, to the sink.
    #[cold]
    #[inline(never)]
    fn spill(&mut self, bytes: &[u8]) {
        self.flush();
        self.sink.write(bytes);
    }

    fn flush(&mut self) {
        self.sink
            .write(self.buffer.get(..self.held).unwrap_or_default());
        self.held = 0;
        self.spilled = true;
    }

    #[inline]
    fn tag(&mut self, tag: u8) {
        self.put(&[tag]);
    }

    /// A fixed-width token: its tag, then its little-endian bytes.
    fn scalar(&mut self, tag: u8, bytes: &[u8]) -> Done {
        self.tag(tag);
        self.put(bytes);
        Ok(())
    }

    /// A text token: its tag, its length in eight bytes, its bytes. Most
    /// are names of a few bytes, written into the buffer in one step.
    fn text(&mut self, tag: u8, text: &[u8]) {
        let length = u64::try_from(text.len()).unwrap_or(u64::MAX).to_le_bytes();
        let end = self
            .held
            .saturating_add(1 + length.len())
            .saturating_add(text.len());
        let room = self.buffer.get_mut(self.held..end);
        if let Some((first, rest)) = room.and_then(|room| room.split_first_mut())
            && let Some((at_length, at_text)) = rest.split_at_mut_checked(length.len())
        {
            *first = tag;
            at_length.copy_from_slice(&length);
            at_text.copy_from_slice(text);
            self.held = end;
            return;
        }
        self.tag(tag);
        self.put(&length);
        self.put(text);
    }
}

/// The serializer never fails by itself; a value's own `Serialize` may.
#[derive(Debug)]
struct Failed;

impl Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value could not be fingerprinted")
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: Display>(_: T) -> Self {
        Failed
    }
}

type Done = Result<(), Failed>;

/// Narrow numbers are written as their widest kind (an `i8` as an `i64`),
/// as JSON writes them alike.
macro_rules! widened {
    ($($method:ident($narrow:ty) => $wide:ident($to:ty)),*) => {$(
        fn $method(self, v: $narrow) -> Done {
            self.$wide(<$to>::from(v))
        }
    )*};
}

impl ser::Serializer for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.scalar(tag::BOOL, &[u8::from(v)])
    }
    widened! {
        serialize_i8(i8) => serialize_i64(i64),
        serialize_i16(i16) => serialize_i64(i64),
        serialize_i32(i32) => serialize_i64(i64),
        serialize_u8(u8) => serialize_u64(u64),
        serialize_u16(u16) => serialize_u64(u64),
        serialize_u32(u32) => serialize_u64(u64),
        serialize_f32(f32) => serialize_f64(f64)
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.scalar(tag::INT, &v.to_le_bytes())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.scalar(tag::INT128, &v.to_le_bytes())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.scalar(tag::UINT, &v.to_le_bytes())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.scalar(tag::UINT128, &v.to_le_bytes())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.scalar(tag::FLOAT, &v.to_bits().to_le_bytes())
    }
    fn serialize_char(self, v: char) -> Done {
        self.scalar(tag::CHAR, &u32::from(v).to_le_bytes())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.text(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.text(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        // As JSON writes it: the variant's name.
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Done {
        // A newtype is written as what it wraps; an inline route whose
        // tokens are learned, as those tokens.
        if name == INLINE_ROUTE
            && let Some(learned) = self.learned.take()
        {
            self.put(learned);
            return Ok(());
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.text(tag::VARIANT, variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Failed> {
        self.tag(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Failed> {
        self.text(tag::VARIANT, variant.as_bytes());
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Failed> {
        self.tag(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self, Failed> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Failed> {
        self.text(tag::VARIANT, variant.as_bytes());
        self.serialize_map(Some(len))
    }
}

impl SerializeSeq for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(tag::SEQ_END);
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        SerializeSeq::end(self)
    }
}

impl SerializeMap for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(tag::MAP_END);
        Ok(())
    }
}

impl SerializeStruct for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.serialize_key(key)?;
        self.serialize_value(value)
    }
    fn end(self) -> Done {
        SerializeMap::end(self)
    }
}

impl SerializeStructVariant for &mut Tokens<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Done {
        SerializeMap::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approval::{Actor, Command};
    use std::collections::BTreeMap;

    fn approve(comment: Option<&str>) -> Request {
        Request {
            request_id: "r".into(),
            actor: Actor::new("a", &[]),
            command: Command::Approve {
                comment: comment.map(str::to_owned),
                attachments: Vec::new(),
                fields: BTreeMap::new(),
            },
        }
    }

    /// A string token: its tag, its length (u64, little-endian), its bytes.
    fn text(out: &mut Vec<u8>, text: &str) {
        out.push(b't');
        out.extend((text.len() as u64).to_le_bytes());
        out.extend(text.as_bytes());
    }

    /// The fingerprint with the route's tokens from `learned`, or written.
    fn written(request: &Request, learned: Option<&[u8]>) -> Fingerprint {
        Fingerprint::xxh3(digest_with(Form::Xxh3, request, learned))
    }

    #[test]
    fn tokens_past_the_buffer_hash_as_one_stream() {
        // A comment within the buffer, and one that spills past it.
        let long = "长".repeat(200);
        for comment in ["短", long.as_str()] {
            let request = approve(Some(comment));
            let mut memory = Vec::new();
            {
                let mut tokens = Tokens::new(Sink::Memory(&mut memory));
                by_hand::request(&mut tokens, &request.actor, &request.command);
                tokens.flush();
            }
            assert_eq!(
                fingerprint(&request).to_string(),
                format!("{PREFIX}{}", hex(xxh3_128(&memory).to_be_bytes()))
            );
        }
    }

    #[test]
    fn the_form_is_pinned() {
        // A stored fingerprint must mean the same in every later version
        // and every binding: the bytes hashed are spelled out here, token by
        // token, and the result is pinned.
        let mut bytes = vec![b'[', b'{'];
        text(&mut bytes, "id");
        text(&mut bytes, "a");
        text(&mut bytes, "roles");
        bytes.extend(b"[]");
        for absent in ["org", "area", "supervisor"] {
            text(&mut bytes, absent);
            bytes.push(b'n');
        }
        bytes.extend(b"}{");
        text(&mut bytes, "type");
        text(&mut bytes, "approve");
        text(&mut bytes, "comment");
        bytes.push(b's');
        text(&mut bytes, "同意");
        text(&mut bytes, "attachments");
        bytes.extend(b"[]");
        text(&mut bytes, "fields");
        bytes.extend(b"{}}]");
        let request = approve(Some("同意"));
        let expected = format!("xxh3:{}", hex(xxh3_128(&bytes).to_be_bytes()));
        assert_eq!(fingerprint(&request).to_string(), expected);
        assert_eq!(expected, "xxh3:9eb18c782cb2e5371d1cf4128f2e051f");
        // The earlier form, which logs still hold: SipHash of the same bytes.
        let mut sip = SipHasher13::new();
        sip.write(&bytes);
        let earlier = hex(sip.finish128().as_u128().to_be_bytes());
        assert_eq!(earlier, "c7a20bd3beee97f569df757f22559c59");
        assert_eq!(earlier_form(&request), earlier);
        for logged in [&earlier, &expected] {
            assert!(same_command(&Fingerprint::from(logged.as_str()), &request));
        }
    }

    fn submission(route: RouteSource, name: &str, fields: &[(&str, &str)]) -> Request {
        Request {
            request_id: "r".into(),
            actor: Actor {
                supervisor: Some("wang".into()),
                ..Actor::new("li", &["applicant"])
            },
            command: Command::Submit {
                route,
                name: name.into(),
                fields: fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                picks: BTreeMap::from([("leader".to_owned(), "wang".to_owned())]),
            },
        }
    }

    #[test]
    fn an_inline_routes_learned_tokens_hash_as_its_written_ones() {
        // Every shipped preset as an inline route, shared (so its tokens
        // are learned) and not: the same fingerprint either way, and the
        // same as the route's tokens written into the request by hand.
        for name in crate::approval::preset_route_names() {
            let route = crate::approval::preset_route(name, &Default::default()).expect("ships");
            let shared = RouteSource::from(route.clone());
            let _holder = shared.clone();
            let request = submission(
                shared,
                "村道修缮",
                &[("kind", "regular"), ("amount", "6000")],
            );
            let learned = fingerprint(&request);
            assert_eq!(learned, written(&request, None), "{name}");
            let lone = submission(
                RouteSource::from(route.clone()),
                "村道修缮",
                &[("kind", "regular"), ("amount", "6000")],
            );
            assert_eq!(learned, fingerprint(&lone), "{name}");
            assert_eq!(learned, written(&lone, Some(&tokens_of(&route))), "{name}");
        }
    }

    #[test]
    fn a_learned_route_still_tells_submissions_apart() {
        let route = crate::approval::preset_route("seal", &Default::default()).expect("ships");
        let shared = RouteSource::from(route);
        let base = fingerprint(&submission(shared.clone(), "用章", &[]));
        for other in [
            submission(shared.clone(), "用章 ", &[]),
            submission(shared.clone(), "用章", &[("kind", "x")]),
            submission(RouteSource::Preset("seal".into()), "用章", &[]),
        ] {
            assert_ne!(fingerprint(&other), base);
        }
    }

    #[test]
    fn tokens_that_would_concatenate_alike_hash_apart() {
        let base = fingerprint(&approve(None));
        let mut seen = vec![base];
        // The comment's text against the empty comment, and text split
        // between two places.
        for request in [
            approve(Some("")),
            approve(Some("n")),
            Request {
                actor: Actor::new("an", &[]),
                ..approve(None)
            },
            Request {
                actor: Actor::new("a", &["n"]),
                ..approve(None)
            },
        ] {
            let print = fingerprint(&request);
            assert!(!seen.contains(&print), "{print} seen twice");
            seen.push(print);
        }
        assert!(seen.iter().all(|p| p.to_string().len() == 37));
    }
}
