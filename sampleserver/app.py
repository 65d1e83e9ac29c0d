"""The Flask application: routes ArcGIS REST URLs to the services and writes replies the way ArcGIS does."""

from __future__ import annotations

import html
import json
import traceback

from flask import Flask, Response, request, send_file

from .auth import TOKENS, find_token, invalid_token, token_required
from .errors import RestError, not_found
from .faults import ORIGINAL_PATH_KEY, FaultMiddleware
from .outputs import OUTPUT_ROUTE, OUTPUTS
from .params import Params
from .requestlog import RequestLog
from .service import BinaryReply, Reply, Service

CURRENT_VERSION = 11.1
FULL_VERSION = "11.1.0"


def create_app() -> Flask:
    app = Flask("sampleserver")
    services: dict[str, Service] = {}
    request_log = RequestLog()

    def registry() -> dict[str, Service]:
        if not services:
            from .registry import build_services

            services.update({s.path: s for s in build_services()})
        return services

    @app.before_request
    def log_request() -> None:
        path = request.environ.get(ORIGINAL_PATH_KEY, request.path)
        if not path.startswith(("/arcgis/", "/_fault/")):
            return
        query = {k: v for k, v in request.args.items()}
        form = {k: v for k, v in request.form.items()} if request.method == "POST" else {}
        token, source = find_token(request.headers, form, query)
        request_log.record(
            method=request.method,
            path=path,
            params={**query, **form},
            headers=dict(request.headers.items()),
            query_string=request.query_string.decode("latin-1"),
            token_in_url=any(k.lower() == "token" and v.strip() for k, v in query.items()),
            token_source=source if token else None,
        )

    @app.route("/_requests", methods=["GET"])
    def requests_route() -> Response:
        return _plain_json({"requests": request_log.entries()})

    @app.route("/_requests/clear", methods=["POST"])
    def clear_requests_route() -> Response:
        request_log.clear()
        return _plain_json({"success": True})

    @app.route("/arcgis/rest/info", methods=["GET", "POST"])
    def info_route() -> Response:
        params = _params()
        payload = {
            "currentVersion": CURRENT_VERSION,
            "fullVersion": FULL_VERSION,
            "soapUrl": None,
            "secureSoapUrl": None,
            "authInfo": {
                "isTokenBasedSecurity": True,
                "tokenServicesUrl": f"{params.base_url}/arcgis/tokens/generateToken",
                "shortLivedTokenValidity": 60,
            },
        }
        return _reply(payload, params)

    @app.route("/arcgis/rest/services", methods=["GET", "POST"])
    @app.route("/arcgis/rest/services/", methods=["GET", "POST"])
    def root_route() -> Response:
        params = _params()
        return _reply(_folder_listing(registry(), ""), params)

    @app.route("/arcgis/rest/services/<path:subpath>", methods=["GET", "POST"])
    def service_route(subpath: str) -> Response:
        params = _params()
        try:
            folder = _folder_of(registry(), subpath)
            if folder is not None:
                _check_supplied_token()
                return _reply(_folder_listing(registry(), folder), params)
            service, operation = _find_service(registry(), subpath)
            _check_token(service)
            params.service_url = f"{params.base_url}/arcgis/rest/services/{service.path}"
            reply = service.info(params) if operation == "" else service.handle(operation, params)
            return _reply(reply, params)
        except RestError as error:
            return _error_reply(error, params)
        except Exception:  # a bug of ours: logged here, answered as an ArcGIS error without a traceback
            traceback.print_exc()
            return _error_reply(RestError(500, "Unable to complete operation.", [], http_status=500), params)

    @app.route("/arcgis/tokens/generateToken", methods=["GET", "POST"])
    @app.route("/arcgis/tokens/", methods=["POST"])
    def generate_token_route() -> Response:
        params = _params()
        try:
            payload = TOKENS.generate(params.raw())
        except RestError as error:
            return _error_reply(error, params if params.f != "html" else Params({"f": "json"}))
        if params.f in ("json", "pjson"):
            return _reply(payload, params)
        # ArcGIS answers a bare token (text/plain) when no JSON format is asked for.
        return Response(payload["token"], mimetype="text/plain")

    @app.route(f"{OUTPUT_ROUTE}/<name>")
    def output_route(name: str) -> Response:
        path = OUTPUTS.path(name)
        if path is None:
            return _error_reply(not_found("File"), Params({"f": "json"}))
        return send_file(path)

    @app.errorhandler(404)
    def unknown_url(_error) -> Response:
        if request.path.startswith("/arcgis/"):
            return _json_response(RestError(404, "Not Found", ["Invalid URL"]).payload(), _params(), 404)
        return Response("Not Found", status=404, mimetype="text/plain")

    app.config["services"] = registry
    app.config["request_log"] = request_log
    app.wsgi_app = FaultMiddleware(app.wsgi_app)
    return app


