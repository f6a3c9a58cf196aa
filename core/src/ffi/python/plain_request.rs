//! The commonest approval requests read by hand: a submission on a `Route`
//! object or a preset's name, and every command on a pending application
//! but `add_signer` and `upload` (`approve`, `reject`, `return`,
//! `withdraw`, `resubmit`, `transfer`, `delegate`, `remove_signer`, `cc`,
//! `remind`, `delist`), given as plain dicts, lists and strings.
//!
//! The serde reading of the same objects (`fast_read`) walks them through
//! the decoder's visitors, a dispatch per key and per value. Here each
//! part is read where it is expected, ≈ 500 instructions fewer for an
//! approval (issue 9's per-command benchmark, `bench/budget_approval.py`).
//! The rules are the decoder's, for this subset only: dicts, lists and
//! strings of exactly those classes, no key the type does not have, every
//! required key, strings and lists within [`crate::limits`]. Anything else
//! (a subclass, a tuple, an `int` where text goes, a command of another
//! kind, a key too many) gives up, and the caller reads the request the
//! serde way, which answers or explains. So a request read here is the
//! value the other readings give: the Python tests hold all three to it.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use crate::approval::{
    Actor, Command, Fields, Id, Request, Route, RouteSource, preset_route_names,
};
use crate::limits;

/// `obj` read as a [`Request`] for one of the commands above, or `None`
/// when this reading gives up.
pub(super) fn plain_request(obj: &Bound<'_, PyAny>) -> Option<Request> {
    let dict = obj.cast_exact::<PyDict>().ok()?;
    let names = Names::get(obj.py());
    let (mut request_id, mut actor, mut command) = (None, None, None);
    for (key, value) in dict.iter() {
        match names.key(&key, Key::RequestId)? {
            Key::RequestId => request_id = Some(text(&value)?),
            Key::Actor => actor = Some(plain_actor(names, &value)?),
            Key::Command => command = Some(plain_command(names, &value)?),
            _ => return None,
        }
    }
    Some(Request {
        request_id: request_id?,
        actor: actor?,
        command: command?,
    })
}

fn plain_actor(names: &Names, obj: &Bound<'_, PyAny>) -> Option<Actor> {
    let dict = obj.cast_exact::<PyDict>().ok()?;
    let mut id = None;
    let mut actor = Actor::default();
    for (key, value) in dict.iter() {
        match names.key(&key, Key::Id)? {
            Key::Id => id = Some(text(&value)?),
            Key::Roles => actor.roles = texts(&value)?,
            Key::Org => actor.org = optional_text(&value)?,
            Key::Area => actor.area = optional_text(&value)?,
            Key::Supervisor => actor.supervisor = optional_text(&value)?,
            _ => return None,
        }
    }
    actor.id = id?;
    Some(actor)
}

/// The parts a command of the kinds read here may have (its type as the
/// kind it names).
#[derive(Default)]
struct Parts {
    kind: Option<Kind>,
    comment: Option<Option<String>>,
    attachments: Option<Vec<String>>,
    to: Option<Option<Id>>,
    person: Option<Id>,
    people: Option<Vec<Id>>,
    fields: Option<Option<Fields>>,
    route: Option<RouteSource>,
    name: Option<String>,
    picks: Option<Fields>,
}

fn plain_command(names: &Names, obj: &Bound<'_, PyAny>) -> Option<Command> {
    let dict = obj.cast_exact::<PyDict>().ok()?;
    let mut parts = Parts::default();
    for (key, value) in dict.iter() {
        match names.key(&key, Key::Type)? {
            Key::Type => parts.kind = Some(names.kind(&value)?),
            Key::Comment => parts.comment = Some(optional_text(&value)?),
            Key::Attachments => parts.attachments = Some(texts(&value)?),
            Key::To => parts.to = Some(optional_text(&value)?),
            Key::Person => parts.person = Some(text(&value)?),
            Key::People => parts.people = Some(texts(&value)?),
            Key::Fields => parts.fields = Some(optional_fields(&value)?),
            Key::Route => parts.route = Some(route_source(&value)?),
            Key::Name => parts.name = Some(text(&value)?),
            Key::Picks => parts.picks = Some(optional_fields(&value)??),
            _ => return None,
        }
    }
    command_of(parts)
}

