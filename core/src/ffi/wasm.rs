//! TypeScript declarations of the scalar types every request and answer
//! type (declared by their `tsify` derives) is made of: money and ratios as
//! decimal strings, never numbers; dates and instants as text.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const SCALARS: &str = r#"
/** An exact, non-negative amount of yuan with two decimals, as text: "245.00". Never a number. Input also takes "245", "¥245.00", "3,768.00". */
export type Money = string;
/** A share between 0 and 1, as text: "0.30" or "30%". */
export type Ratio = string;
/** A calendar date, YYYY-MM-DD (Asia/Shanghai). */
export type NaiveDate = string;
/** An instant: RFC 3339 ("2023-08-18T23:59:59+08:00") or Shanghai time as the manuals write it ("2023-08-18 23:59:59"). */
export type DateTime<_Offset> = string;
/** The offset of an instant (part of its text). */
export type FixedOffset = never;
/** UTC, for instants the library writes in UTC ("2023-07-20T02:00:00Z"; requests also take "2023-07-20 10:00:00", Shanghai time). */
export type Utc = never;
/** A UUID, as text ("0189c3e2-…"); the library makes version 7. */
export type Uuid = string;
/** An application's field values, as text: {"kind": "regular", "amount": "5000.00"}. */
export type Fields = Record<string, string>;
/** A route's declared fields and their types. */
export type FieldTypes = Record<string, FieldType>;
/** The route an application runs on (shared, not copied, inside the library). */
export type SharedRoute = RouteSnapshot;
/** A route given whole (shared, not copied, inside the library). */
export type InlineRoute = Route;
/** A scenario's route: a preset's name (with the scenario's `options`), a route object, or its versions (the one in force at the submission applies). */
export type ScenarioRoute = string | Route | Route[];
/** A scenario's application: its name and its field values, as text, in one object. */
export type ScenarioApplication = { name: string } & Record<string, string>;
/** A scenario step's command: `submit` (the scenario's application), `tick` (time acts), or any command. */
export type StepCommand = { type: "submit" } | { type: "tick" } | Command;
/** A scenario step's answer. */
export type StepReport = { ok: true; state: Application; events: Event[]; retry?: true } | { ok: false; errors: Problem[] };
/** To-do lists by person id. */
export type TodoLists = Record<string, TodoItem[]>;
/** A person's, role's, organisation's, area's or request's id. */
export type Id = string;
/** Person ids (kept sorted). */
export type People = string[];
/** Requests applied to an application: request id → fingerprint of its command. */
export type RequestLog = Record<string, Fingerprint>;
/** A command's fingerprint: `xxh3:` and 32 hex digits (32 or 16 hex digits in streams recorded in earlier forms). */
export type Fingerprint = string;
/** A rounding rule to the fen; answers give its English name, requests also take the Chinese one. */
export type Rounding = "half_away_from_zero" | "half_even" | "half_toward_zero" | "up" | "down"
  | "四舍五入" | "银行家舍入" | "五舍六入" | "进一" | "去尾";
"#;
