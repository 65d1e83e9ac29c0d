"""python -m sampleserver --host 127.0.0.1 --port 8765   (port 0 picks a free port)

Prints "Sample ArcGIS REST server listening on http://HOST:PORT" once it accepts connections.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys


def _stop(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sampleserver", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from werkzeug.serving import make_server

    from .app import create_app
    from .qgis_runtime import ensure_qgis

    # QGIS must be initialised on the main thread, before the worker threads exist.
    ensure_qgis()
    app = create_app()
    app.config["services"]()  # load the data and caches now, not on the first request
    server = make_server(args.host, args.port, app, threaded=True)
    # SIGTERM (how the test fixture stops the server) ends serve_forever like Ctrl+C, so the cleanup runs.
    signal.signal(signal.SIGTERM, _stop)
    print(f"Sample ArcGIS REST server listening on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        from .outputs import OUTPUTS

        OUTPUTS.remove_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
