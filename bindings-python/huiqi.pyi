"""Type stubs of huiqi, the Python bindings of the huiqi Rust library.

Money is ``decimal.Decimal`` in and out (``str`` and ``int`` are accepted
too); a ``float`` for money is a ``TypeError``.
"""

import array
import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal, Protocol, TypeVar, final, overload

from typing_extensions import Buffer

__version__: Final[str]

# ---------------------------------------------------------------- values

#: An amount of money: Decimal("245.00"), "¥3,768.00" or 245 (yuan).
_Money = Decimal | str | int
#: A date: datetime.date or "YYYY-MM-DD" (Asia/Shanghai).
_DateLike = datetime.date | str
#: An instant: an aware datetime, or "2023-08-18 23:59:59" read as Asia/Shanghai time.
_InstantLike = datetime.datetime | str
#: The enterprise's answer to the subsidy eligibility offer.
_Claim = Literal["claimed", "unclaimed", "declined"]
#: A policy argument: an object, a preset name ("henan"), a dict or a list of versions.
_PolicyLike = SubsidyPolicy | PolicySet | str | Mapping[str, Any] | Sequence[Mapping[str, Any]]
#: A JSON-like request value (money as Decimal or str; never float).
_JsonIn = Mapping[str, Any]

class _ArrayLike(Protocol):
    """A numpy array (before Python 3.12 numpy's stubs do not declare the buffer protocol)."""

    def __array__(self, *args: Any, **kwargs: Any) -> Any: ...

#: An int64 buffer: numpy array (dtype int64), array.array('q'), memoryview.
_Int64Buffer = Buffer | _ArrayLike
_B = TypeVar("_B", bound=Buffer | _ArrayLike)

# ---------------------------------------------------------------- errors

class HuiqiError(Exception):
    """Base class of every huiqi error."""

    code: str
    field: str | None
    message_zh: str
    message_en: str
    detail: Any
    category: str
    problems: list[Problem]

class RequestError(HuiqiError): ...
class MoneyError(HuiqiError): ...
class PolicyError(HuiqiError): ...
class VoucherError(HuiqiError): ...
class ValidationError(HuiqiError): ...
class PasswordError(HuiqiError): ...
class InternalError(HuiqiError): ...

