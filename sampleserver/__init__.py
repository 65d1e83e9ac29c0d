"""A local server that speaks the ArcGIS REST API (MapServer and ImageServer) for tests and the demo.

Not part of the plugin: it is left out of the plugin zip.
"""

from .app import create_app

__all__ = ["create_app"]