def _params() -> Params:
    values = {k: v for k, v in request.args.items()}
    if request.method == "POST":
        values.update({k: v for k, v in request.form.items()})
    token, _source = _request_token()
    return Params(values, base_url=request.host_url.rstrip("/"), token=token)


def _request_token() -> tuple[str | None, str | None]:
    query = {k: v for k, v in request.args.items()}
    form = {k: v for k, v in request.form.items()} if request.method == "POST" else {}
    return find_token(request.headers, form, query)


def _check_supplied_token() -> None:
    """ArcGIS rejects an invalid or expired token with 498 even on a public resource."""
    token, _source = _request_token()
    if token and not TOKENS.is_valid(token, request.headers.get("Referer")):
        raise invalid_token()


def _check_token(service: Service) -> None:
    token, _source = _request_token()
    if token is None:
        if getattr(service, "secured", False):
            raise token_required()
        return
    if not TOKENS.is_valid(token, request.headers.get("Referer")):
        raise invalid_token()


def _folder_of(services: dict[str, Service], subpath: str) -> str | None:
    """The folder name if `subpath` is a folder (e.g. "Secure"), else None."""
    wanted = subpath.strip("/").lower()
    for path in services:
        parts = path.split("/")
        if len(parts) > 2 and parts[0].lower() == wanted:
            return parts[0]
    return None


def _folder_listing(services: dict[str, Service], folder: str) -> dict:
    folders: list[str] = []
    entries = []
    for path, service in sorted(services.items()):
        parts = path.split("/")
        service_folder = parts[0] if len(parts) > 2 else ""
        if folder == "" and service_folder and service_folder not in folders:
            folders.append(service_folder)
        if service_folder.lower() == folder.lower():
            entries.append({"name": "/".join(parts[:-1]), "type": service.type})
    return {"currentVersion": CURRENT_VERSION, "folders": folders if folder == "" else [], "services": entries}


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


def _error_reply(error: RestError, params: Params) -> Response:
    return _json_response(error.payload(), params, error.http_status)


def _json_response(payload: dict | list, params: Params, status: int) -> Response:
    if params.f == "html":
        # The REST Services Directory's HTML pages: here a minimal page holding the JSON.
        text = json.dumps(payload, indent=2, allow_nan=False)
        page = (
            "<!DOCTYPE html><html><head><title>ArcGIS REST Services Directory</title></head><body>"
            f"<h2>ArcGIS REST Services Directory</h2><pre>{html.escape(text)}</pre></body></html>"
        )
        return Response(page, status=status, mimetype="text/html")
    indent = 2 if params.f == "pjson" else None
    body = json.dumps(payload, indent=indent, allow_nan=False)
    callback = params.str("callback")
    if callback and callback.replace("_", "").replace(".", "").isalnum():
        return Response(f"{callback}({body});", status=status, mimetype="application/javascript")
    # ArcGIS 10.x answers f=json as text/plain; 11.x as application/json, which clients (QGIS) check for.
    return Response(body, status=status, mimetype="application/json")


def _plain_json(payload: dict) -> Response:
    return Response(json.dumps(payload), mimetype="application/json")
