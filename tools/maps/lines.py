#!/usr/bin/env python3
"""Builds maps/lines.geojson: the dated lines of the map, derived from the pieces themselves.

- The Berlin Wall: the whole boundary of the piece BER-W (West Berlin), the inner-city wall
  (shared with BER-E) and the outer ring (shared with DEU-E), 13 Aug 1961 - 9 Nov 1989.
- The inner German border as a fortified line: the segments DEU-E (the East German Lander) and
  DEU-W (the West German Lander) share, 26 May 1952 - 9 Nov 1989.

Both follow the pieces at their detail level, so the lines are exactly as approximate as the
borders they trace: West Berlin's outline is hand-drawn (+-300-500 m, see PROVENANCE.md); the
Wall's own course inside that outline is not modelled.

Run from the repository root: python3 tools/maps/lines.py (no network, no dependencies).
"""
import json
import sys


def rings(geometry):
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    else:
        polys = geometry["coordinates"]
    for poly in polys:
        for ring in poly:
            yield ring


def segments(geometry):
    for ring in rings(geometry):
        for a, b in zip(ring, ring[1:]):
            yield (tuple(a), tuple(b))


def chain(segs):
    """Joins segments into polylines (each segment used once)."""
    by_start = {}
    for a, b in segs:
        by_start.setdefault(a, []).append(b)
        by_start.setdefault(b, []).append(a)
    used = set()
    lines = []
    for a, b in segs:
        key = frozenset((a, b))
        if key in used:
            continue
        used.add(key)
        line = [a, b]
        for end in (1, 0):
            while True:
                tip = line[-1] if end else line[0]
                nxt = None
                for c in by_start.get(tip, []):
                    k = frozenset((tip, c))
                    if k not in used:
                        nxt = c
                        used.add(k)
                        break
                if nxt is None:
                    break
                if end:
                    line.append(nxt)
                else:
                    line.insert(0, nxt)
        lines.append([list(p) for p in line])
    return lines


def main():
    pieces = {}
    with open("maps/pieces-high.geojson") as f:
        for feat in json.load(f)["features"]:
            pieces[feat["properties"]["piece"]] = feat["geometry"]
    east = set(frozenset(s) for s in segments(pieces["DEU-E"]))
    inner = [s for s in segments(pieces["DEU-W"]) if frozenset(s) in east]
    wall = list(segments(pieces["BER-W"]))
    features = [
        {
            "type": "Feature",
            "properties": {
                "line": "berlin-wall",
                "name": "Berlin Wall",
                "kind": "wall",
                "from": "1961-08-13",
                "to": "1989-11-10",
                "approximate": True,
                "sources": ["ndr-mauerbau-1961", "spiegel-protokoll-abriegelung-1961",
                            "bpb-chronik-9-november-1989", "bpb-ddr-kompakt-mauerfall"],
                "note": "Traced along West Berlin's hand-drawn outline (the piece BER-W), so its "
                        "course is approximate; it ran on West Berlin's side of the sector and "
                        "zone borders, and it opened on the night of 9 Nov 1989.",
            },
            "geometry": {"type": "MultiLineString", "coordinates": chain(wall)},
        },
        {
            "type": "Feature",
            "properties": {
                "line": "inner-german-border",
                "name": "Inner German border (fortified)",
                "kind": "border",
                "from": "1952-05-26",
                "to": "1989-11-10",
                "approximate": True,
                "sources": ["grenzmuseum-1952-abriegelung", "mdr-kalenderblatt-grenze-1952",
                            "bpb-chronik-9-november-1989"],
                "note": "Traced along the shared border of the pieces DEU-E and DEU-W (approximate). "
                        "Sealed off by the GDR from 26 May 1952 (Verordnung über Maßnahmen an der "
                        "Demarkationslinie: a 5 km restricted zone); opened on 9 Nov 1989.",
            },
            "geometry": {"type": "MultiLineString", "coordinates": chain(inner)},
        },
    ]
    with open("maps/lines.geojson", "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote maps/lines.geojson: wall {len(wall)} segments, inner border {len(inner)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
