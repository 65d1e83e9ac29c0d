"""`make demo`: start the sample server, build a throwaway QGIS profile and a demo project, open QGIS.

With no display (--headless) QGIS runs under Xvfb, the startup script writes screenshots to demo-output/ and QGIS exits.
"""

from __future__ import annotations

import argparse
import configparser
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
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


def make_profile(profiles_dir: Path, locale: str = "") -> Path:
    """A fresh profile with only our plugin enabled (and QGIS in `locale`, e.g. "fr", when given); the user's own
    profiles are never touched."""
    profile_dir = profiles_dir / "profiles" / PROFILE
    shutil.rmtree(profile_dir, ignore_errors=True)
    plugins_dir = profile_dir / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    (plugins_dir / "arcgis_identify").symlink_to(REPO_ROOT, target_is_directory=True)
    ini = configparser.ConfigParser()
    ini.optionxform = str
    ini["PythonPlugins"] = {"arcgis_identify": "true"}
    ini["qgis"] = {"showTips": "false", "checkVersion": "false", "allowVersionCheck": "false"}
    if locale:
        ini["locale"] = {"userLocale": locale, "overrideFlag": "true"}
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
    parser.add_argument("--locale", default="", help="QGIS's interface language, e.g. fr (default: the system's)")
    args = parser.parse_args(argv)

    OUTPUT_DIR.mkdir(exist_ok=True)
    server, url = start_server(args.port)
    print(f"Sample server: {url}/arcgis/rest/services")
    try:
        profiles_dir = OUTPUT_DIR / "qgis-profiles"
        profile_dir = make_profile(profiles_dir, args.locale)
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
        if not args.headless:
            return subprocess.run(command, env=env).returncode
        for old_shot in OUTPUT_DIR.glob("*.png"):
            old_shot.unlink()
        returncode = _run_headless(command, env)
        if args.headless:
            shots = sorted(OUTPUT_DIR.glob("*.png"))
            if not shots:
                print("QGIS did not write a screenshot; see demo-output/qgis.log", file=sys.stderr)
                return 1
            for shot in shots:
                print(f"Screenshot: {shot}")
        return returncode
    finally:
        stop_sample_server(server)


LAST_SCREENSHOT = "service-options-dialog.png"
QUIT_GRACE_S = 45.0


def _run_headless(command: list[str], env: dict) -> int:
    """QGIS under Xvfb, bounded: 10 minutes in all, and 45 s to quit once the last screenshot is written (QGIS 3.22
    sometimes hangs in its own exit; the screenshots are what a headless demo is for)."""
    proc = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 600
    finished_at = None
    while proc.poll() is None:
        now = time.monotonic()
        if finished_at is None and (OUTPUT_DIR / LAST_SCREENSHOT).exists():
            finished_at = now
        if now > deadline or (finished_at is not None and now - finished_at > QUIT_GRACE_S):
            print("QGIS did not quit by itself after the demo: stopping it.", file=sys.stderr)
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            return 0 if finished_at is not None else 1
        time.sleep(0.5)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
