//! The tokens of the commonest requests (an approval or a rejection)
//! written by hand: the very bytes their `Serialize` writes through
//! [`Tokens`], without serde's traversal. Names are tokens made once, when
//! compiled; a command with nothing optional set costs a few copies.
//!
//! Why: the traversal was a quarter of a decision's cost in a stream.
//! What keeps it right: every struct is taken apart without `..`, so a
//! field added to `Actor` or to these commands does not compile here until
//! it is written; `hand_written_tokens_are_serdes` compares the two
//! writers on random requests, which catches a field moved or renamed.

use super::{Tokens, tag};
use crate::approval::Actor;
use crate::approval::decide::Command;
use crate::approval::route::Fields;

/// A text token as [`Tokens::text`] writes it: the tag, the length in eight
/// little-endian bytes, the bytes. `N` must be the name's length plus 9.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated when compiled: an index out of range fails the build"
)]
const fn name<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    assert!(
        N == bytes.len() + 9,
        "the token's length is the name's plus 9"
    );
    let mut out = [0u8; N];
    out[0] = tag::STR;
    let length = (bytes.len() as u64).to_le_bytes();
    let mut i = 0;
    while i < 8 {
        out[1 + i] = length[i];
        i += 1;
    }
    let mut j = 0;
    while j < bytes.len() {
        out[9 + j] = bytes[j];
        j += 1;
    }
    out
}