@final
class Problem:
    """One problem: a stable code, the field, messages in Chinese and English."""

    def __init__(
        self,
        code: str,
        field: str | None = None,
        message_zh: str = "",
        message_en: str = "",
        detail: Any = None,
    ) -> None: ...
    @property
    def code(self) -> str: ...
    @property
    def field(self) -> str | None: ...
    @property
    def message_zh(self) -> str: ...
    @property
    def message_en(self) -> str: ...
    @property
    def detail(self) -> Any: ...
    @property
    def category(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...

# ---------------------------------------------------------------- generic call API

def call_json(op: str, request: str | bytes) -> str:
    """Runs an operation on a JSON request text; returns the JSON answer text."""

def call(op: str, request: _JsonIn | None = None) -> dict[str, Any]:
    """Runs an operation; returns the whole answer dict ({"ok": ..., "value"/"errors": ...})."""

def invoke(op: str, request: _JsonIn | None = None) -> Any:
    """Runs an operation; returns the answer's value or raises a HuiqiError."""

def operations() -> dict[str, str]:
    """Every operation of the call API: name -> summary."""

# ---------------------------------------------------------------- money

def parse_money(text: str) -> Decimal: ...
def to_fen(amount: _Money) -> int: ...
def from_fen(fen: int) -> Decimal: ...
def allocate(total: _Money, weights: Iterable[_Money]) -> list[Decimal]: ...

# ---------------------------------------------------------------- subsidy

@final
class SubsidyPolicy:
    @staticmethod
    def preset(name: str) -> SubsidyPolicy: ...
    @staticmethod
    def presets() -> list[str]: ...
    @staticmethod
    def from_toml(text: str) -> SubsidyPolicy: ...
    @staticmethod
    def from_json(text: str) -> SubsidyPolicy: ...
    @staticmethod
    def from_dict(document: _JsonIn) -> SubsidyPolicy: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def ratio(self) -> Decimal: ...
    @property
    def rounding(self) -> str: ...
    @property
    def stacking(self) -> str: ...
    @property
    def effective_from(self) -> datetime.date: ...
    @property
    def effective_to(self) -> datetime.date | None: ...
    @property
    def caps(self) -> dict[str, Decimal | None]: ...
    @property
    def eligibility(self) -> dict[str, list[str]]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def quote(
        self,
        order_total: _Money,
        *,
        date: _DateLike,
        certified: bool,
        claim: _Claim,
        region: str | None = None,
        contract_amount: _Money | None = None,
        category: str | None = None,
        provider: str | None = None,
        enterprise_year_used: _Money | None = None,
        pool_used: _Money | None = None,
    ) -> Quote: ...
    def __eq__(self, other: object) -> bool: ...

@final
class PolicySet:
    def __init__(self, policies: Iterable[SubsidyPolicy]) -> None: ...
    @staticmethod
    def load(text: str, format: Literal["toml", "json"] = "toml") -> PolicySet: ...
    @property
    def policies(self) -> list[SubsidyPolicy]: ...
    def in_force(self, date: _DateLike) -> SubsidyPolicy | None: ...
    def __len__(self) -> int: ...

@final
class Quote:
    @property
    def subsidy(self) -> Decimal: ...
    @property
    def payable(self) -> Decimal: ...
    @property
    def base(self) -> Decimal: ...
    @property
    def by_ratio(self) -> Decimal: ...
    @property
    def ratio(self) -> Decimal: ...
    @property
    def cap_per_order(self) -> Decimal | None: ...
    @property
    def cap_per_enterprise_year(self) -> dict[str, Decimal] | None: ...
    @property
    def budget_pool(self) -> dict[str, Decimal] | None: ...
    @property
    def stage(self) -> Literal["estimate", "binding"]: ...
    @property
    def bound_by(self) -> Literal["ratio", "cap_per_order", "cap_per_enterprise_year", "budget_pool", "ineligible"]: ...
    @property
    def rounding(self) -> str: ...
    @property
    def policy_id(self) -> str: ...
    @property
    def policy_name(self) -> str: ...
    @property
    def summary_zh(self) -> str: ...
    @property
    def summary_en(self) -> str: ...
    @property
    def ineligible(self) -> list[dict[str, str]]: ...
    @property
    def explanation(self) -> list[dict[str, Any]]: ...
    def to_dict(self) -> dict[str, Any]: ...

def quote(
    policy: _PolicyLike,
    order_total: _Money,
    *,
    date: _DateLike,
    certified: bool,
    claim: _Claim,
    region: str | None = None,
    contract_amount: _Money | None = None,
    category: str | None = None,
    provider: str | None = None,
    enterprise_year_used: _Money | None = None,
    pool_used: _Money | None = None,
) -> Quote:
    """Quotes the subsidy of one order."""

@overload
def quote_batch(
    policy: _PolicyLike,
    order_totals_fen: _Int64Buffer | Sequence[int],
    *,
    date: _DateLike,
    certified: bool,
    claim: _Claim,
    region: str | None = None,
    category: str | None = None,
    provider: str | None = None,
    enterprise_year_used: _Money | None = None,
    pool_used: _Money | None = None,
    draw_down: bool = False,
    out: None = None,
) -> array.array[int]:
    """Quotes many orders in whole fen over int64 buffers; returns a new array('q')."""

@overload
def quote_batch(
    policy: _PolicyLike,
    order_totals_fen: _Int64Buffer | Sequence[int],
    *,
    date: _DateLike,
    certified: bool,
    claim: _Claim,
    region: str | None = None,
    category: str | None = None,
    provider: str | None = None,
    enterprise_year_used: _Money | None = None,
    pool_used: _Money | None = None,
    draw_down: bool = False,
    out: _B,
) -> _B:
    """Quotes many orders in whole fen, writing the subsidies into `out` (returned)."""

def quote_batch_decimal(
    policy: _PolicyLike,
    order_totals: Iterable[_Money],
    *,
    date: _DateLike,
    certified: bool,
    claim: _Claim,
    region: str | None = None,
    category: str | None = None,
    provider: str | None = None,
    enterprise_year_used: _Money | None = None,
    pool_used: _Money | None = None,
    draw_down: bool = False,
) -> list[Decimal]:
    """Quotes many orders given as amounts; one Decimal subsidy per order."""

# ---------------------------------------------------------------- checkout

def checkout_offer(checkout: _JsonIn) -> dict[str, Any]: ...
def checkout_suggest(checkout: _JsonIn) -> dict[str, Any]: ...
def checkout_price(checkout: _JsonIn, selected: Sequence[str] | None = None) -> dict[str, Any]: ...
def checkout_pay(vouchers: Sequence[_JsonIn], deductions: Sequence[_JsonIn]) -> list[dict[str, Any]]: ...
def checkout_cancel(vouchers: Sequence[_JsonIn], deductions: Sequence[_JsonIn]) -> list[dict[str, Any]]: ...
def voucher_status(voucher: _JsonIn, now: _InstantLike) -> dict[str, Any]: ...
def campaign_grab(campaign: _JsonIn, attempt: _JsonIn, voucher_number: str | None = None) -> dict[str, Any]: ...

# ---------------------------------------------------------------- validation

@final
class Verdict:
    @property
    def valid(self) -> bool: ...
    @property
    def violations(self) -> list[Problem]: ...
    @property
    def info(self) -> Any: ...
    @property
    def codes(self) -> list[str]: ...
    def raise_if_invalid(self) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __bool__(self) -> bool: ...

def validate_uscc(value: str) -> Verdict: ...
def validate_resident_id(value: str, today: _DateLike | None = None) -> Verdict: ...
def validate_mobile(value: str) -> Verdict: ...
def validate_landline(value: str) -> Verdict: ...
def validate_email(value: str) -> Verdict: ...
def validate_postcode(value: str) -> Verdict: ...
def validate_username(value: str) -> Verdict: ...
def validate_login_account(value: str) -> Verdict: ...
def validate_upload(kind: str, file: _JsonIn) -> Verdict: ...
def validate_product_listing(form: _JsonIn) -> Verdict: ...
def validate_expert(form: _JsonIn) -> Verdict: ...
def validate_account_registration(form: _JsonIn) -> Verdict: ...
def validate_enterprise_registration(form: _JsonIn, today: _DateLike | None = None) -> Verdict: ...
def validate_henan_enterprise_registration(form: _JsonIn) -> Verdict: ...
def validate_provider_registration(form: _JsonIn, today: _DateLike | None = None) -> Verdict: ...

# ---------------------------------------------------------------- passwords

@final
class PasswordPolicy:
    @staticmethod
    def preset(name: str) -> PasswordPolicy: ...
    @staticmethod
    def from_toml(text: str) -> PasswordPolicy: ...
    @staticmethod
    def from_json(text: str) -> PasswordPolicy: ...
    @staticmethod
    def from_dict(document: _JsonIn) -> PasswordPolicy: ...
    @property
    def name(self) -> str: ...
    @property
    def min_length(self) -> int: ...
    @property
    def max_length(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...
    def check(
        self,
        password: str,
        *,
        username: str | None = None,
        mobile: str | None = None,
        email: str | None = None,
        current_hash: str | None = None,
        history_hashes: Sequence[str] | None = None,
    ) -> Verdict: ...
    def __eq__(self, other: object) -> bool: ...

def check_password(
    policy: PasswordPolicy | str | _JsonIn,
    password: str,
    *,
    username: str | None = None,
    mobile: str | None = None,
    email: str | None = None,
    current_hash: str | None = None,
    history_hashes: Sequence[str] | None = None,
) -> Verdict: ...
def hash_password(
    password: str,
    *,
    memory_kib: int | None = None,
    iterations: int | None = None,
    parallelism: int | None = None,
) -> str: ...
def verify_password(password: str, hash: str) -> bool: ...
