"""Parallel requests to the image services (the server is threaded; GDAL handles must not be shared)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import requests


def test_parallel_identify_and_export_give_the_same_answers(services_url):
    point = json.dumps({"x": -84.25, "y": 36.6, "spatialReference": {"wkid": 4326}})
    calls = []
    for name in ("Elevation", "Imagery", "LandCover", "Climate"):
        calls.append((f"{services_url}/{name}/ImageServer/identify", {"f": "json", "geometry": point}))
        calls.append(
            (f"{services_url}/{name}/ImageServer/exportImage", {"f": "image", "format": "tiff", "size": "64,64"})
        )

    def fetch(call):
        url, params = call
        response = requests.get(url, params=params, timeout=120)
        assert response.status_code == 200
        return response.json()["value"] if params["f"] == "json" else response.content

    with ThreadPoolExecutor(max_workers=8) as pool:
        rounds = [list(pool.map(fetch, calls)) for _ in range(4)]
    for answers in rounds[1:]:
        assert answers == rounds[0]
