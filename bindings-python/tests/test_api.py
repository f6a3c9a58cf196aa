"""The typed API: docstrings, the functions of the table, typed answers,
policies, validation, passwords, checkout."""

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
    assert "Quotes the subsidy of one order" in text and "contract_amount" in text
    parameters = inspect.signature(huiqi.quote).parameters
    assert list(parameters)[:2] == ["policy", "order_total"]
    assert parameters["date"].kind is inspect.Parameter.KEYWORD_ONLY
    operation = inspect.signature(huiqi.subsidy_quote).parameters
    assert [p.kind for p in operation.values()] == [inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.VAR_KEYWORD]
    assert "`subsidy.quote`" in (huiqi.subsidy_quote.__doc__ or "")
    public = [getattr(huiqi, n) for n in dir(huiqi) if not n.startswith("_") and n != "huiqi"]
    for obj in public:
        if callable(obj):
            assert obj.__doc__ and len(obj.__doc__.strip()) > 10, obj
    assert "Money is `decimal.Decimal`" in (huiqi.huiqi.__doc__ or "")


def test_every_operation_of_the_table_is_a_function() -> None:
    listed = huiqi.operations()
    assert isinstance(listed, huiqi.OperationList)
    names = [o.name for o in listed.operations]
    assert "subsidy.quote" in names and "checkout.price" in names and "password.verify" in names
    for info in listed.operations:
        assert callable(getattr(huiqi, info.name.replace(".", "_"))) and info.summary


def test_a_request_is_a_dict_or_keyword_arguments_never_both() -> None:
    by_dict = huiqi.money_parse({"input": "¥3,768.00"})
    by_keywords = huiqi.money_parse(input="¥3,768.00")
    assert (by_dict.amount, by_dict.fen) == (by_keywords.amount, by_keywords.fen) == (Decimal("3768.00"), 376_800)
    with pytest.raises(huiqi.RequestError) as raised:
        huiqi.money_parse({"input": "1"}, input="2")
    assert "not both" in raised.value.message_en
    with pytest.raises(huiqi.RequestError) as unknown:
        huiqi.money_parse(input="1", inptu="2")
    assert unknown.value.code == "request.invalid" and unknown.value.field == "inptu"
    with pytest.raises(huiqi.RequestError) as missing:
        huiqi.money_parse()
    assert "input" in missing.value.message_en


def test_answers_are_typed_frozen_objects() -> None:
    answer = huiqi.subsidy_quote(policy="henan", order_total=Decimal("245.00"), date=date(2018, 7, 24),
                                 enterprise={"certified": True, "claim": "claimed"})
    assert isinstance(answer, huiqi.QuoteAnswer)
    assert (answer.subsidy, answer.payable, answer.stage, answer.bound_by) == (Decimal("73.50"), Decimal("171.50"), "estimate", "ratio")
    assert answer.policy_id == "henan" and answer.ratio == Decimal("0.30") and answer.rounding == "half_away_from_zero"
    assert isinstance(answer.explanation[0], huiqi.ExplanationLine) and answer.explanation[-1].step == "result"
    with pytest.raises(AttributeError):
        answer.subsidy = Decimal("1")  # type: ignore[misc]
    # Values, compared by what they hold (a frozen value class has no
    # identity worth comparing): the same request answers equal objects.
    again = huiqi.subsidy_quote(policy="henan", order_total=Decimal("245.00"), date=date(2018, 7, 24),
                                enterprise={"certified": True, "claim": "claimed"})
    assert answer == again and answer is not again and answer.explanation == again.explanation
    assert answer != huiqi.subsidy_quote(policy="henan", order_total=Decimal("245.01"), date=date(2018, 7, 24),
                                         enterprise={"certified": True, "claim": "claimed"})
    assert huiqi.money_parse(input="1") == huiqi.money_parse(input="1.00") != huiqi.money_parse(input="2")
    assert huiqi.money_parse(input="1") != "1"


