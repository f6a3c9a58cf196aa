"""Money is Decimal in and out; floats never carry money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, Inexact, localcontext
from typing import Any

import pytest

import huiqi

D = date(2018, 7, 24)
HENAN: dict[str, Any] = dict(date=D, certified=True, claim="claimed")


def test_money_parse_answers_a_two_place_decimal() -> None:
    amount = huiqi.money_parse(input="¥3,768.00").amount
    assert isinstance(amount, Decimal)
    assert amount == Decimal("3768.00") and str(amount) == "3768.00"
    assert str(huiqi.money_parse(input="245").amount) == "245.00"
    assert str(huiqi.money_parse(input="0").amount) == "0.00"
    largest = huiqi.money_parse(input="999,999,999,999,999.99")
    assert (str(largest.amount), largest.fen) == ("999999999999999.99", 99_999_999_999_999_999)


def test_amounts_are_exact_whatever_decimal_context_the_caller_set() -> None:
    with localcontext() as context:
        context.prec = 3
        context.traps[Inexact] = True
        assert str(huiqi.money_parse(input="123456789012345.67").amount) == "123456789012345.67"
        assert str(huiqi.quote("henan", "3768.00", **HENAN).subsidy) == "1130.40"


@pytest.mark.parametrize(
    "given",
    [Decimal("245.00"), Decimal("245"), Decimal("245.0"), "245.00", "¥245.00", "245", 245, Decimal("2.45E+2")],
    ids=repr,
)
def test_quote_accepts_decimal_str_and_int(given: Any) -> None:
    quote = huiqi.quote("henan", given, **HENAN)
    assert quote.subsidy == Decimal("73.50") and isinstance(quote.subsidy, Decimal)
    assert quote.payable == Decimal("171.50")
    assert str(quote.subsidy) == "73.50"  # two places, always
    assert quote.base == Decimal("245.00")


def test_every_money_attribute_of_a_quote_is_decimal() -> None:
    policy = huiqi.SubsidyPolicy.from_toml(
        'id = "cap"\nname = "cap"\nratio = "50%"\neffective_from = 2018-01-01\n'
        '[caps]\nper_order = "100"\nper_enterprise_per_year = "1000"\nbudget_pool = "5000"\n'
    )
    quote = huiqi.quote(policy, "1000.00", **HENAN, enterprise_year_used=Decimal("10.00"), pool_used="20")
    for name in ("subsidy", "payable", "base", "by_ratio", "ratio", "cap_per_order"):
        assert isinstance(getattr(quote, name), Decimal), name
    assert quote.subsidy == Decimal("100.00") and quote.bound_by == "cap_per_order"
    year = quote.cap_per_enterprise_year
    assert year is not None and (year.limit, year.used, year.left) == (Decimal("1000.00"), Decimal("10.00"), Decimal("990.00"))
    assert quote.budget_pool is not None and quote.budget_pool.left == Decimal("4980.00")
    answer = huiqi.subsidy_quote(policy=policy, order_total="1000.00", date=D, enterprise={"certified": True, "claim": "claimed"},
                                 usage={"enterprise_year_used": Decimal("10.00"), "pool_used": "20"})
    assert (answer.subsidy, answer.budget_pool.left if answer.budget_pool else None) == (quote.subsidy, Decimal("4980.00"))


def test_more_than_two_places_is_refused_by_the_core_even_as_decimal() -> None:
    with pytest.raises(huiqi.MoneyError) as raised:
        huiqi.quote("henan", Decimal("245.001"), **HENAN)
    assert raised.value.code == "money.too_many_decimals"
    assert raised.value.field == "order_total"


@pytest.mark.parametrize("bad", [245.0, 0.1, float("nan"), float("inf"), -1.5])
def test_float_money_is_a_type_error_at_the_top_level(bad: float) -> None:
    with pytest.raises(TypeError, match="float"):
        huiqi.quote("henan", bad, **HENAN)
    with pytest.raises(TypeError, match="float"):
        huiqi.quote("henan", "245.00", **HENAN, contract_amount=bad)
    with pytest.raises(TypeError, match="float"):
        huiqi.quote("henan", "245.00", **HENAN, pool_used=bad)
    with pytest.raises(TypeError, match="float"):
        huiqi.money_parse(input=bad)
    with pytest.raises(TypeError, match="float"):
        huiqi.money_allocate(total=bad, weights=["1"])
    with pytest.raises(TypeError, match=r"weights\[1\]"):
        huiqi.money_allocate(total="1.00", weights=["1", bad])
    with pytest.raises(TypeError, match="float"):
        huiqi.quote_batch_decimal("henan", [Decimal("1"), bad], **HENAN)


def test_bool_is_not_money() -> None:
    with pytest.raises(TypeError, match="bool"):
        huiqi.quote("henan", True, **HENAN)
    with pytest.raises(TypeError, match="bool"):
        huiqi.quote_batch_decimal("henan", ["1", False], **HENAN)
    with pytest.raises(TypeError, match="bool"):
        huiqi.quote_batch("henan", [1, True], **HENAN)


def test_numpy_integers_are_whole_yuan_as_int_is_and_numpy_bools_are_no_money() -> None:
    # An analyst's column of int64 read value by value: each stands for an int.
    np = pytest.importorskip("numpy")
    for amount in (np.int64(245), np.int32(245), np.uint16(245)):
        assert huiqi.quote("henan", amount, **HENAN).subsidy == Decimal("73.50")
    # Inside a request an int is no amount (JSON's numbers are not money),
    # and numpy's is refused alike, at its path, not as an unknown type.
    for amount in (234, np.int64(234)):
        with pytest.raises(huiqi.MoneyError) as nested:
            huiqi.checkout_price(checkout=_checkout(amount), selected=["A"])
        assert (nested.value.code, nested.value.field) == ("money.not_a_string", "checkout.lines[0].unit_price")
    # numpy's bool is a bool, and its floats floats (float32 is no Python
    # float): refused as Python's are, as TypeErrors.
    for bad, word in ((np.bool_(True), "bool"), (np.float64(245), "float"), (np.float32(245), "float")):
        with pytest.raises(huiqi.RequestTypeError, match=word) as raised:
            huiqi.quote("henan", bad, **HENAN)
        assert raised.value.field == "order_total"
        with pytest.raises(huiqi.RequestTypeError, match=word):
            huiqi.quote_batch("henan", [24500, bad], **HENAN)
    # Inside a request numpy's bool is a JSON bool, refused by its field's
    # rule as Python's is.
    with pytest.raises(huiqi.HuiqiError) as as_json:
        huiqi.checkout_price(checkout=_checkout(np.bool_(True)), selected=["A"])
    with pytest.raises(huiqi.HuiqiError) as as_python:
        huiqi.checkout_price(checkout=_checkout(True), selected=["A"])
    assert (as_json.value.code, as_json.value.field) == (as_python.value.code, as_python.value.field)
    # A numpy integer past 64 bits' signed range is said to be so.
    with pytest.raises(huiqi.RequestError, match="64"):
        huiqi.quote_batch("henan", [np.uint64(2**64 - 1)], **HENAN)


def test_what_is_no_amount_is_told_what_an_amount_is() -> None:
    for bad in (b"245", object(), [245], None):
        with pytest.raises(huiqi.RequestError) as raised:
            huiqi.quote("henan", bad, **HENAN)
        assert raised.value.field == "order_total"
        assert raised.value.message_en.endswith("expected an amount (decimal.Decimal, str or int)"), raised.value.message_en


def _checkout(unit_price: Any) -> dict[str, Any]:
    return {
        "lines": [{"id": "1", "product": "p", "unit_price": unit_price}],
        "vouchers": [
            {
                "number": "A",
                "face_value": Decimal("500.00"),
                "balance": Decimal("500.00"),
                "valid_from": date(2023, 7, 15),
                "valid_to": date(2023, 8, 18),
            }
        ],
        "now": "2023-07-31 11:34:09",
    }


def test_dicts_may_hold_decimals_and_answers_hold_decimals() -> None:
    pricing = huiqi.checkout_price(checkout=_checkout(Decimal("234.00")), selected=["A"])
    assert pricing.payable == Decimal("0.00") and isinstance(pricing.payable, Decimal)
    assert pricing.voucher_deduction == Decimal("234.00")
    assert pricing.vouchers[0].balance_after == Decimal("266.00")
    assert pricing.lines[0].amount == Decimal("234.00")
    # Text other than money stays text.
    assert pricing.vouchers[0].number == "A" and pricing.lines[0].id == "1"
    assert pricing.payable + pricing.voucher_deduction + pricing.subsidy == pricing.total


def test_a_float_nested_in_a_dict_is_a_type_error_naming_the_path() -> None:
    with pytest.raises(TypeError, match=r"checkout\.lines\[0\]\.unit_price"):
        huiqi.checkout_price(checkout=_checkout(234.0), selected=["A"])
    checkout = _checkout("234.00")
    checkout["vouchers"][0]["balance"] = 500.0
    with pytest.raises(TypeError, match=r"vouchers\[0\]\.balance"):
        huiqi.checkout_offer(checkout=checkout)
    with pytest.raises(TypeError):
        huiqi.SubsidyPolicy.from_dict({"id": "x", "name": "x", "ratio": 0.3, "effective_from": "2020-01-01"})
    with pytest.raises(TypeError):
        huiqi.call("money.allocate", {"total": "1.00", "weights": [{"nested": [0.5]}]})
    with pytest.raises(TypeError):
        huiqi.validate_product_listing(form={"price": 1.5})


def test_ints_inside_dicts_stay_json_numbers_and_the_core_refuses_them_as_money() -> None:
    # Inside dicts the binding does not guess which keys are money.
    with pytest.raises(huiqi.MoneyError) as raised:
        huiqi.checkout_price(checkout=_checkout(234), selected=["A"])
    assert raised.value.code == "money.not_a_string"
    assert raised.value.field == "checkout.lines[0].unit_price"


def test_allocate_answers_decimals_that_sum_exactly() -> None:
    shares = huiqi.money_allocate(total=Decimal("100.00"), weights=[Decimal("1"), Decimal("1"), Decimal("1")]).shares
    assert shares == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(shares) == Decimal("100.00")
    assert all(isinstance(s, Decimal) for s in shares)
    assert huiqi.money_allocate(total="1.00", weights=("1", "2")).shares == [Decimal("0.33"), Decimal("0.67")]


def test_amount_lists_refuse_text_mappings_and_sets() -> None:
    for weights in ("1,2", {"a": Decimal("1")}):
        with pytest.raises(huiqi.HuiqiError) as caught:
            huiqi.money_allocate(total=Decimal("1.00"), weights=weights)
        assert caught.value.code == "request.invalid"
        assert caught.value.field == "weights"
    with pytest.raises(huiqi.RequestError) as unordered:
        huiqi.quote_batch_decimal("henan", {"1.00"}, date="2018-07-24", certified=True, claim="claimed")
    assert unordered.value.field == "order_totals" and "no order" in unordered.value.message_en
    with pytest.raises(huiqi.RequestError):
        huiqi.quote_batch("henan", {100, 200}, date="2018-07-24", certified=True, claim="claimed")
    # Any other ordered iterable is fine.
    subsidies = huiqi.quote_batch_decimal("henan", (w for w in ["1", "2"]), date="2018-07-24", certified=True, claim="claimed")
    assert subsidies == [Decimal("0.30"), Decimal("0.60")]


def test_policy_money_comes_out_as_decimal() -> None:
    henan = huiqi.SubsidyPolicy.preset("henan")
    assert henan.ratio == Decimal("0.30") and isinstance(henan.ratio, Decimal)
    assert henan.effective_from.year >= 2000
    policy = huiqi.SubsidyPolicy.from_dict(
        {"id": "x", "name": "x", "ratio": "25%", "effective_from": date(2025, 1, 1),
         "caps": {"per_order": Decimal("5000")}}
    )
    assert policy.caps.per_order == Decimal("5000.00")
    assert policy.caps.budget_pool is None
    assert huiqi.SubsidyPolicy.from_json(policy.to_json()) == policy


def test_batch_of_decimals_returns_decimals() -> None:
    subsidies = huiqi.quote_batch_decimal("henan", [Decimal("245.00"), "0.05", 1], **HENAN)
    assert subsidies == [Decimal("73.50"), Decimal("0.02"), Decimal("0.30")]
    assert [str(s) for s in subsidies] == ["73.50", "0.02", "0.30"]
