"""`make demo`: start the sample server, build a throwaway QGIS profile and a demo project, open QGIS.

With no display (--headless) QGIS runs under Xvfb, the startup script writes screenshots to demo-output/ and QGIS exits.
"""

from __future__ import annotations

import argparse
import configparser
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from arcgis_identify.sampleserver.launch import start_sample_server, stop_sample_server

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO_ROOT / "demo-output"
PROFILE = "arcgis-identify-demo"


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start_server(port: int) -> tuple[subprocess.Popen, str]:
    if not port_is_free(port):
        print(f"Port {port} is taken; using a free port instead.")
        port = 0
    log = open(OUTPUT_DIR / "sampleserver.log", "w", encoding="utf-8")  # noqa: SIM115 (open while the server runs)
    try:
        return start_sample_server(port, log=log, timeout_s=300)
    except RuntimeError as error:
        raise SystemExit(f"{error}\nRun `make server` to see why.") from None


def make_profile(profiles_dir: Path) -> Path:
    """A fresh profile with only our plugin enabled; the user's own profiles are never touched."""
    profile_dir = profiles_dir / "profiles" / PROFILE
    shutil.rmtree(profile_dir, ignore_errors=True)
    plugins_dir = profile_dir / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    (plugins_dir / "arcgis_identify").symlink_to(REPO_ROOT, target_is_directory=True)
    ini = configparser.ConfigParser()
    ini.optionxform = str
    ini["PythonPlugins"] = {"arcgis_identify": "true"}
    ini["qgis"] = {"showTips": "false", "checkVersion": "false", "allowVersionCheck": "false"}
    (profile_dir / "QGIS").mkdir()
    with open(profile_dir / "QGIS" / "QGIS3.ini", "w", encoding="utf-8") as handle:
        ini.write(handle, space_around_delimiters=False)
    return profile_dir


def build_project(server_url: str, profile_dir: Path) -> Path:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    project = OUTPUT_DIR / "demo.qgz"
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "demo_project.py"), server_url, str(project), str(profile_dir)],
        check=True,
        env=env,
        cwd=REPO_ROOT,
    )
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--headless", action="store_true", help="run under Xvfb, write screenshots and exit")
    args = parser.parse_args(argv)

    OUTPUT_DIR.mkdir(exist_ok=True)
    server, url = start_server(args.port)
    print(f"Sample server: {url}/arcgis/rest/services")
    try:
        profiles_dir = OUTPUT_DIR / "qgis-profiles"
        profile_dir = make_profile(profiles_dir)
        project = build_project(url, profile_dir)
        env = dict(os.environ, ARCGIS_IDENTIFY_DEMO_SERVER=url, ARCGIS_IDENTIFY_DEMO_OUTPUT=str(OUTPUT_DIR))
        command = [
            "qgis",
            "--nologo",
            "--noversioncheck",
            "--profiles-path",
            str(profiles_dir),
            "--profile",
            PROFILE,
            "--code",
            str(REPO_ROOT / "scripts" / "demo_startup.py"),
            "--project",
            str(project),
        ]
        if args.headless:
            env["ARCGIS_IDENTIFY_DEMO_HEADLESS"] = "1"
            command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", *command]
        result = subprocess.run(command, env=env, timeout=600 if args.headless else None)
        if args.headless:
            shots = sorted(OUTPUT_DIR.glob("*.png"))
            if not shots:
                print("QGIS did not write a screenshot; see demo-output/qgis.log", file=sys.stderr)
                return 1
            for shot in shots:
                print(f"Screenshot: {shot}")
        return result.returncode
    finally:
        stop_sample_server(server)


if __name__ == "__main__":
    sys.exit(main())