def test_every_class_says_what_it_holds_in_a_repl() -> None:
    # No class prints as `<huiqi.X object at 0x…>`: each says itself, its
    # fields in the order they are declared, a long value shortened.
    classes = [c for c in vars(huiqi).values()
               if isinstance(c, type) and not issubclass(c, BaseException) and c.__module__ == "huiqi"]
    assert len(classes) > 50
    assert [c.__name__ for c in classes if "__repr__" not in vars(c)] == []
    assert repr(huiqi.money_parse(input="¥1,234.5")) == "ParsedAmount(amount=Decimal('1234.50'), fen=123450)"
    stage = repr(huiqi.route_preset(name="seal").stages[0])
    assert stage.startswith("RouteStage(id='leader', name='领导审批', approvers=[{'picked': 'leader'}], mode='single'")
    verdict = repr(huiqi.validate_uscc(value="91350100M000100Y44"))
    assert verdict == "UsccVerdict(valid=False, violations=[1 item], codes=['uscc.check_character'], info=None)"
    # A long object inside is named by its class, not cut mid-way.
    valid = repr(huiqi.validate_uscc(value="91350100M000100Y43"))
    assert valid == "UsccVerdict(valid=True, violations=[], info=UsccInfo(…), codes=[])", valid
    # Text cut keeps its closing quote.
    line = repr(huiqi.subsidy_quote(policy="henan", order_total="245.00", date=date(2018, 7, 24),
                                    enterprise={"certified": True, "claim": "claimed"}).explanation[1])
    assert line.endswith("(rounded to the fen, hal…')"), line
    policy = repr(huiqi.SubsidyPolicy.preset("henan"))
    assert policy.startswith("SubsidyPolicy(id='henan', version='2018', name='河南省企业上云补贴（省补贴 30%）'")
    assert repr(huiqi.quoter(huiqi.SubsidyPolicy.preset("henan"), date="2018-07-24", certified=True,
                             claim="claimed")) == "Quoter(policy='henan')"


def test_quote_estimate_and_binding_figure() -> None:
    estimate = huiqi.quote("henan", "3,768.00", **dict(TERMS, date="2018-07-30"))
    assert estimate.stage == "estimate" and estimate.subsidy == Decimal("1130.40")
    binding = huiqi.quote("henan", "3768.00", **dict(TERMS, date="2018-07-30"), contract_amount="120")
    assert binding.stage == "binding" and binding.subsidy == Decimal("36.00")
    assert binding.summary_zh == "预计补贴金额不超过 ¥36.00" and binding.summary_en
    assert binding.explanation[0].step == "base" and binding.explanation[1].binding
    assert "36.00" in repr(binding) and "binding" in repr(binding)


def test_an_ineligible_order_is_a_zero_quote_that_says_why() -> None:
    quote = huiqi.quote("henan", "245.00", **dict(TERMS, certified=False, claim="declined"))
    assert quote.subsidy == Decimal("0.00") and quote.bound_by == "ineligible"
    assert quote.ineligible == ["subsidy.not_certified", "subsidy.declined"]
    assert quote.summary_en == "no subsidy"


def test_the_fast_quote_and_the_strict_one_agree() -> None:
    policy = huiqi.SubsidyPolicy.preset("henan")
    for total in (Decimal("245.00"), Decimal("2.45E+2"), "¥245", 245):
        fast = huiqi.quote(policy, total, **TERMS)
        strict = huiqi.quote(policy, total, **TERMS, region="410102")  # a region takes the strict path
        assert (fast.subsidy, fast.base, fast.bound_by) == (strict.subsidy, strict.base, strict.bound_by) == (Decimal("73.50"), Decimal("245.00"), "ratio")
    assert huiqi.quote([policy], Decimal("245.00"), **TERMS).subsidy == Decimal("73.50")


_CAPPED = """
id = "capped"
name = "30% capped at 500 per order, 2,000 a year"
ratio = "30%"
rounding = "half_even"
effective_from = 2018-01-01
[caps]
per_order = "500.00"
per_enterprise_per_year = "2000.00"
budget_pool = "20000"
"""


