"""The identity check of bench/same_output.py: a float's last bits (summation order) are no change; a real one is."""

from __future__ import annotations

from bench.same_output import stable


def test_floats_are_compared_at_twelve_significant_digits_inside_rows() -> None:
    a = sum([0.1, 0.2, 0.3]) / 3  # 0.20000000000000004
    b = sum([0.3, 0.2, 0.1]) / 3  # 0.19999999999999998: the same mean read in another order
    assert a != b and stable(("x", a, [a])) == stable(("x", b, [b]))
    assert stable(("x", 0.2, {"k": 0.2})) != stable(("x", 0.2000001, {"k": 0.2}))
    assert stable(("x", 1, None, "s")) == ("x", 1, None, "s")
