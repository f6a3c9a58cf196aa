//! Criterion benchmarks of the approval engine
//! (`cargo bench -p huiqi-core --bench approval_bench`): one decision on a
//! pending application of a five-stage 会签 route (accepted, accepted and
//! applied, refused), loading and checking routes, a whole application
//! from submission to filing, and submissions on a route kept or read
//! afresh.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "benchmark setup: a broken fixture must stop the run"
)]

use std::hint::black_box;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use huiqi_core::approval::{
    Actor, Application, Command, Context, Fields, PresetOptions, Request, Route, RouteSource,
    SeededIds, Status, check, decide, decide_held, evolve, preset_route,
};
use huiqi_core::subsidy::Format;

const STAGES: usize = 5;
const PER_STAGE: usize = 3;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 7, 20, 9, 0, 0).single().unwrap()
}

/// Approver `i` of stage `s`: a named person.
fn approver_id(s: usize, i: usize) -> String {
    format!("p{s}{i}")
}

/// Five stages, each 会签 (`all`) of three named people.
fn joint_route() -> Route {
    let mut text =
        String::from("id = \"joint\"\nname = \"五级会签\"\neffective_from = 2023-01-01\n");
    for s in 0..STAGES {
        let people: Vec<String> = (0..PER_STAGE)
            .map(|i| format!("{{ person = \"{}\" }}", approver_id(s, i)))
            .collect();
        text.push_str(&format!(
            "[[stages]]\nid = \"s{s}\"\nname = \"第{s}级会签\"\nmode = \"all\"\napprovers = [{}]\n",
            people.join(", ")
        ));
    }
    Route::load(&text, Format::Toml).unwrap()
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

fn approve() -> Command {
    Command::Approve {
        comment: Some("同意".into()),
        attachments: Vec::new(),
        fields: Fields::new(),
    }
}

/// Every request of one application: the submission, then the fifteen
/// approvals in stage order.
fn whole_application() -> Vec<Request> {
    let mut requests = vec![Request {
        request_id: "r0".into(),
        actor: applicant(),
        command: Command::Submit {
            route: joint_route().into(),
            name: "村道修缮".into(),
            fields: Fields::new(),
            picks: Default::default(),
        },
    }];
    for s in 0..STAGES {
        for i in 0..PER_STAGE {
            requests.push(Request {
                request_id: format!("r{}", requests.len()).into(),
                actor: Actor::new(&approver_id(s, i), &[]),
                command: approve(),
            });
        }
    }
    requests
}

/// Runs `requests` from nothing, applying every event; the final state.
fn run(requests: &[Request], ids: &mut SeededIds) -> Option<Application> {
    let mut ctx = Context { now: now(), ids };
    let mut state = None;
    for request in requests {
        let decision = decide(state.as_ref(), request, &mut ctx).unwrap();
        for event in &decision.events {
            state = evolve(state, event);
        }
    }
    state
}

/// `run` with the application held and each command's events applied in
/// place (`decide_held`, what `ApprovalStream` and `decide_in_place` use).
fn run_held(requests: &[Request], ids: &mut SeededIds) -> Option<Application> {
    let mut ctx = Context { now: now(), ids };
    let mut state = None;
    for request in requests {
        decide_held(&mut state, request, &mut ctx).unwrap();
    }
    state
}

/// A pending application at its first stage, nobody having decided yet.
fn pending_application() -> Application {
    let requests = whole_application();
    let app = run(requests.get(..1).unwrap(), &mut SeededIds::new(7)).unwrap();
    assert_eq!(
        (app.status, app.stage, app.slots.len()),
        (Status::Pending, 0, 3)
    );
    app
}

fn approval_request(actor: &str) -> Request {
    Request {
        request_id: format!("bench-{actor}").into(),
        actor: Actor::new(actor, &[]),
        command: approve(),
    }
}

fn decisions(c: &mut Criterion) {
    let app = pending_application();
    let approve = approval_request(&approver_id(0, 0));
    let stranger = approval_request("stranger");
    let mut ids = SeededIds::new(11);
    let mut ctx = Context {
        now: now(),
        ids: &mut ids,
    };
    assert_eq!(
        decide(Some(&app), &approve, &mut ctx).unwrap().events.len(),
        1
    );
    assert!(decide(Some(&app), &stranger, &mut ctx).is_err());

    let mut group = c.benchmark_group("approval_decide");
    group.throughput(Throughput::Elements(1));
    group.bench_function("approve_joint_5x3", |b| {
        b.iter(|| decide(Some(black_box(&app)), black_box(&approve), &mut ctx))
    });
    // evolve takes the state by value: a clone per iteration, made (and the
    // result dropped) outside the timing.
    group.bench_function("approve_joint_5x3_and_evolve", |b| {
        b.iter_batched(
            || app.clone(),
            |state| {
                let decision = decide(Some(&state), black_box(&approve), &mut ctx).unwrap();
                let mut state = Some(state);
                for event in &decision.events {
                    state = evolve(state, event);
                }
                state
            },
            BatchSize::SmallInput,
        )
    });
    // What every accepted decision pays first: its own copy of the
    // application (the route inside is shared, not copied).
    group.bench_function("copy_of_the_application", |b| {
        b.iter(|| black_box(&app).clone())
    });
    group.bench_function("refused_stranger_joint_5x3", |b| {
        b.iter(|| decide(Some(black_box(&app)), black_box(&stranger), &mut ctx))
    });
    // The last approval of a stage: the stage completes and the next starts.
    let mut last = app.clone();
    for i in 0..PER_STAGE - 1 {
        let decision =
            decide(Some(&last), &approval_request(&approver_id(0, i)), &mut ctx).unwrap();
        for event in &decision.events {
            last = evolve(Some(last), event).unwrap();
        }
    }
    let completing = approval_request(&approver_id(0, PER_STAGE - 1));
    assert_eq!(
        decide(Some(&last), &completing, &mut ctx)
            .unwrap()
            .events
            .len(),
        3
    );
    group.bench_function("approve_completing_stage_joint_5x3", |b| {
        b.iter(|| decide(Some(black_box(&last)), black_box(&completing), &mut ctx))
    });
    group.finish();
}

fn routes(c: &mut Criterion) {
    let options = PresetOptions::default();
    let procurement = preset_route("procurement", &options).unwrap();
    assert_eq!(procurement.branches().len(), 4);
    let json = serde_json::to_string(&procurement).unwrap();
    assert_eq!(Route::load(&json, Format::Json).unwrap(), procurement);

    let mut group = c.benchmark_group("approval_route");
    group.throughput(Throughput::Elements(1));
    group.bench_function("preset_procurement_load_and_check", |b| {
        b.iter(|| preset_route(black_box("procurement"), black_box(&options)))
    });
    group.bench_function("json_4_branches_load_and_check", |b| {
        b.iter(|| Route::load(black_box(&json), Format::Json))
    });
    group.bench_function("check_procurement", |b| {
        b.iter(|| check(black_box(&procurement)))
    });
    group.finish();
}

fn applications(c: &mut Criterion) {
    let requests = whole_application();
    let filed = run(&requests, &mut SeededIds::new(7)).unwrap();
    assert_eq!(filed.status, Status::Filed);

    let mut group = c.benchmark_group("approval_application");
    group.throughput(Throughput::Elements(1));
    group.bench_function("joint_5x3_submit_to_filed", |b| {
        b.iter(|| run(black_box(&requests), &mut SeededIds::new(7)))
    });
    assert_eq!(run_held(&requests, &mut SeededIds::new(7)), Some(filed));
    group.bench_function("joint_5x3_submit_to_filed_held", |b| {
        b.iter(|| run_held(black_box(&requests), &mut SeededIds::new(7)))
    });
    // A submission that names its route by preset (the town OA's usual
    // request): the preset is loaded and checked once, then shared.
    let by_name = Request {
        request_id: "seal-1".into(),
        actor: applicant(),
        command: Command::Submit {
            route: RouteSource::Preset("seal".into()),
            name: "用章申请".into(),
            fields: Fields::new(),
            picks: [("leader".to_owned(), "wang".to_owned())].into(),
        },
    };
    let mut ids = SeededIds::new(5);
    let mut ctx = Context {
        now: now(),
        ids: &mut ids,
    };
    assert_eq!(decide(None, &by_name, &mut ctx).unwrap().events.len(), 2);
    group.bench_function("submit_by_preset_name_seal", |b| {
        b.iter(|| decide(None, black_box(&by_name), &mut ctx))
    });
    // A submission on a route the host keeps (a `RouteSource` cloned into
    // each request, a Python `Route` object): its check and fingerprint
    // tokens were worked out at its first submission.
    let kept = requests.first().unwrap();
    group.bench_function("submit_joint_5x3_route_kept", |b| {
        b.iter(|| decide(None, black_box(kept), &mut ctx))
    });
    // The same route read afresh for each submission (as a JSON request
    // carries it): copied, checked and its tokens written every time.
    let route = joint_route();
    group.bench_function("submit_joint_5x3_route_afresh", |b| {
        b.iter_batched(
            || Request {
                command: Command::Submit {
                    route: RouteSource::from(route.clone()),
                    name: "村道修缮".into(),
                    fields: Fields::new(),
                    picks: Default::default(),
                },
                ..kept.clone()
            },
            |request| decide(None, black_box(&request), &mut ctx),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, decisions, routes, applications);
criterion_main!(benches);
