"""The idiomatic API: docstrings, policies, validation, passwords, checkout."""

from __future__ import annotations

import inspect
import pickle
import pydoc
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import huiqi

TERMS: dict[str, Any] = dict(date=date(2018, 7, 24), certified=True, claim="claimed")
SHANGHAI = timezone(timedelta(hours=8))


def test_help_shows_real_docstrings_and_signatures() -> None:
    text = pydoc.render_doc(huiqi.quote, renderer=pydoc.plaintext)
    assert "Quotes the subsidy of one order" in text
    assert "order_total" in text and "contract_amount" in text
    parameters = inspect.signature(huiqi.quote).parameters
    assert list(parameters)[:2] == ["policy", "order_total"]
    assert parameters["date"].kind is inspect.Parameter.KEYWORD_ONLY
    public = [getattr(huiqi, n) for n in dir(huiqi) if not n.startswith("_") and n != "huiqi"]
    for obj in public:
        assert obj.__doc__ and len(obj.__doc__.strip()) > 10, obj
    assert "Money is `decimal.Decimal`" in (huiqi.huiqi.__doc__ or "")


def test_operations_lists_every_call_api_operation() -> None:
    ops = huiqi.operations()
    assert "subsidy.quote" in ops and "checkout.price" in ops and "password.verify" in ops
    listed = huiqi.invoke("operations")["operations"]
    assert [o["name"] for o in listed] == list(ops)


def test_quote_estimate_and_binding_figure() -> None:
    estimate = huiqi.quote("henan", "3,768.00", **dict(TERMS, date="2018-07-30"))
    assert estimate.stage == "estimate" and estimate.subsidy == Decimal("1130.40")
    binding = huiqi.quote("henan", "3768.00", **dict(TERMS, date="2018-07-30"), contract_amount="120")
    assert binding.stage == "binding" and binding.subsidy == Decimal("36.00")
    assert binding.summary_zh == "预计补贴金额不超过 ¥36.00"
    assert binding.explanation and {"step", "text_zh", "text_en", "binding"} <= set(binding.explanation[0])
    assert "36.00" in repr(binding)


def test_an_ineligible_order_is_a_zero_quote_that_says_why() -> None:
    quote = huiqi.quote("henan", "245.00", **dict(TERMS, certified=False, claim="declined"))
    assert quote.subsidy == Decimal("0.00") and quote.bound_by == "ineligible"
    assert [r["code"] for r in quote.ineligible] == ["subsidy.not_certified", "subsidy.declined"]


def test_policies_load_strictly_and_round_trip() -> None:
    text = """
id = "zz-2025"
name = "某省上云补贴"
ratio = "25%"
rounding = "half_even"
effective_from = 2025-01-01
effective_to = 2025-12-31
[caps]
per_order = "5,000.00"
[eligibility]
regions = ["41"]
"""
    policy = huiqi.SubsidyPolicy.from_toml(text)
    assert (policy.id, policy.name, policy.rounding, policy.stacking) == ("zz-2025", "某省上云补贴", "half_even", "subsidy_first")
    assert policy.ratio == Decimal("0.25") and policy.effective_to == date(2025, 12, 31)
    assert policy.eligibility == {"regions": ["41"], "categories": [], "providers": []}
    assert huiqi.SubsidyPolicy.from_json(policy.to_json()) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy
    with pytest.raises(huiqi.PolicyError) as raised:
        huiqi.SubsidyPolicy.from_toml(text + "\nbudget = 1\n")
    assert raised.value.code == "policy.schema" and raised.value.field == "eligibility.budget"
    assert "henan" in huiqi.SubsidyPolicy.presets()
    quote = policy.quote("100000", date="2025-06-01", certified=True, claim="claimed", region="410102")
    assert quote.subsidy == Decimal("5000.00") and quote.policy_id == "zz-2025"


def test_policy_sets_choose_by_date() -> None:
    a = huiqi.SubsidyPolicy.from_dict({"id": "a", "name": "a", "ratio": "10%", "effective_from": "2020-01-01"})
    b = huiqi.SubsidyPolicy.from_dict({"id": "b", "name": "b", "ratio": "20%", "effective_from": date(2021, 1, 1)})
    versions = huiqi.PolicySet([a, b])
    assert len(versions) == 2 and "a" in repr(versions)
    chosen = versions.in_force(date(2020, 6, 1))
    assert chosen is not None and chosen.id == "a"
    assert versions.in_force("2019-01-01") is None
    assert huiqi.quote(versions, "100", **dict(TERMS, date="2022-01-01")).subsidy == Decimal("20.00")
    with pytest.raises(huiqi.PolicyError):
        huiqi.PolicySet([a, a])


def test_validation_verdicts() -> None:
    good = huiqi.validate_uscc("91350100m000100y43")
    assert good and good.valid and good.violations == [] and good.info["authority"]["code"] == "9"
    good.raise_if_invalid()
    bad = huiqi.validate_mobile("130123443210")
    assert not bad and bad.codes == ["field.format"] and bad.violations[0].field == "mobile"
    assert bad.to_dict()["valid"] is False
    with pytest.raises(huiqi.ValidationError) as raised:
        bad.raise_if_invalid()
    assert raised.value.code == "field.format"
    person = huiqi.validate_resident_id("11010519491231002X", today=date(2024, 1, 1))
    assert person.info["birth_date"] == "1949-12-31"
    assert huiqi.validate_landline("0371-66666666-801")
    assert huiqi.validate_email("a@qq.com") and not huiqi.validate_email("a@b")
    assert huiqi.validate_postcode("450000") and huiqi.validate_username("abc_123")
    assert not huiqi.validate_login_account("zhangsan")
    upload = huiqi.validate_upload("expert_photo", {"name": "me.jpg", "size_bytes": 2 * 1024 * 1024})
    assert upload.codes == ["upload.too_large"]
    form = huiqi.validate_account_registration({"username": "abc"})
    assert not form and len(form.violations) > 1


