"""What the dialogs read about one service before the user chooses (runs in a worker): a MapServer's layers for
its identify options, an ImageServer's description and multidimensional variables for Export Image. No widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core import ImageServiceInfo, MapServiceInfo, MultidimensionalInfo, Session
from .service_targets import ServiceTarget


@dataclass(frozen=True)
class ImageServiceDescription:
    info: ImageServiceInfo
    multidimensional: MultidimensionalInfo | None  # None when the service has no multidimensional variables


def read_service_info(
    target: ServiceTarget, session: Session | None, *, timeout: float | None = None, feedback: Any = None
) -> MapServiceInfo | ImageServiceInfo:
    """The service's description (its layers, for a MapServer), through the session's cache."""
    return target.service(session, timeout=timeout).info(feedback=feedback)


def read_image_service(
    target: ServiceTarget, session: Session | None, *, feedback: Any = None
) -> ImageServiceDescription:
    """An ImageServer's description, and its multidimensional variables when it has some."""
    service: Any = target.service(session)
    info = service.info(feedback=feedback)
    multidimensional = service.multidimensional_info(feedback=feedback) if info.has_multidimensions else None
    return ImageServiceDescription(info, multidimensional)