/// `parts` one after another, as one token run. `N` must be their total
/// length.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated when compiled: an index out of range fails the build"
)]
const fn joined<const N: usize>(parts: &[&[u8]]) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut at, mut p) = (0, 0);
    while p < parts.len() {
        let part = parts[p];
        let mut i = 0;
        while i < part.len() {
            out[at] = part[i];
            at += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(at == N, "the run's length is its parts'");
    out
}

const ID: [u8; 11] = name("id");
const ROLES: [u8; 14] = name("roles");
const ORG: [u8; 12] = name("org");
const AREA: [u8; 13] = name("area");
const SUPERVISOR: [u8; 19] = name("supervisor");
const TYPE: [u8; 13] = name("type");
const APPROVE: [u8; 16] = name("approve");
const REJECT: [u8; 15] = name("reject");
const COMMENT: [u8; 16] = name("comment");
const ATTACHMENTS: [u8; 20] = name("attachments");
const FIELDS: [u8; 15] = name("fields");

/// What follows an actor's id when it has no roles, organisation, area
/// or supervisor: the commonest actor's tokens in one copy.
const BARE_ACTOR_REST: [u8; 64] = joined(&[
    &ROLES,
    &[tag::SEQ, tag::SEQ_END],
    &ORG,
    &[tag::NONE],
    &AREA,
    &[tag::NONE],
    &SUPERVISOR,
    &[tag::NONE],
    &[tag::MAP_END],
]);

/// A plain approval (no comment, attachments or fields), to the request's
/// end: the commonest command's tokens in one copy.
const BARE_APPROVAL_TO_END: [u8; 88] = joined(&[
    &[tag::MAP],
    &TYPE,
    &APPROVE,
    &COMMENT,
    &[tag::NONE],
    &ATTACHMENTS,
    &[tag::SEQ, tag::SEQ_END],
    &FIELDS,
    &[tag::MAP, tag::MAP_END],
    &[tag::MAP_END],
    &[tag::SEQ_END],
]);

/// `(actor, command)` as a tuple's tokens. The actor, an approval and a
/// rejection are written by hand; any other command by its `Serialize`.
pub(super) fn request(tokens: &mut Tokens<'_>, actor: &Actor, command: &Command) {
    tokens.tag(tag::SEQ);
    write_actor(tokens, actor);
    match command {
        Command::Approve {
            comment: None,
            attachments,
            fields,
        } if attachments.is_empty() && fields.is_empty() => {
            tokens.put(&BARE_APPROVAL_TO_END);
            return;
        }
        Command::Approve {
            comment,
            attachments,
            fields,
        } => {
            tokens.tag(tag::MAP);
            tokens.put(&TYPE);
            tokens.put(&APPROVE);
            write_comment_and_attachments(tokens, comment, attachments);
            tokens.put(&FIELDS);
            write_fields(tokens, fields);
            tokens.tag(tag::MAP_END);
        }
        Command::Reject {
            comment,
            attachments,
        } => {
            tokens.tag(tag::MAP);
            tokens.put(&TYPE);
            tokens.put(&REJECT);
            write_comment_and_attachments(tokens, comment, attachments);
            tokens.tag(tag::MAP_END);
        }
        // Every other command (a submission with its learned route) by
        // its `Serialize`.
        other => {
            let _ = serde::Serialize::serialize(other, &mut *tokens);
        }
    }
    tokens.tag(tag::SEQ_END);
}

fn write_actor(tokens: &mut Tokens<'_>, actor: &Actor) {
    let Actor {
        id,
        roles,
        org,
        area,
        supervisor,
    } = actor;
    tokens.tag(tag::MAP);
    tokens.put(&ID);
    tokens.text(tag::STR, id.as_bytes());
    if roles.is_empty() && org.is_none() && area.is_none() && supervisor.is_none() {
        tokens.put(&BARE_ACTOR_REST);
        return;
    }
    tokens.put(&ROLES);
    write_list(tokens, roles);
    tokens.put(&ORG);
    write_option(tokens, org.as_deref());
    tokens.put(&AREA);
    write_option(tokens, area.as_deref());
    tokens.put(&SUPERVISOR);
    write_option(tokens, supervisor.as_deref());
    tokens.tag(tag::MAP_END);
}

fn write_comment_and_attachments(
    tokens: &mut Tokens<'_>,
    comment: &Option<String>,
    attachments: &[String],
) {
    tokens.put(&COMMENT);
    write_option(tokens, comment.as_deref());
    tokens.put(&ATTACHMENTS);
    write_list(tokens, attachments);
}

fn write_option(tokens: &mut Tokens<'_>, text: Option<&str>) {
    match text {
        None => tokens.tag(tag::NONE),
        Some(text) => {
            tokens.tag(tag::SOME);
            tokens.text(tag::STR, text.as_bytes());
        }
    }
}

fn write_list<T: AsRef<str>>(tokens: &mut Tokens<'_>, texts: &[T]) {
    tokens.tag(tag::SEQ);
    for text in texts {
        tokens.text(tag::STR, text.as_ref().as_bytes());
    }
    tokens.tag(tag::SEQ_END);
}

fn write_fields(tokens: &mut Tokens<'_>, fields: &Fields) {
    tokens.tag(tag::MAP);
    for (key, value) in fields {
        tokens.text(tag::STR, key.as_bytes());
        tokens.text(tag::STR, value.as_bytes());
    }
    tokens.tag(tag::MAP_END);
}

#[cfg(test)]
mod tests {
    use super::super::{Sink, Tokens};
    use super::*;
    use crate::approval::Id;
    use proptest::prelude::*;
    use serde::Serialize;

    fn by_serde(actor: &Actor, command: &Command) -> Vec<u8> {
        let mut memory = Vec::new();
        let mut tokens = Tokens::new(Sink::Memory(&mut memory));
        (actor, command).serialize(&mut tokens).expect("writes");
        tokens.flush();
        memory
    }

    fn by_hand(actor: &Actor, command: &Command) -> Vec<u8> {
        let mut memory = Vec::new();
        let mut tokens = Tokens::new(Sink::Memory(&mut memory));
        request(&mut tokens, actor, command);
        tokens.flush();
        memory
    }

    fn text() -> BoxedStrategy<String> {
        // Short and long (past the writer's buffer), ASCII and not.
        prop_oneof!["[a-z]{0,4}", "[甲乙丙丁]{0,3}", "[a-z]{250,300}"].boxed()
    }

    fn actor() -> impl Strategy<Value = Actor> {
        (
            text(),
            prop::collection::vec(text(), 0..4),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        )
            .prop_map(|(id, roles, org, area, supervisor)| Actor {
                id: Id::from(id),
                roles: roles.into_iter().map(Id::from).collect(),
                org: org.map(Id::from),
                area: area.map(Id::from),
                supervisor: supervisor.map(Id::from),
            })
    }

    fn command() -> impl Strategy<Value = Command> {
        let comment = prop::option::of(text());
        let attachments = prop::collection::vec(text(), 0..3);
        let fields = prop::collection::btree_map(text(), text(), 0..3);
        prop_oneof![
            (comment.clone(), attachments.clone(), fields).prop_map(
                |(comment, attachments, fields)| Command::Approve {
                    comment,
                    attachments,
                    fields,
                }
            ),
            (comment.clone(), attachments).prop_map(|(comment, attachments)| Command::Reject {
                comment,
                attachments,
            }),
            comment.prop_map(|comment| Command::Withdraw { comment }),
        ]
    }

    proptest! {
        #[test]
        fn hand_written_tokens_are_serdes(actor in actor(), command in command()) {
            prop_assert_eq!(by_hand(&actor, &command), by_serde(&actor, &command));
        }
    }

    #[test]
    fn the_bare_runs_are_serdes() {
        // The runs written in one copy, and each part that stops them.
        let bare = Actor::new("wang", &[]);
        let approval = Command::Approve {
            comment: None,
            attachments: vec![],
            fields: Fields::new(),
        };
        let actors = [
            bare.clone(),
            Actor::new("wang", &["x"]),
            Actor {
                org: Some("o".into()),
                ..bare.clone()
            },
            Actor {
                area: Some("a".into()),
                ..bare.clone()
            },
            Actor {
                supervisor: Some("s".into()),
                ..bare.clone()
            },
        ];
        let commands = [
            approval.clone(),
            Command::Approve {
                comment: Some(String::new()),
                attachments: vec![],
                fields: Fields::new(),
            },
            Command::Approve {
                comment: None,
                attachments: vec!["a".into()],
                fields: Fields::new(),
            },
            Command::Approve {
                comment: None,
                attachments: vec![],
                fields: [("k".to_owned(), "v".to_owned())].into(),
            },
        ];
        for actor in &actors {
            for command in &commands {
                assert_eq!(
                    by_hand(actor, command),
                    by_serde(actor, command),
                    "{actor:?} {command:?}"
                );
            }
        }
    }

    #[test]
    fn names_are_text_tokens() {
        let mut expected = vec![tag::STR];
        expected.extend(11u64.to_le_bytes());
        expected.extend(b"attachments");
        assert_eq!(ATTACHMENTS.to_vec(), expected);
    }
}
