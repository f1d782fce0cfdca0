#!/usr/bin/env python3
"""Quick PNG previews of the map pieces (needs matplotlib and shapely).

    python3 tools/maps/preview.py                      # Europe from pieces-low -> /tmp/maps-preview.png
    python3 tools/maps/preview.py --level high --bbox 13.0,52.3,13.8,52.7 --out /tmp/berlin.png

German pieces get distinct colours, context pieces grey, all others light colours. The map is
drawn in plain lon/lat scaled by cos(mid latitude).
"""
import argparse
import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import PathPatch  # noqa: E402
from matplotlib.path import Path as MPath  # noqa: E402
import tomllib  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HIGHLIGHT = {
    "DEU-W": "#1f77b4",
    "DEU-SAAR": "#17becf",
    "DEU-E": "#d62728",
    "BER-W": "#2ca02c",
    "BER-E": "#ff7f0e",
}
PALETTE = ["#dbe9f6", "#f6e3db", "#e3f6db", "#f6f1db", "#ebdbf6", "#dbf6f1"]


def polygon_path(coords):
    verts, codes = [], []
    for ring in coords:
        verts += [tuple(p) for p in ring]
        codes += [MPath.MOVETO] + [MPath.LINETO] * (len(ring) - 2) + [MPath.CLOSEPOLY]
    return MPath(verts, codes)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--level", default="low", choices=["low", "high"])
    ap.add_argument("--bbox", default="-12,34,42,71", help="lon0,lat0,lon1,lat1")
    ap.add_argument("--out", default="/tmp/maps-preview.png")
    ap.add_argument("--labels", action="store_true", help="label the highlighted pieces")
    args = ap.parse_args()
    x0, y0, x1, y1 = map(float, args.bbox.split(","))

    fc = json.loads((ROOT / "maps" / f"pieces-{args.level}.geojson").read_text())
    ctx = {c["id"] for c in tomllib.loads((ROOT / "assets/atlas/context.toml").read_text())["context"]}

    fig, ax = plt.subplots(figsize=(12, 12 * (y1 - y0) / ((x1 - x0) * math.cos(math.radians((y0 + y1) / 2)))))
    for i, f in enumerate(fc["features"]):
        pid = f["properties"]["piece"]
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        colour = HIGHLIGHT.get(pid, "#cccccc" if pid in ctx else PALETTE[i % len(PALETTE)])
        for poly in polys:
            ax.add_patch(PathPatch(polygon_path(poly), facecolor=colour, edgecolor="#333333",
                                   linewidth=0.3 if args.level == "low" else 0.6))
        if args.labels and pid in HIGHLIGHT:
            from shapely.geometry import shape
            p = shape(g).representative_point()
            ax.annotate(pid, (p.x, p.y), fontsize=9, ha="center")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_title(f"pieces-{args.level}: {len(fc['features'])} pieces")
    fig.savefig(args.out, dpi=100, bbox_inches="tight")
    print(args.out)


if __name__ == "__main__":
    main()
