# SPDX-License-Identifier: MIT
"""dosah's Processing algorithms. Each one runs the dosah program (see find_dosah) as a
subprocess: its stderr (notes, warnings, the error message) is streamed to the Processing
log line by line, and a non-zero exit status becomes the algorithm's error with dosah's own
message (exit status 2: bad input, the message names file, layer, feature and field)."""

import json
import os
import shutil
import sqlite3
import subprocess
import threading

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingContext,
                       QgsProcessingException, QgsProcessingOutputFile,
                       QgsProcessingOutputFolder, QgsProcessingParameterBoolean,
                       QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFolderDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProcessingParameterVectorLayer,
                       QgsProject, QgsProviderRegistry, QgsVectorFileWriter, QgsVectorLayer)
from qgis.PyQt.QtCore import QUrl, QUrlQuery

LANGUAGES = ["cs", "en"]
LOAD_CHOICES = ["Otevřít projekt z GeoPackage / open the project from the GeoPackage",
                "Přidat vrstvy / add the layers (batch)", "Nic / nothing"]
SPATIAL_TABLES = ["municipalities", "regions", "services", "demand", "excluded_localities",
                  "roads", "catchments", "scope", "gaps", "proposals"]
FORMS = ["field", "ambulant", "residential"]


def find_dosah():
    """The dosah program: $DOSAH_BINARY, else `dosah` on the PATH."""
    path = os.environ.get("DOSAH_BINARY") or shutil.which("dosah")
    if not path or not os.access(path, os.X_OK):
        raise QgsProcessingException(
            "dosah: the dosah program was not found; install it (make install) or set the "
            "DOSAH_BINARY environment variable to its path")
    return path


def run_dosah(args, feedback):
    """Runs dosah with args; streams stderr to the log; returns stdout's lines. Raises
    QgsProcessingException with dosah's message when it fails or is cancelled."""
    cmd = [find_dosah()] + args + ["--progress"]
    feedback.pushCommandInfo(" ".join(cmd))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", errors="replace")
    errors = []
    out = []

    def read_stdout():
        out.extend(proc.stdout.read().splitlines())

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    for line in proc.stderr:
        line = line.rstrip("\n")
        if feedback.isCanceled():
            proc.terminate()
            break
        if line.startswith("progress: "):
            # "progress: STAGE PERCENT", one line per tenth of a stage (dosah --progress)
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                feedback.setProgressText(parts[1])
                feedback.setProgress(int(parts[2]))
                continue
        if line.startswith("warning:"):
            feedback.pushWarning(line)
        elif line.startswith("dosah:"):
            errors.append(line)  # becomes the algorithm's error below
        else:
            feedback.pushInfo(line)
    status = proc.wait()
    feedback.setProgress(100)
    reader.join()
    for line in out:
        feedback.pushConsoleInfo(line)
    if feedback.isCanceled():
        raise QgsProcessingException("dosah: cancelled")
    if status != 0:
        message = "\n".join(errors) or f"dosah exited with status {status}"
        if status == 2:
            message += "\n(exit status 2: bad input; correct the scenario or the data as the " \
                       "message says)"
        raise QgsProcessingException(message)
    return out


def stdout_value(lines, prefix):
    for line in lines:
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    return None


class DosahAlgorithm(QgsProcessingAlgorithm):
    """Common naming; subclasses set NAME, TITLE and HELP."""
    NAME = TITLE = HELP = ""

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.TITLE

    def group(self):
        return "dosah"

    def groupId(self):  # noqa: N802
        return "dosah"

    def shortHelpString(self):  # noqa: N802
        return self.HELP