@pytest.mark.parametrize("terms", [
    {},
    {"enterprise_year_used": Decimal("1900.00")},
    {"pool_used": "19999.99"},
    {"certified": False, "claim": "declined"},
    {"region": "410102"},
], ids=["plain", "year-used", "pool-used", "ineligible", "region"])
def test_a_quoter_quotes_as_quote_does(terms: dict[str, Any]) -> None:
    import random
    rng = random.Random(11)
    fen = [0, 1, 2, 3, 5, 15, 16, 166_666, 166_667, 99_999_999_999_999_999] + [rng.randrange(0, 10**8) for _ in range(400)]
    for policy in ("henan", huiqi.SubsidyPolicy.from_toml(_CAPPED)):
        quoter = huiqi.quoter(policy, **dict(TERMS, **terms))
        for f in fen:
            total = Decimal(f).scaleb(-2)
            single = huiqi.quote(policy, total, **dict(TERMS, **terms))
            assert quoter.subsidy(total) == single.subsidy and str(quoter.subsidy(total)) == str(single.subsidy), (policy, f)
            whole = quoter.quote(total)
            assert (whole.subsidy, whole.payable, whole.bound_by, whole.ineligible, whole.summary_zh) == \
                (single.subsidy, single.payable, single.bound_by, single.ineligible, single.summary_zh)
    assert huiqi.quoter("henan", **TERMS).subsidy("¥3,768.00") == Decimal("1130.40")


def test_a_quoter_refuses_as_quote_does() -> None:
    quoter = huiqi.quoter("henan", **TERMS)
    with pytest.raises(TypeError):
        quoter.subsidy(245.0)
    with pytest.raises(TypeError):
        quoter.subsidy(True)
    for bad in ("245.001", "-1", "abc"):
        with pytest.raises(huiqi.MoneyError) as got:
            quoter.subsidy(bad)
        with pytest.raises(huiqi.MoneyError) as want:
            huiqi.quote("henan", bad, **TERMS)
        assert (got.value.code, got.value.field, got.value.message_en) == (want.value.code, want.value.field, want.value.message_en)
        assert got.value.field == "order_total"
    with pytest.raises(huiqi.HuiqiError) as terms:
        huiqi.quoter("henan", **dict(TERMS, claim="maybe"))
    assert terms.value.field == "claim"  # the keyword given
    with pytest.raises(huiqi.HuiqiError) as strict:
        huiqi.quote("henan", "245.00", **dict(TERMS, claim="maybe", region="410102"))
    assert strict.value.field == "claim"
    with pytest.raises(huiqi.PolicyError):
        huiqi.quoter("atlantis", **TERMS)


def test_a_quoter_refuses_a_contract_amount_as_the_js_handle_does() -> None:
    # One order's: a binding quote on it, whatever the order's total.
    with pytest.raises(huiqi.RequestError) as refused:
        huiqi.quoter("henan", **TERMS, contract_amount="120.00")
    assert (refused.value.code, refused.value.field) == ("request.invalid", "contract_amount")
    assert refused.value.message_en.startswith("a contract amount is one order's")
    assert huiqi.quoter("henan", **TERMS, contract_amount=None).subsidy("245.00") == Decimal("73.50")
    assert huiqi.quote("henan", "1.00", **TERMS, contract_amount="120.00").subsidy == Decimal("36.00")


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
    assert policy.caps.per_order == Decimal("5000.00") and policy.caps.budget_pool is None
    assert (policy.eligibility.regions, policy.eligibility.categories) == (["41"], [])
    assert huiqi.SubsidyPolicy.from_json(policy.to_json()) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy
    with pytest.raises(huiqi.PolicyError) as raised:
        huiqi.SubsidyPolicy.from_toml(text + "\nbudget = 1\n")
    assert raised.value.code == "policy.schema" and raised.value.field == "eligibility.budget"
    assert "henan" in huiqi.SubsidyPolicy.presets()
    quote = huiqi.quote(policy, "100000", date="2025-06-01", certified=True, claim="claimed", region="410102")
    assert quote.subsidy == Decimal("5000.00") and quote.bound_by == "cap_per_order"


