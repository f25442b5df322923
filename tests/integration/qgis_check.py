#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Opens a dosah GeoPackage in headless QGIS the way a user would and checks every spatial layer.

usage: qgis_check.py GPKG [EXPECTED_LAYER ...]

For each spatial layer (the tables run_info, diagnostics and layer_styles and any other layer
without geometry are skipped) the check asserts that QGIS opens it as a valid layer in EPSG:5514,
that it has features (required for the expected layers, or for every layer when none are named),
that the default style stored in layer_styles is the one QGIS applied (renderer type, and each
symbol layer's class and properties as written in the stored QML), that every expression of the
renderer and labelling refers to existing fields and evaluates without error, that every feature
is drawn by some rule or category, that at least one field has an alias, and that rendering the
layer offscreen gives a non-uniform image. Prints one line per layer.

With QGIS_CHECK_IMAGES=DIR in the environment the rendered images are also saved as DIR/<layer>.png.

Exit status: 0 all checks passed, 1 a check failed (each failure is printed), 77 when qgis.core
cannot be imported (ctest's SKIP_RETURN_CODE). Run it with the Python that has QGIS's bindings
(on Debian /usr/bin/python3).
"""

import os
import sqlite3
import sys
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    from qgis.core import (QgsApplication, QgsExpression, QgsExpressionContext,
                           QgsExpressionContextUtils, QgsFeatureRequest, QgsMapRendererParallelJob,
                           QgsMapSettings, QgsProviderRegistry, QgsRectangle,
                           QgsRenderContext, QgsVectorLayer, QgsWkbTypes)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError as exc:
    print(f"qgis_check: SKIP: cannot import qgis.core ({exc})", file=sys.stderr)
    sys.exit(77)

NON_SPATIAL = {"run_info", "diagnostics", "layer_styles"}
CRS = "EPSG:5514"
IMAGE_PX = 256
PLACEHOLDERS = ("@KEY@", "@THRESHOLD@")


class Checker:
    """Collects the failures of one layer so that all of them are reported, not just the first."""

    def __init__(self, name):
        self.name = name
        self.failures = []

    def expect(self, cond, msg):
        if not cond:
            self.failures.append(msg)
        return cond


def stored_default_qml(gpkg, table):
    """The QML QGIS 3.22 loads as the default style of table: same filter and order as its OGR
    provider (f_table_schema must be '' rather than NULL, useAsDefault first, newest first)."""
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'").fetchone():
            return None, "the GeoPackage has no layer_styles table"
        rows = con.execute(
            "SELECT styleQML, f_table_schema, f_geometry_column, useAsDefault FROM layer_styles "
            "WHERE f_table_name = ? ORDER BY CASE WHEN useAsDefault THEN 1 ELSE 2 END, update_time DESC",
            (table,)).fetchall()
        geom = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                           (table,)).fetchone()
    finally:
        con.close()
    if not rows:
        return None, "no row in layer_styles for this table"
    geom = geom[0] if geom else None
    usable = [r for r in rows if r[1] == "" and r[2] == geom]
    if not usable:
        r = rows[0]
        wrong = []
        if r[1] != "":
            wrong.append(f"f_table_schema is {r[1]!r}, must be ''")
        if r[2] != geom:
            wrong.append(f"f_geometry_column is {r[2]!r}, must be {geom!r}")
        return None, "layer_styles has rows QGIS will not find: " + ", ".join(wrong)
    defaults = [r for r in usable if r[3]]
    if len(defaults) != 1:
        return None, f"{len(defaults)} rows with useAsDefault = 1 (want exactly one)"
    return defaults[0][0], None


def qml_symbol_map(renderer_elem):
    """QML symbol name -> list of (symbol layer class, {option: value}) of that symbol."""
    symbols = {}
    for sym in renderer_elem.findall("./symbols/symbol"):
        layers = []
        for sl in sym.findall("./layer"):
            opts = {o.get("name"): o.get("value") for o in sl.findall("./Option/Option")}
            layers.append((sl.get("class"), opts))
        symbols[sym.get("name")] = layers
    return symbols


def loaded_symbols(renderer, renderer_elem):
    """Pairs (QML symbol name, symbol QGIS built for it), in the order the QML lists them.
    categories() and ranges() return copies that own their symbols, so the copies are kept in
    the list too: a symbol must not outlive its owner."""
    kind = renderer.type()
    if kind == "singleSymbol":
        return [("0", renderer.symbol(), None)]
    if kind == "categorizedSymbol":
        names = [c.get("symbol") for c in renderer_elem.findall("./categories/category")]
        return [(n, c.symbol(), c) for n, c in zip(names, renderer.categories())]
    if kind == "graduatedSymbol":
        names = [r.get("symbol") for r in renderer_elem.findall("./ranges/range")]
        return [(n, r.symbol(), r) for n, r in zip(names, renderer.ranges())]
    if kind == "RuleRenderer":
        names = [r.get("symbol") for r in renderer_elem.iter("rule")]
        return [(n, r.symbol(), None) for n, r in zip(names, renderer.rootRule().descendants())
                if n is not None]
    return []


def same_value(stored, loaded):
    if stored == loaded:
        return True
    try:
        return abs(float(stored) - float(loaded)) < 1e-9
    except (TypeError, ValueError):
        pass
    parts = [p.strip() for p in (stored or "").split(",")]
    if len(parts) == 4 and all(p.isdigit() for p in parts):
        return QColor(*map(int, parts)) == QColor(*map(int, (loaded or "0,0,0,0").split(",")[:4]))
    return False


def check_style_applied(ck, layer, qml):
    """The renderer and labelling QGIS built must be the ones the stored QML describes."""
    root = ET.fromstring(qml.encode("utf-8"))
    relem = root.find("renderer-v2")
    if not ck.expect(relem is not None, "stored QML has no <renderer-v2>"):
        return root
    renderer = layer.renderer()
    ck.expect(renderer.type() == relem.get("type"),
              f"renderer is {renderer.type()!r}, the stored default style sets {relem.get('type')!r} "
              "(style not loaded from the GeoPackage?)")
    stored = qml_symbol_map(relem)
    pairs = loaded_symbols(renderer, relem)
    for name, symbol, _owner in pairs:
        want = stored.get(name)
        if not ck.expect(want is not None and symbol is not None, f"symbol {name!r} missing"):
            continue
        got = [symbol.symbolLayer(i) for i in range(symbol.symbolLayerCount())]
        if not ck.expect([c for c, _ in want] == [s.layerType() for s in got],
                         f"symbol {name!r}: layers {[s.layerType() for s in got]} != stored {[c for c, _ in want]}"):
            continue
        for (cls, opts), sl in zip(want, got):
            props = sl.properties()
            for key, value in opts.items():
                ck.expect(same_value(value, props.get(key)),
                          f"symbol {name!r} {cls}.{key} = {props.get(key)!r}, stored {value!r}")
    ck.expect(layer.labelsEnabled() == (root.get("labelsEnabled", "0") == "1"),
              f"labelsEnabled is {layer.labelsEnabled()}, stored style says {root.get('labelsEnabled')}")
    return root


def renderer_expressions(layer):
    """(description, expression text) for every attribute or expression the style depends on."""
    r = layer.renderer()
    out = []
    if r.type() in ("categorizedSymbol", "graduatedSymbol"):
        out.append(("classification attribute", r.classAttribute()))
    elif r.type() == "RuleRenderer":
        for rule in r.rootRule().descendants():
            if rule.filterExpression() and not rule.isElse():
                out.append((f"rule {rule.label()!r}", rule.filterExpression()))
    if layer.labelsEnabled() and layer.labeling() is not None:
        s = layer.labeling().settings()
        text = s.fieldName if s.isExpression else QgsExpression.quotedColumnRef(s.fieldName)
        out.append(("label", text))
    return out


def check_expressions(ck, layer):
    fields = set(layer.fields().names())
    ctx = QgsExpressionContext()
    ctx.appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    for what, text in renderer_expressions(layer):
        expr = QgsExpression(QgsExpression.quotedColumnRef(text) if text in fields else text)
        if not ck.expect(not expr.hasParserError(), f"{what}: cannot parse {text!r}: {expr.parserErrorString()}"):
            continue
        missing = sorted(c for c in expr.referencedColumns() if c not in fields and c != QgsFeatureRequest.ALL_ATTRIBUTES)
        ck.expect(not missing, f"{what}: {text!r} refers to missing field(s) {missing}")
        if missing:
            continue
        expr.prepare(ctx)
        for f in layer.getFeatures():
            ctx.setFeature(f)
            expr.evaluate(ctx)
            if not ck.expect(not expr.hasEvalError(),
                             f"{what}: {text!r} fails on feature {f.id()}: {expr.evalErrorString()}"):
                break


def check_every_feature_drawn(ck, layer):
    rctx = QgsRenderContext()
    rctx.expressionContext().appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    renderer = layer.renderer().clone()
    renderer.startRender(rctx, layer.fields())
    undrawn = []
    for f in layer.getFeatures():
        rctx.expressionContext().setFeature(f)
        if not renderer.willRenderFeature(f, rctx):
            undrawn.append(f.id())
    renderer.stopRender(rctx)
    ck.expect(not undrawn, f"features {undrawn[:10]} match no rule or category and are not drawn")


def check_render(ck, layer):
    extent = QgsRectangle(layer.extent())
    pad = max(extent.width(), extent.height()) * 0.05 or 500.0
    extent.grow(pad)
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(IMAGE_PX, IMAGE_PX))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    for err in job.errors():
        ck.expect(False, f"render error: {err.message}")
    image = job.renderedImage()
    if os.environ.get("QGIS_CHECK_IMAGES"):
        image.save(os.path.join(os.environ["QGIS_CHECK_IMAGES"], f"{layer.name()}.png"))
    background = QColor(255, 255, 255).rgb()
    drawn = sum(1 for y in range(image.height()) for x in range(image.width())
                if image.pixel(x, y) != background)
    ck.expect(drawn > 0, "rendered image is uniform (nothing drawn)")
    return drawn


def check_layer(gpkg, name, must_have_features):
    ck = Checker(name)
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    if not ck.expect(layer.isValid(), "QGIS cannot open the layer"):
        return ck, ""
    count = layer.featureCount()
    if must_have_features:
        ck.expect(count > 0, "layer has no features")
    ck.expect(layer.crs().authid() == CRS, f"CRS is {layer.crs().authid() or 'unknown'!r}, want {CRS}")

    n_related = layer.listStylesInDatabase()[0]
    ck.expect(n_related >= 1, "QGIS lists no style for this layer in the GeoPackage")
    qml, why = stored_default_qml(gpkg, name)
    if ck.expect(qml is not None, f"no usable default style: {why}"):
        for ph in PLACEHOLDERS:
            ck.expect(ph not in qml, f"stored style still contains the placeholder {ph}")
        try:
            check_style_applied(ck, layer, qml)
        except ET.ParseError as exc:
            ck.expect(False, f"stored QML is not well-formed XML: {exc}")

    check_expressions(ck, layer)
    check_every_feature_drawn(ck, layer)
    aliases = [layer.attributeAlias(i) for i in range(layer.fields().count())]
    ck.expect(any(aliases), "no field has an alias")

    drawn = check_render(ck, layer) if count > 0 else 0
    info = (f"{QgsWkbTypes.displayString(layer.wkbType())}, {count} features, "
            f"renderer {layer.renderer().type()}, {sum(1 for a in aliases if a)} aliases, "
            f"{drawn} px drawn")
    del layer
    return ck, info


def spatial_layers(gpkg):
    meta = QgsProviderRegistry.instance().providerMetadata("ogr")
    names, skipped = [], []
    for d in meta.querySublayers(gpkg):
        if d.name() in NON_SPATIAL or d.wkbType() in (QgsWkbTypes.NoGeometry, QgsWkbTypes.Unknown):
            skipped.append(d.name())
        else:
            names.append(d.name())
    return names, skipped


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 1 if len(argv) < 2 else 0
    gpkg, expected = argv[1], argv[2:]
    if not os.path.isfile(gpkg):
        print(f"qgis_check: {gpkg}: no such file", file=sys.stderr)
        return 1

    app = QgsApplication([], False)
    app.initQgis()
    failed = 0
    names, skipped = spatial_layers(gpkg)
    for name in expected:
        if name not in names:
            print(f"FAIL {name}: expected spatial layer is not in {gpkg}")
            failed += 1
    if not names:
        print(f"FAIL {gpkg}: no spatial layer found")
        failed += 1
    for name in names:
        ck, info = check_layer(gpkg, name, must_have_features=(not expected or name in expected))
        if ck.failures:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(ck.failures))
        else:
            print(f"ok   {name}: {info}")
    if skipped:
        print(f"skip {', '.join(skipped)} (no geometry)")
    app.exitQgis()  # safe only once no layer is alive: check_layer() deletes its own
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
