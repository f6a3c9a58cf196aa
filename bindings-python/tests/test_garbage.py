"""Garbage in never panics across the boundary: a typed HuiqiError (or a
TypeError for floats), never a PanicException, and no backtrace or Rust type
name in a public message."""

from __future__ import annotations

import array
import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable

import numpy as np
import pytest

import huiqi

TERMS: dict[str, Any] = dict(date=date(2018, 7, 24), certified=True, claim="claimed")
LEAKS = re.compile(
    r"panick|backtrace|RUST_BACKTRACE|\.rs:\d|::|huiqi_core|serde|pyo3|PyErr|Vec<|Option<|"
    r"\b[iu](8|16|32|64|128|size)\b|\bf64\b|\bString\b|\bBox<|unwrap"
)


def clean(message: str) -> None:
    leak = LEAKS.search(message)
    assert leak is None, f"leak {leak.group(0)!r} in {message!r}"


def typed(fn: Callable[[], Any], expected: type[BaseException] = huiqi.HuiqiError) -> BaseException:
    """Runs `fn`, which must raise `expected`; checks what it says."""
    try:
        fn()
    except BaseException as error:  # noqa: BLE001 - PanicException derives from BaseException
        assert type(error).__name__ != "PanicException", repr(error)
        assert isinstance(error, expected), f"{type(error).__name__}: {error}"
        clean(str(error))
        if isinstance(error, huiqi.HuiqiError):
            for p in error.problems:
                clean(p.message_en)
                clean(p.message_zh)
        return error
    pytest.fail(f"no {expected.__name__}")


