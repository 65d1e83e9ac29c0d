"""Lenient readers of the scalars real ArcGIS servers send: numbers as strings or in exponent notation, the literal
"Null", booleans as "true"/1. Each reader returns None for what it cannot read; none of them raises."""

from __future__ import annotations

import math
from typing import Any, Optional

# What ArcGIS writes where a value is null: "Null" in JSON and formatted identify values, "<Null>" in its clients.
NULL_STRINGS = frozenset({"null", "<null>"})


def is_null_text(value: Any) -> bool:
    """Whether `value` is a string ArcGIS writes for a null value ("Null", " <Null> ")."""
    return isinstance(value, str) and value.strip().lower() in NULL_STRINGS


def read_number(value: Any) -> Optional[float]:
    """A float from a number or a numeric string ("1e-3", " 12 "); None for null, "Null", NaN and garbage."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, str):
        if is_null_text(value):
            return None
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return None if math.isnan(number) else number
    return None


def read_int(value: Any) -> Optional[int]:
    number = read_number(value)
    if number is None or math.isinf(number):
        return None
    return int(number)


def read_text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return None


def read_bool(value: Any) -> Optional[bool]:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
    return None
