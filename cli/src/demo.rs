//! `huiqi demo`: the manuals' worked examples, through the call API.

use serde_json::json;

use crate::output::Outcome;

pub(crate) fn run() -> Outcome {
    let claimed = json!({"certified": true, "claim": "claimed"});
    // (title, operation, request, [(JSON pointer into the value, the manual's figure)])
    let examples = vec![
        (
            "河南：订单 ¥245.00，省补贴 30% → 优惠后 ¥171.50 (seed 001)",
            "subsidy.quote",
            json!({"policy": "henan", "order_total": "245.00", "date": "2018-07-24", "enterprise": claimed}),
            vec![("/subsidy", json!("73.50")), ("/payable", json!("171.50"))],
        ),
        (
            "河南：订单 ¥3768.00，合同 ¥120.00 → 预计补贴金额不超过 ¥36.00 (seed 001)",
            "subsidy.quote",
            json!({"policy": "henan", "order_total": "3768.00", "contract_amount": "120.00",
                   "date": "2018-07-30", "enterprise": claimed}),
            vec![
                ("/subsidy", json!("36.00")),
                ("/summary_zh", json!("预计补贴金额不超过 ¥36.00")),
            ],
        ),
        (
            "未认证企业下单无法享受政策优惠 (seed 001)",
            "subsidy.quote",
            json!({"policy": "henan", "order_total": "245.00", "date": "2018-07-24",
                   "enterprise": {"certified": false, "claim": "unclaimed"}}),
            vec![("/subsidy", json!("0.00")), ("/payable", json!("245.00"))],
        ),
        (
            "国家平台：价格 ¥234.00，服务券全额抵扣 → 实付 ¥0.00 (seed 002)",
            "checkout.price",
            json!({"checkout": {
                "lines": [{"id": "1", "product": "solution", "unit_price": "234.00"}],
                "vouchers": [{"number": "V-2023-001", "name": "创新服务券", "face_value": "500.00",
                              "balance": "500.00", "valid_from": "2023-07-15", "valid_to": "2023-08-18"}],
                "now": "2023-07-31 11:34:09"}, "selected": ["V-2023-001"]}),
            vec![
                ("/voucher_deduction", json!("234.00")),
                ("/payable", json!("0.00")),
            ],
        ),
        (
            "统一社会信用代码校验位 (GB 32100-2015)",
            "validate.uscc",
            json!({"value": "91350100M000100Y43"}),
            vec![("/valid", json!(true))],
        ),
        (
            "座机格式：区号-座机号 (seed 001)",
            "validate.landline",
            json!({"value": "0371-66666666"}),
            vec![("/valid", json!(true))],
        ),
        (
            "国家平台密码：8–18 位，至少 3 类字符，不含用户名 (seed 002)",
            "password.check",
            json!({"policy": "national", "password": "zhangsan123", "context": {"username": "zhangsan"}}),
            vec![
                ("/valid", json!(false)),
                ("/violations/0/code", json!("password.classes")),
                ("/violations/1/code", json!("password.contains_username")),
            ],
        ),
    ];
    Outcome::Demo(
        examples
            .into_iter()
            .map(|(title, op, request, figures)| {
                let answer = serde_json::to_value(huiqi_core::call::call_value(op, request))
                    .unwrap_or_default();
                let mismatches: Vec<String> = figures
                    .iter()
                    .filter(|(pointer, expected)| {
                        answer["value"].pointer(pointer) != Some(expected)
                    })
                    .map(|(pointer, expected)| format!("{pointer}: the manual says {expected}"))
                    .collect();
                (title.to_owned(), answer, mismatches)
            })
            .collect(),
    )
}