class RunScenarioAlgorithm(DosahAlgorithm):
    NAME, TITLE = "runscenario", "Run scenario"
    HELP = ("Runs `dosah run SCENARIO -o OUTPUT --lang LANG`: the whole analysis, the "
            "GeoPackage (with its QGIS project) and the report. On success the project stored "
            "in the GeoPackage is opened, or its layers are added (choose that in batch runs).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile("SCENARIO", "Scenario (YAML)",
                                                     extension="yaml"))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        self.addParameter(QgsProcessingParameterEnum("LANGUAGE", "Language", LANGUAGES,
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum("LOAD", "On success", LOAD_CHOICES,
                                                     defaultValue=0))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", "GeoPackage"))
        self.addOutput(QgsProcessingOutputFile("REPORT", "Report"))
        self.addOutput(QgsProcessingOutputFolder("OUTPUT", "Output folder"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        scenario = self.parameterAsFile(parameters, "SCENARIO", context)
        outdir = self.parameterAsString(parameters, "OUTPUT", context)
        lang = LANGUAGES[self.parameterAsEnum(parameters, "LANGUAGE", context)]
        load = self.parameterAsEnum(parameters, "LOAD", context)
        lines = run_dosah(["run", scenario, "-o", outdir, "--lang", lang], feedback)
        gpkg = stdout_value(lines, "GeoPackage:")
        self.gpkg, self.load = gpkg, load
        if gpkg and load == 1:
            for table in SPATIAL_TABLES:
                layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
                if layer.isValid():
                    context.temporaryLayerStore().addMapLayer(layer)
                    context.addLayerToLoadOnCompletion(
                        layer.id(), QgsProcessingContext.LayerDetails(table, context.project(),
                                                                      table))
        return {"GEOPACKAGE": gpkg, "REPORT": stdout_value(lines, "Report:"), "OUTPUT": outdir}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        gpkg = getattr(self, "gpkg", None)
        if gpkg and getattr(self, "load", 2) == 0:
            names = project_names(gpkg)
            uri = project_uri(gpkg, names[0]) if names else None
            if uri and QgsProject.instance().read(uri):
                layers = QgsProject.instance().mapLayers().values()
                valid = sum(1 for layer in layers if layer.isValid())
                feedback.pushInfo(f"opened the project {names[0]!r} from {gpkg} ({valid} of "
                                  f"{len(layers)} layers valid)")
            elif names and not uri:
                feedback.reportError(f"QGIS cannot name the project {names[0]!r} in a URI "
                                     "(a '%' in the scenario name); added its layers instead",
                                     False)
                added = 0
                for table in SPATIAL_TABLES:
                    layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
                    if layer.isValid():
                        QgsProject.instance().addMapLayer(layer)
                        added += 1
                feedback.pushInfo(f"added {added} layers of {gpkg}")
            else:
                feedback.reportError(f"cannot open the project of {gpkg}", False)
        return {}


def project_uri(gpkg, name):
    """The URI of the project name in the GeoPackage gpkg, encoded as QGIS's own
    QgsGeoPackageProjectStorage::encodeUri does (a QUrl with the name as the query item
    projectName, percent-encoded), so &, #, ?, spaces and quotes in the name or the path stay
    intact. None when QGIS would decode it to another name: its decoder keeps a '%' of the
    name as "%25" (QGIS 3.22), so a name with a '%' cannot be opened by URI."""
    url = QUrl()
    url.setScheme("geopackage")
    url.setPath(gpkg)
    query = QUrlQuery()
    query.addQueryItem("projectName", name)
    url.setQuery(query)
    uri = bytes(url.toEncoded()).decode("utf-8")
    back = QUrl.fromEncoded(uri.encode("utf-8"))  # as QgsGeoPackageProjectStorage::decodeUri
    if QUrlQuery(back.query()).queryItemValue("projectName") != name or back.path() != gpkg:
        return None
    return uri


def project_names(gpkg):
    """The names in the GeoPackage's qgis_projects table, read with sqlite3: QGIS 3.22's
    listProjects finds none when the path holds '#', '?' or a %-escape."""
    try:
        con = sqlite3.connect(gpkg)
        try:
            return [r[0] for r in con.execute("SELECT name FROM qgis_projects ORDER BY name")]
        finally:
            con.close()
    except sqlite3.Error:
        return []


class CheckScenarioAlgorithm(DosahAlgorithm):
    NAME, TITLE = "checkscenario", "Check scenario"
    HELP = "Runs `dosah check SCENARIO`: reads and validates the inputs, writes nothing."

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile("SCENARIO", "Scenario (YAML)",
                                                     extension="yaml"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        scenario = self.parameterAsFile(parameters, "SCENARIO", context)
        lines = run_dosah(["check", scenario], feedback)
        return {"SUMMARY": "\n".join(lines)}


class RenderReportAlgorithm(DosahAlgorithm):
    NAME, TITLE = "renderreport", "Render report"
    HELP = "Runs `dosah report GEOPACKAGE -o OUTPUT --lang LANG`: the report from a GeoPackage."

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile("GEOPACKAGE", "dosah GeoPackage",
                                                     extension="gpkg"))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        self.addParameter(QgsProcessingParameterEnum("LANGUAGE", "Language", LANGUAGES,
                                                     defaultValue=0))
        self.addOutput(QgsProcessingOutputFile("REPORT", "Report"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        gpkg = self.parameterAsFile(parameters, "GEOPACKAGE", context)
        outdir = self.parameterAsString(parameters, "OUTPUT", context)
        lang = LANGUAGES[self.parameterAsEnum(parameters, "LANGUAGE", context)]
        lines = run_dosah(["report", gpkg, "-o", outdir, "--lang", lang], feedback)
        return {"REPORT": stdout_value(lines, "Report:"), "OUTPUT": outdir}


def layer_input(layer, outdir, kind, feedback):
    """{path, layer} of a project layer: its own file when GDAL reads it, else a copy saved
    as OUTPUT/inputs_KIND.gpkg."""
    if layer.providerType() == "ogr":
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        path = parts.get("path")
        if path and os.path.exists(path) and not parts.get("subset"):
            out = {"path": path}
            if parts.get("layerName"):
                out["layer"] = parts["layerName"]
            return out
    target = os.path.join(outdir, f"inputs_{kind}.gpkg")
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = kind
    err = QgsVectorFileWriter.writeAsVectorFormatV2(layer, target, QgsProject.instance()
                                                    .transformContext(), opts)
    if err[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"cannot save the layer {layer.name()!r} to {target}: "
                                     f"{err[1]}")
    feedback.pushInfo(f"saved the layer {layer.name()!r} to {target}")
    return {"path": target, "layer": kind}


def yaml_value(v):
    """A YAML scalar: numbers plain, strings double-quoted (JSON strings are YAML)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)


def yaml_mapping(d):
    return "{" + ", ".join(f"{k}: {yaml_value(v)}" for k, v in d.items()) + "}"


class BuildScenarioAlgorithm(DosahAlgorithm):
    NAME, TITLE = "buildscenario", "Build scenario from layers"
    HELP = ("Writes a scenario (YAML) from layers of the project: municipalities with their "
            "code, name and population fields, roads with their class or speed field, services "
            "with their id, § type, form and capacity fields, and one question. The file is "
            "OUTPUT/scenario.yaml; run it with Run scenario (or tick Run now).")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly, line, point = (QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorLine,
                             QgsProcessing.TypeVectorPoint)
        p = self.addParameter
        p(QgsProcessingParameterString("NAME", "Scenario name", defaultValue="scenario"))
        p(QgsProcessingParameterCrs("CRS", "Working CRS (metric)", defaultValue="EPSG:5514",
                                    optional=True))
        p(QgsProcessingParameterVectorLayer("MUNICIPALITIES", "Municipalities", [poly]))
        p(QgsProcessingParameterField("MUNI_ID", "Municipality code", None, "MUNICIPALITIES"))
        p(QgsProcessingParameterField("MUNI_NAME", "Municipality name", None, "MUNICIPALITIES",
                                      optional=True))
        p(QgsProcessingParameterField("MUNI_POP", "Population", None, "MUNICIPALITIES",
                                      QgsProcessingParameterField.Numeric))
        p(QgsProcessingParameterVectorLayer("ROADS", "Roads", [line]))
        p(QgsProcessingParameterField("ROAD_CLASS", "Road class (OSM highway)", None, "ROADS",
                                      optional=True))
        p(QgsProcessingParameterField("ROAD_SPEED", "Road speed (km/h)", None, "ROADS",
                                      QgsProcessingParameterField.Numeric, optional=True))
        p(QgsProcessingParameterVectorLayer("SERVICES", "Services", [point]))
        p(QgsProcessingParameterField("SVC_ID", "Service id", None, "SERVICES"))
        p(QgsProcessingParameterField("SVC_TYPE", "Service § type", None, "SERVICES"))
        p(QgsProcessingParameterField("SVC_FORM", "Service form", None, "SERVICES"))
        p(QgsProcessingParameterField("SVC_CAPACITY", "Service capacity", None, "SERVICES",
                                      QgsProcessingParameterField.Numeric, optional=True))
        p(QgsProcessingParameterString("KEY", "Question key (a-z, 0-9, _)", defaultValue="care"))
        p(QgsProcessingParameterString("LABEL", "Question label", optional=True))
        p(QgsProcessingParameterString("TYPES", "§ types of the question (comma-separated)",
                                       defaultValue="40"))
        p(QgsProcessingParameterEnum("FORM", "Form of the question", FORMS, defaultValue=0))
        p(QgsProcessingParameterNumber("THRESHOLD", "Threshold (minutes)",
                                       QgsProcessingParameterNumber.Double, 30, minValue=0.01))
        p(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        p(QgsProcessingParameterBoolean("RUN", "Run now", defaultValue=False))
        p(QgsProcessingParameterEnum("LANGUAGE", "Language", LANGUAGES, defaultValue=0))
        self.addOutput(QgsProcessingOutputFile("SCENARIO", "Scenario (YAML)"))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", "GeoPackage"))

    def fields(self, parameters, context, names):
        out = {}
        for key, name in names.items():
            value = self.parameterAsString(parameters, name, context)
            if value:
                out[key] = value
        return out

    def scenario_text(self, parameters, context, outdir, feedback):
        layer = lambda n: self.parameterAsVectorLayer(parameters, n, context)  # noqa: E731
        muni = layer_input(layer("MUNICIPALITIES"), outdir, "municipalities", feedback)
        muni.update(self.fields(parameters, context, {"id": "MUNI_ID", "name": "MUNI_NAME",
                                                      "population": "MUNI_POP"}))
        roads = layer_input(layer("ROADS"), outdir, "roads", feedback)
        roads.update(self.fields(parameters, context, {"class": "ROAD_CLASS",
                                                       "speed": "ROAD_SPEED"}))
        if "class" not in roads and "speed" not in roads:
            raise QgsProcessingException("Roads: choose the class field, the speed field or both")
        svc = layer_input(layer("SERVICES"), outdir, "services", feedback)
        svc.update(self.fields(parameters, context, {"id": "SVC_ID", "type": "SVC_TYPE",
                                                     "form": "SVC_FORM",
                                                     "capacity": "SVC_CAPACITY"}))
        key = self.parameterAsString(parameters, "KEY", context)
        label = self.parameterAsString(parameters, "LABEL", context) or key
        types = [t.strip().lstrip("§").strip() for t in
                 self.parameterAsString(parameters, "TYPES", context).split(",") if t.strip()]
        crs = self.parameterAsCrs(parameters, "CRS", context).authid() or "EPSG:5514"
        lines = ["# Written by the dosah Processing algorithm 'Build scenario from layers'.",
                 f"name: {yaml_value(self.parameterAsString(parameters, 'NAME', context))}",
                 f"crs: {yaml_value(crs)}", "inputs:",
                 f"  municipalities: {yaml_mapping(muni)}",
                 f"  roads: {yaml_mapping(roads)}",
                 f"  services: {yaml_mapping(svc)}", "services:",
                 f"  - key: {yaml_value(key)}", f"    label: {yaml_value(label)}",
                 "    types: [" + ", ".join(yaml_value("§" + t) for t in types) + "]",
                 f"    form: {FORMS[self.parameterAsEnum(parameters, 'FORM', context)]}",
                 f"    threshold_min: "
                 f"{yaml_value(self.parameterAsDouble(parameters, 'THRESHOLD', context))}"]
        if "class" in roads:
            lines.insert(lines.index("services:"), "network:\n  default_speed_kmh: 30")
        return "\n".join(lines) + "\n"

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        outdir = self.parameterAsString(parameters, "OUTPUT", context)
        os.makedirs(outdir, exist_ok=True)
        path = os.path.join(outdir, "scenario.yaml")
        text = self.scenario_text(parameters, context, outdir, feedback)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        feedback.pushInfo(f"wrote {path}")
        result = {"SCENARIO": path, "GEOPACKAGE": None}
        if self.parameterAsBool(parameters, "RUN", context):
            lang = LANGUAGES[self.parameterAsEnum(parameters, "LANGUAGE", context)]
            lines = run_dosah(["run", path, "-o", outdir, "--lang", lang], feedback)
            result["GEOPACKAGE"] = stdout_value(lines, "GeoPackage:")
        return result
