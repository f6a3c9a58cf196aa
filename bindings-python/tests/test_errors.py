"""The exception tree: one class per category, attributes, str, pickling."""

from __future__ import annotations

import json
import pickle
import array
from datetime import date, datetime, timezone
from typing import Any, Callable

import pytest

import huiqi
from conftest import CASES, has_float

CLASSES: dict[str, type[huiqi.HuiqiError]] = {
    "request": huiqi.RequestError,
    "money": huiqi.MoneyError,
    "policy": huiqi.PolicyError,
    "voucher": huiqi.VoucherError,
    "validation": huiqi.ValidationError,
    "password": huiqi.PasswordError,
    "approval": huiqi.ApprovalError,
    "internal": huiqi.InternalError,
}


def test_the_tree_has_one_class_per_category_of_the_core() -> None:
    assert issubclass(huiqi.HuiqiError, Exception) and huiqi.HuiqiError.__doc__
    categories = {huiqi.Problem(code).category for code in ("request.invalid", "money.negative", "policy.schema",
                  "voucher.expired", "field.format", "password.length", "route.gap",
                  "internal.error")}
    assert categories == set(CLASSES)
    for category, cls in CLASSES.items():
        assert issubclass(cls, huiqi.HuiqiError) and cls.__name__ == category.capitalize() + "Error"
        assert cls.__module__ == "huiqi"
        assert cls.__doc__ and f"`{category}`" in cls.__doc__


def _raised(fn: Callable[[], Any]) -> huiqi.HuiqiError:
    with pytest.raises(huiqi.HuiqiError) as info:
        fn()
    return info.value


# One real failure of each category that input can cause.
EXAMPLES: dict[str, Callable[[], Any]] = {
    "request": lambda: huiqi.money_parse(input="1", output="2"),
    "money": lambda: huiqi.money_parse(input="245.001"),
    "policy": lambda: huiqi.SubsidyPolicy.preset("nowhere"),
    "voucher": lambda: huiqi.checkout_pay(vouchers=[], deductions=[{"number": "A", "amount": "1.00"}]),
    "validation": lambda: huiqi.validate_uscc(value="91350100M000100Y44").raise_if_invalid(),
    "password": lambda: huiqi.password_verify(password="secret123", hash="not-a-phc-string"),
}


@pytest.mark.parametrize("category", sorted(EXAMPLES))
def test_each_category_raises_its_class_with_attributes(category: str) -> None:
    error = _raised(EXAMPLES[category])
    assert type(error) is CLASSES[category]
    assert error.category == category
    assert isinstance(error.code, str) and "." in error.code
    assert error.message_zh and error.message_en
    assert error.problems and error.problems[0].code == error.code
    assert error.problems[0].field == error.field
    assert error.code in str(error) and error.message_en in str(error)


@pytest.mark.parametrize("category", sorted(EXAMPLES))
def test_every_exception_class_pickles_with_its_attributes(category: str) -> None:
    error = _raised(EXAMPLES[category])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    for name in ("code", "field", "message_zh", "message_en", "detail", "category"):
        assert getattr(again, name) == getattr(error, name), name
    assert again.problems == error.problems
    assert [p.to_dict() for p in again.problems] == [p.to_dict() for p in error.problems]


@pytest.mark.parametrize("cls", [huiqi.HuiqiError, huiqi.InternalError, *CLASSES.values()])
def test_classes_pickle_when_made_by_hand(cls: type[huiqi.HuiqiError]) -> None:
    # InternalError cannot be caused by input (it is a bug); its class still pickles.
    error = cls("something failed")
    error.code = "internal.error"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls and str(again) == "something failed" and again.code == "internal.error"


def test_several_problems_are_all_carried() -> None:
    verdict = huiqi.password_check(policy="national", password="zhangsan", context={"username": "zhangsan"})
    assert len(verdict.violations) >= 2
    with pytest.raises(huiqi.PasswordError) as raised:
        verdict.raise_if_invalid()
    error = raised.value
    assert [p.code for p in error.problems] == verdict.codes
    assert error.code == verdict.codes[0]
    assert str(error).startswith(f"{len(verdict.codes)} problems: ")
    for problem in error.problems:
        assert problem.code in str(error)
    assert "zhangsan" not in error.message_en or error.field != "password"


def test_field_paths_and_both_languages() -> None:
    checkout = {
        "lines": [{"id": "1", "product": "p", "unit_price": "1.005"}],
        "now": "2023-07-31 11:34:09",
    }
    error = _raised(lambda: huiqi.checkout_price(checkout=checkout))
    assert isinstance(error, huiqi.MoneyError)
    assert error.code == "money.too_many_decimals"
    assert error.field == "checkout.lines[0].unit_price"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message_zh)