def test_policy_versions_choose_by_date() -> None:
    a = huiqi.SubsidyPolicy.from_dict({"id": "a", "name": "a", "ratio": "10%", "effective_from": "2020-01-01"})
    b = huiqi.SubsidyPolicy.from_dict({"id": "b", "name": "b", "ratio": "20%", "effective_from": date(2021, 1, 1)})
    assert huiqi.quote([a, b], "100", **dict(TERMS, date="2022-01-01")).subsidy == Decimal("20.00")
    assert huiqi.quote([a, b], "100", **dict(TERMS, date="2020-06-01")).subsidy == Decimal("10.00")
    with pytest.raises(huiqi.PolicyError) as raised:
        huiqi.quote([a, a], "100", **TERMS)
    assert raised.value.field == "policy"
    loaded = huiqi.policy_load(format="json", text='{"policies": [' + a.to_json() + "," + b.to_json() + "]}", date=date(2020, 6, 1))
    assert [p.id for p in loaded.policies] == ["a", "b"] and loaded.in_force == "a"
    # A JSON list of versions loads as {"policies": […]} does; none at all
    # is policy.empty, not a date with none in force.
    listed = huiqi.policy_load(format="json", text="[" + a.to_json() + "," + b.to_json() + "]", date=date(2020, 6, 1))
    assert [p.id for p in listed.policies] == ["a", "b"]
    for empty in (lambda: huiqi.quote([], "100", **TERMS), lambda: huiqi.policy_load(format="json", text="[]")):
        with pytest.raises(huiqi.PolicyError) as nothing:
            empty()
        assert nothing.value.code == "policy.empty" and nothing.value.field in ("policy", "text")
    # One policy's reader given a list says so at its argument.
    with pytest.raises(huiqi.PolicyError) as listed_one:
        huiqi.SubsidyPolicy.from_dict([{"id": "a", "name": "a", "ratio": "10%", "effective_from": "2020-01-01"}])
    assert listed_one.value.field == "document"


def test_validation_verdicts() -> None:
    good = huiqi.validate_uscc(value="91350100m000100y43")
    assert good and good.valid and good.violations == [] and good.info is not None
    assert good.info.authority.code == "9" and good.info.province == "福建省"
    good.raise_if_invalid()
    bad = huiqi.validate_mobile(value="130123443210")
    assert not bad and bad.codes == ["field.format"] and bad.violations[0].field == "mobile"
    with pytest.raises(huiqi.ValidationError) as raised:
        bad.raise_if_invalid()
    assert raised.value.code == "field.format"
    person = huiqi.validate_resident_id(value="11010519491231002X", today=date(2024, 1, 1))
    assert person.info is not None and person.info.birth_date == date(1949, 12, 31)
    assert (person.info.gender, person.info.kind) == ("female", "resident_id")
    assert huiqi.validate_landline(value="0371-66666666-801")
    assert huiqi.validate_email(value="a@qq.com") and not huiqi.validate_email(value="a@b")
    assert huiqi.validate_postcode(value="450000") and huiqi.validate_username(value="abc_123")
    assert not huiqi.validate_login_account(value="zhangsan")
    upload = huiqi.validate_upload(kind="expert_photo", file={"name": "me.jpg", "size_bytes": 2 * 1024 * 1024})
    assert upload.codes == ["upload.too_large"]
    form = huiqi.validate_account_registration(form={"username": "abc"})
    assert not form and len(form.violations) > 1


