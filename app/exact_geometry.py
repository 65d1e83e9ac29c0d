"""Exact geometries for copies and exports (runs in a worker): identify's geometries are generalised to the screen
(`maxAllowableOffset`, `geometryPrecision`), right for a highlight but not for WKT, files or scratch layers. The
layer's `query` by object id gives them back at full precision. No widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qgis.core import QgsCoordinateReferenceSystem, QgsFeedback

from ..core import Session
from ..core.errors import ArcGisError
from .service_targets import ServiceTarget


@dataclass
class ExactRequest:
    """The features of one MapServer layer whose exact geometries are wanted, in `crs`."""

    target: ServiceTarget
    layer_id: int
    oid_field: str
    object_ids: list[int]
    crs: QgsCoordinateReferenceSystem


@dataclass
class ExactGeometries:
    found: dict[tuple[str, int, int], dict] = field(default_factory=dict)  # (service key, layer id, oid) -> JSON
    errors: list[str] = field(default_factory=list)  # one sentence per layer that could not be queried


def fetch_exact_geometries(
    requests: list[ExactRequest],
    session: Session | None = None,
    *,
    timeout: float | None = None,
    feedback: QgsFeedback | None = None,
) -> ExactGeometries:
    """Never raises: a layer that cannot be queried is an error sentence, the others still come back."""
    result = ExactGeometries()
    for index, request in enumerate(requests):
        if feedback is not None and feedback.isCanceled():
            break
        try:
            service: Any = request.target.service(session, timeout=timeout)
            geometries = service.query_geometries(
                request.layer_id, request.object_ids, request.crs, oid_field=request.oid_field, feedback=feedback
            )
        except ArcGisError as error:
            result.errors.append(str(error))
            continue
        for oid, geometry in geometries.items():
            result.found[(request.target.key, request.layer_id, oid)] = geometry
        if feedback is not None:
            feedback.setProgress(100.0 * (index + 1) / len(requests))
    return result
