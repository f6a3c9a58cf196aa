//! Unit tests of the engine: the town OA's procurement threshold, every
//! mode, returns, withdrawals, delegation, signers, uploads, timeouts,
//! permissions, replay and retries.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::error::Code;
use crate::money::Money;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 7, 20, hour, 0, 0)
        .single()
        .unwrap()
}

/// An application and its events, driven command by command.
struct Run {
    app: Option<Application>,
    events: Vec<Event>,
    ids: SeededIds,
    n: u32,
}

impl Run {
    fn new() -> Run {
        Run {
            app: None,
            events: Vec::new(),
            ids: SeededIds::new(7),
            n: 0,
        }
    }

    fn send(&mut self, actor: &Actor, command: Command) -> Result<Decision, crate::Problem> {
        self.n += 1;
        let request = Request {
            request_id: Id::from(format!("r{}", self.n)),
            actor: actor.clone(),
            command,
        };
        self.send_request(&request)
    }

    fn send_request(&mut self, request: &Request) -> Result<Decision, crate::Problem> {
        let before = self.app.clone();
        let mut ctx = Context {
            now: at(9 + self.n.min(12)),
            ids: &mut self.ids,
        };
        let decision = decide(self.app.as_ref(), request, &mut ctx);
        assert_eq!(self.app, before, "decide never changes the state");
        if let Ok(d) = &decision {
            for event in &d.events {
                self.app = evolve(self.app.take(), event);
            }
            self.events.extend(d.events.iter().cloned());
            assert_eq!(replay(&self.events), self.app, "replay equals state");
        }
        decision
    }

    fn ok(&mut self, actor: &Actor, command: Command) {
        if let Err(p) = self.send(actor, command) {
            panic!("refused: {p:?}");
        }
    }

    fn refused(&mut self, actor: &Actor, command: Command) -> Code {
        match self.send(actor, command) {
            Ok(d) => panic!("accepted: {:?}", d.events),
            Err(p) => p.code,
        }
    }

    fn app(&self) -> &Application {
        self.app.as_ref().unwrap()
    }

    /// When the next command will be sent.
    fn next_now(&self) -> DateTime<Utc> {
        at(9 + (self.n + 1).min(12))
    }

