"""The log of requests received (GET /_requests), so tests can assert what a client sent. Secrets are masked."""

from __future__ import annotations

import re
import threading
import time
from collections import deque

MASK = "***"
SECRET_PARAMS = ("token", "password")
SECRET_HEADERS = ("authorization", "x-esri-authorization", "cookie")
_SECRET_QUERY = re.compile(r"(^|&)((?:token|password)=)[^&]*", re.IGNORECASE)


def mask_params(values: dict[str, str]) -> dict[str, str]:
    return {k: (MASK if k.lower() in SECRET_PARAMS else v) for k, v in values.items()}


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    masked = {}
    for key, value in headers.items():
        if key.lower() in SECRET_HEADERS:
            scheme, _sep, _rest = value.partition(" ")
            value = f"{scheme} {MASK}" if _sep else MASK
        masked[key] = value
    return masked


def mask_query_string(query_string: str) -> str:
    return _SECRET_QUERY.sub(lambda m: m.group(1) + m.group(2) + MASK, query_string)


class RequestLog:
    def __init__(self, capacity: int = 5000) -> None:
        self._entries: deque[dict] = deque(maxlen=capacity)
        self._lock = threading.Lock()

    def record(
        self,
        *,
        method: str,
        path: str,
        params: dict[str, str],
        headers: dict[str, str],
        query_string: str,
        token_in_url: bool,
        token_source: str | None,
    ) -> None:
        entry = {
            "method": method,
            "path": path,
            "params": mask_params(params),
            "headers": mask_headers(headers),
            "query_string": mask_query_string(query_string),
            "token_in_url": token_in_url,
            "token_source": token_source,
            "time": int(time.time() * 1000),
        }
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