/// The command `parts` make, when they make one of the kinds read here
/// with no part it does not take.
fn command_of(parts: Parts) -> Option<Command> {
    let Parts {
        kind,
        comment,
        attachments,
        to,
        person,
        people,
        fields,
        route,
        name,
        picks,
    } = parts;
    // The parts a kind takes, by name: any other present (even as `None`)
    // is a key the kind does not have.
    let present = [
        ("comment", comment.is_some()),
        ("attachments", attachments.is_some()),
        ("to", to.is_some()),
        ("person", person.is_some()),
        ("people", people.is_some()),
        ("fields", fields.is_some()),
        ("route", route.is_some()),
        ("name", name.is_some()),
        ("picks", picks.is_some()),
    ];
    let takes = |names: &[&str]| {
        present
            .iter()
            .all(|(part, given)| !given || names.contains(part))
    };
    let command = match kind? {
        Kind::Submit if takes(&["route", "name", "fields", "picks"]) => Command::Submit {
            route: route?,
            name: name?,
            fields: fields.map_or(Some(Fields::new()), |f| f)?,
            picks: picks.unwrap_or_default(),
        },
        Kind::Approve if takes(&["comment", "attachments", "fields"]) => Command::Approve {
            comment: comment.flatten(),
            attachments: attachments.unwrap_or_default(),
            fields: fields.map_or(Some(Fields::new()), |f| f)?,
        },
        Kind::Reject if takes(&["comment", "attachments"]) => Command::Reject {
            comment: comment.flatten(),
            attachments: attachments.unwrap_or_default(),
        },
        Kind::Resubmit if takes(&["fields", "comment", "picks"]) => Command::Resubmit {
            fields: fields.flatten(),
            comment: comment.flatten(),
            picks: picks.unwrap_or_default(),
        },
        Kind::Withdraw if takes(&["comment"]) => Command::Withdraw {
            comment: comment.flatten(),
        },
        Kind::Delist if takes(&["comment"]) => Command::Delist {
            comment: comment.flatten(),
        },
        Kind::Return if takes(&["to", "comment", "attachments"]) => Command::Return {
            to: to.flatten().map(String::from),
            comment: comment.flatten(),
            attachments: attachments.unwrap_or_default(),
        },
        Kind::Transfer if takes(&["to", "comment"]) => Command::Transfer {
            to: to.flatten()?,
            comment: comment.flatten(),
        },
        Kind::Delegate if takes(&["to", "comment"]) => Command::Delegate {
            to: to.flatten()?,
            comment: comment.flatten(),
        },
        Kind::Remind if takes(&[]) => Command::Remind {},
        Kind::RemoveSigner if takes(&["person"]) => Command::RemoveSigner { person: person? },
        Kind::Cc if takes(&["people"]) => Command::Cc { people: people? },
        _ => return None,
    };
    Some(command)
}

/// A submission's route: a `Route` object (the class itself) as it is, or
/// the name of a preset that ships. A route written out (a dict, a list
/// of versions) is the serde reading's.
fn route_source(obj: &Bound<'_, PyAny>) -> Option<RouteSource> {
    if let Ok(route) = obj.cast_exact::<Route>() {
        return Some(RouteSource::Inline(super::shared_routes::shared_route(
            route,
        )));
    }
    let name: String = text(obj)?;
    preset_route_names()
        .contains(&name.as_str())
        .then_some(RouteSource::Preset(name))
}

/// `None`, or exactly a `dict` of `str` to `str` (field values, picks),
/// within the list limit. `Some(None)` for `None`.
fn optional_fields(obj: &Bound<'_, PyAny>) -> Option<Option<Fields>> {
    if obj.is_none() {
        return Some(None);
    }
    let dict = obj.cast_exact::<PyDict>().ok()?;
    let mut fields = Fields::new();
    for (key, value) in dict.iter() {
        let key = any_key_text(&key)?;
        if key.len() > limits::MAX_STRING_BYTES {
            return None;
        }
        fields.insert(key.to_owned(), text(&value)?);
    }
    Some(Some(fields))
}

/// The keys of the requests read here, in the order of [`KEYS`].
#[derive(Clone, Copy)]
enum Key {
    RequestId,
    Actor,
    Command,
    Id,
    Type,
    Roles,
    Org,
    Area,
    Supervisor,
    Comment,
    Attachments,
    To,
    Person,
    People,
    Fields,
    Route,
    Name,
    Picks,
}

/// Each [`Key`] with its text.
const KEYS: [(Key, &str); 18] = [
    (Key::RequestId, "request_id"),
    (Key::Actor, "actor"),
    (Key::Command, "command"),
    (Key::Id, "id"),
    (Key::Type, "type"),
    (Key::Roles, "roles"),
    (Key::Org, "org"),
    (Key::Area, "area"),
    (Key::Supervisor, "supervisor"),
    (Key::Comment, "comment"),
    (Key::Attachments, "attachments"),
    (Key::To, "to"),
    (Key::Person, "person"),
    (Key::People, "people"),
    (Key::Fields, "fields"),
    (Key::Route, "route"),
    (Key::Name, "name"),
    (Key::Picks, "picks"),
];

/// The kinds of command read here, in the order of [`KINDS`].
#[derive(Clone, Copy)]
enum Kind {
    Submit,
    Approve,
    Reject,
    Resubmit,
    Withdraw,
    Delist,
    Return,
    Transfer,
    Delegate,
    Remind,
    RemoveSigner,
    Cc,
}

