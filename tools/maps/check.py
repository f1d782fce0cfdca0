#!/usr/bin/env python3
"""Geometry checks for maps/pieces-{low,high}.geojson (needs shapely: pip install shapely).

Checks per level: valid polygons (OGC), no empty geometry, no part wider than 180 degrees
(nothing wraps across the antimeridian), no two pieces overlapping (beyond rounding noise),
BER-W and BER-E share their border and leave no gap towards DEU-E, and no small gaps
(slivers) inside the union of all pieces. Exits non-zero on failure.
"""
import json
import math
import sys
from pathlib import Path

import shapely
from shapely import make_valid
from shapely.geometry import shape
from shapely.ops import unary_union
from shapely.strtree import STRtree

MAPS = Path(__file__).resolve().parents[2] / "maps"
# Overlap tolerance: 0.01 km² (rounding to 1e-4 degrees can shift a vertex by ~5 m).
OVERLAP_KM2 = 0.01
SLIVER_KM2 = 1.0


def km2(geom):
    """Approximate area in km² of a lon/lat geometry (local equirectangular scaling)."""
    if geom.is_empty:
        return 0.0
    lat = geom.centroid.y
    return geom.area * 111.32 * 111.32 * math.cos(math.radians(lat))


def local_km(geom):
    """Geometry in local km (equirectangular around its own centroid), for lengths."""
    c = math.cos(math.radians(geom.centroid.y))
    return shapely.transform(geom, lambda xy: xy * [111.32 * c, 111.32])


def check(level):
    problems = []
    fc = json.loads((MAPS / f"pieces-{level}.geojson").read_text())
    ids, geoms = [], []
    for f in fc["features"]:
        pid = f["properties"]["piece"]
        g = shape(f["geometry"])
        if g.is_empty:
            problems.append(f"{pid}: empty geometry")
            continue
        if not g.is_valid:
            from shapely.validation import explain_validity
            problems.append(f"{pid}: invalid: {explain_validity(g)}")
            g = make_valid(g)
        for part in getattr(g, "geoms", [g]):
            minx, _, maxx, _ = part.bounds
            if maxx - minx > 180 and pid != "ATA":  # Antarctica's ring runs -180..180
                problems.append(f"{pid}: a part spans {maxx - minx:.1f} degrees of longitude")
        ids.append(pid)
        geoms.append(g)
    if len(set(ids)) != len(ids):
        problems.append("duplicate piece ids")

    tree = STRtree(geoms)
    pairs = tree.query(geoms, predicate="intersects")
    worst = 0.0
    for i, j in zip(*pairs):
        if i >= j:
            continue
        inter = geoms[i].intersection(geoms[j])
        a = km2(inter)
        worst = max(worst, a)
        if a > OVERLAP_KM2:
            problems.append(f"{ids[i]} and {ids[j]} overlap by {a:.3f} km²")

    by_id = dict(zip(ids, geoms))
    bw, be, de = by_id["BER-W"], by_id["BER-E"], by_id["DEU-E"]
    shared = local_km(bw.boundary.intersection(be.boundary)).length
    berlin = unary_union([bw, be])
    if berlin.geom_type != "Polygon" or len(berlin.interiors) != 0:
        problems.append(f"BER-W ∪ BER-E is a {berlin.geom_type} with holes/parts")
    hole = unary_union([bw, be, de])
    holes = [r for p in getattr(hole, "geoms", [hole]) for r in p.interiors]
    if holes:
        problems.append(f"gap between Berlin and DEU-E ({len(holes)} holes)")

    # Small holes in the union of all pieces are gaps left between neighbours.
    world = unary_union(geoms)
    slivers = 0
    for p in getattr(world, "geoms", [world]):
        for r in p.interiors:
            from shapely.geometry import Polygon
            if km2(Polygon(r)) < SLIVER_KM2:
                slivers += 1
    if slivers:
        problems.append(f"{slivers} gaps smaller than {SLIVER_KM2} km² between pieces")

    print(f"{level}: {len(ids)} pieces, all valid: {not any('invalid' in p for p in problems)}, "
          f"largest pairwise overlap {worst:.5f} km², BER-W/BER-E shared border ≈ {shared:.1f} km, "
          f"Berlin area ≈ {km2(berlin):.0f} km² (BER-W {km2(bw):.0f}, BER-E {km2(be):.0f})")
    return problems


def main():
    problems = []
    for level in ("low", "high"):
        problems += [f"{level}: {p}" for p in check(level)]
    for p in problems:
        print("PROBLEM", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
