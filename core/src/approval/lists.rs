//! Lists over the applications a host gives: a person's to-do list (待办),
//! done list (已办), CC list (抄送我的) and applications (我的申请), with the
//! manuals' filters. Pure functions: role and scoped candidates count, not
//! only named people.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::state::{Actor, Application, Status};

/// Which list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 待办: what awaits the person now.
    Todo,
    /// 已办: what the person handled at some stage (decided, returned,
    /// advised on as a delegate, or handed on by 转办).
    Done,
    /// 抄送我的.
    Cc,
    /// 我的申请.
    Mine,
}

/// The manuals' filters; every one given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Submitted at or after.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, with = "crate::time::option_instant_utc")]
    pub created_from: Option<DateTime<Utc>>,
    /// Submitted before.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, with = "crate::time::option_instant_utc")]
    pub created_to: Option<DateTime<Utc>>,
    /// The name contains this text.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub name: Option<String>,
    /// The applicant's id.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub applicant: Option<String>,
    /// The route's id (the application's type).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub route: Option<String>,
    /// The status.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub status: Option<Status>,
}

impl Filter {
    fn keeps(&self, app: &Application) -> bool {
        self.created_from.is_none_or(|t| app.created_at >= t)
            && self.created_to.is_none_or(|t| app.created_at < t)
            && self
                .name
                .as_ref()
                .is_none_or(|n| app.name.contains(n.as_str()))
            && self
                .applicant
                .as_ref()
                .is_none_or(|a| app.applicant.id == *a)
            && self.route.as_ref().is_none_or(|r| app.route.id == *r)
            && self.status.is_none_or(|s| app.status == s)
    }
}

/// True when something of `app` awaits `person` now: an open slot they fill
/// or were delegated, or (returned) their own application to resubmit.
pub fn awaits(app: &Application, person: &Actor) -> bool {
    match app.status {
        Status::Pending => {
            // Exactly those who may act on the stage: the slot they would
            // take (as `decide` picks it), or an upload the stage needs.
            super::decide::open_slot_of(app, person).is_some()
                || (!app.missing_uploads().is_empty() && app.slots.iter().any(|s| s.admits(person)))
        }
        Status::Returned => app.applicant.id == person.id,
        _ => false,
    }
}

/// The applications of `list` for `person`, filtered, newest first.
pub fn list<'a>(
    apps: &'a [Application],
    person: &Actor,
    which: ListKind,
    filter: &Filter,
) -> Vec<&'a Application> {
    let mut found: Vec<&Application> = apps
        .iter()
        .filter(|app| match which {
            ListKind::Todo => awaits(app, person),
            ListKind::Done => app.deciders.contains(&person.id),
            ListKind::Cc => app.cc.contains(&person.id),
            ListKind::Mine => app.applicant.id == person.id,
        })
        .filter(|app| filter.keeps(app))
        .collect();
    found.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    found
}
