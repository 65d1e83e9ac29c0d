"""How an attribute value shows in the results tree: typed, so numbers align right and dates read as dates."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from ..core.lenient import is_null_text
from ..core.params import epoch_ms_to_datetime

NULL_TEXT = "NULL"
_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?$")
_LINK = re.compile(r"^(https?|ftp)://\S+$", re.IGNORECASE)
# ArcGIS formats dates in identify results like "8/15/2019 9:28:22 PM" or "2019-08-15 21:28:22".
_DATE_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
# Epoch milliseconds are dates only where the field says so; bare numbers stay numbers.
_DATE_NAME = re.compile(r"date|time|edited|created|modified", re.IGNORECASE)


class ValueKind(str, Enum):
    """What a shown value is, which decides how it shows (a str: a kind equals its name, "number")."""

    NULL = "null"
    NUMBER = "number"
    DATE = "date"
    LINK = "link"
    TEXT = "text"
    BOOL = "bool"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class TypedValue:
    kind: ValueKind
    text: str
    value: Any  # the Python value (float, datetime, str, None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ValueKind(self.kind))  # "text" as given by a caller is ValueKind.TEXT

    @property
    def right_aligned(self) -> bool:
        return self.kind is ValueKind.NUMBER


_ESRI_NUMBERS = {
    "esriFieldTypeOID",
    "esriFieldTypeSmallInteger",
    "esriFieldTypeInteger",
    "esriFieldTypeBigInteger",
    "esriFieldTypeSingle",
    "esriFieldTypeDouble",
}


def field_value(value: Any, esri_type: str, field_name: str = "") -> TypedValue:
    """An unformatted value read with its field's type (the layer resource's): epoch milliseconds of a date field
    are a date, numbers are numbers, a string stays the string it is."""
    if value is None:
        return TypedValue(ValueKind.NULL, NULL_TEXT, None)
    if esri_type == "esriFieldTypeDate" and isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = epoch_ms_to_datetime(int(value))
        if moment is not None:
            return TypedValue(ValueKind.DATE, _date_text(moment), moment)
    if esri_type == "esriFieldTypeDate" and isinstance(value, str):
        typed = typed_value(value, field_name)  # a server that formats dates: read the text as a date
        if typed.kind in (ValueKind.DATE, ValueKind.NULL):
            return typed
    if esri_type in _ESRI_NUMBERS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return TypedValue(ValueKind.NUMBER, number_text(value), float(value))
    if esri_type and isinstance(value, str):
        text = value.strip()
        if _LINK.match(text):
            return TypedValue(ValueKind.LINK, text, text)
        return TypedValue(ValueKind.TEXT, value, value)
    return typed_value(value, field_name)


def typed_value(value: Any, field_name: str = "") -> TypedValue:
    if value is None or is_null_text(value):
        return TypedValue(ValueKind.NULL, NULL_TEXT, None)
    if isinstance(value, bool):
        return TypedValue(ValueKind.BOOL, "true" if value else "false", value)
    if isinstance(value, (int, float)):
        if isinstance(value, int) and _DATE_NAME.search(field_name) and abs(value) > 10**10:
            moment = epoch_ms_to_datetime(value)
            if moment is not None:
                return TypedValue(ValueKind.DATE, _date_text(moment), moment)
        return TypedValue(ValueKind.NUMBER, number_text(value), float(value))
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.match(text):
            try:
                return TypedValue(ValueKind.NUMBER, text, float(text.replace(",", "")))
            except ValueError:
                pass
        if _LINK.match(text):
            return TypedValue(ValueKind.LINK, text, text)
        for fmt in _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
            except ValueError:
                continue
            return TypedValue(ValueKind.DATE, _date_text(moment), moment)
        return TypedValue(ValueKind.TEXT, value, value)
    return TypedValue(ValueKind.TEXT, str(value), value)


def _date_text(moment: datetime) -> str:
    if moment.hour == moment.minute == moment.second == 0:
        return moment.strftime("%Y-%m-%d")
    suffix = " UTC" if moment.tzinfo is not None else ""
    return moment.strftime("%Y-%m-%d %H:%M:%S") + suffix


def number_text(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):  # NaN and Infinity do come in ArcGIS JSON
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))  # 1.0 and 0.0 read as 1 and 0 alike (a catalog item's visibility is either)
    return f"{value:.10g}"
