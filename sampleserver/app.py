"""The Flask application: routes ArcGIS REST URLs to the services and writes replies the way ArcGIS does."""

from __future__ import annotations

import json

from flask import Flask, Response, request, send_file

from .errors import RestError, not_found
from .outputs import OUTPUT_ROUTE, OUTPUTS
from .params import Params
from .service import BinaryReply, Reply, Service


def create_app() -> Flask:
    app = Flask("sampleserver")
    services: dict[str, Service] = {}

    def registry() -> dict[str, Service]:
        if not services:
            from .registry import build_services

            services.update({s.path: s for s in build_services()})
        return services

    @app.route("/arcgis/rest/services/<path:subpath>", methods=["GET", "POST"])
    def service_route(subpath: str) -> Response:
        params = _params()
        try:
            service, operation = _find_service(registry(), subpath)
            params.service_url = f"{params.base_url}/arcgis/rest/services/{service.path}"
            reply = service.info(params) if operation == "" else service.handle(operation, params)
            return _reply(reply, params)
        except RestError as error:
            return _json_response(error.payload(), params, error.http_status)

    @app.route(f"{OUTPUT_ROUTE}/<name>")
    def output_route(name: str) -> Response:
        path = OUTPUTS.path(name)
        if path is None:
            return _json_response(not_found("File").payload(), _params(), 404)
        return send_file(path)

    app.config["services"] = registry
    return app


def _params() -> Params:
    values = {k: v for k, v in request.args.items()}
    if request.method == "POST":
        values.update({k: v for k, v in request.form.items()})
    return Params(values, base_url=request.host_url.rstrip("/"))


def _find_service(services: dict[str, Service], subpath: str) -> tuple[Service, str]:
    subpath = subpath.strip("/")
    for path in sorted(services, key=len, reverse=True):
        if subpath == path or subpath.lower() == path.lower():
            return services[path], ""
        if subpath.lower().startswith(path.lower() + "/"):
            return services[path], subpath[len(path) + 1 :]
    raise not_found("Service")


def _reply(reply: Reply, params: Params) -> Response:
    if isinstance(reply, BinaryReply):
        response = Response(reply.data, mimetype=reply.mimetype)
        if reply.filename:
            response.headers["Content-Disposition"] = f"inline; filename={reply.filename}"
        return response
    return _json_response(reply, params, 200)


def _json_response(payload: dict | list, params: Params, status: int) -> Response:
    indent = 2 if params.f == "pjson" else None
    body = json.dumps(payload, indent=indent, allow_nan=False)
    # ArcGIS answers JSON as text/plain for f=json (and application/json on newer releases).
    return Response(body, status=status, mimetype="application/json")
