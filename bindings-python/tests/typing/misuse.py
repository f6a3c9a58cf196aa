"""Mistakes the stubs must catch (mypy must report every marked line)."""

from datetime import date

import huiqi

huiqi.quote("henan", 245.0, date=date(2018, 7, 24), certified=True, claim="claimed")  # E: float money
huiqi.quote("henan", "245", date=date(2018, 7, 24), certified=True, claim="maybe")  # E: claim
huiqi.quote("henan", "245", date=date(2018, 7, 24), certified=True)  # E: missing claim
subsidy: str = huiqi.quote("henan", "1", date="2018-07-24", certified=True, claim="claimed").subsidy  # E: Decimal
huiqi.allocate("1.00", [0.5])  # E: float weight
huiqi.validate_uscc(123)  # E: int value
valid: str = huiqi.check_password("national", "x").valid  # E: bool