    /// `decide`s answer to `actor`'s `command` at `now`, applied to nothing.
    fn ask_at(
        &self,
        actor: &Actor,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Decision, crate::Problem> {
        let request = Request {
            request_id: "asked".into(),
            actor: actor.clone(),
            command,
        };
        let mut ids = SeededIds::new(1);
        decide(
            self.app.as_ref(),
            &request,
            &mut Context { now, ids: &mut ids },
        )
    }
}

fn approve() -> Command {
    Command::Approve {
        comment: Some("同意".into()),
        attachments: vec![],
        fields: Fields::new(),
    }
}

fn reject() -> Command {
    Command::Reject {
        comment: Some("不同意".into()),
        attachments: vec![],
    }
}

fn submit(route: Route, fields: &[(&str, &str)], picks: &[(&str, &str)]) -> Command {
    Command::Submit {
        route: route.into(),
        name: "村道修缮".into(),
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        picks: picks
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
    }
}

fn procurement(threshold_inclusive: bool) -> Route {
    preset_route(
        "procurement",
        &PresetOptions {
            threshold: Money::parse("5000.00").unwrap(),
            threshold_inclusive,
        },
    )
    .unwrap()
}

fn applicant() -> Actor {
    Actor {
        id: "li".into(),
        roles: vec!["applicant".into()],
        org: Some("村委".into()),
        area: Some("周庄".into()),
        supervisor: Some("wang".into()),
    }
}

#[test]
fn every_preset_loads_and_passes_its_checks() {
    for name in preset_route_names() {
        let route = preset_route(name, &PresetOptions::default()).unwrap();
        assert_eq!(route.id, name);
        assert!(check(&route).is_empty(), "{name}");
        // What a submission by name runs on: loaded once, the same route.
        assert_eq!(
            super::presets::default_preset(name).map(|r| r.route()),
            Some(&route),
            "{name}"
        );
        assert!(std::ptr::eq(
            super::presets::default_preset(name).unwrap(),
            super::presets::default_preset(name).unwrap()
        ));
    }
    assert_eq!(super::presets::default_preset("atlantis"), None);
    assert_eq!(
        preset_route("atlantis", &PresetOptions::default())
            .unwrap_err()
            .as_slice()[0]
            .code,
        Code::RouteUnknownPreset
    );
}

#[test]
fn the_threshold_and_its_inclusiveness_choose_the_regular_branch() {
    let cases = [
        ("4999.99", true, "regular_below_threshold"),
        ("5000.00", true, "regular_from_threshold"),
        ("5000.01", true, "regular_from_threshold"),
        ("4999.99", false, "regular_below_threshold"),
        ("5000.00", false, "regular_below_threshold"),
        ("5000.01", false, "regular_from_threshold"),
    ];
    for (amount, inclusive, branch) in cases {
        let route = procurement(inclusive);
        let fields = [
            ("kind".to_owned(), "regular".to_owned()),
            ("amount".to_owned(), amount.to_owned()),
        ]
        .into_iter()
        .collect();
        let chosen = route.choose(&fields).unwrap();
        assert_eq!(chosen.name, branch, "{amount} inclusive={inclusive}");
    }
    let route = procurement(true);
    let fields = [
        ("kind".to_owned(), "regular".to_owned()),
        ("amount".to_owned(), "5000.00".to_owned()),
    ]
    .into_iter()
    .collect();
    let branch = route.choose(&fields).unwrap();
    let described: Vec<String> = branch.when.iter().map(Condition::describe).collect();
    assert_eq!(described, ["kind = regular", "amount ≥ 5000.00"]);
}

#[test]
fn gaps_are_reported_region_by_region_and_at_most_twenty() {
    // Two money fields: no line to merge points on, each point its own.
    let two = r#"
        id = "r"
        name = "r"
        effective_from = 2023-01-01
        fields = { amount = "money", budget = "money" }
        [[branches]]
        name = "small"
        when = [{ field = "amount", lt = "10.00" }, { field = "budget", lt = "10.00" }]
        stages = [{ id = "a", name = "a", approvers = [{ role = "x" }] }]
    "#;
    let problems = Route::load(two, crate::subsidy::Format::Toml).unwrap_err();
    let gaps: Vec<&str> = problems
        .as_slice()
        .iter()
        .filter(|p| p.code == Code::RouteGap)
        .map(|p| p.message_en.as_str())
        .collect();
    // amount ∈ {0.00, 9.99, 10.00, 10.01} × budget alike: 16 points, 4 taken.
    assert_eq!(gaps.len(), 12, "{gaps:?}");
    assert!(
        gaps.contains(
            &"route `r` has no branch for an application with amount = 10.00, budget = 0.00"
        ),
        "{gaps:?}"
    );
    // Thirty kinds, one taken: 29 regions, the first twenty reported.
    let kinds: Vec<String> = (0..30).map(|k| format!("\"k{k:02}\"")).collect();
    let many = format!(
        "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\nfields = {{ kind = {{ choice = [{}] }} }}\n\
         [[branches]]\nname = \"one\"\nwhen = [{{ field = \"kind\", eq = \"k00\" }}]\n\
         stages = [{{ id = \"a\", name = \"a\", approvers = [{{ role = \"x\" }}] }}]\n",
        kinds.join(", ")
    );
    let problems = Route::load(&many, crate::subsidy::Format::Toml).unwrap_err();
    assert_eq!(problems.len(), 20, "{problems:?}");
    assert!(
        problems.as_slice()[0]
            .message_en
            .ends_with("with kind = k01")
    );
    // The last one listed says how many more there are.
    let last = &problems.as_slice()[19];
    assert!(
        last.message_en
            .ends_with("with kind = k20 (and 9 more like it, not listed)"),
        "{last:?}"
    );
    assert!(
        last.message_zh.ends_with("（另有 9 处同类问题未列出）"),
        "{last:?}"
    );
    assert_eq!(last.detail, Some(serde_json::json!({ "more": 9 })));
    assert!(problems.as_slice()[18].detail.is_none());
}

#[test]
fn gaps_overlaps_and_unreachable_branches_are_refused_with_their_witness() {
    let gap = r#"
        id = "r"
        name = "r"
        effective_from = 2023-01-01
        fields = { amount = "money" }
        [[branches]]
        name = "small"
        when = [{ field = "amount", lt = "5000.00" }]
        stages = [{ id = "a", name = "a", approvers = [{ role = "x" }] }]
        [[branches]]
        name = "large"
        when = [{ field = "amount", gt = "5000.00" }]
        stages = [{ id = "a", name = "a", approvers = [{ role = "x" }] }]
    "#;
    let problems = Route::load(gap, crate::subsidy::Format::Toml).unwrap_err();
    let p = &problems.as_slice()[0];
    assert_eq!(p.code, Code::RouteGap);
    assert!(
        p.message_en.contains("amount = 5000.00"),
        "{}",
        p.message_en
    );
    let overlap = gap.replace("gt = \"5000.00\"", "ge = \"4000.00\"");
    let problems = Route::load(&overlap, crate::subsidy::Format::Toml).unwrap_err();
    assert!(problems.has(Code::RouteOverlap));
    let never_branch = "[[branches]]\nname = \"never\"\nwhen = [{ field = \"amount\", lt = \"0.00\" }]\nstages = [{ id = \"a\", name = \"a\", approvers = [{ role = \"x\" }] }]\n";
    let unreachable = format!(
        "{}{never_branch}",
        gap.replace("gt = \"5000.00\"", "ge = \"5000.00\"")
    );
    let problems = Route::load(&unreachable, crate::subsidy::Format::Toml).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let never = problems
        .as_slice()
        .iter()
        .find(|p| p.code == Code::RouteUnreachable)
        .unwrap();
    assert_eq!(never.field.as_deref(), Some("branches[2]"));
    assert!(
        never.message_en.contains("`never` can never be chosen"),
        "{}",
        never.message_en
    );
}

#[test]
fn static_checks_name_the_route_and_stage() {
    let bad = r#"
        id = "r"
        name = "r"
        effective_from = 2023-01-01
        [[stages]]
        id = "first"
        name = "first"
        approvers = [{ picked = "leader" }]
        return_to = ["later"]
        mode = "vote"
    "#;
    let problems = Route::load(bad, crate::subsidy::Format::Toml).unwrap_err();
    let codes: Vec<Code> = problems.as_slice().iter().map(|p| p.code).collect();
    assert!(codes.contains(&Code::RouteUnresolvable), "{codes:?}");
    assert!(codes.contains(&Code::RouteReturnTarget), "{codes:?}");
    assert!(codes.contains(&Code::RouteInconsistent), "{codes:?}");
    for p in problems.as_slice() {
        assert!(
            p.message_en.contains("route `r`, stage `first`"),
            "{}",
            p.message_en
        );
        assert!(
            p.message_zh.contains("路线 `r` 环节 `first`"),
            "{}",
            p.message_zh
        );
        assert!(p.field.as_deref().unwrap().starts_with("stages[0]"));
    }
    let unknown = "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\ncolour = 1\n";
    let problems = Route::load(unknown, crate::subsidy::Format::Toml).unwrap_err();
    assert_eq!(problems.as_slice()[0].code, Code::RouteSchema);
}

#[test]
fn regular_below_threshold_runs_to_filed_with_joint_approval() {
    let mut run = Run::new();
    let li = applicant();
    run.ok(
        &li,
        submit(
            procurement(true),
            &[("kind", "regular"), ("amount", "4999.99")],
            &[],
        ),
    );
    assert_eq!(run.app().route.branch, "regular_below_threshold");
    let finance = Actor::new("zhao", &["finance_bureau"]);
    let mayor = Actor::new("zhou", &["mayor"]);
    let supervising = Actor::new("wang", &["supervising_leader"]);
    let procurement_leader = Actor::new("sun", &["procurement_leader"]);
    // The mayor may not act before the finance bureau: forbidden, not invalid.
    assert_eq!(run.refused(&mayor, approve()), Code::ApprovalForbidden);
    run.ok(&finance, approve());
    assert_eq!(run.app().stage, 1);
    run.ok(&mayor, approve());
    assert_eq!(run.app().status, Status::Pending, "会签 waits for everyone");
    assert_eq!(run.refused(&mayor, approve()), Code::ApprovalForbidden);
    run.ok(&supervising, approve());
    run.ok(&procurement_leader, approve());
    assert_eq!(run.app().status, Status::Filed);
    // Completed: nothing further, for anyone (invalid, not forbidden).
    assert_eq!(
        run.refused(&mayor, approve()),
        Code::ApprovalInvalidTransition
    );
    assert_eq!(
        run.refused(&li, Command::Withdraw { comment: None }),
        Code::ApprovalInvalidTransition
    );
}

#[test]
fn applications_on_a_kept_route_share_their_branchs_snapshot() {
    let submitted = |route: RouteSource, amount: &str| {
        let mut run = Run::new();
        let fields = [("kind", "regular"), ("amount", amount)];
        run.ok(
            &applicant(),
            Command::Submit {
                route,
                name: "村道修缮".into(),
                fields: fields
                    .iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
                picks: Fields::new(),
            },
        );
        run.app.take().unwrap()
    };
    let kept = RouteSource::from(procurement(true));
    let first = submitted(kept.clone(), "4999.99");
    let second = submitted(kept.clone(), "100.00");
    assert!(std::ptr::eq(&*first.route, &*second.route));
    let larger = submitted(kept.clone(), "6000.00");
    assert_ne!(larger.route.branch, first.route.branch);
    // Versions are read afresh: the same snapshot, a copy of its own.
    let fresh = submitted(RouteSource::Versions(vec![procurement(true)]), "4999.99");
    assert_eq!(*fresh.route, *first.route);
    assert!(!std::ptr::eq(&*fresh.route, &*first.route));
    // A preset by name is kept for the process.
    let by_name = || submitted(RouteSource::Preset("procurement".into()), "4999.99");
    assert!(std::ptr::eq(&*by_name().route, &*by_name().route));
    assert_eq!(*by_name().route, *first.route);
}

#[test]
fn an_edit_that_would_change_the_branch_is_refused_on_resubmission() {
    let mut run = Run::new();
    let li = applicant();
    run.ok(
        &li,
        submit(
            procurement(true),
            &[("kind", "regular"), ("amount", "4000.00")],
            &[],
        ),
    );
    run.ok(
        &Actor::new("zhao", &["finance_bureau"]),
        Command::Return {
            to: None,
            comment: Some("请补充".into()),
            attachments: vec![],
        },
    );
    let edited = |amount: &str| Command::Resubmit {
        fields: Some(
            [("kind", "regular"), ("amount", amount)]
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ),
        comment: None,
        picks: Default::default(),
    };
    assert_eq!(run.refused(&li, edited("50000.00")), Code::ApprovalInvalid);
    assert_eq!(
        run.refused(&li, edited("4,000.001")),
        Code::MoneyTooManyDecimals
    );
    run.ok(&li, edited("4500.00"));
    assert_eq!(run.app().fields["amount"], "4500.00");
    assert_eq!(run.app().status, Status::Pending);
}

#[test]
fn the_large_regular_route_waits_for_its_uploads() {
    let mut run = Run::new();
    let li = applicant();
    run.ok(
        &li,
        submit(
            procurement(true),
            &[("kind", "regular"), ("amount", "5000.00")],
            &[],
        ),
    );
    let finance = Actor::new("zhao", &["finance_bureau"]);
    run.ok(&finance, approve());
    for (id, role) in [
        ("s", "secretary"),
        ("m", "mayor"),
        ("p", "procurement_leader"),
    ] {
        run.ok(&Actor::new(id, &[role]), approve());
    }
    // The applicant chose its supervising leader (选择分管领导): another
    // supervising leader may not approve for them.
    let other = Actor::new("w2", &["supervising_leader"]);
    assert_eq!(run.refused(&other, approve()), Code::ApprovalForbidden);
    run.ok(&Actor::new("wang", &["supervising_leader"]), approve());
    assert_eq!(run.app().current_stage().unwrap().id, "meeting_minutes");
    // What may I do now says what decide answers: not approve, for the
    // missing upload; upload, yes.
    let may = |run: &Run, action: Action| {
        allowed_actions(run.app(), &finance, run.next_now())
            .into_iter()
            .find(|a| a.action == action)
            .unwrap()
    };
    let approving = may(&run, Action::Approve);
    assert!(!approving.allowed);
    assert_eq!(
        approving.reason.map(|r| r.code),
        Some(Code::ApprovalUploadMissing)
    );
    assert!(may(&run, Action::Upload).allowed);
    assert_eq!(
        run.refused(&finance, approve()),
        Code::ApprovalUploadMissing
    );
    assert_eq!(
        run.refused(
            &li,
            Command::Upload {
                kind: "meeting_minutes".into(),
                files: vec!["m.pdf".into()]
            }
        ),
        Code::ApprovalForbidden
    );
    run.ok(
        &finance,
        Command::Upload {
            kind: "meeting_minutes".into(),
            files: vec!["m.pdf".into()],
        },
    );
    assert!(may(&run, Action::Approve).allowed);
    run.ok(&finance, approve());
    // 监理日志和监管日志: both, before construction is done.
    run.ok(
        &li,
        Command::Upload {
            kind: "supervision_logs".into(),
            files: vec!["log1.pdf".into()],
        },
    );
    assert_eq!(run.refused(&li, approve()), Code::ApprovalUploadMissing);
    run.ok(
        &li,
        Command::Upload {
            kind: "oversight_logs".into(),
            files: vec!["log2.pdf".into()],
        },
    );
    run.ok(&li, approve());
    for kind in ["contract", "budget"] {
        run.ok(
            &li,
            Command::Upload {
                kind: kind.into(),
                files: vec![format!("{kind}.pdf")],
            },
        );
    }
    // 选择竣工日期: the completion date is chosen as the acceptance is
    // approved, a date and not an upload.
    let accept = |date: &str| Command::Approve {
        comment: None,
        attachments: Vec::new(),
        fields: [("completion_date".to_owned(), date.to_owned())].into(),
    };
    assert_eq!(
        run.refused(&li, accept("2023-09-01")),
        Code::ApprovalUploadMissing
    );
    run.ok(
        &li,
        Command::Upload {
            kind: "completion_photos".into(),
            files: vec!["p.jpg".into()],
        },
    );
    assert_eq!(run.refused(&li, approve()), Code::Required);
    assert_eq!(run.refused(&li, accept("2023-02-30")), Code::InvalidDate);
    run.ok(&li, accept("2023-09-01"));
    assert_eq!(run.app().status, Status::Filed);
    assert_eq!(run.app().fields["completion_date"], "2023-09-01");
}

fn one_stage(mode: &str, approvers: &str, extra: &str) -> Route {
    let text = format!(
        "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\n[[stages]]\nid = \"s\"\nname = \"s\"\nmode = \"{mode}\"\napprovers = [{approvers}]\n{extra}\n[[stages]]\nid = \"t\"\nname = \"t\"\napprovers = [{{ role = \"last\" }}]\n"
    );
    Route::load(&text, crate::subsidy::Format::Toml).unwrap()
}

#[test]
fn any_mode_passes_on_the_first_approval_and_fails_on_the_first_rejection() {
    let route = one_stage("any", "{ person = \"a\" }, { person = \"b\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    run.ok(&Actor::new("b", &[]), approve());
    assert_eq!(run.app().stage, 1);
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(&Actor::new("a", &[]), reject());
    assert_eq!(run.app().status, Status::Rejected);
}

#[test]
fn sequential_mode_takes_its_approvers_in_order() {
    let route = one_stage("sequential", "{ person = \"a\" }, { person = \"b\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    assert_eq!(
        run.refused(&Actor::new("b", &[]), approve()),
        Code::ApprovalForbidden
    );
    run.ok(&Actor::new("a", &[]), approve());
    run.ok(&Actor::new("b", &[]), approve());
    assert_eq!(run.app().stage, 1);
}

#[test]
fn votes_pass_at_the_ratio_fail_early_and_honour_a_veto() {
    let five = "{ person = \"a\" }, { person = \"b\" }, { person = \"c\" }, { person = \"d\" }, { person = \"e\" }";
    // 60% of five is three approvals.
    let route = one_stage("vote", five, "pass_ratio = \"60%\"");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    run.ok(&Actor::new("a", &[]), approve());
    run.ok(&Actor::new("b", &[]), reject());
    run.ok(&Actor::new("c", &[]), approve());
    assert_eq!(run.app().stage, 0);
    run.ok(&Actor::new("d", &[]), approve());
    assert_eq!(run.app().stage, 1, "three of five reach 60%");
    // Early failure: after three rejections, 60% is out of reach.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    for p in ["a", "b"] {
        run.ok(&Actor::new(p, &[]), reject());
        assert_eq!(run.app().status, Status::Pending);
    }
    run.ok(&Actor::new("c", &[]), reject());
    assert_eq!(run.app().status, Status::Rejected);
    // A veto: one rejection fails the vote at once.
    let vetoed = one_stage("vote", five, "veto = true");
    let mut run = Run::new();
    run.ok(&applicant(), submit(vetoed, &[], &[]));
    run.ok(&Actor::new("e", &[]), reject());
    assert_eq!(run.app().status, Status::Rejected);
}

/// What a route promises and the engine would not keep is refused when it
/// loads: a ratio on a vote with a veto (it passes only when all approve),
/// a reminder at hour 0 (given at the first tick).
#[test]
fn a_vote_with_a_veto_takes_no_ratio_and_a_reminder_comes_after_an_hour() {
    let text = |extra: &str| {
        format!(
            "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\n[[stages]]\nid = \"s\"\nname = \"s\"\nmode = \"vote\"\napprovers = [{{ person = \"a\" }}, {{ person = \"b\" }}]\n{extra}\n"
        )
    };
    let refused = |extra: &str| {
        let problems = Route::load(&text(extra), crate::subsidy::Format::Toml)
            .expect_err(extra)
            .into_vec();
        problems
            .iter()
            .map(|p| (p.code, p.field.clone().unwrap_or_default()))
            .collect::<Vec<_>>()
    };
    let inconsistent = |field: &str| vec![(Code::RouteInconsistent, field.to_owned())];
    assert_eq!(
        refused("pass_ratio = \"60%\"\nveto = true"),
        inconsistent("stages[0].pass_ratio")
    );
    assert!(Route::load(&text("veto = true"), crate::subsidy::Format::Toml).is_ok());
    assert_eq!(
        refused(""),
        inconsistent("stages[0].pass_ratio"),
        "no veto: a ratio is needed"
    );
    assert_eq!(
        refused("pass_ratio = \"60%\"\nremind_after_hours = 0"),
        inconsistent("stages[0].remind_after_hours")
    );
    assert!(
        Route::load(
            &text("pass_ratio = \"60%\"\nremind_after_hours = 1"),
            crate::subsidy::Format::Toml
        )
        .is_ok()
    );
}

#[test]
fn returns_go_to_the_applicant_or_an_earlier_stage_and_resubmission_resumes() {
    let route = preset_route("product_listing", &PresetOptions::default()).unwrap();
    let provider = Actor::new("provider", &["provider"]);
    let operator = Actor::new("op", &["operator"]);
    let expert = Actor::new("ex", &["expert"]);
    let mut run = Run::new();
    run.ok(&provider, submit(route, &[], &[]));
    run.ok(&operator, approve());
    // The expert returns it to the operator's stage.
    run.ok(
        &expert,
        Command::Return {
            to: Some("operator_review".into()),
            comment: Some("请补充".into()),
            attachments: vec![],
        },
    );
    assert_eq!((run.app().status, run.app().stage), (Status::Pending, 0));
    assert_eq!(
        run.refused(
            &operator,
            Command::Return {
                to: Some("department_review".into()),
                comment: Some("请补充".into()),
                attachments: vec![]
            }
        ),
        Code::ApprovalInvalid
    );
    run.ok(&operator, approve());
    // Now to the applicant; the route restarts from the first stage.
    run.ok(
        &expert,
        Command::Return {
            to: None,
            comment: Some("补充案例".into()),
            attachments: vec![],
        },
    );
    assert_eq!(run.app().status, Status::Returned);
    assert_eq!(
        run.refused(&operator, approve()),
        Code::ApprovalInvalidTransition
    );
    assert_eq!(
        run.refused(
            &operator,
            Command::Resubmit {
                fields: None,
                comment: None,
                picks: Default::default(),
            }
        ),
        Code::ApprovalForbidden
    );
    run.ok(
        &provider,
        Command::Resubmit {
            fields: None,
            comment: None,
            picks: Default::default(),
        },
    );
    assert_eq!((run.app().status, run.app().stage), (Status::Pending, 0));
}

#[test]
fn withdrawal_is_the_applicants_and_ends_the_application() {
    let route = preset_route("seal", &PresetOptions::default()).unwrap();
    let mut run = Run::new();
    let li = applicant();
    assert_eq!(
        run.refused(&li, submit(route.clone(), &[], &[])),
        Code::RouteUnresolvable,
        "the leader must be picked"
    );
    run.ok(&li, submit(route, &[], &[("leader", "zhou")]));
    let zhou = Actor::new("zhou", &["mayor"]);
    assert_eq!(
        run.refused(&zhou, Command::Withdraw { comment: None }),
        Code::ApprovalForbidden
    );
    run.ok(&li, Command::Withdraw { comment: None });
    assert_eq!(run.app().status, Status::Withdrawn);
    // Nobody may approve a withdrawn application: invalid, not forbidden.
    assert_eq!(
        run.refused(&zhou, approve()),
        Code::ApprovalInvalidTransition
    );
    assert_eq!(
        run.refused(&li, Command::Remind {}),
        Code::ApprovalInvalidTransition
    );
}

#[test]
fn a_reminder_names_whom_the_stage_waits_for() {
    // 催办 goes to the open slots' people: a role scoped to the
    // applicant's organisation as a role (the host knows its holders), a
    // delegated slot as its delegate; a slot already decided, to nobody.
    let route = one_stage(
        "all",
        "{ person = \"a\" }, { person = \"b\" }, { role_in = { role = \"clerk\", scope = \"org\" } }",
        "",
    );
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(&Actor::new("a", &[]), approve());
    run.ok(
        &Actor::new("b", &[]),
        Command::Delegate {
            to: "d".into(),
            comment: None,
        },
    );
    run.ok(&applicant(), Command::Remind {});
    let reminded = Change::Reminded {
        stage: 0,
        awaiting: vec![
            Candidate::Person("d".into()),
            Candidate::Role {
                role: "clerk".into(),
                org: Some("村委".into()),
                area: None,
            },
        ],
    };
    assert_eq!(run.events.last().map(|e| &e.change), Some(&reminded));
    // The state says the same (`Application::awaiting`).
    let awaiting = run.app().awaiting();
    assert_eq!(Change::Reminded { stage: 0, awaiting }, reminded);
}

#[test]
fn transfer_delegate_and_signers() {
    let route = one_stage("single", "{ person = \"a\" }", "");
    let a = Actor::new("a", &[]);
    let b = Actor::new("b", &[]);
    let c = Actor::new("c", &[]);
    // 转办: the slot is b's now; a lost it.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    run.ok(
        &a,
        Command::Transfer {
            to: "b".into(),
            comment: None,
        },
    );
    assert_eq!(run.refused(&a, approve()), Code::ApprovalForbidden);
    run.ok(&b, approve());
    assert_eq!(run.app().stage, 1);
    // 委派: b advises, then the slot is a's again to decide.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    run.ok(
        &a,
        Command::Delegate {
            to: "b".into(),
            comment: None,
        },
    );
    assert_eq!(run.refused(&a, approve()), Code::ApprovalForbidden);
    assert_eq!(
        run.refused(
            &b,
            Command::Transfer {
                to: "c".into(),
                comment: None
            }
        ),
        Code::ApprovalForbidden
    );
    // Advice sets no field: one given would be lost, so it is refused.
    assert_eq!(
        run.refused(&b, approve_with(&[("note", "x")])),
        Code::ApprovalInvalid
    );
    run.ok(&b, approve());
    assert_eq!(run.app().stage, 0, "the delegate's advice does not decide");
    run.ok(&a, approve());
    assert_eq!(run.app().stage, 1);
    // 加签 before: c first, then a.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    run.ok(
        &a,
        Command::AddSigner {
            person: "c".into(),
            position: SignerPosition::Before,
        },
    );
    assert_eq!(run.refused(&a, approve()), Code::ApprovalForbidden);
    run.ok(&c, approve());
    run.ok(&a, approve());
    assert_eq!(run.app().stage, 1);
    // 加签 after: a approves, then c must too.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    run.ok(
        &a,
        Command::AddSigner {
            person: "c".into(),
            position: SignerPosition::After,
        },
    );
    run.ok(&a, approve());
    assert_eq!(run.app().stage, 0);
    run.ok(&c, approve());
    assert_eq!(run.app().stage, 1);
    // 减签: only the adder, only before the signer decides.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    run.ok(
        &a,
        Command::AddSigner {
            person: "c".into(),
            position: SignerPosition::Before,
        },
    );
    assert_eq!(
        run.refused(&b, Command::RemoveSigner { person: "c".into() }),
        Code::ApprovalForbidden
    );
    run.ok(&a, Command::RemoveSigner { person: "c".into() });
    run.ok(&a, approve());
    assert_eq!(run.app().stage, 1);
    // Once the signer decided, nobody may remove them: not invalid for
    // want of permission, the adder's included.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(
        &a,
        Command::AddSigner {
            person: "c".into(),
            position: SignerPosition::Before,
        },
    );
    run.ok(&c, approve());
    assert_eq!(
        run.refused(&a, Command::RemoveSigner { person: "c".into() }),
        Code::ApprovalInvalidTransition
    );
    assert_eq!(
        run.refused(&b, Command::RemoveSigner { person: "c".into() }),
        Code::ApprovalForbidden
    );
}

