"""The plugin's settings: one QgsSettings group, defaults in one dataclass."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import asdict, dataclass, field, fields

from qgis.core import QgsSettings

from ..core.models import ServiceKind

SETTINGS_GROUP = "arcgis_identify"
LAYERS_OPTIONS = ("top", "visible", "all")


@dataclass
class ConfiguredService:
    """A service the user added to the plugin's own list."""

    url: str
    authcfg: str = ""
    name: str = ""
    enabled: bool = True

    @property
    def kind(self) -> ServiceKind | None:
        """MAP_SERVER or IMAGE_SERVER when the URL ends with one, else None."""
        kind = ServiceKind.named(self.url.rstrip("/").rsplit("/", 1)[-1])
        return kind if kind in (ServiceKind.MAP_SERVER, ServiceKind.IMAGE_SERVER) else None

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        # Only the path: a query string or user info never reaches the dock, names or files.
        parts = urllib.parse.urlsplit(self.url).path.rstrip("/").split("/")
        return "/".join(parts[-2:]) if len(parts) >= 2 else self.url


@dataclass
class IdentifySettings:
    tolerance: int = 5  # screen pixels around the click (QGIS's own ArcGIS identify uses 10)
    layers_option: str = "visible"  # MapServer layers=top|visible|all
    return_geometry: bool = True
    max_results: int = 1000  # per service
    raw_pixel_values: bool = True  # ImageServer: drop the rendering rule to read source values
    pixel_size: float = 0.0  # ImageServer pixelSize in map units; 0 = one screen pixel
    only_visible_layers: bool = True  # identify project layers only while they are shown
    return_catalog_items: bool = True
    timeout_seconds: int = 30
    services: list[ConfiguredService] = field(default_factory=list)

    @classmethod
    def load(cls) -> IdentifySettings:
        settings = QgsSettings()
        settings.beginGroup(SETTINGS_GROUP)
        try:
            values = {}
            defaults = cls()
            for item in fields(cls):
                if item.name == "services":
                    continue
                default = getattr(defaults, item.name)
                raw = settings.value(item.name, default)
                values[item.name] = _coerce(raw, default)
            values["services"] = _load_services(settings.value("services", "[]"))
        finally:
            settings.endGroup()
        result = cls(**values)
        if result.layers_option not in LAYERS_OPTIONS:
            result.layers_option = "visible"
        result.tolerance = max(0, result.tolerance)
        result.max_results = max(1, result.max_results)
        return result

    def save(self) -> None:
        settings = QgsSettings()
        settings.beginGroup(SETTINGS_GROUP)
        try:
            for item in fields(self):
                if item.name == "services":
                    settings.setValue("services", json.dumps([asdict(s) for s in self.services]))
                else:
                    settings.setValue(item.name, getattr(self, item.name))
        finally:
            settings.endGroup()


def _coerce(raw, default):
    """QSettings hands back strings from ini files; give each value its default's type."""
    if isinstance(default, bool):
        if isinstance(raw, str):
            return raw.strip().lower() in ("true", "1", "yes")
        return bool(raw)
    try:
        if isinstance(default, int):
            return int(float(raw))
        if isinstance(default, float):
            return float(raw)
    except (TypeError, ValueError, OverflowError):
        return default
    return raw if raw is not None else default


def _load_services(raw) -> list[ConfiguredService]:
    try:
        items = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return []
    services = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("url"), str) and item["url"].strip():
            services.append(
                ConfiguredService(
                    url=item["url"].strip().split("?", 1)[0],
                    authcfg=str(item.get("authcfg") or ""),
                    name=str(item.get("name") or ""),
                    enabled=bool(item.get("enabled", True)),
                )
            )
    return services