def test_passwords() -> None:
    national = huiqi.PasswordPolicy.preset("national")
    assert (national.name, national.min_length, national.max_length) == ("national", 8, 18)
    assert national.check("Zhang@2024x")
    assert national.check("zhangsan123", username="zhangsan").codes == ["password.classes", "password.contains_username"]
    phc = huiqi.hash_password("Zhang@2024x", memory_kib=1024, iterations=1, parallelism=1)
    assert phc.startswith("$argon2id$") and "Zhang@2024x" not in phc
    assert huiqi.verify_password("Zhang@2024x", phc) and not huiqi.verify_password("other", phc)
    assert national.check("Zhang@2024x", current_hash=phc).codes == ["password.same_as_current"]
    custom = huiqi.PasswordPolicy.from_toml('name = "short"\nmin_length = 4\nmax_length = 6\n')
    assert custom.check("abcd") and custom.check("abcdefg").codes == ["password.length"]
    assert huiqi.PasswordPolicy.from_dict(custom.to_dict()) == custom
    assert huiqi.PasswordPolicy.from_json('{"name": "j", "min_length": 4, "max_length": 6}').name == "j"
    assert pickle.loads(pickle.dumps(custom)) == custom
    assert huiqi.check_password(custom, "abcd") and huiqi.check_password(custom.to_dict(), "abcd")
    with pytest.raises(huiqi.PasswordError) as raised:
        huiqi.PasswordPolicy.from_toml('name = "x"\nmin_length = 9\nmax_length = 4\n')
    assert raised.value.code == "password.policy_invalid"


def _voucher(number: str, balance: str, valid_to: date = date(2023, 8, 18)) -> dict[str, Any]:
    return {"number": number, "name": "创新服务券", "face_value": Decimal("500.00"), "balance": Decimal(balance),
            "valid_from": date(2023, 7, 15), "valid_to": valid_to}


def test_checkout_round_trip_offer_suggest_price_pay_cancel() -> None:
    now = datetime(2023, 7, 31, 11, 34, 9, tzinfo=SHANGHAI)
    wallet = [_voucher("A", "60.00", date(2023, 8, 10)), _voucher("B", "500.00")]
    checkout = {
        "lines": [{"id": "1", "product": "cloud", "unit_price": Decimal("245.00")}],
        "vouchers": wallet,
        "now": now,
        "subsidy": {"policy": huiqi.SubsidyPolicy.preset("henan"),
                    "enterprise": {"certified": True, "claim": "claimed"}},
    }
    offer = huiqi.checkout_offer(checkout)
    assert [v["number"] for v in offer["usable"]] == ["A", "B"]
    suggestion = huiqi.checkout_suggest(checkout)
    pricing = huiqi.checkout_price(checkout, suggestion["selected"])
    assert pricing["subsidy"] == Decimal("73.50")
    assert pricing["payable"] + pricing["voucher_deduction"] + pricing["subsidy"] == pricing["total"]
    assert pricing["subsidy_quote"]["base"] == Decimal("245.00")
    deductions = [{"number": v["number"], "amount": v["deduction"]} for v in pricing["vouchers"]]
    paid = huiqi.checkout_pay(wallet, deductions)
    spent = sum((Decimal(w["balance"]) - p["balance"] for w, p in zip(wallet, paid)), Decimal("0"))
    assert spent == pricing["voucher_deduction"]
    restored = huiqi.checkout_cancel(paid, deductions)
    assert [v["balance"] for v in restored] == [Decimal("60.00"), Decimal("500.00")]
    status = huiqi.voucher_status(paid[0], "2023-08-10 23:59:59")
    assert status["usable"] is (paid[0]["balance"] > 0)
    expired = huiqi.voucher_status(wallet[0], datetime(2023, 8, 11, 0, 0, 0, tzinfo=SHANGHAI))
    assert expired["usable"] is False and expired["reason"]["code"] == "voucher.expired"


def test_campaign_grab() -> None:
    campaign = {
        "id": "c1", "name": "创新券", "stock": 1,
        "starts_at": "2023-07-15 09:00:00", "ends_at": "2023-07-31 23:59:59",
        "voucher": {"name": "创新服务券", "face_value": Decimal("5000"),
                    "valid_from": date(2023, 7, 15), "valid_to": date(2023, 12, 31)},
    }
    granted = huiqi.campaign_grab(campaign, {"certified": True, "now": "2023-07-20 10:00:00"}, "1700008")
    assert granted["granted"] is True and granted["stock_after"] == 0
    assert granted["voucher"]["face_value"] == Decimal("5000.00")
    with pytest.raises(huiqi.VoucherError) as raised:
        huiqi.campaign_grab(dict(campaign, stock=0), {"certified": True, "now": "2023-07-20 10:00:00"})
    assert raised.value.code == "campaign.out_of_stock"


def test_naive_datetimes_are_shanghai_time_and_aware_ones_keep_their_offset() -> None:
    voucher = _voucher("A", "10.00", date(2023, 8, 18))
    assert huiqi.voucher_status(voucher, datetime(2023, 8, 18, 23, 59, 59))["usable"] is True
    assert huiqi.voucher_status(voucher, datetime(2023, 8, 18, 16, 0, 0, tzinfo=timezone.utc))["usable"] is False