/// Each [`Kind`] with its `type`.
const KINDS: [(Kind, &str); 12] = [
    (Kind::Submit, "submit"),
    (Kind::Approve, "approve"),
    (Kind::Reject, "reject"),
    (Kind::Resubmit, "resubmit"),
    (Kind::Withdraw, "withdraw"),
    (Kind::Delist, "delist"),
    (Kind::Return, "return"),
    (Kind::Transfer, "transfer"),
    (Kind::Delegate, "delegate"),
    (Kind::Remind, "remind"),
    (Kind::RemoveSigner, "remove_signer"),
    (Kind::Cc, "cc"),
];

/// [`KEYS`]' and [`KINDS`]' texts as Python's interned strings. A key or
/// a `type` written in Python source is interned, the very object here:
/// told by identity, its text not read (≈ 250 instructions an approval),
/// nor compared again once known.
struct Names {
    keys: Vec<Py<PyString>>,
    kinds: Vec<Py<PyString>>,
}

static NAMES: PyOnceLock<Names> = PyOnceLock::new();

impl Names {
    /// The names, interned once per interpreter.
    fn get(py: Python<'_>) -> &'static Names {
        let interned = |texts: &[&str]| -> Vec<Py<PyString>> {
            texts
                .iter()
                .map(|text| PyString::intern(py, text).unbind())
                .collect()
        };
        NAMES.get_or_init(py, || Names {
            keys: interned(&KEYS.map(|(_, text)| text)),
            kinds: interned(&KINDS.map(|(_, text)| text)),
        })
    }

    /// Which of [`KEYS`] a dict key is (`None`: none, or not exactly a
    /// `str`), looked for from `first` on (the key a dict of its place
    /// usually starts with), then from the start.
    fn key(&self, key: &Bound<'_, PyAny>, first: Key) -> Option<Key> {
        named(&KEYS, &self.keys, key, first as usize)
    }

    /// Which of [`KINDS`] a command's `type` is (`None`: another, or not
    /// exactly a `str`).
    fn kind(&self, kind: &Bound<'_, PyAny>) -> Option<Kind> {
        named(&KINDS, &self.kinds, kind, Kind::Approve as usize)
    }
}

/// The entry of `table` that `obj` names: found by identity among
/// `interned` (the table's texts, interned, in its order) from `first` on,
/// else by its text when it is exactly a `str`.
fn named<T: Copy>(
    table: &[(T, &str)],
    interned: &[Py<PyString>],
    obj: &Bound<'_, PyAny>,
    first: usize,
) -> Option<T> {
    let at = match position_from(interned, obj, first) {
        Some(at) => at,
        None => {
            let text = any_key_text(obj)?;
            table.iter().position(|(_, name)| *name == text)?
        }
    };
    table.get(at).map(|(entry, _)| *entry)
}

/// Where `obj` itself is in `names`, looking from `first` on, then from
/// the start.
fn position_from(names: &[Py<PyString>], obj: &Bound<'_, PyAny>, first: usize) -> Option<usize> {
    let is = |(_, name): &(usize, &Py<PyString>)| obj.is(*name);
    let mut from_first = names.iter().enumerate().skip(first);
    from_first
        .find(is)
        .or_else(|| names.iter().enumerate().take(first).find(is))
        .map(|(i, _)| i)
}

/// A dict key's (or a command type's) text: exactly a `str` (a subclass
/// could share its text with another key, which the strict reading's JSON
/// object cannot hold).
fn any_key_text<'a>(key: &'a Bound<'_, PyAny>) -> Option<&'a str> {
    let key = key.cast_exact::<PyString>().ok()?;
    key.to_str().ok()
}

/// Exactly a `str`, within the string limit (lone surrogates give up), as
/// a `String` or an [`Id`] (a short one kept inline, not allocated).
fn text<T: for<'a> From<&'a str>>(obj: &Bound<'_, PyAny>) -> Option<T> {
    let text = obj.cast_exact::<PyString>().ok()?.to_str().ok()?;
    (text.len() <= limits::MAX_STRING_BYTES).then(|| T::from(text))
}

/// `None`, or a `str` as [`text`].
fn optional_text<T: for<'a> From<&'a str>>(obj: &Bound<'_, PyAny>) -> Option<Option<T>> {
    if obj.is_none() {
        return Some(None);
    }
    text(obj).map(Some)
}

/// Exactly a `list` of such `str`s, within the list limit.
fn texts<T: for<'a> From<&'a str>>(obj: &Bound<'_, PyAny>) -> Option<Vec<T>> {
    let list = obj.cast_exact::<PyList>().ok()?;
    if list.len() > limits::MAX_LIST_ITEMS {
        return None;
    }
    let mut out = Vec::with_capacity(list.len());
    for item in list.iter() {
        out.push(text(&item)?);
    }
    Some(out)
}
