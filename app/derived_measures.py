"""Derived measures of a MapServer feature's exact geometry, as QGIS's own Identify shows them in its "(Derived)"
group: lengths, areas and perimeters, ellipsoidal (the project's ellipsoid) and Cartesian, in the project's units;
a point's coordinates. Measured in a worker (identify's geometries are generalised to a screen pixel: the exact one
is fetched first). No widgets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsFeedback,
    QgsGeometry,
    QgsProject,
    QgsSettings,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core import Session
from .exact_geometry import ExactGeometries, ExactRequest, fetch_exact_geometries

NO_ELLIPSOID = "NONE"  # QGIS's "no ellipsoid" (Cartesian measures only)


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifyMeasures", text)


@dataclass(frozen=True)
class Measure:
    label: str  # "Area (Ellipsoidal — EPSG:7030)"
    text: str  # "1 234.567 km²", formatted as QGIS formats measures
    value: float  # in the project's units (distance, area), or the coordinate / count


@dataclass(frozen=True)
class MeasureSettings:
    """The project's measuring choices, read on the main thread and handed to the worker."""

    ellipsoid: str
    distance_unit: Any  # QgsUnitTypes.DistanceUnit
    area_unit: Any  # QgsUnitTypes.AreaUnit
    decimals: int
    keep_base_unit: bool
    transform_context: QgsCoordinateTransformContext

    @classmethod
    def from_project(cls, project: QgsProject | None = None) -> MeasureSettings:
        """The project's ellipsoid and units, and QGIS's measure decimals (Settings ▸ Map Tools ▸ Measure Tool)."""
        project = project or QgsProject.instance()
        settings = QgsSettings()
        return cls(
            ellipsoid=project.ellipsoid() or NO_ELLIPSOID,
            distance_unit=project.distanceUnits(),
            area_unit=project.areaUnits(),
            decimals=int(settings.value("qgis/measure/decimalplaces", 3)),
            keep_base_unit=str(settings.value("qgis/measure/keepbaseunit", True)).lower() in ("true", "1"),
            transform_context=QgsCoordinateTransformContext(project.transformContext()),
        )

    @property
    def ellipsoidal(self) -> bool:
        return bool(self.ellipsoid) and self.ellipsoid.upper() != NO_ELLIPSOID


