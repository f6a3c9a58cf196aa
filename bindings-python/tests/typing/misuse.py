"""Mistakes the stubs must catch (mypy must report every marked line)."""

from datetime import date

import huiqi

huiqi.quote("henan", 245.0, date=date(2018, 7, 24), certified=True, claim="claimed")  # E: float money
huiqi.quote("henan", "245", date=date(2018, 7, 24), certified=True, claim="maybe")  # E: claim
huiqi.quote("henan", "245", date=date(2018, 7, 24), certified=True)  # E: missing claim
subsidy: str = huiqi.quote("henan", "1", date="2018-07-24", certified=True, claim="claimed").subsidy  # E: Decimal
huiqi.money_parse({"input": "1"}, "extra")  # E: one request
stage: int = huiqi.subsidy_quote({}).stage  # E: literal str
valid: str = huiqi.password_check(policy="national", password="x").valid  # E: bool
fen: str = huiqi.money_parse(input="1").fen  # E: int
huiqi.money_parse(input="1").fen = 2  # E: read-only answer
quote = huiqi.quote("henan", "245", date=date(2018, 7, 24), certified=True, claim="claimed")
quote.payable = quote.subsidy  # E: read-only, though made when read
huiqi.validate_uscc(value="x").codes = []  # E: read-only
