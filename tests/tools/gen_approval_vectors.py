"""Writes tests/vectors/approval.json: the approval engine's shared vectors.

    python tests/tools/gen_approval_vectors.py path/to/huiqi

The expectations below are written by hand from the rules (DOMAIN §8, the
town OA's routes, issue 9): which branch 5000.00 takes, who may act, what a
completed application accepts. The engine is only used to produce the
*inputs* of later steps (an application's state after some commands), so a
vector can start mid-route; the expected facts are never copied from its
answers. Rerun after changing the state's shape.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HUIQI = sys.argv[1] if len(sys.argv) > 1 else "huiqi"
OUT = Path(__file__).resolve().parent.parent / "vectors" / "approval.json"


def call(op: str, request: Any) -> Any:
    done = subprocess.run([HUIQI, "--json", "call", op, json.dumps(request, ensure_ascii=False)],
                          capture_output=True, text=True, check=False)
    answer = json.loads(done.stdout)
    if isinstance(answer, dict) and answer.get("ok") is False:
        raise SystemExit(f"{op} refused while building inputs: {answer['errors']}")
    return answer


cases: list[dict[str, Any]] = []


def case(name: str, op: str, request: Any, expect: Any = None, errors: Any = None) -> None:
    c: dict[str, Any] = {"name": name, "op": op, "request": request}
    if errors is not None:
        c["expect_errors"] = errors
    else:
        c["expect"] = expect
    cases.append(c)


def actor(id_: str, *roles: str, **more: str) -> dict[str, Any]:
    return {"id": id_, "roles": list(roles), **more}


APPLICANT = actor("li", "applicant", org="村委", area="周庄", supervisor="wang")
FINANCE = actor("zhao", "finance_bureau")
MAYOR = actor("zhou", "mayor")
SECRETARY = actor("chen", "secretary")
SUPERVISING = actor("wang", "supervising_leader")
PROCUREMENT = actor("sun", "procurement_leader")
NOW = "2023-07-20 10:00:00"
# After every application here last changed.
LATER = "2023-07-21 10:00:00"
seed = 1000


def decide(state: Any, who: dict[str, Any], command: dict[str, Any], rid: str, now: str = NOW) -> dict[str, Any]:
    global seed
    seed += 1
    return {"state": state, "request": {"request_id": rid, "actor": who, "command": command}, "now": now, "seed": seed}


def step(state: Any, who: dict[str, Any], command: dict[str, Any], rid: str) -> Any:
    return call("approval.decide", decide(state, who, command, rid))["state"]


APPROVE = {"type": "approve"}

# --- route.preset -----------------------------------------------------------
case("the procurement preset has the town OA's four branches", "route.preset", {"name": "procurement"},
     {"id": "procurement", "branches": [{"name": "basic_repair"}, {"name": "regular_below_threshold"},
                                         {"name": "regular_from_threshold"}, {"name": "emergency"}]})
case("an unknown preset is refused at `name`", "route.preset", {"name": "atlantis"},
     errors=[{"code": "route.unknown_preset", "field": "name"}])
case("seal: the leader the applicant picks approves, then it is filed", "route.preset", {"name": "seal"},
     {"picks": ["leader"], "on_complete": "file", "stages": [{"approvers": [{"picked": "leader"}], "mode": "single"}]})
case("a seal application without the chosen leader is refused at the pick", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": call("route.preset", {"name": "seal"}), "name": "用印"}, "seal1"),
     errors=[{"code": "route.unresolvable", "field": "request.command.picks.leader"}])
case("notices are published on approval", "route.preset", {"name": "notice"}, {"on_complete": "publish"})

# --- route versions by effective date ----------------------------------------
def seal_version(effective_from: str, version: str, stage_name: str) -> Any:
    route = call("route.preset", {"name": "seal"})
    route["effective_from"], route["version"] = effective_from, version
    route["stages"][0]["name"] = stage_name
    return route


PICKED = {"leader": "zhou"}
SEALS = [seal_version("2024-01-01", "2024", "二〇二四版"), seal_version("2022-01-01", "2022", "二〇二二版"),
         seal_version("2023-07-20", "2023-07", "当日生效版")]
case("of a route's versions, the latest whose day has come applies (2023-07-20 takes the one from that day)",
     "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": SEALS, "name": "用印", "picks": PICKED}, "ver1"),
     {"state": {"route": {"id": "seal", "version": "2023-07"}, "stage": 0}})
case("a day earlier, the 2022 version applies", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": SEALS, "name": "用印", "picks": PICKED}, "ver2",
            now="2023-07-19 23:59:59"),
     {"state": {"route": {"version": "2022"}}})
case("no version in force yet is refused at the earliest version's day", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": SEALS[:1], "name": "用印", "picks": PICKED}, "ver3"),
     errors=[{"code": "route.not_in_force", "field": "request.command.route[0].effective_from"}])
case("two versions from the same day are ambiguous, named at the later one", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": [SEALS[1], SEALS[0], SEALS[1]], "name": "用印", "picks": PICKED},
            "ver4"),
     errors=[{"code": "route.inconsistent", "field": "request.command.route[2].effective_from"}])
case("a route given by preset name runs on the preset", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": "seal", "name": "用印", "picks": PICKED}, "ver5"),
     {"state": {"route": {"id": "seal", "branch": "default"}}})
case("a route that is neither an object, a list nor a preset name is refused at the route", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": 7, "name": "用印"}, "ver6"),
     errors=[{"code": "request.invalid", "field": "request.command.route"}])
# --- product listing: who submits, delisting (下架) ------------------------
PROVIDER = actor("acme", "provider")
LISTING = {"type": "submit", "route": "product_listing", "name": "云ERP 标准版"}
case("only providers submit product listings: anyone else is forbidden", "approval.decide",
     decide(None, APPLICANT, LISTING, "pl1"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
listing = step(None, PROVIDER, LISTING, "pl2")
case("a pending listing cannot be delisted by anyone (invalid, not forbidden), told in the manual's words",
     "approval.decide",
     decide(listing, PROVIDER, {"type": "delist"}, "pl3"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command",
              "message_zh": "申请当前为待审核，只有已上架的申请可以下架"}])
withdrawn = step(listing, PROVIDER, {"type": "withdraw"}, "pl-w")
case("a withdrawn listing is 已撤销 (DOMAIN §4), not the OA's 已撤回", "approval.decide",
     decide(withdrawn, actor("op1", "operator"), APPROVE, "pl-w2"),
     errors=[{"code": "approval.invalid_transition", "message_zh": "申请当前为已撤销，不能审批",
              "detail": {"status": "withdrawn"}}])
case("a route's words for a status that does not exist, or of nothing, are refused when it loads", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n'
              'status_labels = { listed = "已上架", withdrawn = " " }\n'
              '[[stages]]\nid = "a"\nname = "a"\napprovers = [{ role = "operator" }]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "status_labels.listed"},
             {"code": "field.required", "field": "status_labels.withdrawn"}])
for role in ("operator", "expert", "department_reviewer"):
    listing = step(listing, actor(f"{role}1", role), APPROVE, f"pl-{role}")
case("after the department's final review the product is listed (published), 已上架 in the list", "approval.list",
     {"applications": [listing], "person": PROVIDER, "list": "mine"},
     {"applications": [{"status": "published", "status_label": "已上架"}]})
case("an expert may not delist a listed product", "approval.decide",
     decide(listing, actor("e2", "expert"), {"type": "delist"}, "pl4"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("an operator delists a listed product (已下架)", "approval.decide",
     decide(listing, actor("ops", "operator"), {"type": "delist", "comment": "资质过期"}, "pl5"),
     {"events": [{"change": {"type": "delisted", "comment": "资质过期"}}], "state": {"status": "delisted"}})
case("its provider may delist it too", "approval.allowed",
     {"state": listing, "actor": PROVIDER, "now": LATER},
     {"allowed": ["delist"]})

# A wrong value inside a command or an event is named at its own key (the
# tag is read first; the rest is decoded as that variant), and `type` must
# be a name (never a variant chosen by position).
case("a number among a command's field values is refused at its key", "approval.decide",
     decide(None, APPLICANT, {"type": "approve", "fields": {"amount": 5000}}, "tag1"),
     errors=[{"code": "money.not_a_string", "field": "request.command.fields.amount"}])
case("a wrong type of comment is refused at `comment`", "approval.decide",
     decide(None, APPLICANT, {"type": "reject", "comment": 7}, "tag2"),
     errors=[{"code": "request.invalid", "field": "request.command.comment"}])
case("a command type given as a number is refused at `type`, not read as a position", "approval.decide",
     decide(None, APPLICANT, {"type": 7}, "tag3"),
     errors=[{"code": "request.invalid", "field": "request.command.type"}])
case("a misspelt approver kind deep inside an inline route is named where it is", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "name": "用印", "route": [{**SEALS[1], "stages": [
         {"id": "leader", "name": "领导审批", "approvers": [{"persn": "zhou"}]}]}]}, "tag4"),
     errors=[{"code": "request.invalid", "field": "request.command.route[0].stages[0].approvers[0].persn"}])
case("an unknown preset name is refused at the route", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": "atlantis", "name": "用印"}, "ver7"),
     errors=[{"code": "route.unknown_preset", "field": "request.command.route"}])

# --- route.preview: the threshold, both ways ---------------------------------
for inclusive in (True, False):
    route = call("route.preset", {"name": "procurement", "options": {"threshold": "5000.00", "threshold_inclusive": inclusive}})
    for amount, large in (("4999.99", False), ("5000.00", inclusive), ("5000.01", True)):
        branch = "regular_from_threshold" if large else "regular_below_threshold"
        bound = ("≥" if inclusive else ">") if large else ("<" if inclusive else "≤")
        leaders = ["secretary", "mayor", "supervising_leader", "procurement_leader"] if large else ["mayor", "supervising_leader", "procurement_leader"]
        # 选择分管领导: the applicant's own supervising leader, not any holder of the role.
        stages = [{"id": "finance_review"}, {"id": "leaders", "mode": "all", "approvers": [
            r if r == "supervising_leader" else {"role": r} for r in leaders]}]
        if large:
            stages += [{"id": "meeting_minutes", "required_uploads": ["meeting_minutes"]},
                       {"id": "construction", "required_uploads": ["supervision_logs", "oversight_logs"]},
                       {"id": "acceptance", "sets_fields": ["completion_date"],
                        "required_uploads": ["contract", "budget", "completion_photos"]}]
        case(f"regular project of ¥{amount}, threshold {'inclusive' if inclusive else 'exclusive'}: {branch}",
             "route.preview", {"route": route, "fields": {"kind": "regular", "amount": amount}},
             {"branch": branch, "chosen_by": ["kind = regular", f"amount {bound} 5000.00"], "stages": stages})
procurement = call("route.preset", {"name": "procurement"})
case("basic repair: finance bureau, then the two leaders jointly", "route.preview",
     {"route": procurement, "fields": {"kind": "basic_repair", "amount": "80000.00"}},
     {"branch": "basic_repair", "chosen_by": ["kind = basic_repair"], "on_complete": "file",
      "stages": [{"id": "finance_review", "approvers": [{"role": "finance_bureau"}]},
                 {"id": "leaders", "mode": "all", "approvers": ["supervising_leader", {"role": "procurement_leader"}]}]})
case("a preview gives the fields as the application would keep them", "route.preview",
     {"route": "procurement", "fields": {"kind": "regular", "amount": "¥6,000"}},
     {"branch": "regular_from_threshold", "fields": {"kind": "regular", "amount": "6000.00"}})
case("a notice is published when approved, and the preview says so", "route.preview",
     {"route": call("route.preset", {"name": "notice"})},
     {"route": "notice", "branch": "default", "on_complete": "publish"})
case("emergency: one joint review of four", "route.preview",
     {"route": procurement, "fields": {"kind": "emergency", "amount": "100.00"}},
     {"branch": "emergency", "stages": [{"id": "joint_review", "mode": "all",
       "approvers": [{"role": "secretary"}, "supervising_leader", {"role": "procurement_leader"}, {"role": "finance_bureau"}]}]})
case("a preview names its route as a submission does: a preset's name", "route.preview",
     {"route": "procurement", "fields": {"kind": "regular", "amount": "5000.00"}},
     {"route": "procurement", "version": "2023", "branch": "regular_from_threshold",
      "chosen_by": ["kind = regular", "amount ≥ 5000.00"]})
case("a preset's name with its options: the threshold exclusive sends 5000.00 to the smaller route", "route.preview",
     {"route": "procurement", "options": {"threshold": "5000.00", "threshold_inclusive": False},
      "fields": {"kind": "regular", "amount": "5000.00"}},
     {"branch": "regular_below_threshold", "chosen_by": ["kind = regular", "amount ≤ 5000.00"]})
case("options for a preset without parameters are refused at options: only procurement has a threshold",
     "route.preview", {"route": "seal", "options": {"threshold_inclusive": False}},
     errors=[{"code": "request.invalid", "field": "options",
              "message_en": "the route `seal` has no parameters: `options` (the amount threshold) apply to `procurement` only"}])
case("a threshold that leaves the smaller route no amount is refused at it", "route.preview",
     {"route": "procurement", "options": {"threshold": "0"}, "fields": {"kind": "regular", "amount": "1.00"}},
     errors=[{"code": "route.unreachable", "field": "options.threshold"}])
case("and by route.preset", "route.preset", {"name": "procurement", "options": {"threshold": "0.00"}},
     errors=[{"code": "route.unreachable", "field": "options.threshold"}])
case("route.preset refuses them alike", "route.preset", {"name": "okr", "options": {"threshold": "100.00"}},
     errors=[{"code": "request.invalid", "field": "options"}])
case("options beside a route object are refused at options: they would be ignored", "route.preview",
     {"route": procurement, "options": {"threshold": "100.00"}, "fields": {"kind": "regular", "amount": "1.00"}},
     errors=[{"code": "request.invalid", "field": "options"}])
case("of a route's versions, the one in force on `date` is previewed", "route.preview",
     {"route": SEALS, "date": "2023-07-19"},
     {"route": "seal", "version": "2022", "stages": [{"name": "二〇二二版"}]})
case("a day no version is in force yet is refused at the earliest version's day", "route.preview",
     {"route": SEALS[:1], "date": "2023-07-19"},
     errors=[{"code": "route.not_in_force", "field": "route[0].effective_from"}])
case("one route before its effective_from is refused as a submission that day would be", "route.preview",
     {"route": SEALS[0], "date": "2023-07-19"},
     errors=[{"code": "route.not_in_force", "field": "route.effective_from"}])
case("a preset before its effective_from likewise", "route.preview",
     {"route": "seal", "date": "2022-12-31"},
     errors=[{"code": "route.not_in_force", "field": "route.effective_from"}])
case("a version that fails its checks is named at its place", "route.preview",
     {"route": [SEALS[1], {**SEALS[2], "stages": []}], "date": "2023-07-20"},
     errors=[{"code": "route.inconsistent", "field": "route[1].stages"}])
case("a kind the route does not declare is refused at its field", "route.preview",
     {"route": procurement, "fields": {"kind": "luxury", "amount": "1.00"}},
     errors=[{"code": "field.choice", "field": "fields.kind"}])
case("an amount that does not read is refused at its field", "route.preview",
     {"route": procurement, "fields": {"kind": "regular", "amount": "5,000.001"}},
     errors=[{"code": "money.too_many_decimals", "field": "fields.amount"}])
case("a field the route does not declare is refused, as a submission refuses it: no preview of what cannot be filed",
     "route.preview", {"route": procurement, "fields": {"kind": "regular", "amount": "3000.00", "foo": "bar"}},
     errors=[{"code": "approval.invalid", "field": "fields.foo",
              "message_en": "the route has no field `foo` (its fields: `amount`, `completion_date`, `duration`, `emergency_measures`, `funding_source`, `kind`, `location`, `scale`)"}])

# --- route.load: static checks ----------------------------------------------
GAP = """id = "r"
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
"""
case("a choice of nothing, a choice listed twice and a return target listed twice are refused where they are",
     "route.load", {"text": """id = "r"
