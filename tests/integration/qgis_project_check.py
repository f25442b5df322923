#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Opens the QGIS project stored in a dosah GeoPackage in headless QGIS and checks it.

usage: qgis_project_check.py GPKG [--move]

With --move the GeoPackage is first copied into a new directory (the original stays where it
is, other tests use it) and the project is opened from the copy: every layer must then read the
copy, which proves that the project refers to its own file by a relative path.

Checks, with the expected values taken from the GeoPackage itself through sqlite3 (run_info's
scenario name and questions, the layers' rows), not from the project:
- the project named after the scenario is listed and opens; CRS EPSG:5514; the default view
  extent covers the regions;
- one group per question ("label (do T min)") in the scenario's order, then the base group
  "Podklad" with region outlines, roads and excluded localities; only the first question's
  group is checked on opening;
- in each group the municipalities are styled by K_minutes, and the services, catchments,
  gaps and proposals are filtered to "key" = 'K' (feature counts equal the table's rows of K);
- every layer is valid, has the Czech aliases and a metadata abstract naming the scenario;
- one map theme per question showing only its group and the base group; each theme rendered
  offscreen shows every travel-time class present among the municipalities (by the class
  colour of the style) and more than one colour;
- in every theme no two labels overlap (QGIS's labelling results), every region has exactly
  one label, and its share is floored (the stored K_within × 100 rounded down, worked out in
  decimal); at least one region's share lies in [0.995, 1) and is labelled 99 %, not 100 %; in
  a theme of a question with gaps the label states the gap and shortfall.

Exit status 0 ok, 1 a check failed, 77 when qgis.core cannot be imported.
"""

import os
import shutil
import sqlite3
import sys
import tempfile
from decimal import ROUND_FLOOR, Decimal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings,
                           QgsProject, QgsRectangle)
    from qgis.PyQt.QtCore import QSize, QUrl, QUrlQuery
    from qgis.PyQt.QtGui import QColor
except ImportError as exc:
    print(f"qgis_project_check: SKIP: cannot import qgis.core ({exc})", file=sys.stderr)
    sys.exit(77)

FAILURES = []
IMAGE_W, IMAGE_H = 1200, 900
CLASSES = [(None, None), (None, 10), (10, 20), (20, 30), (30, 45), (45, 60), (60, 90), (90, None)]


def expect(cond, msg):
    if not cond:
        FAILURES.append(msg)
    return cond


def facts(gpkg):
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    info = dict(con.execute("SELECT key, value FROM run_info"))
    con.close()
    keys = []
    for k in info:
        if k.startswith("question.") and k.endswith(".label"):
            keys.append(k.split(".")[1])
    return info, keys


def project_uri(gpkg, name):
    """The project's URI as QGIS encodes it (QgsGeoPackageProjectStorage::encodeUri)."""
    url = QUrl()
    url.setScheme("geopackage")
    url.setPath(gpkg)
    query = QUrlQuery()
    query.addQueryItem("projectName", name)
    url.setQuery(query)
    return bytes(url.toEncoded()).decode("utf-8")


def rows(gpkg, sql, args=()):
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def class_of(minutes):
    """Index in CLASSES of the municipalities' style class (upper bounds inclusive)."""
    if minutes is None:
        return 0
    for i, (lo, hi) in enumerate(CLASSES[1:], 1):
        if (lo is None or minutes > lo) and (hi is None or minutes <= hi):
            return i
    raise AssertionError(minutes)


def render(project, layers):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setExtent(project.viewSettings().defaultViewExtent())
    settings.setOutputSize(QSize(IMAGE_W, IMAGE_H))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    for err in job.errors():
        expect(False, f"render error: {err.message}")
    return job.renderedImage(), job.takeLabelingResults(), settings


def colours(image):
    seen = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            rgb = image.pixel(x, y) & 0xFFFFFF
            seen[rgb] = seen.get(rgb, 0) + 1
    return seen


def theme_layers(project, theme):
    """The theme's visible layers in the project's drawing order."""
    visible = {l.id() for l in project.mapThemeCollection().mapThemeVisibleLayers(theme)}
    return [l for l in project.layerTreeRoot().layerOrder() if l.id() in visible]


def check_groups(project, gpkg, info, keys):
    root = project.layerTreeRoot()
    groups = root.children()
    titles = [f"{info[f'question.{k}.label']} (do {info[f'question.{k}.threshold_min']} min)"
              for k in keys]
    expect([g.name() for g in groups] == titles + ["Podklad"],
           f"groups are {[g.name() for g in groups]}, want {titles + ['Podklad']}")
    for i, g in enumerate(groups):
        expect(g.isVisible() == (i == 0 or g.name() == "Podklad"),
               f"group {g.name()!r} checked={g.isVisible()} on opening")
    base = {n.layer().source().split("layername=")[1].split("|")[0]
            for n in groups[-1].findLayers()} if groups else set()
    expect({"regions", "roads", "excluded_localities"} <= base,
           f"base group holds {sorted(base)}")
    for k, g in zip(keys, groups):
        layers = {n.layer().source().split("layername=")[1].split("|")[0]: n.layer()
                  for n in g.findLayers() if n.layer().renderer() and "|subset" in n.layer().source()}
        munis = [n.layer() for n in g.findLayers()
                 if n.layer().source().endswith("layername=municipalities")
                 and f'"{k}_minutes"' in " ".join(r.filterExpression() for r in
                                                  n.layer().renderer().rootRule().children())]
        expect(len(munis) == 1, f"group {k}: {len(munis)} municipality layers styled by {k}_minutes")
        for table in ("services", "catchments", "gaps", "proposals"):
            (n_rows,), = rows(gpkg, f'SELECT count(*) FROM "{table}" WHERE key = ?', (k,))
            lyr = layers.get(table)
            if n_rows == 0:
                expect(lyr is None, f"group {k}: empty {table} layer listed")
                continue
            if expect(lyr is not None, f"group {k}: no {table} layer filtered to the question"):
                expect(lyr.subsetString() == f"\"key\" = '{k}'",
                       f"group {k}: {table} subset {lyr.subsetString()!r}")
                expect(lyr.featureCount() == n_rows,
                       f"group {k}: {table} shows {lyr.featureCount()} features, table has {n_rows}")
    return groups


def check_layers(project, gpkg, info, moved_dir):
    for lyr in project.mapLayers().values():
        src = lyr.source()
        expect(lyr.isValid() and lyr.featureCount() > 0, f"layer {lyr.name()!r} ({src}) invalid or empty")
        if moved_dir:
            expect(os.path.dirname(src.split("|")[0]) == moved_dir,
                   f"layer {lyr.name()!r} reads {src}, not the moved file in {moved_dir}")
        abstract = lyr.metadata().abstract()
        expect(info["scenario.name"] in abstract and info.get("started_utc", "") in abstract,
               f"layer {lyr.name()!r}: abstract {abstract!r} lacks the scenario or the run's date")
        if src.endswith("layername=municipalities"):
            idx = lyr.fields().indexOf("population")
            expect(lyr.attributeAlias(idx) == "Počet obyvatel",
                   f"municipalities alias of population is {lyr.attributeAlias(idx)!r}")


def check_table_metadata(gpkg, info):
    """Opened on its own (not from the project), each spatial table shows the layer metadata
    stored in gpkg_metadata: the abstract and the run's facts (run_info) as history."""
    from qgis.core import QgsVectorLayer
    tables = [t for (t,) in rows(gpkg, "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
    for t in tables:
        lyr = QgsVectorLayer(f"{gpkg}|layername={t}", t, "ogr")
        md = lyr.metadata()
        expect(info["scenario.name"] in md.abstract(), f"{t}: metadata abstract {md.abstract()!r}")
        want = {f"engine: {info['engine']}", f"scenario.sha256: {info['scenario.sha256']}"}
        expect(want <= set(md.history()), f"{t}: metadata history lacks {want - set(md.history())}")
        del lyr


def check_theme_render(project, gpkg, k, theme):
    layers = theme_layers(project, theme)
    ids = [l.id() for l in layers]
    expect(all(i.startswith("dosah_base_") or i.endswith("_" + k) for i in ids),
           f"theme {theme!r} shows layers of other questions: {ids}")
    muni = [l for l in layers if l.source().endswith("layername=municipalities")
            and l.id() == f"dosah_municipalities_{k}"]
    if not expect(muni, f"theme {theme!r} does not show the municipalities by {k}_minutes"):
        return None, None
    image, labels, settings = render(project, layers)
    seen = colours(image)
    expect(len(seen) > 1, f"theme {theme!r}: rendered image has a single colour")
    present = {}
    for (minutes,) in rows(gpkg, f'SELECT "{k}_minutes" FROM municipalities'):
        c = class_of(minutes)
        present[c] = present.get(c, 0) + 1
    rules = muni[0].renderer().rootRule().children()
    for c, count in sorted(present.items()):
        rgb = rules[c].symbol().color().rgb() & 0xFFFFFF
        expect(seen.get(rgb, 0) > 0,
               f"theme {theme!r}: class {rules[c].label()!r} ({count} municipalities) not drawn "
               f"(colour #{rgb:06x} absent)")
    if os.environ.get("QGIS_CHECK_IMAGES"):
        image.save(os.path.join(os.environ["QGIS_CHECK_IMAGES"], f"theme_{k}.png"))
    return labels, settings


def floored_percent(share):
    """The share as the report and the labels show it: a whole percent, rounded down. Worked
    out in decimal from the stored value's shortest representation (0.57 is 57 %, 0.99867 is
    99 %), independently of the label expression."""
    return int((Decimal(repr(share)) * 100).to_integral_value(rounding=ROUND_FLOOR))


def check_labels(gpkg, k, labels, gaps, near_full):
    """The labels of question k's theme; appends to near_full the regions whose share would
    round up to 100 % (0.995 <= share < 1) with their label."""
    placed = [p for p in labels.allLabels() if not p.isUnplaced]
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            inter = a.labelRect.intersect(b.labelRect)
            expect(inter.isEmpty() or inter.area() <= 0,
                   f"{k}: labels {a.labelText!r} and {b.labelText!r} overlap")
    regions = rows(gpkg, f'SELECT name, "{k}_within"'
                   + (f', "{k}_gap", "{k}_shortfall"' if gaps else "") + " FROM regions")
    texts = [p.labelText for p in placed if p.layerID == f"dosah_regions_labels_{k}"]
    expect(len(texts) == len(regions), f"{k}: {len(texts)} region labels for {len(regions)} regions")
    for r in regions:
        name, share = r[0], r[1]
        mine = [t for t in texts if t == name or t.startswith(name + "\n")]
        if share is None:
            expect(len(mine) == 1 and "%" not in mine[0],
                   f"{k}: label of {name} (no share) is {mine!r}")
            continue
        want = f"{name}\n{floored_percent(share)} % do"
        expect(len(mine) == 1 and mine[0].startswith(want),
               f"{k}: label of {name} (share {share!r}) is {mine!r}, want it to start with {want!r}")
        if 0.995 <= share < 1:
            near_full.append((k, name, share, mine))
        if gaps and mine:
            gap_line = "\nnedostatek" + (f": chybí {r[3]}" if r[3] > 0 else "")
            expect(mine[0].endswith(gap_line) if r[2] == 1 else "nedostatek" not in mine[0],
                   f"{k}: label of {name} is {mine[0]!r} (gap {r[2]}, shortfall {r[3]})")
    others = [p.layerID for p in placed if "regions" not in p.layerID and "gaps" in p.layerID]
    expect(not others, f"{k}: the gaps layer is labelled too ({others[:3]})")


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 1
    gpkg, move = os.path.abspath(argv[1]), "--move" in argv[2:]
    info, keys = facts(gpkg)
    tmp = None
    moved_dir = None
    if move:
        tmp = tempfile.mkdtemp(prefix="dosah-moved-")
        moved_dir = os.path.join(tmp, "elsewhere")
        os.mkdir(moved_dir)
        gpkg = shutil.copy(gpkg, moved_dir)

    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    storage = QgsApplication.projectStorageRegistry().projectStorageFromType("geopackage")
    name = info["scenario.name"]
    expect(storage.listProjects(gpkg) == [name], f"projects listed: {storage.listProjects(gpkg)}")
    if expect(project.read(project_uri(gpkg, name)),
              f"QGIS cannot read the project: {project.error()}"):
        expect(project.crs().authid() == "EPSG:5514", f"project CRS {project.crs().authid()!r}")
        (mnx, mny, mxx, mxy), = rows(gpkg, "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents "
                                           "WHERE table_name = 'regions'")
        expect(project.viewSettings().defaultViewExtent().contains(QgsRectangle(mnx, mny, mxx, mxy)),
               "default view extent does not cover the regions")
        check_groups(project, gpkg, info, keys)
        check_layers(project, gpkg, info, moved_dir)
        check_table_metadata(gpkg, info)
        themes = project.mapThemeCollection().mapThemes()
        groups = [g.name() for g in project.layerTreeRoot().children()][:len(keys)]
        expect(sorted(themes) == sorted(groups), f"themes {themes} != groups {groups}")
        near_full = []
        for k, theme in zip(keys, groups):
            labels, _ = check_theme_render(project, gpkg, k, theme)
            gaps = f"question.{k}.norm_per_10k" in info or f"question.{k}.target_share" in info
            if expect(labels is not None, f"theme {theme!r}: no labelling results"):
                check_labels(gpkg, k, labels, gaps, near_full)
        # the flooring must be exercised: a share that rounds to 100 % shows 99 %
        expect(near_full, "no region of any question has a share in [0.995, 1): the labels' "
                          "flooring is not exercised")
        for k, name, share, mine in near_full:
            expect(len(mine) == 1 and f"\n99 % do" in mine[0],
                   f"{k}: {name} (share {share!r}) is labelled {mine!r}, want 99 %")
        print(f"ok   project {name!r}: {len(project.mapLayers())} layers, {len(themes)} themes"
              + (f", opened from {moved_dir}" if moved_dir else ""))
    project.clear()
    app.exitQgis()
    if tmp:
        shutil.rmtree(tmp)
    for f in FAILURES:
        print("FAIL " + f)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