/// A role's slot taken by the holder who delegated it or added a signer to
/// it (认领) is theirs alone: the delegate's advice and the added signer's
/// decision come back to them, not to any holder of the role (a trial
/// found a second mayor deciding a slot the first had delegated).
#[test]
fn a_role_slot_delegated_or_added_to_is_the_actors_own() {
    let route = one_stage("all", "{ role = \"mayor\" }, { person = \"z\" }", "");
    let zhou = Actor::new("zhou", &["mayor"]);
    let other = Actor::new("m2", &["mayor"]);
    let (d, c, z) = (
        Actor::new("d", &[]),
        Actor::new("c", &[]),
        Actor::new("z", &[]),
    );
    let todo = |run: &Run, who: &Actor| {
        list(
            std::slice::from_ref(run.app()),
            who,
            ListKind::Todo,
            &Filter::default(),
        )
        .len()
    };
    let slot_of_the_role = |run: &Run| {
        run.app()
            .slots
            .iter()
            .find(|s| matches!(s.candidate, Candidate::Role { .. }))
            .cloned()
            .unwrap()
    };
    // 委派: while the delegate advises, and after, only zhou decides.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route.clone(), &[], &[]));
    assert_eq!(
        todo(&run, &other),
        1,
        "a role's open slot awaits every holder"
    );
    run.ok(
        &zhou,
        Command::Delegate {
            to: "d".into(),
            comment: None,
        },
    );
    assert_eq!(slot_of_the_role(&run).claimed_by.as_deref(), Some("zhou"));
    assert_eq!(run.refused(&other, approve()), Code::ApprovalForbidden);
    let refusal = run.ask_at(&other, approve(), run.next_now()).unwrap_err();
    assert_eq!(
        refusal.message_en,
        "forbidden: nothing at the current stage awaits you"
    );
    run.ok(&d, approve());
    assert_eq!(run.refused(&other, reject()), Code::ApprovalForbidden);
    assert_eq!(todo(&run, &other), 0);
    assert_eq!(todo(&run, &zhou), 1);
    assert!(
        run.app()
            .awaiting()
            .contains(&Candidate::Person("zhou".into())),
        "{:?}",
        run.app().awaiting()
    );
    // Nor can anything of the stage be handed to someone who took a part.
    assert_eq!(
        run.refused(
            &z,
            Command::Transfer {
                to: "zhou".into(),
                comment: None
            }
        ),
        Code::ApprovalInvalid
    );
    run.ok(&zhou, approve());
    run.ok(&z, approve());
    assert_eq!(run.app().stage, 1);
    // 加签 before, after and alongside: the adder's slot is theirs.
    for position in [
        SignerPosition::Before,
        SignerPosition::After,
        SignerPosition::Parallel,
    ] {
        let mut run = Run::new();
        run.ok(&applicant(), submit(route.clone(), &[], &[]));
        run.ok(
            &zhou,
            Command::AddSigner {
                person: "c".into(),
                position,
            },
        );
        assert_eq!(
            slot_of_the_role(&run).claimed_by.as_deref(),
            Some("zhou"),
            "{position:?}"
        );
        if position == SignerPosition::Before {
            run.ok(&c, approve());
        }
        assert_eq!(
            run.refused(&other, approve()),
            Code::ApprovalForbidden,
            "{position:?}"
        );
        assert_eq!(todo(&run, &other), 0, "{position:?}");
        run.ok(&zhou, approve());
        if position != SignerPosition::Before {
            run.ok(&c, approve());
        }
        run.ok(&z, approve());
        assert_eq!(run.app().stage, 1, "{position:?}");
    }
    // 转办 hands the slot on whole: the person it goes to decides it.
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(
        &zhou,
        Command::Delegate {
            to: "d".into(),
            comment: None,
        },
    );
    run.ok(&d, approve());
    run.ok(
        &zhou,
        Command::Transfer {
            to: "c".into(),
            comment: None,
        },
    );
    let handed = run
        .app()
        .slots
        .iter()
        .find(|s| s.transferred_by.is_some())
        .unwrap();
    assert_eq!(
        (&handed.candidate, &handed.claimed_by),
        (&Candidate::Person("c".into()), &None)
    );
    assert_eq!(run.refused(&zhou, approve()), Code::ApprovalForbidden);
    run.ok(&c, approve());
}

/// Events kept before claims were recorded replay as they ran: a 委派 or a
/// 加签 that does not say it claims takes nothing, so a state stored then
/// and the same events replayed now agree. And a stored state claiming a
/// person's slot is one no command could leave.
#[test]
fn claims_are_what_the_events_say() {
    let route = one_stage("all", "{ role = \"mayor\" }, { person = \"z\" }", "");
    let zhou = Actor::new("zhou", &["mayor"]);
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(
        &zhou,
        Command::Delegate {
            to: "d".into(),
            comment: None,
        },
    );
    let delegated = run.events.last().unwrap();
    assert!(matches!(
        delegated.change,
        Change::Delegated { claims: true, .. }
    ));
    let text = serde_json::to_value(delegated).unwrap();
    assert_eq!(text["change"]["claims"], serde_json::json!(true));
    // The same event as an earlier build wrote it.
    let mut old_events = run.events.clone();
    for event in &mut old_events {
        if let Change::Delegated { claims, .. } = &mut event.change {
            *claims = false;
        }
    }
    let old_text = serde_json::to_value(old_events.last().unwrap()).unwrap();
    assert!(old_text["change"].get("claims").is_none(), "{old_text}");
    let replayed = replay(&old_events).unwrap();
    assert!(replayed.slots.iter().all(|s| s.claimed_by.is_none()));
    assert!(replayed.inconsistency().is_none());
    // A claim on a person's slot: no command leaves one.
    let mut damaged = run.app().clone();
    let named = damaged
        .slots
        .iter_mut()
        .find(|s| matches!(s.candidate, Candidate::Person(_)))
        .unwrap();
    named.claimed_by = Some("zhou".into());
    let problem = damaged.inconsistency().unwrap();
    assert_eq!(problem.field.as_deref(), Some("slots[1].claimed_by"));
}