def test_passwords() -> None:
    national = huiqi.password_policy(name="national")
    assert national == huiqi.PasswordPolicy.preset("national")
    assert (national.name, national.min_length, national.max_length) == ("national", 8, 18)
    assert huiqi.password_check(policy=national, password="Zhang@2024x")
    verdict = huiqi.password_check(policy="national", password="zhangsan123", context={"username": "zhangsan"})
    assert verdict.codes == ["password.classes", "password.contains_username"]
    phc = huiqi.password_hash(password="Zhang@2024x", cost={"memory_kib": 1024, "iterations": 1, "parallelism": 1}).hash
    assert phc.startswith("$argon2id$") and "Zhang@2024x" not in phc
    assert huiqi.password_verify(password="Zhang@2024x", hash=phc).matches
    assert not huiqi.password_verify(password="other", hash=phc).matches
    same = huiqi.password_check(policy=national, password="Zhang@2024x", context={"current_hash": phc})
    assert same.codes == ["password.same_as_current"]
    custom = huiqi.PasswordPolicy.from_toml('name = "short"\nmin_length = 4\nmax_length = 6\n')
    assert huiqi.password_check(policy=custom, password="abcd")
    assert huiqi.password_check(policy=custom, password="abcdefg").codes == ["password.length"]
    assert huiqi.PasswordPolicy.from_json(custom.to_json()) == custom == pickle.loads(pickle.dumps(custom))
    assert huiqi.PasswordPolicy.from_dict({"name": "j", "min_length": 4, "max_length": 6}).name == "j"
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
        "subsidy": {"policy": huiqi.SubsidyPolicy.preset("henan"), "enterprise": {"certified": True, "claim": "claimed"}},
    }
    offer = huiqi.checkout_offer(checkout=checkout)
    assert [v.number for v in offer.usable] == ["A", "B"] and offer.usable[0].valid_to == date(2023, 8, 10)
    suggestion = huiqi.checkout_suggest(checkout=checkout)
    pricing = huiqi.checkout_price(checkout=checkout, selected=suggestion.selected)
    assert pricing.subsidy == suggestion.subsidy == Decimal("73.50")
    assert pricing.selected == suggestion.selected and suggestion.selected
    assert pricing.payable + pricing.voucher_deduction + pricing.subsidy == pricing.total
    assert pricing.subsidy_quote is not None and pricing.subsidy_quote.base == Decimal("245.00")
    deductions = [{"number": v.number, "amount": v.deduction} for v in pricing.vouchers]
    paid = huiqi.checkout_pay(vouchers=wallet, deductions=deductions).vouchers
    spent = sum((w["balance"] - p.balance for w, p in zip(wallet, paid)), Decimal("0"))
    assert spent == pricing.voucher_deduction
    # The wallet's vouchers go back into the next request as they are.
    restored = huiqi.checkout_cancel(vouchers=paid, deductions=deductions).vouchers
    assert [v.balance for v in restored] == [Decimal("60.00"), Decimal("500.00")]
    status = huiqi.voucher_status(voucher=paid[0], now="2023-08-10 23:59:59")
    assert status.usable is (paid[0].balance > 0)
    expired = huiqi.voucher_status(voucher=wallet[0], now=datetime(2023, 8, 11, 0, 0, 0, tzinfo=SHANGHAI))
    assert expired.usable is False and expired.reason is not None and expired.reason.code == "voucher.expired"


def test_campaign_grab() -> None:
    campaign = {
        "id": "c1", "name": "创新券", "stock": 1,
        "starts_at": "2023-07-15 09:00:00", "ends_at": "2023-07-31 23:59:59",
        "voucher": {"name": "创新服务券", "face_value": Decimal("5000"),
                    "valid_from": date(2023, 7, 15), "valid_to": date(2023, 12, 31)},
    }
    attempt = {"certified": True, "now": "2023-07-20 10:00:00"}
    granted = huiqi.campaign_grab(campaign=campaign, attempt=attempt, voucher_number="1700008")
    assert granted.granted is True and granted.stock_after == 0
    assert granted.voucher is not None and granted.voucher.face_value == Decimal("5000.00")
    with pytest.raises(huiqi.VoucherError) as raised:
        huiqi.campaign_grab(campaign=dict(campaign, stock=0), attempt=attempt)
    assert raised.value.code == "campaign.out_of_stock"


def test_naive_datetimes_are_shanghai_time_and_aware_ones_keep_their_offset() -> None:
    voucher = _voucher("A", "10.00", date(2023, 8, 18))
    assert huiqi.voucher_status(voucher=voucher, now=datetime(2023, 8, 18, 23, 59, 59)).usable is True
    assert huiqi.voucher_status(voucher=voucher, now=datetime(2023, 8, 18, 16, 0, 0, tzinfo=timezone.utc)).usable is False
    # Microseconds, as `datetime.now()` has them: the last one of the day is
    # still the day (they were refused before, though aware ones were read).
    assert huiqi.voucher_status(voucher=voucher, now=datetime(2023, 8, 18, 23, 59, 59, 999999)).usable is True
    assert huiqi.voucher_status(voucher=voucher, now=datetime(2023, 8, 19, 0, 0, 0, 1)).usable is False