def measure_geometry(
    geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, settings: MeasureSettings
) -> list[Measure]:
    """The derived measures of `geometry` (in `crs`); a QgsDistanceArea of its own (call it from any thread)."""
    calc = QgsDistanceArea()
    calc.setSourceCrs(crs, settings.transform_context)
    if settings.ellipsoidal:
        calc.setEllipsoid(settings.ellipsoid)
    kind = geometry.type()
    abstract = geometry.constGet()
    measures: list[Measure] = []

    map_units = crs.mapUnits()
    map_area_units = QgsUnitTypes.distanceToAreaUnit(map_units)
    # Cartesian measures as QGIS's Identify gives them: in the project's units when those are of the same kind as
    # the CRS's (metres and feet convert), else in the CRS's own units (degrees stay degrees: no metre per degree).
    same_kind = QgsUnitTypes.unitType(map_units) == QgsUnitTypes.unitType(settings.distance_unit)
    cartesian_distance_unit = settings.distance_unit if same_kind else map_units
    same_kind = QgsUnitTypes.unitType(map_area_units) == QgsUnitTypes.unitType(settings.area_unit)
    cartesian_area_unit = settings.area_unit if same_kind else map_area_units
    length_factor = QgsUnitTypes.fromUnitToUnitFactor(map_units, cartesian_distance_unit)
    area_factor = QgsUnitTypes.fromUnitToUnitFactor(map_area_units, cartesian_area_unit)

    def distance(label: str, value: float, unit=settings.distance_unit) -> None:
        text = QgsDistanceArea.formatDistance(value, settings.decimals, unit, settings.keep_base_unit)
        measures.append(Measure(label, text, value))

    def area(label: str, value: float, unit=settings.area_unit) -> None:
        text = QgsDistanceArea.formatArea(value, settings.decimals, unit, settings.keep_base_unit)
        measures.append(Measure(label, text, value))

    if kind == QgsWkbTypes.GeometryType.LineGeometry:
        if settings.ellipsoidal:
            value = calc.convertLengthMeasurement(calc.measureLength(geometry), settings.distance_unit)
            distance(tr("Length (Ellipsoidal — {})").format(settings.ellipsoid), value)
        distance(tr("Length (Cartesian)"), abstract.length() * length_factor, cartesian_distance_unit)
    elif kind == QgsWkbTypes.GeometryType.PolygonGeometry:
        if settings.ellipsoidal:
            value = calc.convertAreaMeasurement(calc.measureArea(geometry), settings.area_unit)
            area(tr("Area (Ellipsoidal — {})").format(settings.ellipsoid), value)
        area(tr("Area (Cartesian)"), abstract.area() * area_factor, cartesian_area_unit)
        if settings.ellipsoidal:
            value = calc.convertLengthMeasurement(calc.measurePerimeter(geometry), settings.distance_unit)
            distance(tr("Perimeter (Ellipsoidal — {})").format(settings.ellipsoid), value)
        distance(tr("Perimeter (Cartesian)"), abstract.perimeter() * length_factor, cartesian_distance_unit)
    elif kind == QgsWkbTypes.GeometryType.PointGeometry and not geometry.isMultipart():
        point = geometry.asPoint()
        decimals = 8 if crs.isGeographic() else 3
        measures.append(Measure(tr("X"), f"{point.x():.{decimals}f}", point.x()))
        measures.append(Measure(tr("Y"), f"{point.y():.{decimals}f}", point.y()))
    if kind != QgsWkbTypes.GeometryType.PointGeometry or geometry.isMultipart():
        parts = abstract.partCount()
        measures.append(Measure(tr("Parts"), str(parts), float(parts)))
    if kind != QgsWkbTypes.GeometryType.PointGeometry:
        vertices = abstract.nCoordinates()
        measures.append(Measure(tr("Vertices"), str(vertices), float(vertices)))
    return measures


@dataclass
class MeasureItem:
    """One feature to measure: its identify result (geometry JSON in `crs`), the exact geometry when already
    fetched, else the key its fetched one will have (None: the identify geometry is already exact)."""

    key: Any
    result: Any
    crs: QgsCoordinateReferenceSystem
    exact: dict | None = None
    exact_key: tuple | None = None


@dataclass
class Measured:
    fetched: ExactGeometries = field(default_factory=ExactGeometries)
    measures: dict[Any, list[Measure]] = field(default_factory=dict)
    errors: dict[Any, str] = field(default_factory=dict)  # key -> the sentence the dock shows instead


def measure_results(
    items: list[MeasureItem],
    requests: list[ExactRequest],
    settings: MeasureSettings,
    session: Session | None = None,
    *,
    timeout: float | None = None,
    feedback: QgsFeedback | None = None,
) -> Measured:
    """Fetches the exact geometries `requests` ask for, then measures every item (in a worker). Never raises:
    an item that cannot be measured gets a sentence."""
    out = Measured()
    if requests:
        out.fetched = fetch_exact_geometries(requests, session, timeout=timeout, feedback=feedback)
    for item in items:
        if feedback is not None and feedback.isCanceled():
            break
        exact = item.exact
        if exact is None and item.exact_key is not None:
            exact = out.fetched.found.get(item.exact_key)
            if exact is None:
                reason = out.fetched.errors[0] if out.fetched.errors else tr("the service did not return it.")
                out.errors[item.key] = tr("Not measured: the exact geometry could not be fetched ({})").format(
                    reason.rstrip(".")
                )
                continue
        try:
            result = dataclasses.replace(item.result, geometry=exact) if exact is not None else item.result
            geometry = result.to_qgs_geometry()
        except Exception:  # a geometry QGIS cannot read is said, not raised
            geometry = None
        if geometry is None or geometry.isEmpty():
            out.errors[item.key] = tr("Not measured: QGIS cannot read this geometry.")
            continue
        out.measures[item.key] = measure_geometry(geometry, item.crs, settings)
    return out
