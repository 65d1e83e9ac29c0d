"""A Session: what a set of services shares for as long as the caller wants it, and nothing global.

It owns the transport, the default timeout, the issued tokens and the caches of service infos and legends.
The plugin keeps one for its lifetime (closed in unload()); a script can use one as a context manager:

    with Session() as session:
        world = MapService(url, session=session)
        world.info()          # fetched once, then served from session's cache
        session.clear()       # forget infos, legends and tokens

A service made without a session gets a private one, so two scripts never see each other's caches.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from .errors import ArcGisCancelledError
from .i18n import tr
from .transport import select_transport

if TYPE_CHECKING:
    from .http import Gateway

T = TypeVar("T")
LEGEND_CACHE_SIZE = 256  # legends per session (band combinations × rendering rules × variables)


class TokenStore:
    """Tokens issued by token services, per (token service URL, user), and where each server issues them.

    clock: the time in seconds since the epoch, which says when a token was issued and whether it is still fresh."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._tokens: dict[tuple[str, str], Any] = {}
        self._token_urls: dict[str, str] = {}

    def get(self, token_url: str, user_key: str) -> Any:
        with self._lock:
            return self._tokens.get((token_url, user_key))

    def put(self, token_url: str, user_key: str, issued: Any) -> None:
        with self._lock:
            self._tokens[(token_url, user_key)] = issued

    def drop(self, token_url: str, user_key: str) -> None:
        with self._lock:
            self._tokens.pop((token_url, user_key), None)

    def issued_for(self, user_key: str) -> list[Any]:
        with self._lock:
            return [issued for (_, key), issued in self._tokens.items() if key == user_key]

    def token_url(self, rest_root: str) -> Optional[str]:
        with self._lock:
            return self._token_urls.get(rest_root)

    def set_token_url(self, rest_root: str, url: str) -> None:
        with self._lock:
            self._token_urls[rest_root] = url

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()
            self._token_urls.clear()


class Session:
    """Transport, default timeout, tokens and the info/legend caches of a group of services.

    transport: "qgis" | "requests" | "urllib" | None (automatic). timeout: seconds per request (None: QGIS's
    network timeout setting inside QGIS, else 60 s). After close(), every request raises ArcGisCancelledError.
    """

    def __init__(self, *, transport: Optional[str] = None, timeout: Optional[float] = None) -> None:
        self.transport = select_transport(transport)
        self.timeout = timeout
        if timeout is None:
            from .http import default_timeout

            default_timeout()  # on the main thread this reads QGIS's setting for the worker threads
        self.tokens = TokenStore()
        self._lock = threading.RLock()
        self._infos: dict[tuple, Any] = {}
        self._legends: OrderedDict[tuple, Any] = OrderedDict()
        self._closed = False

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"Session({self.transport.name}, {state}, {len(self._infos)} infos, {len(self._legends)} legends)"

    # -- lifetime --------------------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Forget everything; requests made through this session afterwards are refused."""
        self._closed = True
        self.clear()

    def check_open(self, service: Optional[str] = None) -> None:
        if self._closed:
            raise ArcGisCancelledError(tr("The ArcGIS session was closed."), service=service)

    def clear(self) -> None:
        """Forget cached service infos, legends and issued tokens."""
        with self._lock:
            self._infos.clear()
            self._legends.clear()
        self.tokens.clear()

    # -- gateways --------------------------------------------------------------------------------------
    def gateway(
        self,
        *,
        authcfg: Optional[str] = None,
        token: Optional[str] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        timeout: Optional[float] = None,
    ) -> Gateway:
        """A gateway for one credential, sharing this session's transport and tokens."""
        from .http import Gateway

        return Gateway(
            authcfg=authcfg,
            token=token,
            username=username,
            password=password,
            timeout=timeout if timeout is not None else self.timeout,
            session=self,
        )

    # -- caches ----------------------------------------------------------------------------------------
    def cached_info(self, key: tuple, load: Callable[[], T], refresh: bool = False) -> T:
        if not refresh:
            with self._lock:
                if key in self._infos:
                    return self._infos[key]
        value = load()
        with self._lock:
            if not self._closed:
                self._infos[key] = value
        return value

    def cached_legend(self, key: tuple, load: Callable[[], T], refresh: bool = False) -> T:
        if not refresh:
            with self._lock:
                if key in self._legends:
                    self._legends.move_to_end(key)
                    return self._legends[key]
        value = load()
        with self._lock:
            if not self._closed:
                self._legends[key] = value
                while len(self._legends) > LEGEND_CACHE_SIZE:
                    self._legends.popitem(last=False)
        return value

    def has_legend(self, key: tuple) -> bool:
        with self._lock:
            return key in self._legends