/// A command naming nobody (a blank person) is refused as an empty actor
/// id is, at the field, whoever sends it.
#[test]
fn a_blank_person_in_a_command_is_required() {
    let route = one_stage("single", "{ person = \"a\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let a = Actor::new("a", &[]);
    let commands = [
        (
            Command::Transfer {
                to: "".into(),
                comment: None,
            },
            "command.to",
        ),
        (
            Command::Delegate {
                to: " ".into(),
                comment: None,
            },
            "command.to",
        ),
        (
            Command::AddSigner {
                person: "\u{3000}".into(),
                position: SignerPosition::Before,
            },
            "command.person",
        ),
        (
            Command::RemoveSigner { person: "".into() },
            "command.person",
        ),
    ];
    for (command, field) in commands {
        for who in [&a, &Actor::new("stranger", &[])] {
            let refusal = run
                .ask_at(who, command.clone(), run.next_now())
                .unwrap_err();
            assert_eq!(
                (refusal.code, refusal.field.as_deref()),
                (Code::Required, Some(field))
            );
            assert_eq!(refusal.message_en, format!("`{field}` must not be empty"));
        }
    }
}

#[test]
fn scoped_roles_admit_only_the_applicants_area() {
    let route = one_stage(
        "single",
        "{ role_in = { role = \"county_department\", scope = \"area\" } }",
        "",
    );
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let elsewhere = Actor {
        area: Some("锦溪".into()),
        ..Actor::new("x", &["county_department"])
    };
    let here = Actor {
        area: Some("周庄".into()),
        ..Actor::new("y", &["county_department"])
    };
    assert_eq!(run.refused(&elsewhere, approve()), Code::ApprovalForbidden);
    let todo_elsewhere = list(
        std::slice::from_ref(run.app()),
        &elsewhere,
        ListKind::Todo,
        &Filter::default(),
    );
    assert!(todo_elsewhere.is_empty());
    let todo_here = list(
        std::slice::from_ref(run.app()),
        &here,
        ListKind::Todo,
        &Filter::default(),
    );
    assert_eq!(todo_here.len(), 1);
    run.ok(&here, approve());
    let done = list(
        std::slice::from_ref(run.app()),
        &here,
        ListKind::Done,
        &Filter::default(),
    );
    assert_eq!(done.len(), 1);
}

/// A submitted 会签 of `a` and `b`, and `a`'s approval under the id `same`.
fn pending_with_an_approval_to_send() -> (Run, Request) {
    let route = one_stage("all", "{ person = \"a\" }, { person = \"b\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let request = Request {
        request_id: "same".into(),
        actor: Actor::new("a", &[]),
        command: approve(),
    };
    (run, request)
}

#[test]
fn retries_are_idempotent_and_a_reused_id_is_refused() {
    let (mut run, request) = pending_with_an_approval_to_send();
    let first = run.send_request(&request).unwrap();
    assert!(!first.retry && !first.events.is_empty());
    let again = run.send_request(&request).unwrap();
    assert!(again.retry && again.events.is_empty());
    assert_eq!(again.version, first.version);
    let different = Request {
        command: reject(),
        ..request
    };
    assert_eq!(
        run.send_request(&different).unwrap_err().code,
        Code::ApprovalRequestReused
    );
}

#[test]
fn fingerprints_are_xxh3_and_streams_with_the_earlier_forms_still_retry() {
    let (mut run, request) = pending_with_an_approval_to_send();
    // XXH3-128 of the request's tokens (the form pinned in `fingerprint`'s
    // tests), in the event and in the application's request log.
    let first = run.send_request(&request).unwrap();
    let recorded = first.events[0].request.as_ref().unwrap();
    assert_eq!(
        recorded.fingerprint,
        super::fingerprint::fingerprint(&request)
    );
    assert!(recorded.fingerprint.to_string().starts_with("xxh3:"));
    assert_eq!(recorded.fingerprint.to_string().len(), 37);
    assert_eq!(run.app().requests.get("same"), Some(&recorded.fingerprint));

    // Streams recorded before: the same request logged under the SipHash
    // of its tokens (32 hex digits), and before that under the FNV-1a 64
    // of its JSON (16).
    let json = serde_json::to_vec(&(&request.actor, &request.command)).unwrap();
    let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
    for b in &json {
        fnv = (fnv ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let sip = super::fingerprint::earlier_form(&request);
    assert_eq!(sip.len(), 32);
    for logged in [sip, format!("{fnv:016x}")] {
        let mut earlier = run.app().clone();
        earlier
            .requests
            .insert("same".into(), logged.as_str().into());
        let mut ids = SeededIds::new(3);
        let mut ctx = Context {
            now: at(12),
            ids: &mut ids,
        };
        let again = decide(Some(&earlier), &request, &mut ctx).unwrap();
        assert!(again.retry && again.events.is_empty(), "{logged}");
        let different = Request {
            command: reject(),
            ..request.clone()
        };
        assert_eq!(
            decide(Some(&earlier), &different, &mut ctx)
                .unwrap_err()
                .code,
            Code::ApprovalRequestReused,
            "{logged}"
        );
    }
}

#[test]
fn dedupe_and_applicant_skip_pass_slots_automatically() {
    let text = r#"
        id = "r"
        name = "r"
        effective_from = 2023-01-01
        dedupe = true
        [[stages]]
        id = "one"
        name = "one"
        approvers = [{ person = "a" }]
        [[stages]]
        id = "two"
        name = "two"
        mode = "all"
        approvers = [{ person = "a" }, { person = "li" }]
        applicant_approver = "skip"
        [[stages]]
        id = "three"
        name = "three"
        approvers = [{ role = "last" }]
    "#;
    let route = Route::load(text, crate::subsidy::Format::Toml).unwrap();
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(&Actor::new("a", &[]), approve());
    assert_eq!(
        run.app().stage,
        2,
        "a approved just before; li is the applicant"
    );
    let reasons: Vec<AutoReason> = run
        .events
        .iter()
        .filter_map(|e| match e.change {
            Change::AutoApproved { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, [AutoReason::Dedupe, AutoReason::ApplicantSkipped]);
}

#[test]
fn dedupe_chains_over_consecutive_stages() {
    // The mayor approves the first stage; the next two are theirs too (by
    // name, then by role): each passes for them, the third because the
    // second's automatic approval stands for the mayor's.
    let text = r#"
        id = "r"
        name = "r"
        effective_from = 2023-01-01
        dedupe = true
        [[stages]]
        id = "one"
        name = "one"
        approvers = [{ role = "mayor" }]
        [[stages]]
        id = "two"
        name = "two"
        approvers = [{ person = "zhou" }]
        [[stages]]
        id = "three"
        name = "three"
        approvers = [{ role = "mayor" }]
        [[stages]]
        id = "four"
        name = "four"
        approvers = [{ role = "last" }]
    "#;
    let route = Route::load(text, crate::subsidy::Format::Toml).unwrap();
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let mayor = Actor::new("zhou", &["mayor"]);
    run.ok(&mayor, approve());
    assert_eq!(run.app().stage, 3, "{:?}", run.app().slots);
    let carried: Vec<Option<&str>> = run
        .events
        .iter()
        .filter_map(|e| match &e.change {
            Change::AutoApproved { by, .. } => Some(by.as_ref().map(|a| a.id.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(carried, [Some("zhou"), Some("zhou")]);
}

#[test]
fn history_does_not_run_backwards() {
    let route = one_stage("all", "{ person = \"a\" }, { person = \"b\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let last = run.app().updated_at;
    let mut ids = SeededIds::new(2);
    let mut ctx = Context {
        now: last - chrono::Duration::seconds(1),
        ids: &mut ids,
    };
    let approve_by_a = Request {
        request_id: "a1".into(),
        actor: Actor::new("a", &[]),
        command: approve(),
    };
    let early = decide(run.app.as_ref(), &approve_by_a, &mut ctx).unwrap_err();
    assert_eq!(
        (early.code, early.field.as_deref()),
        (Code::ApprovalInvalid, Some("now"))
    );
    assert!(
        early.message_en.contains("does not run backwards"),
        "{early:?}"
    );
    assert_eq!(
        tick(run.app(), &mut ctx).unwrap_err().code,
        Code::ApprovalInvalid
    );
    // At the same instant as the last change, and after it: accepted.
    ctx.now = last;
    assert!(decide(run.app.as_ref(), &approve_by_a, &mut ctx).is_ok());
    assert!(tick(run.app(), &mut ctx).is_ok());
}

/// A route of one stage whose approvers are the applicant's picks `a`
/// and `b` (and `x` between them), then a last stage.
fn picked_twice(mode: &str, between: &str) -> Route {
    let text = format!(
        "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\npicks = [\"a\", \"b\"]\n[[stages]]\nid = \"s\"\nname = \"s\"\nmode = \"{mode}\"\napprovers = [{{ picked = \"a\" }}, {between}{{ picked = \"b\" }}]\n[[stages]]\nid = \"t\"\nname = \"t\"\napprovers = [{{ role = \"last\" }}]\n"
    );
    Route::load(&text, crate::subsidy::Format::Toml).unwrap()
}

#[test]
fn one_person_in_two_slots_decides_them_together_and_a_later_one_in_turn() {
    // One person decides once per stage; picked for both slots of a 会签,
    // their one approval decides both (the stage waited for ever before).
    let boss = Actor::new("boss", &[]);
    let mut run = Run::new();
    let picks = [("a", "boss"), ("b", "boss")];
    run.ok(&applicant(), submit(picked_twice("all", ""), &[], &picks));
    run.ok(&boss, approve());
    assert_eq!(run.app().stage, 1, "{:?}", run.app().slots);
    // 依次 with someone between: the second slot opens after them, and is
    // still the picked person's to decide.
    let mut run = Run::new();
    let route = picked_twice("sequential", "{ person = \"x\" }, ");
    run.ok(&applicant(), submit(route, &[], &picks));
    run.ok(&boss, approve());
    assert_eq!(run.refused(&boss, approve()), Code::ApprovalForbidden);
    run.ok(&Actor::new("x", &[]), approve());
    assert_eq!(run.app().stage, 0);
    run.ok(&boss, approve());
    assert_eq!(run.app().stage, 1);
}

#[test]
fn a_stage_sent_back_needs_its_uploads_again() {
    let route = one_stage(
        "single",
        "{ person = \"a\" }",
        "required_uploads = [\"minutes\"]",
    );
    let a = Actor::new("a", &[]);
    let upload = || Command::Upload {
        kind: "minutes".into(),
        files: vec!["m.pdf".into()],
    };
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(&a, upload());
    run.ok(&a, approve());
    run.ok(
        &Actor::new("l", &["last"]),
        Command::Return {
            to: Some("s".into()),
            comment: Some("请补充".into()),
            attachments: vec![],
        },
    );
    // The stage starts afresh: the first minutes were for its first run.
    assert_eq!(run.refused(&a, approve()), Code::ApprovalUploadMissing);
    assert_eq!(run.app().missing_uploads(), ["minutes"]);
    run.ok(&a, upload());
    run.ok(&a, approve());
    assert_eq!(run.app().stage, 1);
    // Every upload is still on record.
    assert_eq!(run.app().uploads.len(), 2);
}

#[test]
fn an_escalation_of_two_slots_is_decided_by_one_approval() {
    // 会签 and 依次 alike: the slots left undecided at the deadline go to
    // `boss`, who decides once per stage, including the slot of a 依次 stage
    // that waits behind the one they decide.
    for mode in ["all", "sequential"] {
        let route = one_stage(
            mode,
            "{ person = \"a\" }, { person = \"b\" }, { person = \"c\" }",
            "deadline_hours = 24\non_timeout = { escalate = \"boss\" }",
        );
        let mut run = Run::new();
        run.ok(&applicant(), submit(route, &[], &[]));
        run.ok(&Actor::new("a", &[]), approve());
        let late = run.app().stage_started_at + chrono::Duration::hours(25);
        let mut ids = SeededIds::new(1);
        let mut ctx = Context {
            now: late,
            ids: &mut ids,
        };
        let events = tick(run.app(), &mut ctx).unwrap();
        let escalated = events
            .iter()
            .filter(|e| matches!(e.change, Change::Escalated { .. }))
            .count();
        assert_eq!(escalated, 2, "{mode}");
        let app = events.iter().fold(run.app.clone(), evolve);
        // Whom it waits for names boss once, not once per slot.
        let waiting = app.as_ref().map(Application::awaiting);
        assert_eq!(
            waiting,
            Some(vec![Candidate::Person("boss".into())]),
            "{mode}"
        );
        let boss = Actor::new("boss", &[]);
        let request = Request {
            request_id: "boss-1".into(),
            actor: boss.clone(),
            command: approve(),
        };
        let decision = decide(app.as_ref(), &request, &mut ctx).unwrap();
        let app = decision.events.iter().fold(app, evolve).unwrap();
        assert_eq!(app.stage, 1, "{mode}: {:?}", app.slots);
        assert!(!awaits(&app, &boss), "{mode}: nothing left for boss");
    }
}

#[test]
fn a_reminder_due_as_the_deadline_escalates_names_the_escalations_person() {
    // Both fall due by the one tick (none came between them): the slots go
    // to boss, so boss is whom to remind, not those they were taken from.
    let route = one_stage(
        "all",
        "{ person = \"a\" }, { person = \"b\" }",
        "remind_after_hours = 1\ndeadline_hours = 2\non_timeout = { escalate = \"boss\" }",
    );
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let late = run.app().stage_started_at + chrono::Duration::hours(3);
    let mut ids = SeededIds::new(1);
    let mut ctx = Context {
        now: late,
        ids: &mut ids,
    };
    let events = tick(run.app(), &mut ctx).unwrap();
    let due = Change::ReminderDue {
        stage: 0,
        awaiting: vec![Candidate::Person("boss".into())],
    };
    assert_eq!(events.first().map(|e| &e.change), Some(&due), "{events:?}");
}

#[test]
fn tick_reminds_then_applies_the_timeout() {
    let route = one_stage(
        "single",
        "{ person = \"a\" }",
        "remind_after_hours = 2\ndeadline_hours = 24\non_timeout = { escalate = \"boss\" }",
    );
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let started = run.app().stage_started_at;
    let mut ids = SeededIds::new(1);
    let mut ctx = Context {
        now: started + chrono::Duration::hours(1),
        ids: &mut ids,
    };
    assert!(tick(run.app(), &mut ctx).unwrap().is_empty());
    let mut ctx = Context {
        now: started + chrono::Duration::hours(3),
        ids: &mut ids,
    };
    let events = tick(run.app(), &mut ctx).unwrap();
    assert!(matches!(events[0].change, Change::ReminderDue { .. }));
    let app = events.iter().fold(run.app.clone(), evolve).unwrap();
    let mut ctx = Context {
        now: started + chrono::Duration::hours(25),
        ids: &mut ids,
    };
    let events = tick(&app, &mut ctx).unwrap();
    assert!(matches!(
        events.last().unwrap().change,
        Change::Escalated { .. }
    ));
    let app = events
        .iter()
        .try_fold(app, |s, e| evolve(Some(s), e))
        .unwrap();
    assert!(awaits(&app, &Actor::new("boss", &[])));
    assert!(!awaits(&app, &Actor::new("a", &[])));
    let mut ctx = Context {
        now: started + chrono::Duration::hours(48),
        ids: &mut ids,
    };
    assert!(
        tick(&app, &mut ctx).unwrap().is_empty(),
        "a second tick changes nothing"
    );
}

#[test]
fn tick_reminds_the_okr_handling_unit_on_its_reminder_date_from_midnight_in_shanghai() {
    let unit = Actor::new("unit-7", &["handling_unit"]);
    let assign = [
        ("handling_unit", "unit-7"),
        ("supervising_leader", "wang"),
        ("remind_at", "2023-08-01"),
    ];
    let (mut run, party, main) = okr_created();
    run.ok(&main, approve_with(&assign));
    run.ok(&party, approve());
    let tick_at = |app: &Application, now: DateTime<Utc>| {
        let mut ids = SeededIds::new(3);
        tick(app, &mut Context { now, ids: &mut ids }).unwrap()
    };
    let utc = |d: u32, h: u32, m: u32, s: u32| {
        Utc.with_ymd_and_hms(2023, 7, d, h, m, s).single().unwrap()
    };
    // 2023-08-01 00:00 in Shanghai is 2023-07-31 16:00 UTC.
    assert!(tick_at(run.app(), utc(31, 15, 59, 59)).is_empty());
    let events = tick_at(run.app(), utc(31, 16, 0, 0));
    // It names whom to remind: the unit the main leader assigned.
    let unit_reminded = Change::ReminderDue {
        stage: 2,
        awaiting: vec![Candidate::Person("unit-7".into())],
    };
    assert!(
        matches!(events.as_slice(), [e] if e.change == unit_reminded),
        "{events:?}"
    );
    let reminded = events.iter().fold(run.app.clone(), evolve).unwrap();
    assert!(
        tick_at(&reminded, utc(31, 20, 0, 0)).is_empty(),
        "once a stage"
    );
    // The next stage that waits for the unit reminds it again.
    run.ok(&unit, approve());
    assert_eq!(run.app().current_stage().unwrap().id, "completion");
    assert_eq!(tick_at(run.app(), utc(31, 16, 0, 0)).len(), 1);
    // Without a reminder date nobody is reminded.
    let (mut none, _, _) = okr_created();
    none.ok(&main, approve_with(&assign[..2]));
    none.ok(&party, approve());
    assert!(tick_at(none.app(), utc(31, 16, 0, 0)).is_empty());
}

#[test]
fn a_reminder_field_must_be_a_declared_date() {
    let text = |kind: &str, field: &str| {
        format!(
            "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\nfields = {{ due = \"{kind}\" }}\n\
             [[stages]]\nid = \"s\"\nname = \"s\"\napprovers = [{{ role = \"x\" }}]\nremind_on_field = \"{field}\"\n"
        )
    };
    assert!(Route::load(&text("date", "due"), crate::subsidy::Format::Toml).is_ok());
    for wrong in [text("text", "due"), text("date", "when")] {
        let problems = Route::load(&wrong, crate::subsidy::Format::Toml).unwrap_err();
        let first = &problems.as_slice()[0];
        assert_eq!(
            (first.code, first.field.as_deref()),
            (Code::RouteInconsistent, Some("stages[0].remind_on_field"))
        );
    }
}

/// `tick_held` and `decide_held` work out an accepted command's
/// consequences on the held application; `tick` and `decide` on a copy.
/// Both give the same events and the same state, here where the
/// consequences start the next stage (a timeout's auto-approval, the
/// approval that passes a stage) and where there are none.
/// A stage sent back needs its uploads again, on a copy as in place: the
/// copy `tick` works on keeps where this visit's uploads start (mutation
/// audit: a copy that forgot it let a timeout complete the stage on the
/// earlier visit's minutes).
#[test]
fn a_timeout_on_a_stage_sent_back_waits_for_its_uploads_again_on_a_copy_too() {
    let route = one_stage(
        "single",
        "{ person = \"a\" }",
        "required_uploads = [\"minutes\"]\ndeadline_hours = 24\non_timeout = \"auto_approve\"",
    );
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let a = Actor::new("a", &[]);
    run.ok(
        &a,
        Command::Upload {
            kind: "minutes".into(),
            files: vec!["m.pdf".into()],
        },
    );
    run.ok(&a, approve());
    assert_eq!(run.app().stage, 1);
    run.ok(
        &Actor::new("l", &["last"]),
        Command::Return {
            to: Some("s".into()),
            comment: Some("请重新上传纪要".into()),
            attachments: vec![],
        },
    );
    let app = run.app().clone();
    assert_eq!(app.stage, 0);
    assert_eq!(app.missing_uploads(), vec!["minutes".to_owned()]);
    let now = app.stage_started_at + chrono::Duration::hours(25);
    let (mut x, mut y) = (SeededIds::new(3), SeededIds::new(3));
    let copied = tick(&app, &mut Context { now, ids: &mut x }).unwrap();
    let mut held = Some(app.clone());
    let in_place = tick_held(&mut held, &mut Context { now, ids: &mut y }).unwrap();
    assert_eq!(copied, in_place);
    let kinds: Vec<&str> = copied
        .iter()
        .map(|e| match &e.change {
            Change::TimedOut { .. } => "timed_out",
            Change::AutoApproved { .. } => "auto_approved",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["timed_out", "auto_approved"], "{copied:?}");
    let held = held.unwrap();
    assert_eq!(held.stage, 0, "the stage waits for this visit's minutes");
    assert_eq!(held.missing_uploads(), vec!["minutes".to_owned()]);
}

#[test]
fn held_and_copied_consequences_agree() {
    let route = one_stage(
        "all",
        "{ person = \"a\" }, { person = \"b\" }",
        "remind_after_hours = 2\ndeadline_hours = 24\non_timeout = \"auto_approve\"",
    );
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let started = run.app().stage_started_at;
    let both_ticks = |app: &Application, hours: i64| {
        let now = started + chrono::Duration::hours(hours);
        let (mut a, mut b) = (SeededIds::new(9), SeededIds::new(9));
        let copied = tick(app, &mut Context { now, ids: &mut a }).unwrap();
        let mut held = Some(app.clone());
        let in_place = tick_held(&mut held, &mut Context { now, ids: &mut b }).unwrap();
        assert_eq!(copied, in_place);
        assert_eq!(copied.iter().fold(Some(app.clone()), evolve), held);
        held.unwrap()
    };
    let reminded = both_ticks(run.app(), 3);
    assert_eq!(reminded.stage, 0);
    let moved_on = both_ticks(&reminded, 25);
    assert_eq!(moved_on.stage, 1, "the timeout approved the stage");
    // A command: one approval that leaves the stage open, then the one
    // that passes it.
    let both_decide = |app: &Application, who: &str, id: &str| {
        let request = Request {
            request_id: id.into(),
            actor: Actor::new(who, &[]),
            command: approve(),
        };
        let now = app.updated_at + chrono::Duration::minutes(1);
        let (mut a, mut b) = (SeededIds::new(5), SeededIds::new(5));
        let copied = decide(Some(app), &request, &mut Context { now, ids: &mut a }).unwrap();
        let mut held = Some(app.clone());
        let in_place = decide_held(&mut held, &request, &mut Context { now, ids: &mut b }).unwrap();
        assert_eq!(copied, in_place);
        assert_eq!(copied.events.iter().fold(Some(app.clone()), evolve), held);
        held.unwrap()
    };
    let app = run.app().clone();
    let half = both_decide(&app, "a", "x1");
    assert_eq!(half.stage, 0);
    let passed = both_decide(&half, "b", "x2");
    assert_eq!(passed.stage, 1);
    // None before submission: nothing to tick.
    let mut none = None;
    let mut ids = SeededIds::new(1);
    let refused = tick_held(
        &mut none,
        &mut Context {
            now: started,
            ids: &mut ids,
        },
    )
    .unwrap_err();
    assert_eq!(refused.code, Code::ApprovalInvalidTransition);
}

/// Every event keeps its `now`, its request id and its actor: a `now`
/// no event could keep (given as a value by a Rust caller, not read from
/// text), an empty request id and an empty actor are refused before
/// anything else.
#[test]
fn now_ids_and_actors_are_ones_an_event_can_keep() {
    let route = one_stage("single", "{ person = \"a\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let far = chrono::NaiveDate::from_ymd_opt(10_000, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let request = |id: &str, who: &str| Request {
        request_id: id.into(),
        actor: Actor::new(who, &["mayor"]),
        command: approve(),
    };
    let mut ids = SeededIds::new(3);
    let mut ctx = Context {
        now: far,
        ids: &mut ids,
    };
    let refused = decide(run.app.as_ref(), &request("x", "a"), &mut ctx).unwrap_err();
    assert_eq!(
        (refused.code, refused.field.as_deref()),
        (Code::InvalidDateTime, Some("now"))
    );
    let refused = tick(run.app(), &mut ctx).unwrap_err();
    assert_eq!(
        (refused.code, refused.field.as_deref()),
        (Code::InvalidDateTime, Some("now"))
    );
    ctx.now = run.app().updated_at;
    for (id, who, field) in [("", "a", "request_id"), ("x", " ", "actor.id")] {
        let refused = decide(run.app.as_ref(), &request(id, who), &mut ctx).unwrap_err();
        assert_eq!(
            (refused.code, refused.field.as_deref()),
            (Code::Required, Some(field))
        );
    }
    // Before submission there is nothing to tick, named at the state.
    let refused = tick_held(&mut None, &mut ctx).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("state"));
}

#[test]
fn allowed_actions_at_a_time_decide_refuses_allow_nothing() {
    let route = one_stage("single", "{ person = \"a\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let approver = Actor::new("a", &[]);
    let earlier = run.app().updated_at - chrono::Duration::minutes(1);
    let said = allowed_actions(run.app(), &approver, earlier);
    assert!(said.iter().all(|a| !a.allowed));
    // The reason is decide's own for that time.
    let refused = run.ask_at(&approver, approve(), earlier).unwrap_err();
    for a in &said {
        assert_eq!(a.reason.as_ref(), Some(&refused), "{:?}", a.action);
    }
    assert_eq!(refused.field.as_deref(), Some("now"));
    // At the last change itself, approving is allowed again.
    let at_last = allowed_actions(run.app(), &approver, run.app().updated_at);
    assert!(
        at_last
            .iter()
            .any(|a| a.action == Action::Approve && a.allowed)
    );
}

#[test]
fn a_time_before_the_last_change_by_less_than_a_second_reads_so() {
    let route = one_stage("single", "{ person = \"a\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let early = run.app().updated_at - chrono::Duration::milliseconds(100);
    let refused = run
        .ask_at(&Actor::new("a", &[]), approve(), early)
        .unwrap_err();
    // The submission was at 10:00 UTC, 18:00 in Shanghai.
    assert!(
        refused.message_en.contains("`2023-07-20 17:59:59.9` (Shanghai time) is before the application's last change (`2023-07-20 18:00:00`)"),
        "{}",
        refused.message_en
    );
}

#[test]
fn allowed_actions_say_what_and_why_not() {
    let route = one_stage("single", "{ person = \"a\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let of = |actor: &Actor| -> Vec<(Action, bool)> {
        allowed_actions(run.app(), actor, run.next_now())
            .iter()
            .map(|a| (a.action, a.allowed))
            .collect()
    };
    let a = of(&Actor::new("a", &[]));
    assert!(a.contains(&(Action::Approve, true)));
    assert!(a.contains(&(Action::Withdraw, false)));
    let li = of(&applicant());
    assert!(li.contains(&(Action::Withdraw, true)));
    assert!(li.contains(&(Action::Approve, false)));
    let stranger = allowed_actions(run.app(), &Actor::new("z", &[]), run.next_now());
    let approve = stranger
        .iter()
        .find(|a| a.action == Action::Approve)
        .unwrap();
    assert_eq!(
        approve.reason.as_ref().unwrap().code,
        Code::ApprovalForbidden
    );
    let resubmit = stranger
        .iter()
        .find(|a| a.action == Action::Resubmit)
        .unwrap();
    assert_eq!(
        resubmit.reason.as_ref().unwrap().code,
        Code::ApprovalInvalidTransition
    );
    // Each reason names the part of allowed_actions' own request behind
    // it: who asks (`actor`) or where the application stands (`state`),
    // never a `command` that request does not have.
    assert_eq!(
        approve.reason.as_ref().unwrap().field.as_deref(),
        Some("actor")
    );
    assert_eq!(
        resubmit.reason.as_ref().unwrap().field.as_deref(),
        Some("state")
    );
    for actor in [Actor::new("z", &[]), Actor::new("a", &[]), applicant()] {
        for allowed in allowed_actions(run.app(), &actor, run.next_now()) {
            let field = allowed.reason.and_then(|r| r.field).unwrap_or_default();
            assert!(
                ["", "actor", "state", "now"].contains(&field.as_str()),
                "{:?}: {field}",
                allowed.action
            );
        }
    }
}

#[test]
fn events_are_tagged_and_ids_are_v7() {
    let mut run = Run::new();
    let notice = || {
        submit(
            preset_route("notice", &PresetOptions::default()).unwrap(),
            &[],
            &[("leader", "zhou")],
        )
    };
    // The party office drafts notices; another applicant may not.
    assert_eq!(run.refused(&applicant(), notice()), Code::ApprovalForbidden);
    run.ok(&Actor::new("dang", &["party_office"]), notice());
    // The chosen leader decides as a main leader (主要领导), the post the
    // manual names; named but without it, they may not.
    assert_eq!(
        run.refused(&Actor::new("zhou", &[]), approve()),
        Code::ApprovalForbidden
    );
    run.ok(&Actor::new("zhou", &["main_leader"]), approve());
    assert_eq!(run.app().status, Status::Published);
    let json = serde_json::to_value(&run.events).unwrap();
    assert_eq!(json[0]["change"]["type"], "submitted");
    assert_eq!(json[0]["schema"], 1);
    for event in &run.events {
        assert_eq!(event.id.get_version_num(), 7);
    }
    let back: Vec<Event> = serde_json::from_value(json).unwrap();
    assert_eq!(replay(&back), run.app);
    let versions: Vec<u64> = run.events.iter().map(|e| e.version).collect();
    assert_eq!(versions, (1..=run.events.len() as u64).collect::<Vec<_>>());
}

fn approve_with(fields: &[(&str, &str)]) -> Command {
    Command::Approve {
        comment: None,
        attachments: vec![],
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

#[test]
fn an_unresolvable_approver_says_what_to_give() {
    let okr = preset_route("okr", &PresetOptions::default()).unwrap();
    let party = Actor::new("party", &["party_office"]);
    let refused = Run::new()
        .send(&party, submit(okr, &[("details", "村道亮化")], &[]))
        .unwrap_err();
    assert_eq!(
        refused.field.as_deref(),
        Some("command.picks.approving_leader")
    );
    assert!(
        refused
            .message_en
            .ends_with("`command.picks.approving_leader` is not given, or is blank")
    );
    assert!(
        refused
            .message_zh
            .ends_with("缺少 `command.picks.approving_leader`，或其为空白")
    );
    let supervised = one_stage("single", "\"supervising_leader\"", "");
    let refused = Run::new()
        .send(
            &applicant_without_supervisor(),
            submit(supervised, &[], &[]),
        )
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("actor.supervisor"));
    assert!(
        refused
            .message_en
            .ends_with("`actor.supervisor` is not given, or is blank")
    );
}

#[test]
fn a_blank_supervisor_org_or_area_names_nobody() {
    // A slot for person `""` would wait for ever: nobody acts as `""`.
    let cases = [
        ("\"supervising_leader\"", "actor.supervisor"),
        (
            "{ role_in = { role = \"county_department\", scope = \"org\" } }",
            "actor.org",
        ),
        (
            "{ role_in = { role = \"county_department\", scope = \"area\" } }",
            "actor.area",
        ),
    ];
    for (approver, field) in cases {
        for blank in ["", "  "] {
            let li = Actor {
                supervisor: Some(blank.into()),
                org: Some(blank.into()),
                area: Some(blank.into()),
                ..applicant()
            };
            let route = one_stage("single", approver, "");
            let refused = Run::new().send(&li, submit(route, &[], &[])).unwrap_err();
            assert_eq!(
                (refused.code, refused.field.as_deref()),
                (Code::RouteUnresolvable, Some(field)),
                "{approver} with {blank:?}"
            );
        }
    }
}

fn applicant_without_supervisor() -> Actor {
    Actor {
        supervisor: None,
        ..applicant()
    }
}

#[test]
fn the_okr_lifecycle_assigns_its_people_redoes_and_scores() {
    let route = preset_route("okr", &PresetOptions::default()).unwrap();
    let party = Actor::new("party", &["party_office"]);
    let main = Actor::new("main", &["main_leader"]);
    let unit = Actor::new("unit-7", &["handling_unit"]);
    let leader = Actor::new("wang", &["supervising_leader"]);
    let efficiency = Actor::new("eff", &["efficiency_office"]);
    let mut run = Run::new();
    let pick = [("approving_leader", "main")];
    assert_eq!(
        run.refused(&party, submit(route.clone(), &[], &pick)),
        Code::Required
    );
    // The party office picks the approving leader (选择批示领导).
    assert_eq!(
        run.refused(
            &party,
            submit(route.clone(), &[("details", "村道亮化")], &[])
        ),
        Code::RouteUnresolvable
    );
    run.ok(&party, submit(route, &[("details", "村道亮化")], &pick));
    // Only the picked leader approves, not every main leader.
    let assignments = [
        ("handling_unit", "unit-7"),
        ("supervising_leader", "wang"),
        ("remind_at", "2023-08-01"),
    ];
    assert_eq!(
        run.refused(
            &Actor::new("main-2", &["main_leader"]),
            approve_with(&assignments)
        ),
        Code::ApprovalForbidden
    );
    // What the main leader assigns is read as the route declares it.
    assert_eq!(
        run.refused(
            &main,
            approve_with(&[
                ("handling_unit", "unit-7"),
                ("supervising_leader", "wang"),
                ("remind_at", "2023-02-30")
            ])
        ),
        Code::InvalidDate
    );
    assert_eq!(
        run.refused(
            &main,
            approve_with(&[
                ("handling_unit", "unit-7"),
                ("supervising_leader", "wang"),
                ("remind_at", "2023-08-01"),
                ("score", "9")
            ])
        ),
        Code::ApprovalInvalid
    );
    run.ok(
        &main,
        approve_with(&[
            ("handling_unit", "unit-7"),
            ("supervising_leader", "wang"),
            ("remind_at", " 2023-08-01 "),
        ]),
    );
    // A date is kept as the route reads it.
    assert_eq!(
        run.app().fields.get("remind_at").map(String::as_str),
        Some("2023-08-01")
    );
    // The party office publishes what the leader assigned as it is.
    run.ok(&party, approve());
    // Only the assigned unit signs.
    assert_eq!(
        run.refused(&Actor::new("unit-8", &["handling_unit"]), approve()),
        Code::ApprovalForbidden
    );
    run.ok(&unit, approve());
    run.ok(
        &unit,
        Command::Upload {
            kind: "completion_report".into(),
            files: vec!["done.pdf".into()],
        },
    );
    run.ok(&unit, approve());
    // A redo goes back to the completion stage.
    run.ok(
        &leader,
        Command::Return {
            to: Some("completion".into()),
            comment: Some("照片不全".into()),
            attachments: vec![],
        },
    );
    assert_eq!(run.app().current_stage().unwrap().id, "completion");
    // Redone work is reported anew: the first report was for the first run.
    assert_eq!(run.refused(&unit, approve()), Code::ApprovalUploadMissing);
    run.ok(
        &unit,
        Command::Upload {
            kind: "completion_report".into(),
            files: vec!["redone.pdf".into()],
        },
    );
    run.ok(&unit, approve());
    run.ok(&leader, approve());
    run.ok(&party, approve_with(&[("party_office_score", "92")]));
    run.ok(
        &efficiency,
        approve_with(&[("efficiency_office_score", "88")]),
    );
    assert_eq!(run.app().status, Status::Filed);
    assert_eq!(run.app().fields["efficiency_office_score"], "88");
}

/// An OKR project the party office created, picking `main` to approve it:
/// the run, the party office and the main leader.
fn okr_created() -> (Run, Actor, Actor) {
    let route = preset_route("okr", &PresetOptions::default()).unwrap();
    let party = Actor::new("party", &["party_office"]);
    let main = Actor::new("main", &["main_leader"]);
    let mut run = Run::new();
    run.ok(
        &party,
        submit(
            route,
            &[("details", "村道亮化")],
            &[("approving_leader", "main")],
        ),
    );
    (run, party, main)
}

#[test]
fn an_okr_approved_directly_is_assigned_by_the_party_office_when_it_publishes() {
    let (mut run, party, main) = okr_created();
    // What may I do now tells the form what approving takes.
    let approving = |run: &Run, who: &Actor| {
        allowed_actions(run.app(), who, run.next_now())
            .into_iter()
            .find(|a| a.action == Action::Approve)
            .map(|a| (a.fields_required, a.fields_optional))
            .unwrap()
    };
    let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let all = ["handling_unit", "supervising_leader", "remind_at"];
    assert_eq!(approving(&run, &main), (vec![], names(&all)));
    assert_eq!(
        approving(&run, &party),
        (vec![], vec![]),
        "nothing awaits them"
    );
    // 直接点击通过: the main leader approves without assigning anyone.
    run.ok(&main, approve());
    assert!(!run.app().fields.contains_key("handling_unit"));
    assert_eq!(
        approving(&run, &party),
        (names(&all[..2]), names(&all[2..]))
    );
    // The party office cannot publish before the unit and the leader are
    // assigned (both named at once), and a blank is no assignment.
    let refused = run.send(&party, approve()).unwrap_err();
    assert_eq!(
        (refused.code, refused.field.as_deref()),
        (Code::Required, Some("command.fields.handling_unit"))
    );
    assert_eq!(
        refused.message_en,
        "approving needs `handling_unit`, `supervising_leader`"
    );
    assert_eq!(
        refused.message_zh,
        "同意时须填写 `handling_unit`、`supervising_leader`"
    );
    let blank = [("handling_unit", " "), ("supervising_leader", "wang")];
    assert_eq!(run.refused(&party, approve_with(&blank)), Code::Required);
    // Nor does it score at publication.
    assert_eq!(
        run.refused(
            &party,
            approve_with(&[
                ("handling_unit", "unit-7"),
                ("supervising_leader", "wang"),
                ("party_office_score", "90")
            ])
        ),
        Code::ApprovalInvalid
    );
    // 完善: it assigns them, and the reminder date, as it publishes.
    run.ok(
        &party,
        approve_with(&[
            ("handling_unit", "unit-7"),
            ("supervising_leader", "wang"),
            ("remind_at", "2023-08-01"),
        ]),
    );
    assert_eq!(run.app().current_stage().unwrap().id, "sign");
    run.ok(&Actor::new("unit-7", &["handling_unit"]), approve());
}

#[test]
fn the_party_office_may_correct_the_leaders_assignment_when_it_publishes() {
    let (mut run, party, main) = okr_created();
    // The leader assigns only the unit; the reminder date stays unset.
    run.ok(&main, approve_with(&[("handling_unit", "unit-7")]));
    // A blank does not keep a value: leaving the field out does.
    assert_eq!(
        run.refused(
            &party,
            approve_with(&[("handling_unit", ""), ("supervising_leader", "wang")])
        ),
        Code::Required
    );
    assert_eq!(
        allowed_actions(run.app(), &party, run.next_now())
            .into_iter()
            .find(|a| a.action == Action::Approve)
            .map(|a| (a.fields_required, a.fields_optional)),
        Some((
            vec!["supervising_leader".to_owned()],
            vec!["handling_unit".to_owned(), "remind_at".to_owned()]
        ))
    );
    run.ok(
        &party,
        approve_with(&[("handling_unit", "unit-8"), ("supervising_leader", "wang")]),
    );
    assert_eq!(run.app().fields["handling_unit"], "unit-8");
    assert!(!run.app().fields.contains_key("remind_at"));
    // The unit the party office named signs, not the one first assigned.
    assert_eq!(
        run.refused(&Actor::new("unit-7", &["handling_unit"]), approve()),
        Code::ApprovalForbidden
    );
    run.ok(&Actor::new("unit-8", &["handling_unit"]), approve());
}

#[test]
fn optional_fields_are_declared_and_never_also_required() {
    let text = r#"
        id = "r"
        name = "r"
        effective_from = 2023-01-01
        fields = { owner = "text", note = "text" }
        [[stages]]
        id = "s"
        name = "s"
        approvers = [{ role = "x" }]
        sets_fields = ["owner"]
        may_set_fields = ["owner", "memo"]
    "#;
    let problems = Route::load(text, crate::subsidy::Format::Toml).unwrap_err();
    let found: Vec<_> = problems
        .as_slice()
        .iter()
        .map(|p| (p.code, p.field.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Code::RouteInconsistent,
                "stages[0].may_set_fields[1]".to_owned()
            ),
            (
                Code::RouteInconsistent,
                "stages[0].may_set_fields[0]".to_owned()
            ),
        ]
    );
    let fixed = text.replace(r#"["owner", "memo"]"#, r#"["note"]"#);
    assert!(Route::load(&fixed, crate::subsidy::Format::Toml).is_ok());
}

#[test]
fn a_field_approver_nobody_sets_is_refused_when_the_route_loads() {
    let text = r#"
        id = "r"
        name = "r"
        effective_from = 2023-01-01
        fields = { owner = "text" }
        [[stages]]
        id = "s"
        name = "s"
        approvers = [{ field = "owner" }]
    "#;
    let problems = Route::load(text, crate::subsidy::Format::Toml).unwrap_err();
    assert_eq!(problems.as_slice()[0].code, Code::RouteUnresolvable);
    let fixed = text.replace(
        "fields = { owner = \"text\" }",
        "fields = { owner = \"text\" }\nrequired_fields = [\"owner\"]",
    );
    assert!(Route::load(&fixed, crate::subsidy::Format::Toml).is_ok());
    // An earlier stage that only may set it leaves it possibly unset; one
    // that sets it does not.
    let earlier = |key: &str| {
        text.replace(
            "[[stages]]",
            &format!("[[stages]]\nid = \"assign\"\nname = \"assign\"\napprovers = [{{ role = \"x\" }}]\n{key} = [\"owner\"]\n[[stages]]"),
        )
    };
    let problems =
        Route::load(&earlier("may_set_fields"), crate::subsidy::Format::Toml).unwrap_err();
    assert_eq!(problems.as_slice()[0].code, Code::RouteUnresolvable);
    assert!(Route::load(&earlier("sets_fields"), crate::subsidy::Format::Toml).is_ok());
}

#[test]
fn a_route_beyond_its_limits_is_refused_before_any_other_check() {
    let stage = r#"{ id = "a", name = "a", approvers = [{ role = "x" }] }"#;
    let branches: String = (0..=crate::limits::MAX_ROUTE_BRANCHES)
        .map(|b| format!("[[branches]]\nname = \"b{b}\"\nstages = [{stage}]\n"))
        .collect();
    let text = format!("id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\n{branches}");
    let problems = Route::load(&text, crate::subsidy::Format::Toml).unwrap_err();
    let first = &problems.as_slice()[0];
    assert_eq!(
        (first.code, first.field.as_deref()),
        (Code::TooLarge, Some("branches"))
    );
    assert_eq!(problems.len(), 1, "nothing else is checked: {problems:?}");
    let approvers: String = (0..=crate::limits::MAX_STAGE_APPROVERS)
        .map(|i| format!("{{ person = \"p{i}\" }},"))
        .collect();
    let wide = format!(
        "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\n[[stages]]\nid = \"a\"\nname = \"a\"\nmode = \"all\"\napprovers = [{approvers}]\n"
    );
    let problems = Route::load(&wide, crate::subsidy::Format::Toml).unwrap_err();
    assert_eq!(
        problems.as_slice()[0].field.as_deref(),
        Some("stages[0].approvers")
    );
}

#[test]
fn a_route_applies_from_its_effective_date() {
    let text = "id = \"r\"\nname = \"r\"\neffective_from = 2024-01-01\n[[stages]]\nid = \"a\"\nname = \"a\"\napprovers = [{ person = \"a\" }]\n";
    let route = Route::load(text, crate::subsidy::Format::Toml).unwrap();
    let mut run = Run::new();
    assert_eq!(
        run.refused(&applicant(), submit(route, &[], &[])),
        Code::RouteNotInForce
    );
}

#[test]
fn fields_are_declared_and_a_resubmission_edits_only_what_it_names() {
    let mut run = Run::new();
    let li = applicant();
    // A misspelt field is refused, never ignored; a missing one is named.
    assert_eq!(
        run.refused(
            &li,
            submit(
                procurement(true),
                &[("kind", "regular"), ("ammount", "1.00")],
                &[]
            )
        ),
        Code::ApprovalInvalid
    );
    let fields = [("kind".to_owned(), "regular".to_owned())]
        .into_iter()
        .collect();
    let no_branch = procurement(true).choose(&fields).unwrap_err();
    assert!(
        no_branch.message_en.ends_with("(not given: `amount`)"),
        "{}",
        no_branch.message_en
    );
    run.ok(
        &li,
        submit(
            procurement(true),
            &[("kind", "regular"), ("amount", "4000.00")],
            &[],
        ),
    );
    run.ok(
        &Actor::new("zhao", &["finance_bureau"]),
        Command::Return {
            to: None,
            comment: Some("请补充".into()),
            attachments: vec![],
        },
    );
    let edit = Command::Resubmit {
        fields: Some(
            [("amount".to_owned(), "4800.00".to_owned())]
                .into_iter()
                .collect(),
        ),
        comment: None,
        picks: Default::default(),
    };
    run.ok(&li, edit);
    assert_eq!(run.app().fields["kind"], "regular");
    assert_eq!(run.app().fields["amount"], "4800.00");
}

#[test]
fn a_refusal_says_why_this_person_may_not_act_now() {
    let route = one_stage("sequential", "{ person = \"a\" }, { person = \"b\" }", "");
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let early = run.send(&Actor::new("b", &[]), approve()).unwrap_err();
    assert!(
        early.message_en.contains("your turn comes after"),
        "{}",
        early.message_en
    );
    run.ok(&Actor::new("a", &[]), approve());
    let twice = run.send(&Actor::new("a", &[]), approve()).unwrap_err();
    assert!(
        twice.message_en.contains("decided at this stage already"),
        "{}",
        twice.message_en
    );
    let stranger = run.send(&Actor::new("z", &[]), approve()).unwrap_err();
    assert_eq!(
        (stranger.code, stranger.field.as_deref()),
        (Code::ApprovalForbidden, Some("actor"))
    );
}

#[test]
fn the_largest_deadline_and_numbers_never_overflow() {
    let route = one_stage(
        "single",
        "{ person = \"a\" }",
        &format!(
            "deadline_hours = {}\non_timeout = \"auto_approve\"",
            u32::MAX
        ),
    );
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    let mut ids = SeededIds::new(u64::MAX);
    let mut ctx = Context {
        now: at(23),
        ids: &mut ids,
    };
    assert!(tick(run.app(), &mut ctx).unwrap().is_empty());
    // A state whose counters are at their maximum (a crafted request):
    // a version past a signed 64-bit integer is refused where it is (it
    // would saturate, answering one version twice), and so is a command on
    // one too near it, or too near the last slot id, to advance; below
    // that, the counters advance exactly and the state stays consistent.
    let mut app = run.app().clone();
    app.version = u64::MAX;
    app.next_slot = u32::MAX;
    let request = Request {
        request_id: "x".into(),
        actor: Actor::new("a", &[]),
        command: Command::AddSigner {
            person: "c".into(),
            position: SignerPosition::After,
        },
    };
    let mut ctx = Context {
        now: at(23),
        ids: &mut ids,
    };
    let refused = decide(Some(&app), &request, &mut ctx).unwrap_err();
    assert_eq!(
        (refused.code, refused.field.as_deref()),
        (Code::InvalidRequest, Some("state.version"))
    );
    for near in [MAX_VERSION, MAX_VERSION - (1 << 32) + 1] {
        app.version = near;
        let refused = decide(Some(&app), &request, &mut ctx).unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("state.version"));
        let mut held = Some(app.clone());
        let refused = decide_held(&mut held, &request, &mut ctx).unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("state.version"));
        assert_eq!(held.as_ref(), Some(&app), "a refusal leaves the held state");
        assert!(tick(&app, &mut ctx).is_err());
    }
    app.version = MAX_VERSION - (1 << 32);
    let refused = decide(Some(&app), &request, &mut ctx).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("state.next_slot"));
    app.next_slot = u32::MAX - (1 << 16);
    let decided = decide(Some(&app), &request, &mut ctx).unwrap();
    let after = decided
        .events
        .iter()
        .try_fold(app.clone(), |s, e| evolve(Some(s), e))
        .unwrap();
    assert_eq!(after.version, app.version + 1);
    assert_eq!(decided.version, after.version);
    assert_eq!(after.inconsistency().map(|p| p.field), None);
}

/// The seal route, effective from `from`, its stage renamed `stage`.
fn seal_version(from: &str, stage: &str) -> Route {
    let mut route = preset_route("seal", &PresetOptions::default()).unwrap();
    route.effective_from = crate::time::parse_date(from).unwrap();
    route.version = Some(from.to_owned());
    if let Some(first) = route.stages.first_mut() {
        first.name = stage.to_owned();
    }
    route
}

fn submit_on(source: RouteSource) -> Result<Decision, crate::Problem> {
    let request = Request {
        request_id: "r1".into(),
        actor: applicant(),
        command: Command::Submit {
            route: source,
            name: "用印".into(),
            fields: Fields::new(),
            picks: [("leader".to_owned(), "zhou".to_owned())].into(),
        },
    };
    let mut ids = SeededIds::new(1);
    let mut ctx = Context {
        now: at(2), // 2023-07-20 10:00 in Shanghai
        ids: &mut ids,
    };
    decide(None, &request, &mut ctx)
}

#[test]
fn of_a_routes_versions_the_latest_in_force_on_the_day_applies() {
    let versions = vec![
        seal_version("2024-01-01", "新版审批"),
        seal_version("2022-01-01", "旧版审批"),
        seal_version("2023-07-20", "当日生效"),
        seal_version("2023-03-01", "春季版"),
    ];
    let decision = submit_on(RouteSource::Versions(versions)).unwrap();
    let app = replay(&decision.events).unwrap();
    assert_eq!(app.route.version.as_deref(), Some("2023-07-20"));
    assert_eq!(app.current_stage().unwrap().name, "当日生效");

    // A preset by name is the preset with its default options.
    let by_name = submit_on(RouteSource::Preset("seal".into())).unwrap();
    assert_eq!(replay(&by_name.events).unwrap().route.id, "seal");
}

#[test]
fn versions_none_in_force_ambiguous_or_of_two_routes_are_refused_at_their_place() {
    let refused = |versions: Vec<Route>| submit_on(RouteSource::Versions(versions)).unwrap_err();

    let early = refused(vec![
        seal_version("2024-01-01", "a"),
        seal_version("2023-07-21", "b"),
    ]);
    // At the earliest version's day (the second here).
    assert_eq!(
        (early.code, early.field.as_deref()),
        (
            Code::RouteNotInForce,
            Some("command.route[1].effective_from")
        )
    );
    assert!(
        early.message_en.contains("2023-07-21"),
        "{}",
        early.message_en
    );

    let twice = refused(vec![
        seal_version("2023-01-01", "a"),
        seal_version("2022-01-01", "b"),
        seal_version("2023-01-01", "c"),
    ]);
    assert_eq!(
        (twice.code, twice.field.as_deref()),
        (
            Code::RouteInconsistent,
            Some("command.route[2].effective_from")
        )
    );

    let mut other = seal_version("2022-01-01", "b");
    other.id = "guest".into();
    let mixed = refused(vec![seal_version("2023-01-01", "a"), other]);
    assert_eq!(
        (mixed.code, mixed.field.as_deref()),
        (Code::RouteInconsistent, Some("command.route[1].id"))
    );

    // The version that applies is checked, and named at its place.
    let mut broken = seal_version("2023-01-01", "a");
    broken.stages.clear();
    let checked = refused(vec![seal_version("2022-01-01", "b"), broken]);
    assert!(
        checked
            .field
            .as_deref()
            .is_some_and(|f| f.starts_with("command.route[1]")),
        "{checked:?}"
    );
    let unknown = submit_on(RouteSource::Preset("atlantis".into())).unwrap_err();
    assert_eq!(
        (unknown.code, unknown.field.as_deref()),
        (Code::RouteUnknownPreset, Some("command.route"))
    );
}

#[test]
fn only_providers_submit_listings_and_a_listed_product_is_delisted_by_its_provider_or_an_operator()
{
    let route = preset_route("product_listing", &PresetOptions::default()).unwrap();
    let mut run = Run::new();
    let li = applicant();
    assert_eq!(
        run.refused(&li, submit(route.clone(), &[], &[])),
        Code::ApprovalForbidden,
        "an applicant who is not a provider"
    );
    let provider = Actor::new("acme", &["provider"]);
    run.ok(&provider, submit(route, &[], &[]));
    let delist = || Command::Delist {
        comment: Some("停止销售".into()),
    };
    // Not before it is listed: nobody may (an invalid transition).
    assert_eq!(
        run.refused(&provider, delist()),
        Code::ApprovalInvalidTransition
    );
    for role in ["operator", "expert", "department_reviewer"] {
        run.ok(&Actor::new(role, &[role]), approve());
    }
    assert_eq!(run.app().status, Status::Published);
    assert_eq!(
        run.refused(&Actor::new("x", &["expert"]), delist()),
        Code::ApprovalForbidden,
        "an expert may not delist"
    );
    let ops = Actor::new("ops", &["operator"]);
    let allowed = allowed_actions(run.app(), &ops, run.next_now());
    assert!(
        allowed
            .iter()
            .any(|a| a.action == Action::Delist && a.allowed),
        "{allowed:?}"
    );
    run.ok(&ops, delist());
    assert_eq!(run.app().status, Status::Delisted);
    assert_eq!(
        run.refused(&provider, delist()),
        Code::ApprovalInvalidTransition,
        "delisted once"
    );
}

/// The lists an application keeps grow only within the limit every request
/// is read with: past it the state could not be given back (trial: 11
/// copies of 1,000 people, then every read of the state was too large).
/// Driven through `decide_held` (`Run` replays every step: 10,000 uploads
/// would take it minutes).
#[test]
fn copies_and_uploads_stay_within_the_list_limit() {
    let limit = crate::limits::MAX_LIST_ITEMS;
    let route = one_stage("single", "{ person = \"a\" }", "required_uploads = [\"m\"]");
    let mut held = None;
    let mut ids = SeededIds::new(7);
    let mut n = 0;
    {
        let mut send = |actor: &Actor, command: Command| {
            n += 1;
            let request = Request {
                request_id: Id::from(format!("r{n}")),
                actor: actor.clone(),
                command,
            };
            let mut ctx = Context {
                now: at(9),
                ids: &mut ids,
            };
            decide_held(&mut held, &request, &mut ctx).map_err(|p| p.code)
        };
        let people = |from: usize, n: usize| -> Vec<Id> {
            (from..from + n)
                .map(|i| Id::from(format!("p{i}")))
                .collect()
        };
        let li = applicant();
        assert!(send(&li, submit(route, &[], &[])).is_ok());
        assert!(
            send(
                &li,
                Command::Cc {
                    people: people(0, limit - 1)
                }
            )
            .is_ok()
        );
        // The last place, taken by someone named twice (trial: counted
        // twice, and refused).
        let twice = [people(limit - 1, 1), people(limit - 1, 1)].concat();
        assert!(send(&li, Command::Cc { people: twice }).is_ok());
        // Someone copied again takes no room; someone new does not fit.
        assert!(
            send(
                &li,
                Command::Cc {
                    people: people(0, 3)
                }
            )
            .is_ok()
        );
        let one_more = Command::Cc {
            people: people(limit, 1),
        };
        assert_eq!(send(&li, one_more).err(), Some(Code::TooLarge));
    }
    // Uploads up to one short of the limit, as 9,999 commands would leave
    // them (made here: each command scans the stage's uploads).
    let app = held.as_mut().expect("submitted");
    let upload = |i: usize| Upload {
        stage: "s".into(),
        kind: "m".into(),
        files: vec![format!("f{i}")],
        by: "a".into(),
        at: at(9),
    };
    app.uploads = (0..limit - 1).map(upload).collect();
    let a = Actor::new("a", &[]);
    let upload = |name: &str| Request {
        request_id: name.into(),
        actor: a.clone(),
        command: Command::Upload {
            kind: "m".into(),
            files: vec![name.into()],
        },
    };
    let mut ctx = Context {
        now: at(9),
        ids: &mut ids,
    };
    assert!(decide_held(&mut held, &upload("last"), &mut ctx).is_ok());
    let refused = decide_held(&mut held, &upload("one-more"), &mut ctx);
    assert_eq!(refused.err().map(|p| p.code), Some(Code::TooLarge));
    let kept = held.expect("submitted");
    assert_eq!((kept.cc.len(), kept.uploads.len()), (limit, limit));
}

#[test]
fn a_resubmission_without_picks_reads_and_fingerprints_as_before_picks_were_taken() {
    // Logged by the engine before a resubmission could pick anew (1800018):
    // the SipHash of this very request. Its retry must still be a retry.
    let request = Request {
        request_id: "rs-old".into(),
        actor: Actor {
            org: Some("村委".into()),
            area: Some("周庄".into()),
            supervisor: Some("wang".into()),
            ..Actor::new("li", &["applicant"])
        },
        command: Command::Resubmit {
            fields: None,
            comment: Some("改好了".into()),
            picks: Default::default(),
        },
    };
    assert_eq!(
        super::fingerprint::earlier_form(&request),
        "1682d3e88aa78c2f16deeff21d7a91b2"
    );
    let json = serde_json::to_value(&request.command).unwrap();
    assert!(json.get("picks").is_none(), "{json}");
    let change = serde_json::to_value(Change::Resubmitted {
        fields: Fields::new(),
        comment: None,
        picks: None,
    })
    .unwrap();
    assert!(change.get("picks").is_none(), "{change}");
}

#[test]
fn a_resubmission_picking_anew_is_kept_by_replay() {
    let route = crate::approval::preset_route("seal", &Default::default()).unwrap();
    let mut run = Run::new();
    let picks = [("leader", "zhou")];
    run.ok(&applicant(), submit(route, &[], &picks));
    run.ok(
        &Actor::new("zhou", &["main_leader"]),
        Command::Return {
            to: None,
            comment: Some("请吴书记审批".into()),
            attachments: vec![],
        },
    );
    run.ok(
        &applicant(),
        Command::Resubmit {
            fields: None,
            comment: None,
            picks: [("leader".to_owned(), "wu".to_owned())].into(),
        },
    );
    assert_eq!(
        run.app().picks.get("leader").map(String::as_str),
        Some("wu")
    );
    assert_eq!(replay(&run.events).as_ref(), Some(run.app()));
}

#[test]
fn a_resubmission_with_an_empty_edit_retries_one_with_none() {
    let route = crate::approval::preset_route("seal", &Default::default()).unwrap();
    let resubmit = |fields: Option<Fields>| Request {
        request_id: "rs".into(),
        actor: applicant(),
        command: Command::Resubmit {
            fields,
            comment: Some("改好了".into()),
            picks: Fields::new(),
        },
    };
    let edited = resubmit(Some([("reason".to_owned(), "改".to_owned())].into()));
    for (first, again) in [(None, Some(Fields::new())), (Some(Fields::new()), None)] {
        let mut run = Run::new();
        run.ok(
            &applicant(),
            submit(route.clone(), &[], &[("leader", "zhou")]),
        );
        run.ok(
            &Actor::new("zhou", &["main_leader"]),
            Command::Return {
                to: None,
                comment: Some("请补充".into()),
                attachments: vec![],
            },
        );
        let original = run.send_request(&resubmit(first.clone())).unwrap();
        let logged = original.events[0].request.as_ref().unwrap();
        assert_eq!(
            logged.fingerprint,
            super::fingerprint::fingerprint(&resubmit(None))
        );
        let retry = run.send_request(&resubmit(again.clone())).unwrap();
        assert!(
            retry.retry && retry.events.is_empty(),
            "{first:?} then {again:?}"
        );
        let reused = run.send_request(&edited).err().map(|p| p.code);
        assert_eq!(reused, Some(Code::ApprovalRequestReused));

        // A log kept by a build before this one: `{}` hashed as written.
        let mut earlier = run.app().clone();
        let as_written = super::fingerprint::as_written_for_tests(&resubmit(Some(Fields::new())));
        assert_ne!(as_written, logged.fingerprint);
        earlier.requests.insert("rs".into(), as_written);
        for retried in [None, Some(Fields::new())] {
            let mut ids = SeededIds::new(3);
            let mut ctx = Context {
                now: at(20),
                ids: &mut ids,
            };
            let answer = decide(Some(&earlier), &resubmit(retried.clone()), &mut ctx).unwrap();
            assert!(answer.retry, "{retried:?}");
            let refused = decide(Some(&earlier), &edited, &mut ctx)
                .err()
                .map(|p| p.code);
            assert_eq!(refused, Some(Code::ApprovalRequestReused));
        }
    }
}

#[test]
fn the_history_has_a_step_per_event_naming_stages_people_and_comments() {
    let mut run = Run::new();
    let li = applicant();
    run.ok(
        &li,
        submit(
            procurement(true),
            &[("kind", "regular"), ("amount", "4999.99")],
            &[],
        ),
    );
    let finance = Actor::new("zhao", &["finance_bureau"]);
    let mayor = Actor::new("zhou", &["mayor"]);
    run.ok(&finance, approve());
    run.ok(
        &mayor,
        Command::Return {
            to: None,
            comment: Some("金额有误".into()),
            attachments: vec!["scan.pdf".into()],
        },
    );
    run.ok(
        &li,
        Command::Resubmit {
            fields: None,
            comment: None,
            picks: Fields::new(),
        },
    );
    run.ok(
        &mayor,
        Command::Transfer {
            to: "qian".into(),
            comment: Some("请钱主任处理".into()),
        },
    );
    let steps = history(&run.events);
    assert_eq!(steps.len(), run.events.len(), "a step per event");
    for (step, event) in steps.iter().zip(&run.events) {
        assert_eq!((step.version, step.at), (event.version, event.at));
        assert_eq!(step.actor, event.actor);
        assert!(!step.zh.is_empty() && !step.en.is_empty());
        assert!(
            !step
                .en
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                || step.en.contains('`'),
            "{}",
            step.en
        );
    }
    let actions: Vec<StepAction> = steps.iter().map(|s| s.action).collect();
    assert_eq!(
        &actions[..3],
        &[
            StepAction::Submitted,
            StepAction::StageStarted,
            StepAction::Approved
        ]
    );
    assert_eq!(steps[0].zh, "`li` 提交申请 `村道修缮`");
    assert_eq!(steps[0].en, "`li` submitted `村道修缮`");
    // The finance bureau's approval, at the stage it was given at.
    let approved = &steps[2];
    let stage = approved.stage.as_ref().unwrap();
    assert_eq!((stage.index, stage.id.as_str()), (0, "finance_review"));
    assert_eq!(approved.comment.as_deref(), Some("同意"));
    assert_eq!(
        approved.zh,
        format!("`zhao` 审批通过（环节「{}」）", stage.name)
    );
    assert_eq!(
        approved.en,
        format!("`zhao` approved at stage `{}`", stage.name)
    );
    // 退回 to the applicant, with its reason and file.
    let returned = steps
        .iter()
        .find(|s| s.action == StepAction::Returned)
        .unwrap();
    assert_eq!(returned.stage.as_ref().unwrap().index, 1);
    assert_eq!(returned.comment.as_deref(), Some("金额有误"));
    assert_eq!(returned.attachments, vec!["scan.pdf".to_owned()]);
    assert!(
        returned.zh.starts_with("`zhou` 退回给申请人"),
        "{}",
        returned.zh
    );
    assert!(
        returned
            .en
            .starts_with("`zhou` returned it to the applicant from stage"),
        "{}",
        returned.en
    );
    // 转办 names whom the part went to.
    let transferred = steps.last().unwrap();
    assert_eq!(transferred.action, StepAction::Transferred);
    assert_eq!(transferred.people, vec![Id::new("qian")]);
    assert_eq!(transferred.comment.as_deref(), Some("请钱主任处理"));
    assert!(
        transferred
            .en
            .starts_with("`zhou` transferred their part to `qian` at stage"),
        "{}",
        transferred.en
    );
    assert!(
        steps
            .iter()
            .any(|s| s.action == StepAction::Resubmitted && s.actor.as_deref() == Some("li"))
    );
}

#[test]
fn a_history_ends_filed_in_the_routes_words_and_says_why_parts_passed_by_themselves() {
    let route = Route::load(
        r#"
        id = "listing"
        name = "商品上架"
        effective_from = 2023-01-01
        on_complete = "publish"
        status_labels = { published = "已上架" }
        [[stages]]
        id = "review"
        name = "审核"
        approvers = [{ person = "li" }, { person = "op" }]
        mode = "all"
        applicant_approver = "skip"
        "#,
        crate::subsidy::Format::Toml,
    )
    .unwrap();
    let mut run = Run::new();
    run.ok(&applicant(), submit(route, &[], &[]));
    run.ok(&Actor::new("op", &[]), approve());
    assert_eq!(run.app().status, Status::Published);
    let steps = history(&run.events);
    let skipped = steps
        .iter()
        .find(|s| s.action == StepAction::AutoApproved)
        .unwrap();
    assert_eq!(
        skipped.actor.as_deref(),
        Some("li"),
        "the submission passed it"
    );
    assert_eq!(
        skipped.zh,
        "`li` 的审批自动通过（环节「审核」，申请人即审批人，跳过）"
    );
    let last = steps.last().unwrap();
    assert_eq!(
        (last.action, last.zh.as_str(), last.en.as_str()),
        (StepAction::Published, "已上架", "published")
    );
}

#[test]
fn the_api_replays_from_a_stored_state_and_refuses_events_that_do_not_follow_it() {
    let mut run = Run::new();
    run.ok(
        &applicant(),
        submit(
            procurement(true),
            &[("kind", "regular"), ("amount", "4999.99")],
            &[],
        ),
    );
    run.ok(&Actor::new("zhao", &["finance_bureau"]), approve());
    let split = 2;
    let stored = replay(&run.events[..split]).unwrap();
    let rest = run.events[split..].to_vec();
    let answer = crate::api::approval_replay(crate::api::ReplayRequest {
        events: rest.clone(),
        state: Some(stored.clone()),
    })
    .unwrap();
    assert_eq!(
        answer.state.as_ref(),
        run.app.as_ref(),
        "evolve from a stored state"
    );
    // Events that skip one, or start again from the submission, are refused.
    let refused = crate::api::approval_replay(crate::api::ReplayRequest {
        events: rest[1..].to_vec(),
        state: Some(stored.clone()),
    })
    .unwrap_err();
    let problem = &refused.problems()[0];
    assert_eq!(
        (problem.code, problem.field.as_deref()),
        (Code::ApprovalInvalid, Some("events[0]"))
    );
    assert!(
        problem.message_en.contains("version 3 of that application"),
        "{}",
        problem.message_en
    );
    let again = crate::api::approval_replay(crate::api::ReplayRequest {
        events: run.events.clone(),
        state: Some(stored),
    });
    assert!(again.is_err());
    // The history refuses what replay refuses.
    let history = crate::api::approval_history(crate::api::HistoryRequest { events: rest });
    assert_eq!(
        history.unwrap_err().problems()[0].field.as_deref(),
        Some("events[0]")
    );
}
