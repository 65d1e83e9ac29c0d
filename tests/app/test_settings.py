"""Settings live in one QgsSettings group and survive a save/load round trip."""

from __future__ import annotations

import pytest
from qgis.core import QgsSettings

from arcgis_identify.app.settings import SETTINGS_GROUP, ConfiguredService, IdentifySettings
from arcgis_identify.core import ServiceKind


@pytest.fixture()
def clean_settings():
    QgsSettings().remove(SETTINGS_GROUP)
    yield
    QgsSettings().remove(SETTINGS_GROUP)


def test_defaults(clean_settings):
    settings = IdentifySettings.load()
    assert settings.tolerance == 5
    assert settings.layers_option == "visible"
    assert settings.return_geometry is True
    assert settings.services == []


def test_round_trip(clean_settings):
    original = IdentifySettings(
        tolerance=9,
        layers_option="all",
        return_geometry=False,
        max_results=50,
        raw_pixel_values=False,
        pixel_size=30.0,
        services=[ConfiguredService(url="http://h/arcgis/rest/services/A/ImageServer", authcfg="abc1234", name="A")],
    )
    original.save()
    loaded = IdentifySettings.load()
    assert loaded == original


def test_bad_stored_values_fall_back(clean_settings):
    settings = QgsSettings()
    settings.setValue(f"{SETTINGS_GROUP}/layers_option", "everything")
    settings.setValue(f"{SETTINGS_GROUP}/tolerance", "not a number")
    settings.setValue(f"{SETTINGS_GROUP}/services", "{broken json")
    loaded = IdentifySettings.load()
    assert loaded.layers_option == "visible"
    assert loaded.tolerance == 5
    assert loaded.services == []


def test_configured_service_kind_and_label():
    service = ConfiguredService(url="https://h/arcgis/rest/services/Folder/Elevation/ImageServer")
    assert service.kind is ServiceKind.IMAGE_SERVER
    assert service.label == "Elevation/ImageServer"
    assert ConfiguredService(url="https://h/x").kind is None