def answer_is_clean(text: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(text)
    for p in answer.get("errors", []):
        clean(p["message_en"])
        clean(p["message_zh"])
    return answer


LONE = "\ud800"


def test_lone_surrogates() -> None:
    for fn in (
        lambda: huiqi.validate_mobile(value=LONE),
        lambda: huiqi.money_parse(input="12" + LONE),
        lambda: huiqi.quote("henan", "1" + LONE, **TERMS),
        lambda: huiqi.quote(LONE, "1", **TERMS),
        lambda: huiqi.password_check(policy="national", password="Abc12345" + LONE),
        lambda: huiqi.password_hash(password=LONE),
        lambda: huiqi.PasswordPolicy.from_toml(LONE),
        lambda: huiqi.SubsidyPolicy.from_json(LONE),
        lambda: huiqi.checkout_price(checkout={"lines": [{"id": LONE}]}),
        lambda: huiqi.money_parse({LONE: "1"}),
        lambda: huiqi.call(LONE, {}),
    ):
        error = typed(fn, huiqi.RequestError)
        assert isinstance(error, huiqi.HuiqiError) and error.code == "request.invalid"
    text = huiqi.call_json("money.parse", '{"input": "' + LONE + '"}')
    answer = answer_is_clean(text)
    assert answer["ok"] is False and answer["errors"][0]["code"] == "request.malformed_json"
    # Written as every answer is, `ok` first (the binding refused it itself).
    assert text.startswith('{"ok":false,"errors":[') and text[:6] == huiqi.call_json("money.parse", "[")[:6]
    answer = answer_is_clean(huiqi.call_json("money" + LONE, '{"input": "1"}'))
    assert answer["errors"][0]["code"] == "request.unknown_operation"


def test_invalid_utf8() -> None:
    for raw in (b"\xff\xfe", b'{"input": "\xc3\x28"}', bytearray(b"\x80")):
        answer = answer_is_clean(huiqi.call_json("money.parse", raw))
        assert answer["ok"] is False and answer["errors"][0]["code"] == "request.malformed_json"
    answer = answer_is_clean(huiqi.call_json("money.parse", b'{"input": "245.00"}'))
    assert answer == {"ok": True, "value": {"amount": "245.00", "fen": 24500}}


def test_huge_strings() -> None:
    # Beyond the documented limits (64 KiB a string, 1,024 characters a
    # password): refused before any work, with a small, clean message.
    big = "9" * 5_000_000
    for call in (
        lambda: huiqi.validate_uscc(value=big),
        lambda: huiqi.money_parse(input=big),
        lambda: huiqi.quote("henan", Decimal(big), **TERMS),
        lambda: huiqi.quote(big, "1", **TERMS),
        lambda: huiqi.password_check(policy="national", password="Aa1!" * 1_000_000),
    ):
        error = typed(call, huiqi.RequestError)
        assert isinstance(error, huiqi.HuiqiError) and error.code == "request.too_large"
        assert len(str(error)) < 1000 and "Aa1!" not in str(error)
    answer = answer_is_clean(huiqi.call_json("money.parse", json.dumps({"input": big})))
    assert answer["ok"] is False and answer["errors"][0]["code"] == "request.too_large"
    # Within the limits the input is still cut in messages.
    verdict = huiqi.validate_uscc(value="9" * 60_000)
    assert not verdict and verdict.codes == ["field.length"]
    clean(verdict.violations[0].message_en)
    assert len(verdict.violations[0].message_en) < 500


@pytest.mark.parametrize(
    "text",
    ["", " ", "{", "}", "[[[", '{"input": }', "{'input': '1'}", "nul", "NaN", "Infinity", "-Infinity",
     '{"input": NaN}', '{"input": "1"} trailing', "[" * 100_000, '{"a":' * 10_000, "\x00", "1e999999"],
    ids=repr,
)
def test_malformed_json(text: str) -> None:
    answer = answer_is_clean(huiqi.call_json("money.parse", text))
    assert answer["ok"] is False
    # Nesting past the limit is refused as every limit is, whatever the
    # document: request.too_large, a RequestError.
    too_deep = text.startswith(("[[[[", '{"a":{'))
    assert answer["errors"][0]["code"] == "request.too_large" if too_deep else \
        answer["errors"][0]["code"] in {"request.malformed_json", "request.invalid"}
    error = typed(lambda: huiqi.SubsidyPolicy.from_json(text), huiqi.RequestError if too_deep else huiqi.PolicyError)
    assert isinstance(error, huiqi.HuiqiError)
    typed(lambda: huiqi.PasswordPolicy.from_json(text), huiqi.RequestError if too_deep else huiqi.PasswordError)


@pytest.mark.parametrize("text", ["", "[[[", "x = ", "a = 1\na = 2", "= 1", "[caps\n"])
def test_malformed_toml(text: str) -> None:
    typed(lambda: huiqi.SubsidyPolicy.from_toml(text), huiqi.PolicyError)
    typed(lambda: huiqi.policy_load(format="toml", text=text), huiqi.PolicyError)
    typed(lambda: huiqi.PasswordPolicy.from_toml(text), huiqi.PasswordError)


def test_a_float_ratio_in_toml_is_refused_by_the_core() -> None:
    text = "ratio = 0.3\nid='x'\nname='x'\neffective_from=2020-01-01"
    error = typed(lambda: huiqi.SubsidyPolicy.from_toml(text), huiqi.MoneyError)
    assert isinstance(error, huiqi.HuiqiError) and error.field == "ratio"


def test_nan_and_infinity_where_numbers_are_expected() -> None:
    for bad in (float("nan"), float("inf"), float("-inf")):
        typed(lambda: huiqi.quote("henan", bad, **TERMS), TypeError)
        typed(lambda: huiqi.money_allocate(total="1", weights=[bad]), TypeError)
        typed(lambda: huiqi.call("money.allocate", {"total": bad, "weights": []}), TypeError)
        typed(lambda: huiqi.quote_batch("henan", np.array([bad]), **TERMS), TypeError)
        typed(lambda: huiqi.quote_batch("henan", [bad], **TERMS), TypeError)
        typed(lambda: huiqi.validate_upload(kind="logo", file={"name": "a.png", "size_bytes": bad}), TypeError)
    for bad_decimal in (Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")):
        error = typed(lambda: huiqi.quote("henan", bad_decimal, **TERMS), huiqi.MoneyError)
        assert isinstance(error, huiqi.HuiqiError) and error.field == "order_total"
        typed(lambda: huiqi.money_parse(input=bad_decimal), huiqi.MoneyError)
    # Absurd exponents are refused, not expanded to a billion digits.
    typed(lambda: huiqi.money_parse(input=Decimal("1E+999999999")), huiqi.MoneyError)
    typed(lambda: huiqi.quote("henan", Decimal("1E-999999999"), **TERMS), huiqi.MoneyError)


def test_empty_input() -> None:
    typed(lambda: huiqi.money_parse(input=""), huiqi.MoneyError)
    assert huiqi.validate_mobile(value="").codes == ["field.required"]
    assert huiqi.call("", {})["errors"][0]["code"] == "request.unknown_operation"
    typed(lambda: huiqi.money_parse(), huiqi.RequestError)
    typed(lambda: huiqi.quote("", "1", **TERMS), huiqi.PolicyError)
    typed(lambda: huiqi.quote([], "1", **TERMS), huiqi.PolicyError)
    typed(lambda: huiqi.SubsidyPolicy.from_dict({}), huiqi.PolicyError)
    typed(lambda: huiqi.checkout_price(checkout={}), huiqi.RequestError)
    typed(lambda: huiqi.checkout_price(checkout={"lines": [], "now": "2023-07-31 11:34:09"}), huiqi.VoucherError)
    typed(lambda: huiqi.money_allocate(total="1.00", weights=[]), huiqi.MoneyError)
    answer = answer_is_clean(huiqi.call_json("", ""))
    assert answer["ok"] is False


class Opaque:
    pass


def test_wrong_types() -> None:
    for value in (13012344321, None, True, Opaque(), b"13012344321", ["1"], {"v": 1}, {1, 2}, 2**70):
        typed(lambda: huiqi.validate_mobile(value=value), huiqi.RequestError)
    typed(lambda: huiqi.quote(123, "1", **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote("henan", Opaque(), **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote("henan", [1], **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote("henan", "1", date=20180724, certified=True, claim="claimed"), huiqi.RequestError)
    typed(lambda: huiqi.quote("henan", "1", date="24/07/2018", certified=True, claim="claimed"), huiqi.RequestError)
    typed(lambda: huiqi.quote("henan", "1", date=date(2018, 7, 24), certified="yes", claim="claimed"), huiqi.RequestError)
    typed(lambda: huiqi.quote("henan", "1", date=date(2018, 7, 24), certified=True, claim=5), huiqi.RequestError)
    typed(lambda: huiqi.quote("henan", "1", date=datetime(2018, 7, 24, 12), certified=True, claim="claimed"), huiqi.RequestError)
    typed(lambda: huiqi.checkout_price("not a dict"), huiqi.RequestError)  # type: ignore[arg-type]
    typed(lambda: huiqi.checkout_price(["a list"]), huiqi.RequestError)  # type: ignore[arg-type]
    typed(lambda: huiqi.money_parse({1: "x"}), huiqi.RequestError)
    typed(lambda: huiqi.money_parse(input=Opaque()), huiqi.RequestError)
    typed(lambda: huiqi.money_parse(input=10**30), huiqi.RequestError)
    typed(lambda: huiqi.call(12, {}), huiqi.RequestError)  # type: ignore[arg-type]
    typed(lambda: huiqi.quote("henan", 10**30, **TERMS), huiqi.MoneyError)
    typed(lambda: huiqi.money_allocate(total="1.00", weights="1,2,3"), huiqi.RequestError)
    typed(lambda: huiqi.money_allocate(total="1.00", weights=5), huiqi.RequestError)
    typed(lambda: huiqi.SubsidyPolicy.preset(None), huiqi.RequestError)  # type: ignore[arg-type]
    typed(lambda: huiqi.PasswordPolicy.preset("unknown"), huiqi.PasswordError)
    cost = {"memory_kib": 1, "iterations": 1, "parallelism": 0}
    typed(lambda: huiqi.password_hash(password="x", cost=cost), huiqi.PasswordError)
    typed(lambda: huiqi.validate_upload(kind="no-such-kind", file={"name": "a.png", "size_bytes": 1}), huiqi.RequestError)
    typed(lambda: huiqi.voucher_status(voucher={"number": "A"}, now="yesterday"), huiqi.RequestError)
    typed(lambda: huiqi.campaign_grab(campaign={}, attempt={}), huiqi.RequestError)
    typed(lambda: huiqi.policy_load(format="yaml", text="id = 'x'"), huiqi.RequestError)
    typed(lambda: huiqi.policy_load(format=5, text="id = 'x'"), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", [1], **TERMS, draw_down="yes"), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch_decimal("henan", ["1"], **TERMS, draw_down=1), huiqi.RequestError)
    answer = answer_is_clean(huiqi.call_json(12, "{}"))  # type: ignore[arg-type]
    assert answer["ok"] is False
    answer = answer_is_clean(huiqi.call_json("money.parse", 12))  # type: ignore[arg-type]
    assert answer["ok"] is False


def test_self_referencing_and_deep_values() -> None:
    loop: list[Any] = []
    loop.append(loop)
    typed(lambda: huiqi.money_parse(input=loop), huiqi.RequestError)
    deep: Any = "1"
    for _ in range(10_000):
        deep = [deep]
    typed(lambda: huiqi.money_parse(input=deep), huiqi.RequestError)
    nested: dict[str, Any] = {}
    cursor = nested
    for _ in range(1000):
        cursor["a"] = {}
        cursor = cursor["a"]
    typed(lambda: huiqi.checkout_price(nested), huiqi.RequestError)
    typed(lambda: huiqi.quote(nested, "1", **TERMS), huiqi.RequestError)


def test_batch_garbage() -> None:
    typed(lambda: huiqi.quote_batch("henan", "24500", **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", b"\x00" * 8, **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", np.zeros(3, dtype=np.int32), **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", np.zeros(3, dtype=np.uint64), **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", np.zeros((2, 2), dtype=np.int64), **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", np.zeros(3, dtype=np.float64), **TERMS), TypeError)
    typed(lambda: huiqi.quote_batch("henan", np.zeros(3, dtype=">i8"), **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", [1, 2.5], **TERMS), TypeError)
    typed(lambda: huiqi.quote_batch("henan", [1, True], **TERMS), TypeError)
    typed(lambda: huiqi.quote_batch("henan", [1, 2**70], **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", [1, "2"], **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", Opaque(), **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", np.array([1, -5], dtype=np.int64), **TERMS), huiqi.MoneyError)
    typed(lambda: huiqi.quote_batch("henan", np.array([2**62], dtype=np.int64), **TERMS), huiqi.MoneyError)
    fen = np.array([1, 2, 3], dtype=np.int64)
    typed(lambda: huiqi.quote_batch("henan", fen, **TERMS, out=np.zeros(2, dtype=np.int64)), huiqi.RequestError)
    frozen = np.zeros(3, dtype=np.int64)
    frozen.flags.writeable = False
    typed(lambda: huiqi.quote_batch("henan", fen, **TERMS, out=frozen), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", fen, **TERMS, out=b"\x00" * 24), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", fen, **TERMS, out=[0, 0, 0]), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("henan", fen, **TERMS, out=array.array("d", [0, 0, 0])), TypeError)
    typed(lambda: huiqi.quote_batch("henan", fen, date="2018-13-01", certified=True, claim="claimed"), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch({"id": "x"}, fen, **TERMS), huiqi.RequestError)
    typed(lambda: huiqi.quote_batch("nowhere", fen, **TERMS), huiqi.PolicyError)


def test_core_messages_about_negative_counts_name_no_rust_type() -> None:
    line = {"id": "1", "product": "p", "unit_price": "1", "quantity": -1}
    typed(lambda: huiqi.checkout_price(checkout={"lines": [line], "now": "2023-07-31 11:34:09"}), huiqi.RequestError)
    typed(lambda: huiqi.password_hash(password="x", cost={"memory_kib": -1}), huiqi.RequestError)
    typed(lambda: huiqi.password_hash(password="x", cost={"memory_kib": "lots"}), huiqi.RequestError)


def test_a_big_endian_array_is_refused_not_misread() -> None:
    typed(lambda: huiqi.quote_batch("henan", np.array([24500], dtype=">i8"), **TERMS), huiqi.RequestError)
    native = huiqi.quote_batch("henan", np.array([24500], dtype="<i8"), **TERMS)
    assert list(native) == [7350]
