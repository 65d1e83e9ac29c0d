"""Settings dialog: identify options and the user's own list of ArcGIS services."""

from __future__ import annotations

from qgis.core import QgsSettings
from qgis.gui import QgsAuthConfigSelect
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app.service_targets import split_service_url
from ..app.settings import LAYERS_OPTIONS, ConfiguredService, IdentifySettings


def qgis_arcgis_connections() -> list[tuple[str, str, str]]:
    """(name, url, authcfg) of the ArcGIS REST connections saved in QGIS's Browser."""
    settings = QgsSettings()
    found: dict[str, tuple[str, str, str]] = {}
    for kind in ("arcgismapserver", "arcgisfeatureserver"):
        settings.beginGroup(f"qgis/connections-{kind}")
        names = settings.childGroups()
        settings.endGroup()
        for name in names:
            url = str(settings.value(f"qgis/connections-{kind}/{name}/url", ""))
            authcfg = str(settings.value(f"qgis/{kind.upper()}/{name}/authcfg", "") or "")
            if url and name not in found:
                found[name] = (name, url, authcfg)
    return list(found.values())


class SettingsDialog(QDialog):
    def __init__(self, settings: IdentifySettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ArcGisIdentifySettingsDialog")
        self.setWindowTitle("ArcGIS Identify Settings")
        self.resize(720, 520)
        self.settings = settings
        layout = QVBoxLayout(self)

        identify_box = QGroupBox("Identify", self)
        form = QFormLayout(identify_box)
        self.tolerance = QSpinBox(identify_box)
        self.tolerance.setRange(0, 100)
        self.tolerance.setSuffix(" px")
        self.tolerance.setValue(settings.tolerance)
        form.addRow("Tolerance", self.tolerance)
        self.layers_option = QComboBox(identify_box)
        self.layers_option.addItems(LAYERS_OPTIONS)
        self.layers_option.setCurrentText(settings.layers_option)
        self.layers_option.setToolTip("MapServer layers: the top-most layer, the visible layers, or all layers")
        form.addRow("MapServer layers", self.layers_option)
        self.return_geometry = QCheckBox("Return geometries (highlight, zoom, scratch layers)", identify_box)
        self.return_geometry.setChecked(settings.return_geometry)
        form.addRow("", self.return_geometry)
        self.max_results = QSpinBox(identify_box)
        self.max_results.setRange(1, 100000)
        self.max_results.setValue(settings.max_results)
        form.addRow("Maximum results per service", self.max_results)
        self.raw_pixel_values = QCheckBox("Raw pixel values (ignore the layer's rendering rule)", identify_box)
        self.raw_pixel_values.setChecked(settings.raw_pixel_values)
        form.addRow("", self.raw_pixel_values)
        self.catalog_items = QCheckBox("Return catalog items of mosaics", identify_box)
        self.catalog_items.setChecked(settings.return_catalog_items)
        form.addRow("", self.catalog_items)
        self.pixel_size = QDoubleSpinBox(identify_box)
        self.pixel_size.setRange(0, 1e9)
        self.pixel_size.setDecimals(6)
        self.pixel_size.setSpecialValueText("One screen pixel")
        self.pixel_size.setValue(settings.pixel_size)
        form.addRow("ImageServer pixel size (map units)", self.pixel_size)
        self.only_visible = QCheckBox("Only layers shown on the map", identify_box)
        self.only_visible.setChecked(settings.only_visible_layers)
        form.addRow("", self.only_visible)
        self.timeout = QSpinBox(identify_box)
        self.timeout.setRange(1, 600)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(settings.timeout_seconds)
        form.addRow("Timeout", self.timeout)
        layout.addWidget(identify_box)

        services_box = QGroupBox("My services (identified as well as the project's ArcGIS layers)", self)
        services_layout = QVBoxLayout(services_box)
        self.table = QTableWidget(0, 3, services_box)
        self.table.setObjectName("ArcGisIdentifyServicesTable")
        self.table.setHorizontalHeaderLabels(["Service URL", "Name", "Authentication"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        services_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        add_button = QPushButton("Add", services_box)
        add_button.clicked.connect(lambda: self.add_service_row(ConfiguredService(url="")))
        from_connection = QPushButton("Add from QGIS Connection…", services_box)
        from_connection.clicked.connect(self._add_from_connection)
        from_connection.setEnabled(bool(qgis_arcgis_connections()))
        remove_button = QPushButton("Remove", services_box)
        remove_button.clicked.connect(self._remove_selected)
        for button in (add_button, from_connection, remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        services_layout.addLayout(buttons)
        layout.addWidget(services_box)
        for service in settings.services:
            self.add_service_row(service)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def add_service_row(self, service: ConfiguredService) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        url = QLineEdit(service.url, self.table)
        url.setPlaceholderText("https://host/arcgis/rest/services/Folder/Name/MapServer")
        self.table.setCellWidget(row, 0, url)
        self.table.setItem(row, 1, QTableWidgetItem(service.name))
        auth = QgsAuthConfigSelect(self.table)
        auth.setConfigId(service.authcfg)
        self.table.setCellWidget(row, 2, auth)
        self.table.resizeRowsToContents()

    def _add_from_connection(self) -> None:
        connections = qgis_arcgis_connections()
        names = [f"{name} — {url}" for name, url, _ in connections]
        choice, ok = QInputDialog.getItem(self, "QGIS ArcGIS REST Connections", "Connection", names, 0, False)
        if not ok:
            return
        name, url, authcfg = connections[names.index(choice)]
        # A connection names a server or folder; the user completes the service path.
        self.add_service_row(ConfiguredService(url=url.rstrip("/") + "/", name=name, authcfg=authcfg))

    def _remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def services(self) -> list[ConfiguredService]:
        services = []
        for row in range(self.table.rowCount()):
            # Kept without its query string: a token pasted with the URL is never stored or shown.
            url = self.table.cellWidget(row, 0).text().strip().split("?", 1)[0]
            if not url or split_service_url(url) is None:
                continue
            name_item = self.table.item(row, 1)
            services.append(
                ConfiguredService(
                    url=url,
                    name=name_item.text().strip() if name_item else "",
                    authcfg=self.table.cellWidget(row, 2).configId(),
                )
            )
        return services

    def result_settings(self) -> IdentifySettings:
        return IdentifySettings(
            tolerance=self.tolerance.value(),
            layers_option=self.layers_option.currentText(),
            return_geometry=self.return_geometry.isChecked(),
            max_results=self.max_results.value(),
            raw_pixel_values=self.raw_pixel_values.isChecked(),
            pixel_size=self.pixel_size.value(),
            only_visible_layers=self.only_visible.isChecked(),
            return_catalog_items=self.catalog_items.isChecked(),
            timeout_seconds=self.timeout.value(),
            services=self.services(),
        )