name = "r"
effective_from = 2023-01-01
fields = { kind = { choice = [] }, size = { choice = ["a", "b", "a"] } }
[[stages]]
id = "s1"
name = "s1"
approvers = [{ role = "x" }]
[[stages]]
id = "s2"
name = "s2"
approvers = [{ role = "y" }]
return_to = ["s1", "s1"]
""", "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "fields.kind"},
             {"code": "route.inconsistent", "field": "fields.size[2]"},
             {"code": "route.inconsistent", "field": "stages[1].return_to[1]"}])
case("a route that is not JSON at all is refused at `text`", "route.load", {"text": "{", "format": "json"},
     errors=[{"code": "route.syntax", "field": "text"}])
case("nor TOML", "route.load", {"text": "id = ", "format": "toml"}, errors=[{"code": "route.syntax", "field": "text"}])
case("`< 5000` and `> 5000` leave 5000.00 to no branch", "route.load", {"text": GAP, "format": "toml"},
     errors=[{"code": "route.gap", "field": "branches",
              "message_en": "route `r` has no branch for an application with amount = 5000.00"}])
case("`< 5000` and `≥ 4000` overlap", "route.load", {"text": GAP.replace('gt = "5000.00"', 'ge = "4000.00"'), "format": "toml"},
     errors=[{"code": "route.overlap", "field": "branches"}])
KINDS = """id = "k"
name = "k"
effective_from = 2023-01-01
[fields]
kind = { choice = ["a", "b", "c"] }
amount = "money"
[[branches]]
name = "a"
when = [{ field = "kind", eq = "a" }]
stages = [{ id = "s", name = "s", approvers = [{ role = "x" }] }]
[[branches]]
name = "b"
when = [{ field = "kind", eq = "b" }, { field = "amount", lt = "100.00" }]
stages = [{ id = "s", name = "s", approvers = [{ role = "x" }] }]
[[branches]]
name = "b_small"
when = [{ field = "kind", eq = "b" }, { field = "amount", lt = "50.00" }]
stages = [{ id = "s", name = "s", approvers = [{ role = "x" }] }]
"""
case("every gap and overlap is reported as a region, not only the first point found", "route.load",
     {"text": KINDS, "format": "toml"},
     errors=[{"code": "route.gap", "field": "branches",
              "message_en": "route `k` has no branch for an application with kind = c"},
             {"code": "route.gap", "field": "branches",
              "message_en": "route `k` has no branch for an application with kind = b, amount ≥ 100.00"},
             {"code": "route.overlap", "field": "branches",
              "message_en": "route `k`: an application with kind = b, amount from 0.00 to 49.99 matches branches `b`, `b_small`"}])
case("a gap is reported beside a stage's problems: one check shows everything to fix", "route.load",
     {"text": GAP.replace('approvers = [{ role = "x" }] }]\n[[branches]]', 'approvers = [] }]\n[[branches]]', 1), "format": "toml"},
     errors=[{"code": "route.unresolvable", "field": "branches[0].stages[0].approvers"},
             {"code": "route.gap", "field": "branches",
              "message_en": "route `r` has no branch for an application with amount = 5000.00"}])
case("a branch no amount can take is unreachable", "route.load",
     {"text": GAP.replace('gt = "5000.00"', 'ge = "5000.00"') + '[[branches]]\nname = "never"\nwhen = [{ field = "amount", lt = "0.00" }]\nstages = [{ id = "a", name = "a", approvers = [{ role = "x" }] }]\n', "format": "toml"},
     errors=[{"code": "route.unreachable", "field": "branches[2]"}])
case("a return target must be an earlier stage", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "a"\nname = "a"\napprovers = [{ role = "x" }]\nreturn_to = ["b"]\n[[stages]]\nid = "b"\nname = "b"\napprovers = [{ role = "y" }]\n', "format": "toml"},
     errors=[{"code": "route.return_target", "field": "stages[0].return_to[0]",
              "message_en": "route `r`, stage `a`: return target `b` is not an earlier stage"}])
case("a copy goes to people: a role in a stage's cc is refused, not dropped", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "a"\nname = "a"\napprovers = [{ role = "x" }]\ncc = [{ role = "party_office" }, { person = "p1" }]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].cc[0]"}])
case("a pick the route does not declare can never be resolved", "route.load",
     {"text": '{"id": "r", "name": "r", "effective_from": "2023-01-01", "stages": [{"id": "a", "name": "a", "approvers": [{"picked": "leader"}]}]}', "format": "json"},
     errors=[{"code": "route.unresolvable", "field": "stages[0].approvers[0]"}])
case("an unknown key is a schema error", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\ncolour = "red"\n', "format": "toml"},
     errors=[{"code": "route.schema"}])

# --- approval.decide: a regular project below the threshold -----------------
SUBMIT = {"type": "submit", "route": procurement, "name": "村道修缮",
          "fields": {"kind": "regular", "amount": "4999.99"}}
case("submitting chooses the branch and starts the finance review", "approval.decide",
     decide(None, APPLICANT, SUBMIT, "s1"),
     {"events": [{"version": 1, "schema": 1, "actor": "li", "change": {"type": "submitted"}},
                 {"version": 2, "change": {"type": "stage_started", "stage": 0}}],
      "state": {"status": "pending", "stage": 0, "route": {"branch": "regular_below_threshold",
                "chosen_by": ["kind = regular", "amount < 5000.00"]}},
      "retry": False, "version": 2})
submitted = step(None, APPLICANT, SUBMIT, "s1")
case("the mayor may not act before the finance bureau: forbidden", "approval.decide",
     decide(submitted, MAYOR, APPROVE, "m1"), errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("the finance bureau approves: the leaders' joint stage starts", "approval.decide",
     decide(submitted, FINANCE, {"type": "approve", "comment": "同意"}, "f1"),
     {"state": {"status": "pending", "stage": 1}, "version": 5})
reviewed = step(submitted, FINANCE, APPROVE, "f1")
# 并加签 in a single stage: the added signer signs with the stage.
HE = actor("he")
alongside = step(submitted, FINANCE, {"type": "add_signer", "person": "he", "position": "parallel"}, "f-add")
finance_signed = step(alongside, FINANCE, APPROVE, "f-ok")
case("并加签 in a single stage: the approver's own approval leaves the stage waiting for the signer added alongside",
     "approval.decide", decide(alongside, FINANCE, APPROVE, "f-ok"),
     {"events": [{"change": {"type": "decided", "approved": True}}], "state": {"status": "pending", "stage": 0}})
case("并加签 in a single stage: the added signer's approval then passes it", "approval.decide",
     decide(finance_signed, HE, APPROVE, "he-ok"),
     {"events": [{"change": {"type": "decided", "approved": True}}, {"change": {"type": "stage_completed", "stage": 0}},
                 {"change": {"type": "stage_started", "stage": 1}}],
      "state": {"status": "pending", "stage": 1}})
case("并加签 in a single stage: the added signer's approval alone does not pass it", "approval.decide",
     decide(alongside, HE, APPROVE, "he-first"),
     {"events": [{"change": {"type": "decided", "approved": True}}], "state": {"status": "pending", "stage": 0}})
case("a retry of the same request changes nothing", "approval.decide",
     decide(reviewed, FINANCE, APPROVE, "f1"), {"events": [], "retry": True, "version": 5, "state": {"stage": 1}})
case("the same request id for another command is refused", "approval.decide",
     decide(reviewed, FINANCE, {"type": "reject"}, "f1"), errors=[{"code": "approval.request_reused", "field": "request.request_id"}])
case("a command dated before the application's last change is refused at now: history does not run backwards",
     "approval.decide", decide(reviewed, MAYOR, APPROVE, "m0", now="2023-07-20 09:59:59"),
     errors=[{"code": "approval.invalid", "field": "now"}])
case("a retry dated earlier is still a retry", "approval.decide",
     decide(reviewed, FINANCE, APPROVE, "f1", now="2023-07-19 10:00:00"),
     {"events": [], "retry": True, "version": 5})
one = step(reviewed, MAYOR, APPROVE, "m2")
case("会签: one of three approvals leaves the stage waiting", "approval.decide",
     decide(reviewed, MAYOR, APPROVE, "m2"), {"state": {"status": "pending", "stage": 1}})
case("会签: the mayor cannot approve twice", "approval.decide",
     decide(one, MAYOR, APPROVE, "m3"), errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("选择分管领导: a supervising leader the applicant did not choose may not approve for the one it did",
     "approval.decide", decide(one, actor("qian", "supervising_leader"), APPROVE, "w0"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("a procurement application names the applicant's supervising leader: without one it is refused at the actor",
     "approval.decide", decide(None, actor("li", "applicant", org="村委"), SUBMIT, "s0"),
     errors=[{"code": "route.unresolvable", "field": "request.actor.supervisor"}])
case("a blank supervisor names nobody, and is refused as no supervisor is: a slot for `\"\"` would wait for ever",
     "approval.decide", decide(None, actor("li", "applicant", org="村委", supervisor=" "), SUBMIT, "s0"),
     errors=[{"code": "route.unresolvable", "field": "request.actor.supervisor"}])
two = step(one, SUPERVISING, APPROVE, "w1")
case("the last joint approval files the application", "approval.decide",
     decide(two, PROCUREMENT, APPROVE, "p1"),
     {"events": [{"change": {"type": "decided", "approved": True}}, {"change": {"type": "stage_completed", "stage": 1}},
                 {"change": {"type": "completed", "outcome": "file"}}],
      "state": {"status": "filed"}})
filed = step(two, PROCUREMENT, APPROVE, "p1")
case("a filed application accepts nothing: invalid for everyone", "approval.decide",
     decide(filed, PROCUREMENT, APPROVE, "p2"), errors=[{"code": "approval.invalid_transition", "field": "request.command", "detail": {"status": "filed"}}])
case("nor a withdrawal by its applicant", "approval.decide",
     decide(filed, APPLICANT, {"type": "withdraw"}, "l9"), errors=[{"code": "approval.invalid_transition", "field": "request.command"}])
case("a stranger may not withdraw someone's application", "approval.decide",
     decide(reviewed, MAYOR, {"type": "withdraw"}, "m9"), errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("the applicant withdraws while pending", "approval.decide",
     decide(reviewed, APPLICANT, {"type": "withdraw", "comment": "预算调整"}, "l1"),
     {"events": [{"change": {"type": "withdrawn"}}], "state": {"status": "withdrawn"}})
case("退回 to the applicant", "approval.decide",
     decide(reviewed, MAYOR, {"type": "return", "comment": "补充报价单"}, "m4"),
     {"events": [{"change": {"type": "returned", "from": 1, "to": None}}], "state": {"status": "returned", "returned_from": 1}})
case("退回 to the finance review", "approval.decide",
     decide(reviewed, MAYOR, {"type": "return", "to": "finance_review", "comment": "重新核价"}, "m5"),
     {"state": {"status": "pending", "stage": 0}})
returned = step(reviewed, MAYOR, {"type": "return", "comment": "补充报价单"}, "m4")
case("returned, it is on its applicant's to-do list (to edit and resubmit), and no longer on the mayor's",
     "approval.list", {"applications": [returned], "person": APPLICANT, "list": "todo"},
     {"applications": [{"status": "returned"}]})
case("a creation window that ends before it starts is refused at its end, not answered with nothing", "approval.list",
     {"applications": [returned], "person": APPLICANT, "list": "mine",
      "filter": {"created_from": "2023-07-21 00:00:00", "created_to": "2023-07-20 00:00:00"}},
     errors=[{"code": "request.invalid", "field": "filter.created_to"}])
case("a list shows a status in the engine's words where the route has none of its own", "approval.list",
     {"applications": [returned], "person": APPLICANT, "list": "mine"},
     {"applications": [{"status": "returned", "status_label": "已退回"}]})
case("the mayor's to-do list no longer has it", "approval.list",
     {"applications": [returned], "person": MAYOR, "list": "todo"}, {"applications": []})
case("a stage cannot return to itself: return targets are earlier stages", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "first"\nname = "f"\n'
              'approvers = [{ role = "a" }]\n[[stages]]\nid = "second"\nname = "s"\n'
              'approvers = [{ role = "b" }]\nreturn_to = ["second"]\n', "format": "toml"},
     errors=[{"code": "route.return_target", "field": "stages[1].return_to[0]"}])
case("a return without its reason is refused at the comment (退回须说明理由)", "approval.decide",
     decide(reviewed, MAYOR, {"type": "return", "comment": " "}, "m-noreason"),
     errors=[{"code": "field.required", "field": "request.command.comment"}])
case("a rejection without its reason is refused at the comment (驳回须说明理由)", "approval.decide",
     decide(reviewed, MAYOR, {"type": "reject"}, "m-noreason2"),
     errors=[{"code": "field.required", "field": "request.command.comment",
              "message_en": "a rejection needs its reason in `comment`"}])
case("a stranger's rejection without a reason is forbidden first: the actor is checked before the command", "approval.decide",
     decide(reviewed, actor("stranger"), {"type": "reject"}, "x-noreason"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("resubmitted with an edited amount (a field that chose the branch), it goes through the whole route again: "
     "the finance review sees the new amount, though the route resubmits to the returning stage", "approval.decide",
     decide(returned, APPLICANT, {"type": "resubmit", "fields": {"amount": "4800.00"}}, "l2"),
     {"events": [{"change": {"type": "resubmitted"}}, {"change": {"type": "stage_started", "stage": 0}}],
      "state": {"status": "pending", "stage": 0, "fields": {"kind": "regular", "amount": "4800.00"}}})
case("a resubmission may not blank what the application holds (a stage would wait on, or pass with, nobody)",
     "approval.decide", decide(returned, APPLICANT, {"type": "resubmit", "fields": {"amount": " "}}, "l-blank"),
     errors=[{"code": "field.required", "field": "request.command.fields.amount",
              "message_en": "`amount` must not be empty (leave it out to keep it as it is)"}])
case("resubmitted with the amount as it was (written another way), it goes back to the stage that returned it",
     "approval.decide",
     decide(returned, APPLICANT, {"type": "resubmit", "fields": {"amount": "¥4,999.99", "scale": "两公里"}}, "l2b"),
     {"state": {"status": "pending", "stage": 1, "fields": {"kind": "regular", "amount": "4999.99", "scale": "两公里"}}})
REPAIR = {**SUBMIT, "fields": {"kind": "basic_repair", "amount": "80000.00"}}
case("a basic repair is the party office's to apply for (采购申请 (党政办)): anyone else is forbidden", "approval.decide",
     decide(None, APPLICANT, REPAIR, "s-repair"),
     errors=[{"code": "approval.forbidden", "field": "request.actor",
              "message_en": "forbidden: only `party_office` may submit an application of this kind"}])
case("the party office applies: the finance review starts", "approval.decide",
     decide(None, actor("dang", "party_office", supervisor="wang"), REPAIR, "s-repair2"),
     {"state": {"status": "pending", "stage": 0, "route": {"branch": "basic_repair"}}})
case("the applicant's supervising leader (their record's `supervisor`) becomes a slot: a person id with a space is refused there",
     "approval.decide", decide(None, actor("li", "applicant", supervisor="wang "), SUBMIT, "s-sup"),
     errors=[{"code": "field.charset", "field": "request.actor.supervisor", "detail": {"character": "U+0020"}}])
case("a name of nothing visible (a zero-width space) is no name", "approval.decide",
     decide(None, APPLICANT, {**SUBMIT, "name": "\u200b"}, "s-zw"),
     errors=[{"code": "field.required", "field": "request.command.name"}])
case("an amount given as people write it is kept as the route reads it: ¥4,999.99 is 4999.99, in the event and the state",
     "approval.decide", decide(None, APPLICANT, {**SUBMIT, "fields": {"kind": "regular", "amount": "¥4,999.99"}}, "s-yuan"),
     {"events": [{"change": {"type": "submitted", "fields": {"kind": "regular", "amount": "4999.99"}}}, {}],
      "state": {"fields": {"kind": "regular", "amount": "4999.99"}, "route": {"branch": "regular_below_threshold"}}})
case("an edited amount is kept as the route reads it too: 3,000 is 3000.00", "approval.decide",
     decide(returned, APPLICANT, {"type": "resubmit", "fields": {"amount": "3,000"}}, "l-yuan"),
     {"state": {"fields": {"kind": "regular", "amount": "3000.00"}}})
case("a field the route does not declare is refused, never ignored", "approval.decide",
     decide(None, APPLICANT, {**SUBMIT, "fields": {"kind": "regular", "ammount": "4999.99"}}, "typo"),
     errors=[{"code": "approval.invalid", "field": "request.command.fields.ammount"}])
case("a missing field is named when no branch matches", "approval.decide",
     decide(None, APPLICANT, {**SUBMIT, "fields": {"kind": "regular"}}, "nofield"),
     errors=[{"code": "route.no_branch", "field": "request.command.fields",
              "message_en": "the application matches no branch of route `procurement` (not given: `amount`)"}])
case("a route applies from its effective date", "approval.decide",
     decide(None, APPLICANT, SUBMIT, "early", now="2022-12-31 23:59:59"),
     errors=[{"code": "route.not_in_force", "field": "request.command.route.effective_from"}])
case("an edit that would change the branch is refused", "approval.decide",
     decide(returned, APPLICANT, {"type": "resubmit", "fields": {"amount": "5000.00"}}, "l3"),
     errors=[{"code": "approval.invalid", "field": "request.command.fields"}])
case("an unknown command field is refused at its path", "approval.decide",
     decide(reviewed, MAYOR, {"type": "approve", "coment": "typo"}, "m6"),
     errors=[{"code": "request.invalid", "field": "request.command.coment"}])
case("a key a command does not have is refused even on a command without keys", "approval.decide",
     decide(reviewed, APPLICANT, {"type": "remind", "x": 1}, "rx"),
     errors=[{"code": "request.invalid", "field": "request.command.x"}])
case("the role `mayor` from another area may still act: the role is not scoped", "approval.decide",
     decide(reviewed, actor("zhou2", "mayor", area="锦溪"), APPROVE, "z1"), {"state": {"stage": 1}})

# 转办 to someone who fills another slot of the 会签: each part is signed.
handed = step(reviewed, MAYOR, {"type": "transfer", "to": "sun", "comment": "请孙代批"}, "t-hand")
case("转办 marks the slot with who handed it", "approval.decide",
     decide(reviewed, MAYOR, {"type": "transfer", "to": "sun", "comment": "请孙代批"}, "t-hand"),
     {"events": [{"change": {"type": "transferred", "to": "sun"}}],
      "state": {"slots": [{"candidate": {"person": "sun"}, "transferred_by": "zhou"}, {}, {}],
                "deciders": ["zhao", "zhou"]}})
case("转办 is handling it: the application is on its maker's 已办 list", "approval.list",
     {"applications": [handed], "person": MAYOR, "list": "done"}, {"applications": [{"route": "procurement"}]})
case("and not on the 已办 list of the one it was handed to, until they decide", "approval.list",
     {"applications": [handed], "person": PROCUREMENT, "list": "done"}, {"applications": []})
handed = step(handed, SUPERVISING, APPROVE, "t-w")
case("the procurement leader signs the mayor's part handed to him: his own part still awaits his signature, "
     "so the 会签 is not filed on two signatures", "approval.decide",
     decide(handed, PROCUREMENT, APPROVE, "t-s1"),
     {"events": [{"change": {"type": "decided", "slot": 1}}], "state": {"status": "pending", "stage": 1}})
handed = step(handed, PROCUREMENT, APPROVE, "t-s1")
case("and his second approval signs his own part: filed", "approval.decide",
     decide(handed, PROCUREMENT, APPROVE, "t-s2"),
     {"events": [{"change": {"type": "decided", "slot": 3}}, {"change": {"type": "stage_completed"}}, {}],
      "state": {"status": "filed"}})

# --- the large route's uploads ----------------------------------------------
big = step(None, APPLICANT, {**SUBMIT, "fields": {"kind": "regular", "amount": "5000.00"}}, "b1")
big = step(big, FINANCE, APPROVE, "b2")
for who, rid in ((SECRETARY, "b3"), (MAYOR, "b4"), (SUPERVISING, "b5"), (PROCUREMENT, "b6")):
    big = step(big, who, APPROVE, rid)
case("the meeting minutes must be uploaded before the stage completes", "approval.decide",
     decide(big, FINANCE, APPROVE, "b7"),
     errors=[{"code": "approval.upload_missing", "detail": {"missing": ["meeting_minutes"]}}])
case("only the stage's approvers upload", "approval.decide",
     decide(big, APPLICANT, {"type": "upload", "kind": "meeting_minutes", "files": ["m.pdf"]}, "b8"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("a copy (抄送) that names nobody is refused at what to give, as an approver is, not dropped",
     "approval.decide",
     decide(None, {"id": "li"}, {"type": "submit", "name": "用印", "picks": {"leader": "zhou"},
                                 "route": {**call("route.preset", {"name": "seal"}),
                                           "stages": [{**call("route.preset", {"name": "seal"})["stages"][0],
                                                       "cc": ["supervising_leader"]}]}}, "cc0"),
     errors=[{"code": "route.unresolvable", "field": "request.actor.supervisor"}])
case("an upload of no file is refused", "approval.decide",
     decide(big, FINANCE, {"type": "upload", "kind": "meeting_minutes", "files": []}, "b9"),
     errors=[{"code": "field.required", "field": "request.command.files"}])
case("an upload with a blank file reference is refused at it, not kept as a file", "approval.decide",
     decide(big, FINANCE, {"type": "upload", "kind": "meeting_minutes", "files": ["minutes.pdf", " "]}, "b9"),
     errors=[{"code": "field.required", "field": "request.command.files[1]",
              "message_en": "a file reference must not be empty"}])
case("the finance bureau uploads the minutes", "approval.decide",
     decide(big, FINANCE, {"type": "upload", "kind": "meeting_minutes", "files": ["minutes.pdf"]}, "b9"),
     {"events": [{"change": {"type": "uploaded", "kind": "meeting_minutes"}}],
      "state": {"uploads": [{"stage": "meeting_minutes", "kind": "meeting_minutes", "files": ["minutes.pdf"], "by": "zhao"}]}})

minutes = step(big, FINANCE, {"type": "upload", "kind": "meeting_minutes", "files": ["minutes.pdf"]}, "b9")
building = step(minutes, FINANCE, APPROVE, "b10")
case("at construction the applicant uploads the logs, but may not 退回 their own application to edit what the 会签 "
     "approved: a return is a reviewer's decision", "approval.decide",
     decide(building, APPLICANT, {"type": "return", "comment": "改金额"}, "b11"),
     errors=[{"code": "approval.forbidden", "field": "request.actor",
              "message_en": "forbidden: a return is a reviewer's decision: the applicant cannot return their own application "
                            "(they may withdraw it)"}])
case("nor to an earlier stage", "approval.decide",
     decide(building, APPLICANT, {"type": "return", "to": "finance_review", "comment": "重审"}, "b12"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
handed_on = step(building, APPLICANT, {"type": "transfer", "to": "xu", "comment": "请小徐上传"}, "b13")
case("nor by a colleague the applicant handed the stage to (转办): the part is still the applicant's", "approval.decide",
     decide(handed_on, actor("xu"), {"type": "return", "comment": "改金额"}, "b14"),
     errors=[{"code": "approval.forbidden", "field": "request.actor",
              "message_en": "forbidden: a part the applicant handed on is still the applicant's: it cannot return their application"}])
case("allowed_actions says so", "approval.allowed",
     {"state": building, "actor": APPLICANT, "now": LATER},
     {"allowed": ["withdraw", "transfer", "delegate", "add_signer", "cc", "upload"],
      "actions": [{}, {"action": "reject", "allowed": False, "reason": {"code": "approval.invalid_transition"}},
                  {"action": "return", "allowed": False, "reason": {"code": "approval.forbidden"}}] + [{}] * 7
                 # 催办 of a stage only the applicant handles reminds nobody.
                 + [{"action": "remind", "allowed": False, "reason": {"code": "approval.invalid_transition"}}]
                 + [{}] * 2})

# --- a vote ------------------------------------------------------------------
VOTE = """id = "vote"
name = "评审投票"
effective_from = 2023-01-01
[[stages]]
id = "panel"
name = "专家评审"
mode = "vote"
pass_ratio = "60%"
approvers = [{ person = "e1" }, { person = "e2" }, { person = "e3" }, { person = "e4" }, { person = "e5" }]
"""
vote_route = call("route.load", {"text": VOTE, "format": "toml"})
v = step(None, APPLICANT, {"type": "submit", "route": vote_route, "name": "评审"}, "v0")
v = step(v, actor("e1"), {"type": "reject", "comment": "不同意"}, "v1")
v = step(v, actor("e2"), {"type": "reject", "comment": "不同意"}, "v2")
case("票签 60% of five: a third rejection makes three approvals impossible", "approval.decide",
     decide(v, actor("e3"), {"type": "reject", "comment": "不同意"}, "v3"),
     {"events": [{"change": {"type": "decided", "approved": False}}, {"change": {"type": "stage_failed"}}],
      "state": {"status": "rejected"}})

v2 = step(None, APPLICANT, {"type": "submit", "route": vote_route, "name": "评审"}, "w0")
case("票签: a voter may not 退回: it would discard the others' votes (nobody may, in a vote)", "approval.decide",
     decide(v2, actor("e1"), {"type": "return", "comment": "补充材料"}, "w1"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command"}])
VETO = VOTE.replace('id = "vote"', 'id = "veto"').replace('pass_ratio = "60%"', 'veto = true')
veto_route = call("route.load", {"text": VETO, "format": "toml"})
w = step(None, APPLICANT, {"type": "submit", "route": veto_route, "name": "评审"}, "x0")
for k in (1, 2):
    w = step(w, actor(f"e{k}"), APPROVE, f"x{k}")
case("票签 with a veto (一票否决): three of five approved, the stage still waits, for every voter holds the veto until they vote",
     "approval.decide", decide(w, actor("e3"), APPROVE, "x3"),
     {"events": [{"change": {"type": "decided", "approved": True}}], "state": {"status": "pending", "stage": 0}})
w = step(w, actor("e3"), APPROVE, "x3")
case("and a fourth voter's rejection vetoes it", "approval.decide",
     decide(w, actor("e4"), {"type": "reject", "comment": "不同意"}, "x4"),
     {"events": [{}, {"change": {"type": "stage_failed"}}], "state": {"status": "rejected"}})
case("a reason of nothing visible (a zero-width space) is no reason", "approval.decide",
     decide(v2, actor("e1"), {"type": "reject", "comment": "\u200b"}, "w2"),
     errors=[{"code": "field.required", "field": "request.command.comment"}])
case("an actor's role with an invisible character is refused: no stage asks for it", "approval.decide",
     decide(v2, actor("e1", "exp\u200bert"), APPROVE, "w3"),
     errors=[{"code": "field.charset", "field": "request.actor.roles[0]", "detail": {"character": "U+200B"}}])
case("a route's names are matched as written: a role with a zero-width space is refused when the route loads",
     "route.load", {"text": VOTE.replace('{ person = "e1" }', '{ role = "exp\u200bert" }'), "format": "toml"},
     errors=[{"code": "field.charset", "field": "stages[0].approvers[0]"}])
case("a 票签 cannot escalate on timeout: every open vote would go to one person", "route.load",
     {"text": VOTE + 'deadline_hours = 24\non_timeout = { escalate = "chief" }\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].on_timeout"}])
MONEY_APPROVER = """id = "m"
name = "m"
effective_from = 2023-01-01
required_fields = ["amount"]
[fields]
amount = "money"
[[stages]]
id = "a"
name = "a"
approvers = [{ person = "e1" }]
cc = [{ field = "amount" }]
"""
case("a field that is not text names nobody: an amount as a copy's recipient is refused, in a copy's words", "route.load",
     {"text": MONEY_APPROVER, "format": "toml"},
     errors=[{"code": "route.unresolvable", "field": "stages[0].cc[0]",
              "message_en": "route `m`, stage `a`: this copy's recipient can never be resolved: "
                            "the field `amount` is not text: it cannot hold a person id"}])
case("a deadline of no time is refused: the timeout would act at the first tick", "route.load",
     {"text": VOTE + 'deadline_hours = 0\non_timeout = "auto_approve"\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].deadline_hours"}])

# --- tick, replay, allowed, list ---------------------------------------------
TIMED = """id = "timed"
name = "限时审批"
effective_from = 2023-01-01
[[stages]]
id = "a"
name = "a"
approvers = [{ person = "a" }]
remind_after_hours = 2
deadline_hours = 24
on_timeout = "auto_approve"
"""
timed = step(None, APPLICANT, {"type": "submit", "route": call("route.load", {"text": TIMED, "format": "toml"}), "name": "t"}, "t0")
case("before the reminder time, a tick does nothing", "approval.tick",
     {"state": timed, "now": "2023-07-20 11:00:00", "seed": 1}, {"events": [], "state": {"status": "pending"}})
case("after two hours, the reminder is due", "approval.tick",
     {"state": timed, "now": "2023-07-20 12:00:01", "seed": 2},
     {"events": [{"actor": None, "change": {"type": "reminder_due", "stage": 0, "awaiting": [{"person": "a"}]}}],
      "state": {"reminder_given": True}})
case("after the deadline, the stage approves itself and the application is filed", "approval.tick",
     {"state": timed, "now": "2023-07-21T10:00:00+08:00", "seed": 3},
     {"state": {"status": "filed", "timed_out": True}})
ESCALATED = """id = "escalated"
name = "逾期转上级"
effective_from = 2023-01-01
[[stages]]
id = "a"
name = "依次审核"
mode = "sequential"
approvers = [{ person = "a1" }, { person = "a2" }, { person = "a3" }]
deadline_hours = 24
on_timeout = { escalate = "boss" }
"""
esc = step(None, APPLICANT, {"type": "submit", "route": call("route.load", {"text": ESCALATED, "format": "toml"}),
                             "name": "e"}, "e0")
esc = step(esc, actor("a1"), APPROVE, "e1")
esc = call("approval.tick", {"state": esc, "now": "2023-07-21T12:00:00+08:00", "seed": 4})["state"]
case("依次, escalated at its deadline: the two slots left go to the one person, who decides once for both",
     "approval.decide", decide(esc, actor("boss"), APPROVE, "e2", now="2023-07-21 13:00:00"),
     {"events": [{"change": {"type": "decided", "slot": 1}}, {"change": {"type": "decided", "slot": 2}},
                 {"change": {"type": "stage_completed"}}, {}],
      "state": {"status": "filed"}})
events = call("approval.decide", decide(None, APPLICANT, SUBMIT, "s1"))["events"]
case("replaying the events rebuilds the application", "approval.replay", {"events": events},
     {"state": {"status": "pending", "version": 2, "route": {"branch": "regular_below_threshold"}}})
case("an event whose change holds a wrong value is refused at that key", "approval.replay",
     {"events": [{**events[1], "change": {**events[1]["change"], "stage": "first"}}]},
     errors=[{"code": "request.invalid", "field": "events[0].change.stage"}])
case("events out of order are refused", "approval.replay", {"events": list(reversed(events))},
     errors=[{"code": "approval.invalid", "field": "events[0]"}])
case("the applicant of a pending application may withdraw, remind and copy", "approval.allowed",
     {"state": reviewed, "actor": APPLICANT, "now": LATER},
     {"allowed": ["withdraw", "cc", "remind"]})
case("a stranger may do nothing, and is told it is forbidden", "approval.allowed",
     {"state": reviewed, "actor": actor("x"), "now": LATER},
     {"allowed": [], "actions": [{"action": "approve", "allowed": False, "reason": {"code": "approval.forbidden"}}] + [{}] * 12})
case("before the application's last change nothing is allowed, for decide's reason", "approval.allowed",
     {"state": reviewed, "actor": MAYOR, "now": "2023-07-20 09:00:00"},
     {"allowed": [], "actions": [{"action": "approve", "allowed": False,
                                  "reason": {"code": "approval.invalid", "field": "now"}}] + [{}] * 12})
case("待办: the joint stage waits for the mayor", "approval.list",
     {"applications": [reviewed, filed], "person": MAYOR, "list": "todo"},
     {"applications": [{"name": "村道修缮", "status": "pending", "stage": "镇长、分管领导、政务采购分管领导会签"}]})
case("待办 for the finance bureau is empty once it has approved; 已办 has it", "approval.list",
     {"applications": [reviewed], "person": FINANCE, "list": "done"}, {"applications": [{"route": "procurement"}]})
case("我的申请, filtered by status", "approval.list",
     {"applications": [reviewed, filed], "person": APPLICANT, "list": "mine", "filter": {"status": "filed"}},
     {"applications": [{"status": "filed"}]})

# --- flow.run: a scenario rehearsed ------------------------------------------
SCENARIO = json.loads((Path(__file__).resolve().parents[2] / "cli" / "examples" / "scenarios" /
                       "procurement_regular.json").read_text(encoding="utf-8"))
case("flow.run plays the sample scenario to filing: every step accepted, nothing left to do", "flow.run", SCENARIO,
     {"steps": [{"ok": True, "events": [{"change": {"type": "submitted"}}, {"change": {"type": "stage_started"}}]},
                {"ok": True}, {"ok": True}, {"ok": True, "events": [{"change": {"type": "reminded", "awaiting": [
                    {"person": "wang"}, {"role": {"role": "procurement_leader", "org": None, "area": None}}]}}]},
                {"ok": True},
                {"ok": True, "state": {"status": "filed"}}],
      "final": {"status": "filed", "stage": None, "awaiting": [], "branch": "regular_below_threshold",
                "chosen_by": ["kind = regular", "amount < 5000.00"]},
      "todo": {"li": [], "zhao": [], "zhou": [], "wang": [], "sun": []}})
stranger_first = {**SCENARIO, "steps": SCENARIO["steps"][:1] + [
    {"at": "2023-07-20 10:00:00", "actor": MAYOR, "command": {"type": "approve"}}]}
case("a refused step is reported and changes nothing; the final state names who is awaited, a role no one in the scenario holds too", "flow.run", stranger_first,
     {"steps": [{"ok": True}, {"ok": False, "errors": [{"code": "approval.forbidden", "field": "steps[1].actor"}]}],
      "final": {"status": "pending", "stage": "finance_review",
                "awaiting": [{"role": {"role": "finance_bureau", "org": None, "area": None}}]},
      "todo": {"li": [], "zhou": []}})
case("a scenario whose route fails its checks is refused before any step, at the route", "flow.run",
     {**SCENARIO, "route": {**call("route.preset", {"name": "seal"}), "stages": []}, "options": None},
     errors=[{"code": "route.inconsistent", "field": "route.stages"}])
case("options apply only to a preset given by name", "flow.run",
     {**SCENARIO, "route": call("route.preset", {"name": "seal"})},
     errors=[{"code": "request.invalid", "field": "options"}])
SEAL_STEPS = [{"at": "2023-07-20 10:00:00", "actor": APPLICANT, "command": {"type": "submit"}},
              {"at": "2023-07-20 11:00:00", "actor": {**MAYOR, "roles": ["mayor", "main_leader"]},
               "command": {"type": "approve"}}]
case("a scenario rehearses a route's versions: the one in force at the submission applies", "flow.run",
     {"route": SEALS, "application": {"name": "用印"}, "picks": PICKED, "steps": SEAL_STEPS},
     {"steps": [{"ok": True, "state": {"route": {"version": "2023-07"}}}, {"ok": True, "state": {"status": "filed"}}],
      "final": {"status": "filed"}})
case("a version of a scenario's route that fails its checks is named at its place", "flow.run",
     {"route": [SEALS[1], {**SEALS[2], "stages": []}], "application": {"name": "用印"}, "picks": PICKED,
      "steps": SEAL_STEPS},
     errors=[{"code": "route.inconsistent", "field": "route[1].stages"}])
case("steps beyond the limit (100) are refused for size", "flow.run",
     {**SCENARIO, "steps": SCENARIO["steps"][:1] * 101},
     errors=[{"code": "request.too_large", "field": "steps"}])

# --- OKR: the main leader approves directly (直接通过); the party office
# completes (完善) the assignment as it publishes -------------------------------
PARTY = actor("dang", "party_office")
MAIN = actor("zhou", "main_leader")
OKR_ASSIGN = {"handling_unit": "unit-7", "supervising_leader": "wang"}
okr_new = step(None, PARTY, {"type": "submit", "route": "okr", "name": "村道亮化", "fields": {"details": "安装路灯"},
                             "picks": {"approving_leader": "zhou"}}, "okr1")
case("okr: the main leader may approve directly (直接通过), assigning nobody", "approval.decide",
     decide(okr_new, MAIN, APPROVE, "okr2"),
     {"state": {"status": "pending", "stage": 1, "fields": {"details": "安装路灯"}}})
okr_approved = step(okr_new, MAIN, APPROVE, "okr2")
case("okr: what may I do tells the party office's form that publishing needs the unit and the leader, and may set the date",
     "approval.allowed", {"state": okr_approved, "actor": PARTY, "now": "2023-07-21 10:00:00"},
     {"actions": [{"action": "approve", "allowed": True, "fields_required": ["handling_unit", "supervising_leader"],
                   "fields_optional": ["remind_at"]}] + [{}] * 12})
case("okr: the party office cannot publish before the handling unit and the supervising leader are assigned",
     "approval.decide", decide(okr_approved, PARTY, APPROVE, "okr3"),
     errors=[{"code": "field.required", "field": "request.command.fields.handling_unit",
              "message_en": "approving needs `handling_unit`, `supervising_leader`"}])
okr_published = step(okr_approved, PARTY, {"type": "approve", "fields": {**OKR_ASSIGN, "remind_at": "2023-08-01"}}, "okr3")
case("okr: the day before its reminder date (23:59:59 in Shanghai) a tick reminds nobody", "approval.tick",
     {"state": okr_published, "now": "2023-07-31 23:59:59", "seed": 1}, {"events": []})
case("okr: from 00:00 on its reminder date (提醒时间) a tick reminds the handling unit, whose stage it is",
     "approval.tick", {"state": okr_published, "now": "2023-08-01T00:00:00+08:00", "seed": 2},
     {"events": [{"actor": None, "change": {"type": "reminder_due", "stage": 2, "awaiting": [{"person": "unit-7"}]}}],
      "state": {"reminder_given": True, "slots": [{"candidate": {"person": "unit-7"}}]}})
case("okr: the party office completes (完善) the assignment as it publishes; the unit signs next", "approval.decide",
     decide(okr_approved, PARTY, {"type": "approve", "fields": {**OKR_ASSIGN, "remind_at": "2023-08-01"}}, "okr3"),
     {"state": {"stage": 2, "fields": {**OKR_ASSIGN, "remind_at": "2023-08-01"},
                "slots": [{"candidate": {"person": "unit-7"}}]}})
case("okr: a handling unit named with a space is refused as every person id is: its stage would wait for ever",
     "approval.decide", decide(okr_new, MAIN, {"type": "approve", "fields": {**OKR_ASSIGN, "handling_unit": "unit 1"}}, "okr2s"),
     errors=[{"code": "field.charset", "field": "request.command.fields.handling_unit", "detail": {"character": "U+0020"}}])
case("okr: a supervising leader with a zero-width space likewise", "approval.decide",
     decide(okr_new, MAIN, {"type": "approve", "fields": {**OKR_ASSIGN, "supervising_leader": "wang\u200b"}}, "okr2z"),
     errors=[{"code": "field.charset", "field": "request.command.fields.supervising_leader", "detail": {"character": "U+200B"}}])
okr_assigned = step(okr_new, MAIN, {"type": "approve", "fields": OKR_ASSIGN}, "okr2")
case("okr: what the main leader assigned is published as it is, the party office giving nothing", "approval.decide",
     decide(okr_assigned, PARTY, APPROVE, "okr3"),
     {"state": {"stage": 2, "slots": [{"candidate": {"person": "unit-7"}}]}})
case("okr: a blank does not keep an assignment (leaving the field out does)", "approval.decide",
     decide(okr_assigned, PARTY, {"type": "approve", "fields": {"handling_unit": " "}}, "okr3"),
     errors=[{"code": "field.required", "field": "request.command.fields.handling_unit"}])
case("okr: the main leader scores nothing", "approval.decide",
     decide(okr_new, MAIN, {"type": "approve", "fields": {"party_office_score": "90"}}, "okr2"),
     errors=[{"code": "approval.invalid", "field": "request.command.fields.party_office_score"}])
# The supervising leader who is also the procurement leader signs the 会签
# once for both (trial: the stage waited for ever on a role nobody else held).
both = actor("sun", "procurement_leader", "supervising_leader")
repair = step(None, {**APPLICANT, "roles": ["party_office"], "supervisor": "sun"},
              {"type": "submit", "route": "procurement", "name": "基础修缮", "fields": {"kind": "basic_repair"}}, "br1")
repair = step(repair, FINANCE, APPROVE, "br2")
case("basic repair: the supervising leader who is also the procurement leader signs the 会签 once for both",
     "approval.decide", decide(repair, both, APPROVE, "br3"),
     {"state": {"status": "filed"}, "events": [{"change": {"type": "decided", "slot": 1, "by": {"id": "sun"}}},
                                                {"change": {"type": "decided", "slot": 2, "by": {"id": "sun"}}},
                                                {"change": {"type": "stage_completed"}},
                                                {"change": {"type": "completed", "outcome": "file"}}]})
case("basic repair: before, the 会签 is on their to-do list", "approval.list",
     {"applications": [repair], "person": both, "list": "todo"},
     {"applications": [{"name": "基础修缮", "status": "pending"}]})
# Nobody approves their own application (四眼原则, `applicant_approver =
# "refuse"`): trial, an applicant picked itself as the approving leader.
case("seal: the applicant cannot pick itself as the approving leader", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": "seal", "name": "自批用章", "picks": {"leader": "li"}}, "own1"),
     errors=[{"code": "approval.forbidden", "field": "request.command.picks.leader",
              "message_en": "forbidden: the applicant may not approve their own application (stage `leader`)"}])
case("procurement: an applicant who is its own supervising leader is refused", "approval.decide",
     decide(None, {**APPLICANT, "supervisor": "li"},
            {"type": "submit", "route": "procurement", "name": "自批", "fields": {"kind": "emergency"}}, "own2"),
     errors=[{"code": "approval.forbidden", "field": "request.actor.supervisor"}])
own_finance = {**APPLICANT, "roles": ["party_office", "finance_bureau"]}
by_finance = step(None, own_finance, {"type": "submit", "route": "procurement", "name": "财政局自己的修缮",
                                      "fields": {"kind": "basic_repair"}}, "own3")
case("procurement: an applicant holding the finance bureau's role cannot review its own application",
     "approval.decide", decide(by_finance, own_finance, APPROVE, "own4"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("procurement: it is not on the applicant's to-do list; another holder of the role reviews it",
     "approval.list", {"applications": [by_finance], "person": own_finance, "list": "todo"}, {"applications": []})
case("procurement: nor is the review handed to the applicant (转办)", "approval.decide",
     decide(by_finance, FINANCE, {"type": "transfer", "to": "li"}, "own5"),
     errors=[{"code": "approval.forbidden", "field": "request.command.to"}])
okr_fresh = step(None, PARTY, {"type": "submit", "route": "okr", "name": "村道亮化", "fields": {"details": "安装路灯"},
                               "picks": {"approving_leader": "zhou"}}, "own6")
case("okr: the main leader cannot make the party office that created it review its completion", "approval.decide",
     decide(okr_fresh, MAIN, {"type": "approve", "fields": {"handling_unit": "unit-7", "supervising_leader": "dang"}},
            "own7"),
     errors=[{"code": "approval.forbidden", "field": "request.command.fields.supervising_leader"}])
case("a stage that refuses the applicant as approver cannot name the applicant", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "a"\nname = "a"\n'
              'approvers = ["applicant"]\napplicant_approver = "refuse"\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].approvers[0]"}])
ESCALATING = ('id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "a"\nname = "a"\n'
              'approvers = [{ role = "mayor" }]\napplicant_approver = "refuse"\ndeadline_hours = 24\n')
case("a stage that refuses the applicant cannot escalate to them: the submission is refused, not stuck later",
     "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "name": "x",
                              "route": call("route.load", {"text": ESCALATING + 'on_timeout = { escalate = "li" }\n',
                                                          "format": "toml"})}, "esc1"),
     errors=[{"code": "approval.forbidden", "field": "request.command.route.stages[0].on_timeout"}])
case("listing: a provider who is also an operator cannot review its own listing", "approval.decide",
     decide(step(None, actor("acme2", "provider", "operator"), LISTING, "pl-own"), actor("acme2", "provider", "operator"),
            APPROVE, "pl-own2"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("a person id typed with a space names nobody: refused as every typed identifier", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "zhou "}}, "ws1"),
     errors=[{"code": "field.charset", "field": "request.command.picks.leader"}])
case("an actor id with a zero-width space is refused at it", "approval.decide",
     decide(None, {"id": "li\u200b"}, {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "zhou"}}, "ws2"),
     errors=[{"code": "field.charset", "field": "request.actor.id", "detail": {"character": "U+200B"}}])
case("a blank attachment is refused at it, as a blank upload is", "approval.decide",
     decide(reviewed, MAYOR, {"type": "approve", "attachments": ["意见.pdf", ""]}, "m0"),
     errors=[{"code": "field.required", "field": "request.command.attachments[1]"}])
TWO_ROLES = actor("zhao", "finance_bureau", "mayor")
by_two = step(submitted, TWO_ROLES, APPROVE, "roles1")
case("a retry with the actor's roles in another order is the same command (roles are a set)", "approval.decide",
     decide(by_two, actor("zhao", "mayor", "finance_bureau", "mayor"), APPROVE, "roles1"),
     {"retry": True, "events": []})
# Route checks a trial found missing.
case("blank ids and names are refused when a route loads", "route.load",
     {"text": 'id = ""\nname = " "\neffective_from = 2023-01-01\n[[stages]]\nid = ""\nname = ""\n'
              'approvers = [{ role = "mayor" }]\n', "format": "toml"},
     errors=[{"code": "field.required", "field": "id"}, {"code": "field.required", "field": "name"},
             {"code": "field.required", "field": "stages[0].id"}, {"code": "field.required", "field": "stages[0].name"}])
case("an upload kind that is blank or listed twice is refused", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "a"\nname = "a"\n'
              'approvers = [{ role = "mayor" }]\nrequired_uploads = ["", "m", "m"]\n', "format": "toml"},
     errors=[{"code": "field.required", "field": "stages[0].required_uploads[0]"},
             {"code": "route.inconsistent", "field": "stages[0].required_uploads[2]"}])
case("a deadline with nothing to happen at it is refused", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "a"\nname = "a"\n'
              'approvers = [{ role = "mayor" }]\ndeadline_hours = 10\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].deadline_hours",
              "message_en": "route `r`, stage `a`: a deadline needs `on_timeout` (`auto_approve`, `auto_reject` "
                            "or `escalate`)"}])
case("a field a stage sets cannot also be required of the applicant, nor chosen on", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\nrequired_fields = ["unit"]\n'
              'fields = { unit = "text", kind = { choice = ["a", "b"] } }\n'
              '[[branches]]\nname = "a"\nwhen = [{ field = "unit", eq = "x" }]\n[[branches.stages]]\nid = "s"\nname = "s"\n'
              'approvers = [{ role = "mayor" }]\nsets_fields = ["unit"]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "required_fields[0]"},
             {"code": "route.inconsistent", "field": "branches[0].when[0]"}, {"field": "branches"}])
case("blank names in a route's lists are refused", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\npicks = [" "]\napplicant_roles = [""]\n'
              '[[stages]]\nid = "a"\nname = "a"\napprovers = [{ person = "wang\u200b" }]\n', "format": "toml"},
     errors=[{"code": "field.required", "field": "picks[0]"}, {"code": "field.required", "field": "applicant_roles[0]"},
             {"code": "field.charset", "field": "stages[0].approvers[0]"}])
case("archive: only the party office creates records", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": "archive", "name": "会议纪要",
                              "fields": {"title": "会议纪要", "record_type": "文书", "security_level": "internal",
                                         "number": "ZZ-2023-001", "filing_date": "2023-07-20", "location": "档案室",
                                         "category": "会议"}}, "ar1"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("archive: a record carries its text attachments", "approval.decide",
     decide(None, PARTY, {"type": "submit", "route": "archive", "name": "会议纪要",
                          "fields": {"title": "会议纪要", "record_type": "文书", "security_level": "internal",
                                     "number": "ZZ-2023-001", "filing_date": "2023-07-20", "location": "档案室",
                                     "category": "会议", "attachments": "a.pdf"}}, "ar1"),
     {"state": {"status": "pending", "fields": {"attachments": "a.pdf"}}})
# What a stage sets is its deciders' to fill, not the applicant's to settle
# in advance (seed 003: the main leader assigns the unit, the offices score,
# the leader decides whether a letter becomes an OKR project).
case("okr: the party office cannot assign the handling unit when it creates the project", "approval.decide",
     decide(None, PARTY, {"type": "submit", "route": "okr", "name": "村道亮化",
                          "fields": {"details": "安装路灯", "handling_unit": "unit-7"},
                          "picks": {"approving_leader": "zhou"}}, "okr1"),
     errors=[{"code": "approval.forbidden", "field": "request.command.fields.handling_unit",
              "message_en": "forbidden: `handling_unit` is set at stage `main_leader_approval` when it is handled, not in the application"}])
case("okr: nor give itself a score", "approval.decide",
     decide(None, PARTY, {"type": "submit", "route": "okr", "name": "村道亮化",
                          "fields": {"details": "安装路灯", "efficiency_office_score": "100"},
                          "picks": {"approving_leader": "zhou"}}, "okr1"),
     errors=[{"code": "approval.forbidden", "field": "request.command.fields.efficiency_office_score"}])
case("leader mailbox: the writer cannot decide that the letter becomes an OKR project", "approval.decide",
     decide(None, APPLICANT, {"type": "submit", "route": "leader_mailbox", "name": "路灯不亮",
                              "fields": {"letter": "村口路灯坏了", "to_okr": "yes"}, "picks": {"leader": "zhou"}}, "mb1"),
     errors=[{"code": "approval.forbidden", "field": "request.command.fields.to_okr"}])
case("a preview refuses a field a stage sets, as the submission would", "route.preview",
     {"route": "leader_mailbox", "fields": {"letter": "x", "to_okr": "no"}},
     errors=[{"code": "approval.forbidden", "field": "fields.to_okr"}])
okr_returned = step(okr_new, MAIN, {"type": "return", "comment": "请补充项目详情"}, "okr2r")
case("okr: nor assign it when it resubmits after a return", "approval.decide",
     decide(okr_returned, PARTY, {"type": "resubmit", "fields": {"handling_unit": "unit-7"}}, "okr3r"),
     errors=[{"code": "approval.forbidden", "field": "request.command.fields.handling_unit"}])
case("okr: a resubmission edits what the party office gives", "approval.decide",
     decide(okr_returned, PARTY, {"type": "resubmit", "fields": {"details": "安装路灯二十盏"}}, "okr3r"),
     {"state": {"status": "pending", "stage": 0, "fields": {"details": "安装路灯二十盏"}}})
case("a reminder's field must be declared as a date", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\nfields = { due = "text" }\n[[stages]]\n'
              'id = "a"\nname = "a"\napprovers = [{ role = "x" }]\nremind_on_field = "due"\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].remind_on_field"}])
case("a field that is both required and optional at a stage is refused when the route loads", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\nfields = { unit = "text" }\n[[stages]]\n'
              'id = "a"\nname = "a"\napprovers = [{ role = "x" }]\nsets_fields = ["unit"]\nmay_set_fields = ["unit"]\n',
      "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].may_set_fields[0]",
              "message_en": "route `r`, stage `a`: field `unit` is in `sets_fields` (must hold a value) "
                            "and cannot also be optional"}])

# Time and ids every event keeps.
case("a time whose UTC date is past 9999-12-31 is refused at now: no event could keep it", "approval.decide",
     decide(reviewed, MAYOR, APPROVE, "m0", now="9999-12-31T23:00:00-08:00"),
     errors=[{"code": "request.invalid_datetime", "field": "now",
              "message_en": "`9999-12-31T23:00:00-08:00` is outside the times that can be kept "
                            "(0001-01-01 to 9999-12-31 in UTC)"}])
case("a Shanghai time whose UTC date is before 0001-01-01 is refused at now", "approval.decide",
     decide(reviewed, MAYOR, APPROVE, "m0", now="0001-01-01 07:59:59"),
     errors=[{"code": "request.invalid_datetime", "field": "now"}])
# A stored application is read as strictly as any request: a key it does
# not have, at any depth, is refused where it is.
for where, path in [("the application", []), ("a slot", ["slots", 0]), ("its route", ["route"]),
                    ("a slot's candidate", ["slots", 0, "candidate", "role"])]:
    broken = json.loads(json.dumps(reviewed))
    target = broken
    for key in path:
        target = target[key]
    target["extra"] = 1
    at = "state" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path) + ".extra"
    case(f"an unknown key in {where} is refused at it", "approval.decide",
         decide(broken, MAYOR, APPROVE, "m0"),
         errors=[{"code": "request.invalid", "field": at}])
# A stored application of the right shape that no command could have left
# (edited by hand, damaged) is refused where it is wrong, not met as a
# defect of the engine's ("internal.error") nor listed as work.
beyond = json.loads(json.dumps(reviewed))
beyond["stage"] = 99
case("a stored application whose stage is not one of its route's is refused at state.stage", "approval.decide",
     decide(beyond, MAYOR, APPROVE, "m0"),
     errors=[{"code": "request.invalid", "field": "state.stage",
              "message_en": "the application's state is inconsistent: stage `99` is not one of its route's 2 stages "
                            "(0 to 1)"}])
case("what may I do refuses every action on it for the same reason", "approval.allowed",
     {"state": beyond, "actor": MAYOR, "now": LATER},
     {"allowed": [], "actions": [{"action": "approve", "allowed": False,
                                  "reason": {"code": "request.invalid", "field": "state.stage"}}] + [{}] * 12})
case("a tick refuses it too", "approval.tick", {"state": beyond, "now": LATER, "seed": 3},
     errors=[{"code": "request.invalid", "field": "state.stage"}])
case("a list refuses it at its place among the applications", "approval.list",
     {"applications": [filed, beyond], "person": MAYOR, "list": "todo"},
     errors=[{"code": "request.invalid", "field": "applications[1].stage"}])
no_stages = json.loads(json.dumps(reviewed))
no_stages["route"]["stages"] = []
case("a stored application whose route has no stages is refused at state.route.stages", "approval.decide",
     decide(no_stages, MAYOR, APPROVE, "m0"),
     errors=[{"code": "request.invalid", "field": "state.route.stages"}])
twice = json.loads(json.dumps(reviewed))
twice["slots"][1]["id"] = twice["slots"][0]["id"]
case("a stored application with a slot id twice is refused at it", "approval.decide",
     decide(twice, MAYOR, APPROVE, "m0"),
     errors=[{"code": "request.invalid", "field": "state.slots[1].id"}])
# A version counts events and a store keeps it in a signed 64-bit column:
# past that it would saturate, answering one version twice. As JSON text
# (JavaScript carries no number for it).
for label, version in [("a version no store's BIGINT holds", 2**64 - 1),
                       ("a version just past a signed 64-bit integer", 2**63)]:
    broken = json.loads(json.dumps(reviewed))
    broken["version"] = version
    cases.append({"name": f"a stored application with {label} is refused at it", "op": "approval.decide",
                  "request_text": json.dumps(decide(broken, MAYOR, APPROVE, "m0"), ensure_ascii=False),
                  "expect_errors": [{"code": "request.invalid", "field": "state.version"}]})
# A route that declares no fields takes any at submission: its stored
# application is not refused for them.
free_fields = step(None, APPLICANT, {"type": "submit", "route": "seal", "name": "用印", "picks": {"leader": "zhou"},
                                     "fields": {"purpose": "合同"}}, "ff1")
case("a stored application on a route declaring no fields keeps the fields it was given", "approval.decide",
     decide(free_fields, {**MAYOR, "roles": ["mayor", "main_leader"]}, APPROVE, "ff2"), {"state": {"status": "filed", "fields": {"purpose": "合同"}}})
for label, mutate, at in [
    ("a money field that does not read as money", lambda j: j["fields"].__setitem__("amount", "abc"), "state.fields.amount"),
    ("fields that no longer fit the branch it takes", lambda j: j["fields"].__setitem__("amount", "9000.00"),
     "state.fields.amount"),
    ("a slot waiting for a slot it does not have", lambda j: j["slots"][0].__setitem__("waiting_for", [42]),
     "state.slots[0].waiting_for"),
    ("a pending application with no slots", lambda j: j.__setitem__("slots", []), "state.slots"),
    ("an applicant with no id", lambda j: j["applicant"].__setitem__("id", ""), "state.applicant.id"),
]:
    broken = json.loads(json.dumps(reviewed))
    mutate(broken)
    case(f"a stored application with {label} is refused at it", "approval.decide",
         decide(broken, MAYOR, APPROVE, "m0"), errors=[{"code": "request.invalid", "field": at}])
case("a leap second is refused at now: no binding's time type keeps second 60", "approval.decide",
     decide(reviewed, MAYOR, APPROVE, "m0", now="2023-12-31T23:59:60Z"),
     errors=[{"code": "request.invalid_datetime", "field": "now",
              "message_en": "`2023-12-31T23:59:60Z` is a leap second (second 60), which cannot be kept"}])
case("a seed with a fraction is refused as inexact, as a float is in every binding", "approval.tick",
     {"state": reviewed, "now": LATER, "seed": 1.5},
     errors=[{"code": "request.inexact_number", "field": "seed"}])
# As JSON text (JavaScript has no number for it): refused as an integer
# past 64 bits, not called a fraction, in the words a Python int gets.
seed_case = {"name": "a seed past 64 bits is told so, not called a fraction", "op": "approval.tick",
             "request_text": json.dumps({"state": reviewed, "now": LATER, "seed": 18446744073709551616}, ensure_ascii=False),
             "expect_errors": [{"code": "request.invalid", "field": "seed",
                                "message_en": "the integer does not fit in 64 bits"}]}
cases.append(seed_case)
case("an empty request id is refused", "approval.decide",
     decide(reviewed, MAYOR, APPROVE, " "), errors=[{"code": "field.required", "field": "request.request_id"}])
case("an actor with an empty id is refused, whatever its roles", "approval.decide",
     decide(reviewed, actor("", "mayor"), APPROVE, "m0"),
     errors=[{"code": "field.required", "field": "request.actor.id"}])

# --- posts: the person the applicant names decides holding the post the
# manual names (seed 003: 领导审批 (主要领导), (分管领导)); the domain audit
# found a seal filed on the approval of someone holding no post at all.
seal_wu = step(None, APPLICANT, {"type": "submit", "route": "seal", "name": "合同用章", "picks": {"leader": "wu"}}, "post1")
case("seal: a chosen leader who is no main leader (主要领导) is forbidden to approve", "approval.decide",
     decide(seal_wu, actor("wu"), APPROVE, "post2"),
     errors=[{"code": "approval.forbidden", "field": "request.actor",
              "message_en": "forbidden: this part of the stage is for a holder of `main_leader`, which you do not hold"}])
case("seal: nor is it on their to-do list", "approval.list",
     {"applications": [seal_wu], "person": actor("wu"), "list": "todo"}, {"applications": []})
case("seal: holding the post, the chosen leader approves and it is filed", "approval.decide",
     decide(seal_wu, actor("wu", "main_leader"), APPROVE, "post3"), {"state": {"status": "filed"}})
case("seal: a main leader the applicant did not choose is still forbidden", "approval.decide",
     decide(seal_wu, MAIN, APPROVE, "post4"), errors=[{"code": "approval.forbidden", "field": "request.actor"}])
doc = step(None, APPLICANT, {"type": "submit", "route": "document", "name": "发文", "picks": {"leader": "zhou"}}, "post5")
case("document: the chosen leader decides as a supervising leader (分管领导), not as a main leader", "approval.decide",
     decide(doc, MAIN, APPROVE, "post6"), errors=[{"code": "approval.forbidden", "field": "request.actor"}])
emergency = step(None, {**APPLICANT, "supervisor": "qian"},
                 {"type": "submit", "route": "procurement", "name": "抢修", "fields": {"kind": "emergency"}}, "post7")
case("procurement: a supervising leader named by the applicant but holding no such post cannot sign the 会签",
     "approval.decide", decide(emergency, actor("qian", "mayor"), APPROVE, "post8"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("a post for a pick the route does not declare, and a blank post, are refused when the route loads", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\npicks = ["leader"]\n'
              'pick_roles = { boss = "main_leader" }\nsupervisor_role = " "\n'
              '[[stages]]\nid = "a"\nname = "a"\napprovers = [{ picked = "leader" }]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "pick_roles.boss"}, {"code": "field.required", "field": "supervisor_role"}])
# --- the OKR's redo (重办) is the handling unit's, at the completion stage
UNIT = actor("unit-7", "handling_unit")
okr_signed = step(okr_published, UNIT, APPROVE, "redo1")
okr_signed = step(okr_signed, UNIT, {"type": "upload", "kind": "completion_report", "files": ["report.pdf"]}, "redo2")
okr_review = step(okr_signed, UNIT, APPROVE, "redo3")
case("okr: the handling unit decides holding its post: an account without it is forbidden", "approval.decide",
     decide(okr_published, actor("unit-7"), APPROVE, "redo1x"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("okr: a redo order (重办) without `to` is refused: it goes to the handling unit, not the party office",
     "approval.decide", decide(okr_review, SUPERVISING, {"type": "return", "comment": "请重办"}, "redo4"),
     errors=[{"code": "approval.invalid", "field": "request.command.to", "detail": {"targets": ["completion"]}}])
case("okr: the redo order to the completion stage puts it back on the handling unit's desk", "approval.decide",
     decide(okr_review, SUPERVISING, {"type": "return", "to": "completion", "comment": "请重办"}, "redo4"),
     {"state": {"status": "pending", "stage": 3, "slots": [{"candidate": {"person": "unit-7"}}]}})
# --- a letter the leader turns into an OKR project (领导信箱 → OKR)
letter = step(None, APPLICANT, {"type": "submit", "route": "leader_mailbox", "name": "路灯不亮",
                                "fields": {"letter": "村口路灯坏了"}, "picks": {"leader": "zhou"}}, "mb1")
letter = step(letter, MAIN, {"type": "approve", "fields": {"to_okr": "yes"}}, "mb2")
case("leader mailbox: the leader's yes is filed with the letter", "approval.list",
     {"applications": [letter], "person": APPLICANT, "list": "mine"},
     {"applications": [{"status": "filed", "route": "leader_mailbox"}]})
case("okr: the project the letter became names it (source_letter)", "approval.decide",
     decide(None, PARTY, {"type": "submit", "route": "okr", "name": "村口路灯",
                          "fields": {"details": "修复路灯", "source_letter": letter["id"]},
                          "picks": {"approving_leader": "zhou"}}, "mb3"),
     {"state": {"status": "pending", "fields": {"source_letter": letter["id"]}}})
# --- one person decides once per stage, with the roles they decided with
urgent = step(None, APPLICANT, {"type": "submit", "route": "procurement", "name": "抢修",
                                "fields": {"kind": "emergency"}}, "once1")
urgent = step(urgent, SECRETARY, APPROVE, "once2")
case("a signer of a 会签 cannot come back claiming another role to sign its part too", "approval.decide",
     decide(urgent, {**SECRETARY, "roles": ["secretary", "procurement_leader"]}, APPROVE, "once3"),
     errors=[{"code": "approval.forbidden", "field": "request.actor",
              "message_en": "forbidden: you have decided at this stage already (one person decides once per stage)"}])
case("the procurement leader's part still waits for its own holder", "approval.list",
     {"applications": [urgent], "person": PROCUREMENT, "list": "todo"}, {"applications": [{"name": "抢修"}]})
# --- the OKR's 不通过 (seed 003): ① with a click, or ② with a note and its
# images and files
case("okr: the main leader may refuse with a click (①直接点击不通过): no reason is required at that stage",
     "approval.decide", decide(okr_new, MAIN, {"type": "reject"}, "okr-no1"),
     {"state": {"status": "rejected"}, "events": [{"change": {"type": "decided", "approved": False, "comment": None}},
                                                  {"change": {"type": "stage_failed", "stage": 0}}]})
case("okr: or return it to the party office with a note and its files (②退回说明、图片附件、文件附件)",
     "approval.decide",
     decide(okr_new, MAIN, {"type": "return", "comment": "请补充预算", "attachments": ["预算.xlsx", "现场.jpg"]},
            "okr-no2"),
     {"state": {"status": "returned"},
      "events": [{"change": {"type": "returned", "comment": "请补充预算", "attachments": ["预算.xlsx", "现场.jpg"]}}]})
case("a return's attachment of nothing is refused, as an approval's", "approval.decide",
     decide(okr_new, MAIN, {"type": "return", "comment": "请补充", "attachments": [" "]}, "okr-no3"),
     errors=[{"code": "field.required", "field": "request.command.attachments[0]"}])
case("elsewhere a rejection still needs its reason (the seal's leader)", "approval.decide",
     decide(seal_wu, actor("wu", "main_leader"), {"type": "reject"}, "post9"),
     errors=[{"code": "field.required", "field": "request.command.comment"}])
# --- stages the manual gives approval only: nobody 驳回s or 退回s there
case("okr: the handling unit signs for the project; nobody may reject it there (invalid, not forbidden)",
     "approval.decide", decide(okr_published, UNIT, {"type": "reject", "comment": "不接"}, "only1"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command",
              "message_en": "the application is pending: this stage is approved, not rejected"}])
case("okr: nor send it back to the party office to be edited", "approval.decide",
     decide(okr_published, UNIT, {"type": "return", "comment": "请修改"}, "only2"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command"}])
case("okr: the completion review approves or orders a redo; it does not reject", "approval.decide",
     decide(okr_review, SUPERVISING, {"type": "reject", "comment": "不行"}, "only3"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command"}])
case("a vote cannot forbid rejections: they are its votes against", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n[[stages]]\nid = "a"\nname = "a"\n'
              'mode = "vote"\npass_ratio = "50%"\nmay_reject = false\n'
              'approvers = [{ person = "e1" }, { person = "e2" }]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].may_reject"}])
# --- whoever names people for posts (trial: the main leader named himself
# the OKR's supervising leader, then could not review; one person was both
# the handling unit and its reviewer)
case("okr: the main leader cannot name himself the supervising leader, a post his request shows he lacks",
     "approval.decide",
     decide(okr_new, MAIN, {"type": "approve", "fields": {"handling_unit": "unit-7", "supervising_leader": "zhou"}},
            "dist1"),
     errors=[{"code": "approval.forbidden", "field": "request.command.fields.supervising_leader"}])
case("okr: the handling unit and the supervising leader cannot be one person: nobody reviews their own work",
     "approval.decide",
     decide(okr_new, MAIN, {"type": "approve", "fields": {"handling_unit": "wang", "supervising_leader": "wang"}},
            "dist2"),
     errors=[{"code": "approval.invalid", "field": "request.command.fields.supervising_leader",
              "message_en": "`handling_unit` and `supervising_leader` cannot be the same person (`wang`): "
                            "nobody reviews their own work"}])
case("okr: nor can the party office make them one when it completes the assignment", "approval.decide",
     decide(okr_assigned, PARTY, {"type": "approve", "fields": {"handling_unit": "wang"}}, "dist3"),
     errors=[{"code": "approval.invalid", "field": "request.command.fields.handling_unit"}])
case("distinct fields must be text fields the route declares", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\ndistinct_fields = ["unit", "amount"]\n'
              'required_fields = ["unit"]\n'
              '[fields]\nunit = "text"\namount = "money"\n'
              '[[stages]]\nid = "a"\nname = "a"\napprovers = [{ field = "unit" }]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "distinct_fields[1]"}])
# --- a skeptical re-check of the above
regular = step(None, APPLICANT, {"type": "submit", "route": "procurement", "name": "修路",
                                 "fields": {"kind": "regular", "amount": "4000.00"}}, "rc1")
regular = step(regular, FINANCE, APPROVE, "rc2")
regular = step(regular, MAYOR, APPROVE, "rc3")
regular = step(regular, actor("wang", "procurement_leader"), APPROVE, "rc4")
case("a slot naming a person stays theirs after they decided another part without its post", "approval.decide",
     decide(regular, actor("wang", "procurement_leader", "supervising_leader"), APPROVE, "rc5"),
     {"state": {"status": "filed"}})
case("okr: the completion review cannot be handed (转办) to the handling unit: it would review its own work",
     "approval.decide", decide(okr_review, SUPERVISING, {"type": "transfer", "to": "unit-7"}, "rc6"),
     errors=[{"code": "approval.forbidden", "field": "request.command.to"}])
case("okr: nor may the handling unit be added to it (加签)", "approval.decide",
     decide(okr_review, SUPERVISING, {"type": "add_signer", "person": "unit-7", "position": "before"}, "rc7"),
     errors=[{"code": "approval.forbidden", "field": "request.command.person"}])
SELF_REVIEW = ('id = "r"\nname = "r"\neffective_from = 2023-01-01\nrequired_fields = ["reviewer"]\n'
               'field_roles = { reviewer = "auditor" }\n[fields]\nreviewer = "text"\n'
               '[[stages]]\nid = "a"\nname = "a"\napprovers = [{ field = "reviewer" }]\n')
case("an applicant cannot name themselves for a post they lack: the stage would wait for ever", "approval.decide",
     decide(None, actor("li", "clerk"), {"type": "submit", "name": "x", "fields": {"reviewer": "li"},
                                        "route": call("route.load", {"text": SELF_REVIEW, "format": "toml"})}, "rc8"),
     errors=[{"code": "approval.forbidden", "field": "request.command.fields.reviewer"}])
case("a field listed twice in distinct_fields is refused when the route loads (it would refuse every application)",
     "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\ndistinct_fields = ["x", "x"]\n'
              'required_fields = ["x"]\n[fields]\nx = "text"\n'
              '[[stages]]\nid = "a"\nname = "a"\napprovers = [{ field = "x" }]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "distinct_fields[1]"}])
case("a stage that is not rejected cannot reject on timeout, and one that does not return lists no return targets",
     "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n'
              '[[stages]]\nid = "a"\nname = "a"\napprovers = [{ role = "x" }]\nmay_reject = false\n'
              'deadline_hours = 24\non_timeout = "auto_reject"\n'
              '[[stages]]\nid = "b"\nname = "b"\napprovers = [{ role = "y" }]\nmay_return = false\n'
              'return_to = ["a"]\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].on_timeout"},
             {"code": "route.inconsistent", "field": "stages[1].return_to"}])
# --- a long list of gaps says how many more it left out
KINDS = ", ".join(f'"k{k:02}"' for k in range(30))
case("past twenty gaps, the last one listed says how many more there are", "route.load",
     {"text": 'id = "r"\nname = "r"\neffective_from = 2023-01-01\n'
              f'fields = {{ kind = {{ choice = [{KINDS}] }} }}\n'
              '[[branches]]\nname = "one"\nwhen = [{ field = "kind", eq = "k00" }]\n'
              'stages = [{ id = "a", name = "a", approvers = [{ role = "x" }] }]\n', "format": "toml"},
     errors=[{"code": "route.gap", "field": "branches"}] * 19
     + [{"code": "route.gap", "field": "branches", "detail": {"more": 9},
         "message_en": "route `r` has no branch for an application with kind = k20 (and 9 more like it, not listed)"}])
# --- a submission names every required field it misses, at the first
case("archive: every missing required field is named in one refusal, at the first", "approval.decide",
     decide(None, PARTY, {"type": "submit", "route": "archive", "name": "会议纪要", "fields": {"title": "会议纪要"}}, "ar9"),
     errors=[{"code": "field.required", "field": "request.command.fields.record_type",
              "detail": {"missing": ["record_type", "security_level", "number", "filing_date", "location",
                                     "category"]}}])

# --- a resubmission picks anew: the leader who returned it names another
# (seed 003: the applicant chooses the approving leader; after 退回 the
# application is edited and submitted again)
seal_zhou = step(None, APPLICANT, {"type": "submit", "route": "seal", "name": "合同用章", "picks": {"leader": "zhou"}},
                 "rp1")
seal_back = step(seal_zhou, MAIN, {"type": "return", "comment": "此事请吴书记审批"}, "rp2")
case("a resubmission picks the leader anew: the new pick's stage starts with them", "approval.decide",
     decide(seal_back, APPLICANT, {"type": "resubmit", "picks": {"leader": "wu"}}, "rp3"),
     {"events": [{"change": {"type": "resubmitted", "picks": {"leader": "wu"}}},
                 {"change": {"type": "stage_started", "stage": 0,
                             "slots": [{"candidate": {"person": "wu"}, "must_hold": "main_leader"}]}}],
      "state": {"status": "pending", "picks": {"leader": "wu"}}})
seal_repicked = step(seal_back, APPLICANT, {"type": "resubmit", "picks": {"leader": "wu"}}, "rp3")
case("the leader picked anew approves, holding the post, and it is filed", "approval.decide",
     decide(seal_repicked, actor("wu", "main_leader"), APPROVE, "rp4"), {"state": {"status": "filed"}})
case("the leader picked before is no longer its approver", "approval.decide",
     decide(seal_repicked, MAIN, APPROVE, "rp5"), errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("a resubmission cannot pick for a pick its branch does not have", "approval.decide",
     decide(seal_back, APPLICANT, {"type": "resubmit", "picks": {"boss": "wu"}}, "rp6"),
     errors=[{"code": "approval.invalid", "field": "request.command.picks.boss",
              "message_en": "the application's branch has no pick named `boss`"}])
case("nor pick nobody", "approval.decide",
     decide(seal_back, APPLICANT, {"type": "resubmit", "picks": {"leader": ""}}, "rp7"),
     errors=[{"code": "field.required", "field": "request.command.picks.leader"}])
case("nor may the applicant pick themselves for a post they do not hold", "approval.decide",
     decide(seal_back, APPLICANT, {"type": "resubmit", "picks": {"leader": "li"}}, "rp8"),
     errors=[{"code": "approval.forbidden", "field": "request.command.picks.leader"}])
# A resubmission with no edit, written `"fields": {}` or with `fields` left
# out, is one command: a client that writes every field retries one that
# does not.
seal_resubmitted = step(seal_back, APPLICANT, {"type": "resubmit", "comment": "已改"}, "rp9")
case("a resubmission's retry with an empty edit (`\"fields\": {}`) is a retry of one with none", "approval.decide",
     decide(seal_resubmitted, APPLICANT, {"type": "resubmit", "comment": "已改", "fields": {}}, "rp9"),
     {"retry": True, "events": []})
seal_resubmitted_empty = step(seal_back, APPLICANT, {"type": "resubmit", "comment": "已改", "fields": {}}, "rp10")
case("and one with none retries one with an empty edit", "approval.decide",
     decide(seal_resubmitted_empty, APPLICANT, {"type": "resubmit", "comment": "已改"}, "rp10"),
     {"retry": True, "events": []})
case("an edit under the same request id is another command", "approval.decide",
     decide(seal_resubmitted, APPLICANT, {"type": "resubmit", "comment": "已改", "fields": {"purpose": "合同"}}, "rp9"),
     errors=[{"code": "approval.request_reused", "field": "request.request_id"}])

# --- 认领 (at the end: each vector's seed follows the ones before) -----------
# 认领: a role's slot one holder delegates is theirs; the advice comes back
# to them, and another holder of the role may not decide it.
CLERK = actor("qian", "finance_bureau")
delegated = step(submitted, FINANCE, {"type": "delegate", "to": "he"}, "f-del")
case("委派 of a role's slot: another holder of the role may not decide it meanwhile: forbidden", "approval.decide",
     decide(delegated, CLERK, APPROVE, "q-early"), errors=[{"code": "approval.forbidden", "field": "request.actor"}])
advised = step(delegated, HE, APPROVE, "he-advice")
case("委派 of a role's slot: once advised, the slot is the delegator's, not the role's: forbidden to another holder",
     "approval.decide", decide(advised, CLERK, APPROVE, "q-late"),
     errors=[{"code": "approval.forbidden", "field": "request.actor"}])
case("委派 of a role's slot: once advised, the delegator decides it", "approval.decide",
     decide(advised, FINANCE, APPROVE, "f-after-advice"), {"state": {"status": "pending", "stage": 1}})

# --- procurement's uploads are uploaded and confirmed, not decided ------------
# Seed 003: 上传会议附件—确定; 上传监理日志和监管日志; 选择竣工日期，上传…确定.
case("the finance bureau uploads the minutes and confirms: it does not 驳回 the project the leaders signed",
     "approval.decide", decide(minutes, FINANCE, {"type": "reject", "comment": "不同意"}, "b-rej1"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command",
              "message_en": "the application is pending: this stage is approved, not rejected"}])
case("nor sends it back", "approval.decide",
     decide(minutes, FINANCE, {"type": "return", "comment": "重审"}, "b-ret1"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command"}])
case("the applicant does not 驳回 its own project at construction (it may 撤回 it)", "approval.decide",
     decide(building, APPLICANT, {"type": "reject", "comment": "不做了"}, "b-rej2"),
     errors=[{"code": "approval.invalid_transition", "field": "request.command"}])
case("withdrawing it is the applicant's way out", "approval.decide",
     decide(building, APPLICANT, {"type": "withdraw", "comment": "不做了"}, "b-wd"),
     {"state": {"status": "withdrawn"}})

# An approval that would pass a stage lacking its uploads is refused for the
# uploads before its fields, as allowed_actions answers (which lists the
# fields apart): a form following either asks for the same thing first.
accepting = building
for kind, rid in (("supervision_logs", "b-up1"), ("oversight_logs", "b-up2")):
    accepting = step(accepting, APPLICANT, {"type": "upload", "kind": kind, "files": [f"{kind}.pdf"]}, rid)
accepting = step(accepting, APPLICANT, APPROVE, "b-built")
case("at acceptance, an approval with neither the uploads nor the completion date: the uploads first",
     "approval.decide", decide(accepting, APPLICANT, APPROVE, "b-acc1"),
     errors=[{"code": "approval.upload_missing", "detail": {"missing": ["contract", "budget", "completion_photos"]}}])
case("allowed_actions gives the same reason, and the field apart", "approval.allowed",
     {"state": accepting, "actor": APPLICANT, "now": LATER},
     {"actions": [{"action": "approve", "allowed": False, "reason": {"code": "approval.upload_missing"},
                   "fields_required": ["completion_date"]}] + [{}] * 12})
for kind, rid in (("contract", "b-up3"), ("budget", "b-up4"), ("completion_photos", "b-up5")):
    accepting = step(accepting, APPLICANT, {"type": "upload", "kind": kind, "files": [f"{kind}.pdf"]}, rid)
case("with the uploads, the completion date is asked for", "approval.decide",
     decide(accepting, APPLICANT, APPROVE, "b-acc2"),
     errors=[{"code": "field.required", "field": "request.command.fields.completion_date"}])

# A field's value given as a number (an amount as 5000) is refused as money
# given as a number is, wherever fields are read: a submission, a preview
# (an approval's and a resubmission's fields, and a scenario's application,
# say the same).
case("a submission's amount given as a JSON number: money.not_a_string at it", "approval.decide",
     decide(None, APPLICANT, {**SUBMIT, "fields": {"kind": "regular", "amount": 5000}}, "num1"),
     errors=[{"code": "money.not_a_string", "field": "request.command.fields.amount"}])
case("a preview's likewise", "route.preview",
     {"route": "procurement", "fields": {"kind": "regular", "amount": 4999.99}},
     errors=[{"code": "money.not_a_string", "field": "fields.amount",
              "message_en": "application field values are strings, not numbers; write an amount as `\"4999.99\"`"}])

# What a route promises and the engine would not keep is refused when it
# loads: a pass ratio on a vote with a veto (it passes only when every
# voter approves), a reminder at hour 0 (given at the first tick).
case("a vote with a veto takes no pass_ratio: it passes only when every voter approves", "route.load",
     {"text": VETO.replace('veto = true', 'pass_ratio = "60%"\nveto = true'), "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].pass_ratio",
              "message_en": "route `veto`, stage `panel`: a vote with a veto passes only when every voter approves: its `pass_ratio` is never used; leave it out"}])
case("a reminder at hour 0 is refused, as a deadline of no time is", "route.load",
     {"text": VOTE + 'remind_after_hours = 0\n', "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].remind_after_hours"}])

# A command's type that names no command is an unknown value of `type`,
# not an unknown field named after it.
case("an unknown command type is an unknown value at `type`", "approval.decide",
     decide(None, APPLICANT, {"type": "foo"}, "t1"),
     errors=[{"code": "request.invalid", "field": "request.command.type",
              "message_en": "unknown value `foo`; expected one of `submit`, `approve`, `reject`, `return`, `withdraw`, "
                            "`resubmit`, `transfer`, `delegate`, `add_signer`, `remove_signer`, `cc`, `remind`, `upload`, `delist`"}])

# An application's history (审批记录), a step per event, and an
# application stored part way brought up to date by the events after it.
def decided(state: Any, who: dict[str, Any], command: dict[str, Any], rid: str, now: str) -> dict[str, Any]:
    return call("approval.decide", decide(state, who, command, rid, now=now))


story, story_events = None, []
for who, command, rid, now in [
    (APPLICANT, SUBMIT, "h1", "2023-07-20 09:00:00"),
    (FINANCE, {"type": "approve", "comment": "预算已核"}, "h2", "2023-07-20 10:00:00"),
    (MAYOR, {"type": "return", "comment": "金额有误", "attachments": ["scan.pdf"]}, "h3", "2023-07-20 11:00:00"),
    (APPLICANT, {"type": "resubmit", "comment": "已更正"}, "h4", "2023-07-20 12:00:00"),
    (MAYOR, {"type": "transfer", "to": "qian", "comment": "请钱主任处理"}, "h5", "2023-07-20 13:00:00"),
    (APPLICANT, {"type": "cc", "people": ["zhang", "liu"]}, "h6", "2023-07-20 14:00:00"),
]:
    answer = decided(story, who, command, rid, now)
    story, story_events = answer["state"], story_events + answer["events"]
    if rid == "h2":
        stored_after_h2, events_to_h2 = story, list(story_events)
case("the history: a step per event, with its time, actor, stage, people, comment and files", "approval.history",
     {"events": story_events},
     {"steps": [
         {"version": 1, "at": "2023-07-20T01:00:00Z", "actor": "li", "action": "submitted", "stage": None,
          "fields": {"kind": "regular", "amount": "4999.99"},
          "zh": "`li` 提交申请 `村道修缮`", "en": "`li` submitted `村道修缮`"},
         {"action": "stage_started", "stage": {"index": 0, "id": "finance_review", "name": "财政局审核"},
          "zh": "进入环节「财政局审核」", "en": "stage `财政局审核` started"},
         {"actor": "zhao", "action": "approved", "stage": {"index": 0}, "comment": "预算已核", "attachments": [],
          "zh": "`zhao` 审批通过（环节「财政局审核」）", "en": "`zhao` approved at stage `财政局审核`"},
         {"actor": "zhao", "action": "stage_completed", "stage": {"index": 0}},
         {"action": "stage_started", "stage": {"index": 1, "id": "leaders"}},
         {"at": "2023-07-20T03:00:00Z", "actor": "zhou", "action": "returned", "stage": {"index": 1},
          "comment": "金额有误", "attachments": ["scan.pdf"],
          "zh": "`zhou` 退回给申请人（环节「镇长、分管领导、政务采购分管领导会签」）",
          "en": "`zhou` returned it to the applicant from stage `镇长、分管领导、政务采购分管领导会签`"},
         {"actor": "li", "action": "resubmitted", "comment": "已更正", "zh": "`li` 重新提交", "en": "`li` resubmitted it"},
         {"action": "stage_started", "stage": {"index": 1}},
         {"actor": "zhou", "action": "transferred", "people": ["qian"], "comment": "请钱主任处理",
          "en": "`zhou` transferred their part to `qian` at stage `镇长、分管领导、政务采购分管领导会签`"},
         {"actor": "li", "action": "copied", "people": ["zhang", "liu"], "stage": None,
          "zh": "`li` 抄送 `zhang`、`liu`", "en": "`li` copied `zhang`, `liu`"},
     ]})
case("a history of events out of order is refused as replay refuses them", "approval.history",
     {"events": list(reversed(story_events))},
     errors=[{"code": "approval.invalid", "field": "events[0]"}])
case("a stored application brought up to date by the events after it (evolve)", "approval.replay",
     {"state": stored_after_h2, "events": story_events[len(events_to_h2):]},
     {"state": {"status": "pending", "stage": 1, "version": len(story_events), "cc": ["liu", "zhang"]}})
case("events that do not follow the stored application are refused at the first", "approval.replay",
     {"state": stored_after_h2, "events": story_events[len(events_to_h2) + 1:]},
     errors=[{"code": "approval.invalid", "field": "events[0]",
              "message_en": f"event 1 does not follow the application given: version {len(events_to_h2) + 1} of that application was expected"}])

# A stored state no command could have left is refused at the part at
# fault: a completion and a return to the applicant clear the slots, and
# only the last stage completes.
case("a state filed with slots left is refused at its slots", "approval.decide",
     decide({**stored_after_h2, "status": "filed"}, MAYOR, APPROVE, "x1", now=LATER),
     errors=[{"code": "request.invalid", "field": "state.slots",
              "message_en": "the application's state is inconsistent: it is filed, yet it has slots"}])
case("a state filed at a stage before the last is refused at its status", "approval.decide",
     decide({**stored_after_h2, "status": "filed", "slots": [], "stage": 0}, APPLICANT, {"type": "remind"}, "x3", now=LATER),
     errors=[{"code": "request.invalid", "field": "state.status"}])
case("a state returned with no stage that returned it is refused", "approval.decide",
     decide({**stored_after_h2, "status": "returned", "slots": []}, APPLICANT, {"type": "resubmit"}, "x2", now=LATER),
     errors=[{"code": "request.invalid", "field": "state.returned_from"}])

# A scenario rehearses retries: a step may give the request id of an
# earlier one (the same command: a retry, nothing applied; another: reused).
ZHOU_LEADER = actor("zhou", "main_leader")
case("a scenario step with an earlier step's request id is a retry, or a reused id", "flow.run",
     {"route": "seal", "application": {"name": "用印申请"}, "picks": {"leader": "zhou"}, "steps": [
         {"at": "2023-07-20 10:00:00", "actor": APPLICANT, "command": {"type": "submit"}},
         {"at": "2023-07-20 11:00:00", "actor": ZHOU_LEADER, "command": {"type": "approve"}, "request_id": "z1"},
         {"at": "2023-07-20 11:00:05", "actor": ZHOU_LEADER, "command": {"type": "approve"}, "request_id": "z1"},
         {"at": "2023-07-20 11:00:09", "actor": ZHOU_LEADER, "command": {"type": "remind"}, "request_id": "z1"}]},
     {"steps": [{"ok": True}, {"ok": True, "state": {"status": "filed"}},
                {"ok": True, "retry": True, "events": [], "state": {"status": "filed", "version": 5}},
                {"ok": False, "errors": [{"code": "approval.request_reused", "field": "steps[3].request_id"}]}],
      "final": {"status": "filed"}})

# A timeout escalating to the one person the stage already waits for
# would change nothing: refused when the route loads.
ESCALATE_TO_SELF = """id = "esc"
name = "逾期"
effective_from = 2023-01-01
[[stages]]
id = "a"
name = "a"
approvers = [{ person = "a" }]
deadline_hours = 24
on_timeout = { escalate = "a" }
"""
case("a timeout escalating to the person the stage already waits for is refused", "route.load",
     {"text": ESCALATE_TO_SELF, "format": "toml"},
     errors=[{"code": "route.inconsistent", "field": "stages[0].on_timeout",
              "message_en": "route `esc`, stage `a`: the timeout escalates to `a`, whom every part of the stage already waits for: it would change nothing"}])

# A history names what a step gave and whom it concerned: a reminder's
# role, an approval's fields, a route's own 抄送 (the stage's, not the
# approver's whose approval started it), a vote's for and against.
HISTORY_ROUTE = """id = "hist"
name = "历史"
effective_from = 2023-01-01
[fields]
note = "text"
[[stages]]
id = "a"
name = "初审"
approvers = [{ role = "clerk" }]
may_set_fields = ["note"]
[[stages]]
id = "b"
name = "评审"
mode = "vote"
pass_ratio = "50%"
approvers = [{ person = "v1" }, { person = "v2" }, { person = "v3" }]
cc = [{ person = "arch" }]
"""
hist, hist_events = None, []
for who, command, rid, now in [
    (APPLICANT, {"type": "submit", "route": call("route.load", {"text": HISTORY_ROUTE, "format": "toml"}), "name": "h"},
     "g1", "2023-07-20 09:00:00"),
    (APPLICANT, {"type": "remind"}, "g2", "2023-07-20 10:00:00"),
    (actor("k1", "clerk"), {"type": "approve", "fields": {"note": "已核"}}, "g3", "2023-07-20 11:00:00"),
    (actor("v1"), {"type": "reject", "comment": "预算偏高"}, "g4", "2023-07-20 12:00:00"),
]:
    answer = decided(hist, who, command, rid, now)
    hist, hist_events = answer["state"], hist_events + answer["events"]
case("a history names a reminder's role, an approval's fields, the route's 抄送 and a vote against", "approval.history",
     {"events": hist_events},
     {"steps": [
         {"action": "submitted"}, {"action": "stage_started"},
         {"action": "reminded", "people": [], "zh": "`li` 催办 角色 `clerk`（环节「初审」）",
          "en": "`li` sent a reminder to role `clerk` at stage `初审`"},
         {"action": "approved", "fields": {"note": "已核"},
          "zh": "`k1` 审批通过（环节「初审」），填写 `note`：`已核`",
          "en": "`k1` approved at stage `初审`, setting `note` to `已核`"},
         {"action": "stage_completed"}, {"action": "stage_started", "stage": {"index": 1}},
         {"actor": "k1", "action": "copied", "people": ["arch"], "stage": {"index": 1, "id": "b"},
          "zh": "环节「评审」抄送 `arch`", "en": "stage `评审` copied `arch`"},
         {"actor": "v1", "action": "rejected", "comment": "预算偏高",
          "zh": "`v1` 投反对票（环节「评审」）", "en": "`v1` voted against at stage `评审`"},
     ]})

# Events of a newer schema, or running backwards in time, are not read;
# nor are states no command leaves (pending yet returned, completed as the
# route does not complete); a tick takes no request id.
case("an event of a schema newer than the library knows is refused", "approval.history",
     {"events": [story_events[0], {**story_events[1], "schema": 99}]},
     errors=[{"code": "approval.invalid", "field": "events[1].schema"}])
case("events that run backwards in time are refused", "approval.replay",
     {"events": [story_events[0], {**story_events[1], "at": "2023-07-19T00:00:00Z"}]},
     errors=[{"code": "approval.invalid", "field": "events[1].at"}])
case("a state published on a route that files is refused at its status", "approval.decide",
     decide({**stored_after_h2, "status": "published", "slots": [], "stage": 1}, APPLICANT, {"type": "remind"}, "x4", now=LATER),
     errors=[{"code": "request.invalid", "field": "state.status"}])
case("a pending state that records a stage that returned it is refused", "approval.decide",
     decide({**stored_after_h2, "returned_from": 1}, APPLICANT, {"type": "remind"}, "x5", now=LATER),
     errors=[{"code": "request.invalid", "field": "state.returned_from"}])
case("a scenario's tick takes no request id", "flow.run",
     {"route": "seal", "application": {"name": "用印申请"}, "picks": {"leader": "zhou"}, "steps": [
         {"at": "2023-07-20 10:00:00", "actor": APPLICANT, "command": {"type": "submit"}},
         {"at": "2023-07-21 10:00:00", "command": {"type": "tick"}, "request_id": "t1"}]},
     {"steps": [{"ok": True}, {"ok": False, "errors": [{"code": "request.invalid", "field": "steps[1].request_id"}]}]})

OUT.write_text(json.dumps({
    "about": "The approval engine (issue 9): the town OA's routes and their threshold, static checks of routes, "
             "decisions and refusals (forbidden vs invalid_transition), retries, returns, uploads, votes, time, "
             "replay, allowed actions and lists. Written by tests/tools/gen_approval_vectors.py (expectations by hand).",
    "cases": cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"{len(cases)} cases")