def test_problem_objects() -> None:
    problem = huiqi.Problem("money.negative", "order_total", "金额为负", "negative")
    assert problem.category == "money" and problem.detail is None
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert problem.to_dict() == {
        "code": "money.negative",
        "field": "order_total",
        "message_zh": "金额为负",
        "message_en": "negative",
    }
    assert "money.negative" in str(problem) and "order_total" in str(problem)
    with pytest.raises(huiqi.RequestError):
        huiqi.Problem("no.such_code")
    assert repr(problem) == "Problem(code='money.negative', field='order_total', message_en='negative', message_zh='金额为负')"
    detailed = huiqi.validate_uscc(value="A" * 50).violations[0]
    assert detailed.detail == {"actual": 50, "expected": 18}
    assert pickle.loads(pickle.dumps(detailed)) == detailed


OPERATIONS = [o.name for o in huiqi.operations().operations]
ERROR_CASES = [c for c in CASES if not c.has_expect and c.request is not None and c.op in OPERATIONS]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_every_error_vector_raises_the_class_of_its_category(case: Any) -> None:
    try:
        getattr(huiqi, case.op.replace(".", "_"))(case.request)
    except huiqi.RequestTypeError:
        # A float in the request is refused before the core (JSON has no
        # floats for money: call_json refuses it by the core's own rule).
        assert has_float(case.request)
    except huiqi.HuiqiError as error:
        assert type(error) is CLASSES[error.category]
        assert error.category == error.problems[0].category
        assert [p.to_dict() for p in error.problems] == json.loads(
            huiqi.call_json(case.op, case.request_text)
        )["errors"]
    else:
        pytest.fail("no exception")


def test_exceptions_are_caught_by_the_base_class() -> None:
    with pytest.raises(huiqi.HuiqiError):
        huiqi.quote("henan", "-1", date=date(2018, 7, 24), certified=True, claim="claimed")


_TERMS: dict[str, Any] = {"date": date(2018, 7, 24), "certified": True, "claim": "claimed"}
_REMIND = {"request_id": "r", "actor": {"id": "x"}, "command": {"type": "remind"}}
INEXACT = [
    ("money inside a request", lambda: huiqi.money_allocate(total="1.00", weights=["1", 0.5]), "weights[1]"),
    ("an amount given on its own", lambda: huiqi.quote("henan", 245.0, **_TERMS), "order_total"),
    ("a bool for an amount", lambda: huiqi.quote("henan", True, **_TERMS), "order_total"),
    ("fen in a list", lambda: huiqi.quote_batch("henan", [1, 2.5], **_TERMS), "order_totals_fen[1]"),
    ("fen in a float buffer", lambda: huiqi.quote_batch("henan", array.array("d", [1.0]), **_TERMS),
     "order_totals_fen"),
    ("an instant as a number", lambda: huiqi.decide(None, _REMIND, now=1.5e9, seed=1), "now"),
    ("a seed", lambda: huiqi.ApprovalStream().decide(_REMIND, now=datetime(2023, 7, 20, tzinfo=timezone.utc),
                                                     seed=1.0), "seed"),
]


@pytest.mark.parametrize(("what", "call", "field"), INEXACT, ids=[w for w, _, _ in INEXACT])
def test_a_float_is_a_type_error_with_a_code_its_field_and_both_languages(what: str, call: Any, field: str) -> None:
    with pytest.raises(TypeError) as info:
        call()
    error = info.value
    assert isinstance(error, huiqi.RequestTypeError) and isinstance(error, huiqi.RequestError), what
    assert (error.code, error.field, error.category) == ("request.inexact_number", field, "request")
    assert "float" in error.message_en or "bool" in error.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message_zh), error.message_zh
    assert "refused" not in error.message_zh and "pass" not in error.message_zh


def test_the_type_error_class_is_both_a_request_error_and_a_type_error_and_pickles() -> None:
    cls = huiqi.RequestTypeError
    assert issubclass(cls, huiqi.RequestError) and issubclass(cls, TypeError) and cls.__module__ == "huiqi"
    assert cls.__doc__ and "request.inexact_number" in cls.__doc__
    with pytest.raises(huiqi.RequestTypeError) as info:
        huiqi.money_parse(input=0.1)
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is cls and again.code == "request.inexact_number" and again.field == "input"
