"""Request parameters as ArcGIS reads them: GET query and POST form merged, case-insensitive names."""

from __future__ import annotations

import json
import math
from typing import Any

from .errors import invalid_parameter


class Params:
    """Typed access to request parameters. Empty strings count as absent, as in ArcGIS."""

    def __init__(self, values: dict[str, str], *, base_url: str = "", service_url: str = "", token: str | None = None):
        # ArcGIS parameter names are case-insensitive (bboxSR == bboxsr).
        self._values = {k.lower(): v for k, v in values.items()}
        self.base_url = base_url  # e.g. http://127.0.0.1:8765
        self.service_url = service_url  # e.g. http://127.0.0.1:8765/arcgis/rest/services/World/MapServer
        self.token = token

    def raw(self) -> dict[str, str]:
        return dict(self._values)

    def has(self, name: str) -> bool:
        return self._values.get(name.lower(), "").strip() != ""

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self._values.get(name.lower(), "").strip()
        return value if value else default

    @property
    def f(self) -> str:
        return (self.str("f", "html") or "html").lower()

    def bool(self, name: str, default: bool) -> bool:
        value = self.str(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise invalid_parameter(name, f"'{value}' is not a boolean.")

    def int(self, name: str, default: int | None = None) -> int | None:
        value = self.str(name)
        if value is None:
            return default
        try:
            return int(float(value))
        except (ValueError, OverflowError):
            raise invalid_parameter(name, f"'{value}' is not a number.") from None

    def float(self, name: str, default: float | None = None) -> float | None:
        value = self.str(name)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            raise invalid_parameter(name, f"'{value}' is not a number.") from None
        if not math.isfinite(number):
            raise invalid_parameter(name, f"'{value}' is not a finite number.")
        return number

    def numbers(self, name: str, count: int | None = None) -> list[float] | None:
        """A comma-separated list of numbers ("1,2,3" or "[1,2,3]")."""
        value = self.str(name)
        if value is None:
            return None
        text = value.strip().strip("[]")
        try:
            numbers = [float(part) for part in text.split(",") if part.strip() != ""]
        except ValueError:
            raise invalid_parameter(name, f"'{value}' is not a list of numbers.") from None
        if not all(math.isfinite(n) for n in numbers):
            raise invalid_parameter(name, f"'{value}' holds a number that is not finite.")
        if count is not None and len(numbers) != count:
            raise invalid_parameter(name, f"Expected {count} numbers, got {len(numbers)}.")
        return numbers

    def json(self, name: str, default: Any = None) -> Any:
        value = self.str(name)
        if value is None:
            return default
        try:
            return json.loads(value)
        except ValueError:
            raise invalid_parameter(name, "It is not valid JSON.") from None


def parse_time(value: str | None) -> tuple[float | None, float | None] | None:
    """ArcGIS time: "t" (instant) or "start,end" in epoch ms; "null" is an open end. None if absent."""
    if value is None or value.strip() == "":
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) not in (1, 2):
        raise invalid_parameter("time", f"'{value}' is not a time instant or extent.")

    def one(text: str) -> float | None:
        if text.lower() in ("null", "none", ""):
            return None
        try:
            number = float(text)
        except ValueError:
            raise invalid_parameter("time", f"'{text}' is not epoch milliseconds.") from None
        if not math.isfinite(number):
            raise invalid_parameter("time", f"'{text}' is not epoch milliseconds.")
        return number

    if len(parts) == 1:
        instant = one(parts[0])
        return (instant, instant)
    return (one(parts[0]), one(parts[1]))
