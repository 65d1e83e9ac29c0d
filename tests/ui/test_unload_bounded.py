"""unload() ends every request the plugin started, at once, whatever the servers do; nothing is left running."""

from __future__ import annotations

import time

import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsPointXY,
    QgsRectangle,
    QgsSettings,
    QgsTask,
)

from arcgis_identify.app.settings import SETTINGS_GROUP, ConfiguredService, IdentifySettings
from arcgis_identify.tests.core.hostile_servers import HostileServer

UNLOAD_BOUND_S = 5.0  # the bound for unload() and QGIS's exit


@pytest.fixture()
def hostile():
    servers = [HostileServer(mode, lifetime_s=60) for mode in ("silent", "challenge-401", "drip", "tls")]
    yield servers
    for server in servers:
        server.close()


def test_unload_ends_requests_stuck_on_every_kind_of_server(qtbot, plugin_iface, sized_canvas, hostile, sample_server):
    import arcgis_identify

    services = [ConfiguredService(url=f"{s.base}/arcgis/rest/services/X/MapServer", name=s.mode) for s in hostile]
    services.append(
        ConfiguredService(url=f"{sample_server}/_fault/delay-30/arcgis/rest/services/World/MapServer", name="slow")
    )
    QgsSettings().remove(SETTINGS_GROUP)
    IdentifySettings(services=services, timeout_seconds=60).save()
    sized_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    sized_canvas.setExtent(QgsRectangle(-10, -10, 10, 10))
    plugin = arcgis_identify.classFactory(plugin_iface)
    plugin.initGui()
    try:
        plugin.identify.controller.identify_at(QgsPointXY(0, 0))
        runner = plugin.runner

        # Every service is being waited for; the slow ones show (on hold) in QGIS's task manager.
        def stuck() -> list:
            return [
                t
                for t in QgsApplication.taskManager().activeTasks()
                if any(name in t.description() for name in ("silent", "drip", "slow"))
            ]

        qtbot.waitUntil(lambda: len(stuck()) == 3, timeout=10000)
        assert len(runner.jobs()) >= 3
        # The services still waited for are on hold in the task manager: no pool thread waits for them.
        assert all(t.status() == QgsTask.TaskStatus.OnHold for t in stuck())
        started = time.monotonic()
        plugin.unload()
        took = time.monotonic() - started
    finally:
        QgsSettings().remove(SETTINGS_GROUP)
    assert took < UNLOAD_BOUND_S
    assert runner.thread_count() == 0  # every plugin thread ended: nothing keeps waiting behind QGIS's back
    qtbot.waitUntil(lambda: not QgsApplication.taskManager().activeTasks(), timeout=5000)
    assert plugin.session is None and plugin.runner is None
