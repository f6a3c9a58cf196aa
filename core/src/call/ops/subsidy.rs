//! `subsidy.quote` and `policy.load`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use crate::call::{decode, encode};
use crate::error::{Code, Describe, Error, Problem};
use crate::limits::{Document, LargeList};
use crate::subsidy::PolicyError;

/// An error about one field of the request.
fn at(field: &str, error: &impl Describe) -> Error {
    Error::from(error.to_problem().at(field))
}
use crate::money::Money;
use crate::subsidy::{
    BatchTerms, EnterpriseStanding, Format, PolicySet, QuoteInput, SubsidyPolicy, SubsidyUsage,
    ineligible_text,
};

/// A policy by preset name, inline, or a list of versions to choose from by date.
enum PolicyChoice {
    One(Box<SubsidyPolicy>),
    Versions(PolicySet),
}

impl<'de> Deserialize<'de> for PolicyChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PolicyChoice, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = PolicyChoice;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(crate::decode::words::EXPECT_POLICY_CHOICE)
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<PolicyChoice, E> {
                crate::subsidy::policy_or_preset(serde::de::value::StrDeserializer::<E>::new(name))
                    .map(|p| PolicyChoice::One(Box::new(p)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<PolicyChoice, A::Error> {
                // The trait's checked `deserialize`, not serde's unchecked inherent one.
                <SubsidyPolicy as Deserialize>::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )
                .map(|p| PolicyChoice::One(Box::new(p)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<PolicyChoice, A::Error> {
                PolicySet::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(PolicyChoice::Versions)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteRequest {
    policy: PolicyChoice,
    order_total: Money,
    #[serde(default)]
    contract_amount: Option<Money>,
    #[serde(with = "crate::time::date")]
    date: NaiveDate,
    enterprise: EnterpriseStanding,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    usage: SubsidyUsage,
}

pub(super) fn quote(request: Value) -> Result<Value, Error> {
    let r: QuoteRequest = decode(request)?;
    let set;
    let policy = match &r.policy {
        PolicyChoice::One(p) => p,
        PolicyChoice::Versions(versions) => {
            set = versions;
            set.require_in_force(r.date).map_err(|e| at("date", &e))?
        }
    };
    let input = QuoteInput {
        order_total: r.order_total,
        contract_amount: r.contract_amount,
        date: r.date,
        enterprise: r.enterprise,
        category: r.category,
        provider: r.provider,
        usage: r.usage,
    };
    let quote = policy.quote(&input);
    let payable = quote.payable();
    let ineligible: Vec<Value> = quote
        .ineligible
        .iter()
        .map(|code| {
            let (zh, en) = ineligible_text(*code);
            json!({"code": code, "message_zh": zh, "message_en": en})
        })
        .collect();
    encode(&json!({
        "policy_id": policy.id,
        "policy_name": policy.name,
        "stage": quote.stage,
        "base": quote.base,
        "ratio": quote.ratio,
        "rounding": quote.rounding,
        "by_ratio": quote.by_ratio,
        "cap_per_order": quote.cap_per_order,
        "cap_per_enterprise_year": quote.cap_per_enterprise_year,
        "budget_pool": quote.budget_pool,
        "subsidy": quote.subsidy,
        "payable": payable,
        "bound_by": quote.bound_by,
        "ineligible": ineligible,
        "summary_zh": quote.summary_zh(),
        "summary_en": quote.summary_en(),
        "explanation": quote.explanation(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchRequest {
    policy: PolicyChoice,
    terms: BatchTerms,
    order_totals: LargeList<Money, { crate::limits::MAX_BATCH_ORDERS }>,
}

pub(super) fn quote_batch(request: Value) -> Result<Value, Error> {
    let r: BatchRequest = decode(request)?;
    let policy = match &r.policy {
        PolicyChoice::One(p) => p,
        PolicyChoice::Versions(versions) => versions
            .require_in_force(r.terms.date)
            .map_err(|e| at("terms.date", &e))?,
    };
    let bases: Vec<i64> = r.order_totals.0.iter().map(|m| m.to_fen()).collect();
    let mut subsidies = vec![0; bases.len()];
    let total = policy.quote_batch_fen(&r.terms, &bases, &mut subsidies)?;
    // Each subsidy is at most its order, so each fits; their sum may not.
    let subsidies = subsidies
        .into_iter()
        .map(Money::from_fen)
        .collect::<Result<Vec<_>, _>>()?;
    let (total, problems) = match Money::from_fen(total) {
        Ok(total) => (Some(total), Vec::new()),
        Err(_) => (
            None,
            vec![Problem::new(
                Code::MoneyOverflow,
                Some("total"),
                "各笔补贴之和超出支持的最大金额 999999999999999.99，每笔补贴照常给出",
                "the subsidies add up to more than the largest supported amount 999999999999999.99; each subsidy is still given",
            )],
        ),
    };
    encode(&json!({ "subsidies": subsidies, "total": total, "problems": problems }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoadRequest {
    format: Format,
    text: Document,
    #[serde(default, with = "crate::time::option_date")]
    date: Option<NaiveDate>,
}

pub(super) fn load(request: Value) -> Result<Value, Error> {
    let r: LoadRequest = decode(request)?;
    // Schema errors name the key inside the document (`caps.per_order`); a
    // document that is not TOML or JSON at all is about the `text` field.
    let set = PolicySet::load(&r.text.0, r.format).map_err(|e| match e {
        PolicyError::Syntax(problem) => Error::from(problem.at("text")),
        other => Error::from(other),
    })?;
    let in_force = r.date.and_then(|d| set.in_force(d)).map(|p| p.id.clone());
    encode(&json!({ "policies": set.policies(), "in_force": in_force }))
}
