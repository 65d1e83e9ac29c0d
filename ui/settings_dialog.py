"""Settings dialog: identify options and the user's own list of ArcGIS services."""

from __future__ import annotations

import urllib.parse

from qgis.core import QgsSettings
from qgis.gui import QgsAuthConfigSelect
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..app.runner import BackgroundRunner
from ..app.service_targets import describe_service, split_service_url
from ..app.settings import LAYERS_OPTIONS, ConfiguredService, IdentifySettings
from ..core import Session
from ..core.errors import ArcGisError


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


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifySettings", text)


# Columns of the services table.
ON, URL, NAME, AUTH, TEST = range(5)
TEST_CHANNEL = "settings-test"
INVALID_STYLE = "QLineEdit { background: #ffe3e0; }"


class SettingsDialog(QDialog):
    """Resizable: the services take the room (a tab of their own), each row with an on/off box, its URL in full,
    its authentication selector at its natural width and a *Test* button. Rows whose URL is not a MapServer or
    ImageServer are kept (marked), never dropped."""

    def __init__(
        self,
        settings: IdentifySettings,
        parent: QWidget | None = None,
        *,
        runner: BackgroundRunner | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ArcGisIdentifySettingsDialog")
        self.setWindowTitle(tr("ArcGIS Identify Settings"))
        self.setSizeGripEnabled(True)
        self.resize(980, 600)
        self.settings = settings
        self.runner = runner
        self.session = session
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)

        identify_box = QWidget(self)
        form = QFormLayout(identify_box)
        self.tolerance = QSpinBox(identify_box)
        self.tolerance.setRange(0, 100)
        self.tolerance.setSuffix(tr(" px"))
        self.tolerance.setValue(settings.tolerance)
        form.addRow(tr("Tolerance"), self.tolerance)
        self.layers_option = QComboBox(identify_box)
        # Words for ArcGIS's layers=top|visible|all (the codes stay the items' data).
        words = {"top": tr("Top-most layer only"), "visible": tr("Visible layers"), "all": tr("All layers")}
        for code in LAYERS_OPTIONS:
            self.layers_option.addItem(words[code], code)
        self.layers_option.setCurrentIndex(max(0, self.layers_option.findData(settings.layers_option)))
        self.layers_option.setToolTip(tr("MapServer layers: the top-most layer, the visible layers, or all layers"))
        form.addRow(tr("MapServer layers"), self.layers_option)
        self.return_geometry = QCheckBox(tr("Return geometries (highlight, zoom, scratch layers)"), identify_box)
        self.return_geometry.setChecked(settings.return_geometry)
        form.addRow("", self.return_geometry)
        self.max_results = QSpinBox(identify_box)
        self.max_results.setRange(1, 100000)
        self.max_results.setValue(settings.max_results)
        form.addRow(tr("Maximum results per service"), self.max_results)
        self.raw_pixel_values = QCheckBox(tr("Raw pixel values (ignore the layer's rendering rule)"), identify_box)
        self.raw_pixel_values.setChecked(settings.raw_pixel_values)
        form.addRow("", self.raw_pixel_values)
        self.catalog_items = QCheckBox(tr("Return catalog items of mosaics"), identify_box)
        self.catalog_items.setChecked(settings.return_catalog_items)
        form.addRow("", self.catalog_items)
        self.pixel_size = QDoubleSpinBox(identify_box)
        self.pixel_size.setRange(0, 1e9)
        self.pixel_size.setDecimals(6)
        self.pixel_size.setSpecialValueText(tr("One screen pixel"))
        self.pixel_size.setValue(settings.pixel_size)
        form.addRow(tr("ImageServer pixel size (map units)"), self.pixel_size)
        self.only_visible = QCheckBox(tr("Only layers shown on the map"), identify_box)
        self.only_visible.setChecked(settings.only_visible_layers)
        form.addRow("", self.only_visible)
        self.timeout = QSpinBox(identify_box)
        self.timeout.setRange(1, 600)
        self.timeout.setSuffix(tr(" s"))
        self.timeout.setValue(settings.timeout_seconds)
        form.addRow(tr("Timeout"), self.timeout)

        services_box = QWidget(self)
        services_layout = QVBoxLayout(services_box)
        services_layout.addWidget(
            QLabel(tr("Identified as well as the project's ArcGIS layers. Untick a service to leave it out."))
        )
        self.table = QTableWidget(0, 5, services_box)
        self.table.setObjectName("ArcGisIdentifyServicesTable")
        self.table.setHorizontalHeaderLabels([tr("On"), tr("Service URL"), tr("Name"), tr("Authentication"), ""])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ON, QHeaderView.ResizeMode.ResizeToContents)
        # The URL column is as wide as its longest URL (_fit_url_column), whatever the font: URLs read whole; the
        # Name column takes what is left.
        header.setSectionResizeMode(URL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AUTH, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TEST, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(NAME, 140)
        header.resizeSection(AUTH, QgsAuthConfigSelect().sizeHint().width())
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(260)
        services_layout.addWidget(self.table, 1)
        self.test_status = QLabel("", services_box)
        self.test_status.setObjectName("ArcGisIdentifyServiceTestStatus")
        self.test_status.setWordWrap(True)
        self.test_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        services_layout.addWidget(self.test_status)
        buttons = QHBoxLayout()
        add_button = QPushButton(tr("Add"), services_box)
        add_button.clicked.connect(lambda: self.add_service_row(ConfiguredService(url="")))
        from_connection = QPushButton(tr("Add from QGIS Connection…"), services_box)
        from_connection.clicked.connect(self._add_from_connection)
        from_connection.setEnabled(bool(qgis_arcgis_connections()))
        remove_button = QPushButton(tr("Remove"), services_box)
        remove_button.clicked.connect(self._remove_selected)
        for button in (add_button, from_connection, remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        services_layout.addLayout(buttons)
        self.tabs.addTab(services_box, tr("My Services"))
        self.tabs.addTab(identify_box, tr("Identify"))
        for service in settings.services:
            self.add_service_row(service)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.finished.connect(self._cancel_tests)

    # -- rows -------------------------------------------------------------------------------------------
    def add_service_row(self, service: ConfiguredService) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        on = QTableWidgetItem()
        on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        on.setCheckState(Qt.CheckState.Checked if service.enabled else Qt.CheckState.Unchecked)
        on.setToolTip(tr("Identify on this service"))
        self.table.setItem(row, ON, on)
        url = QLineEdit(service.url, self.table)
        url.setPlaceholderText("https://host/arcgis/rest/services/Folder/Name/MapServer")
        url.textChanged.connect(lambda _text, editor=url: self._mark(editor))
        url.textChanged.connect(self._fit_url_column)
        self.table.setCellWidget(row, URL, url)
        self.table.setItem(row, NAME, QTableWidgetItem(service.name))
        auth = QgsAuthConfigSelect(self.table)
        auth.setConfigId(service.authcfg)
        self.table.setCellWidget(row, AUTH, auth)
        test = QPushButton(tr("Test"), self.table)
        test.setToolTip(tr("Read the service's description and say what it holds"))
        test.setEnabled(self.runner is not None)
        test.clicked.connect(lambda _checked=False, editor=url: self.test_service(self._row_of(editor)))
        self.table.setCellWidget(row, TEST, test)
        self._mark(url)
        self._fit_url_column()
        self.table.resizeRowsToContents()

    def _fit_url_column(self, *_args) -> None:
        """The URL column as wide as the longest URL it shows (an empty row: its placeholder), in the font it uses."""
        widths = []
        for row in range(self.table.rowCount()):
            editor = self.table.cellWidget(row, URL)
            metrics = editor.fontMetrics()
            text = editor.text() or editor.placeholderText()
            # the text, the line edit's frame and margins, and room for the cursor
            widths.append(metrics.horizontalAdvance(text) + 4 * metrics.horizontalAdvance("x"))
        if widths:
            self.table.horizontalHeader().resizeSection(URL, max(widths))

    def _row_of(self, editor: QLineEdit) -> int:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, URL) is editor:
                return row
        return -1

    @staticmethod
    def _clean_url(text: str) -> str:
        """Kept without its query string and user info: a token or password pasted with the URL is never stored
        or shown (credentials belong in an authentication configuration)."""
        parts = urllib.parse.urlsplit(text.strip().split("?", 1)[0])
        if parts.username is not None or parts.password is not None:
            host = parts.hostname or ""
            netloc = f"{host}:{parts.port}" if parts.port else host
            parts = parts._replace(netloc=netloc)
        return urllib.parse.urlunsplit(parts._replace(query="", fragment=""))

    def row_problem(self, row: int) -> str:
        """Why a row's URL cannot be identified on ("" when it can)."""
        url = self._clean_url(self.table.cellWidget(row, URL).text())
        if url and split_service_url(url) is None:
            return tr("Not a MapServer or ImageServer URL (…/rest/services/Name/MapServer): kept, but not identified.")
        return ""

    def _mark(self, editor: QLineEdit) -> None:
        row = self._row_of(editor)
        problem = self.row_problem(row) if row >= 0 else ""
        editor.setStyleSheet(INVALID_STYLE if problem else "")
        editor.setToolTip(problem or editor.text())

    def _add_from_connection(self) -> None:
        connections = qgis_arcgis_connections()
        names = [f"{name} — {url}" for name, url, _ in connections]
        choice, ok = QInputDialog.getItem(self, tr("QGIS ArcGIS REST Connections"), tr("Connection"), names, 0, False)
        if not ok:
            return
        name, url, authcfg = connections[names.index(choice)]
        # A connection names a server or folder; the user completes the service path (the row is marked until then).
        self.add_service_row(ConfiguredService(url=url.rstrip("/") + "/", name=name, authcfg=authcfg))
        self.table.cellWidget(self.table.rowCount() - 1, URL).setFocus()

    def _remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    # -- test -------------------------------------------------------------------------------------------
    def test_service(self, row: int) -> None:
        """Reads the row's service info in the background and says what it found (or why it could not)."""
        if row < 0 or self.runner is None:
            return
        url = self._clean_url(self.table.cellWidget(row, URL).text())
        problem = self.row_problem(row) if url else tr("Type the service's URL first.")
        if problem:
            self.test_status.setText(problem)
            return
        authcfg = self.table.cellWidget(row, AUTH).configId()
        session, timeout = self.session, self.timeout.value()
        self.test_status.setText(tr("Testing {}…").format(url))
        self.runner.batch(TEST_CHANNEL).submit(
            tr("ArcGIS Identify: test {}").format(url),
            lambda feedback: describe_service(url, authcfg, session, timeout=timeout, feedback=feedback),
            self._tested,
        )

    def _tested(self, job) -> None:
        if job.cancelled:
            return
        if job.error is not None:
            error = job.error
            text = str(error) if isinstance(error, ArcGisError) else f"{type(error).__name__}: {error}"
            self.test_status.setText(tr("Failed: {}").format(text))
        else:
            self.test_status.setText(tr("OK: {}").format(job.value))

    def _cancel_tests(self, *_args) -> None:
        if self.runner is not None:
            self.runner.cancel(TEST_CHANNEL)

    # -- result -----------------------------------------------------------------------------------------
    def services(self) -> list[ConfiguredService]:
        """Every row with a URL, in order, with its on/off state; rows that cannot be identified are kept."""
        services = []
        for row in range(self.table.rowCount()):
            url = self._clean_url(self.table.cellWidget(row, URL).text())
            if not url:
                continue
            name_item = self.table.item(row, NAME)
            services.append(
                ConfiguredService(
                    url=url,
                    name=name_item.text().strip() if name_item else "",
                    authcfg=self.table.cellWidget(row, AUTH).configId(),
                    enabled=self.table.item(row, ON).checkState() == Qt.CheckState.Checked,
                )
            )
        return services

    def result_settings(self) -> IdentifySettings:
        return IdentifySettings(
            tolerance=self.tolerance.value(),
            layers_option=self.layers_option.currentData(),
            return_geometry=self.return_geometry.isChecked(),
            max_results=self.max_results.value(),
            raw_pixel_values=self.raw_pixel_values.isChecked(),
            pixel_size=self.pixel_size.value(),
            only_visible_layers=self.only_visible.isChecked(),
            return_catalog_items=self.catalog_items.isChecked(),
            timeout_seconds=self.timeout.value(),
            services=self.services(),
        )
