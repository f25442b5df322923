#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Runs dosah's Processing provider (qgis/dosah_processing) headless with qgis_process.

usage: qgis_processing_check.py DOSAH_BINARY PLUGIN_ZIP_OR_DIR DEMO_SCENARIO WORKDIR

Installs the plugin zip (build/dosah_processing.zip) as QGIS does, into WORKDIR/plugins, and
enables it in a fresh QGIS profile (HOME=WORKDIR/home), then checks:
- the four algorithms are listed under the provider "dosah";
- Run scenario on the demo succeeds (exit 0), reports the GeoPackage and the report, the
  GeoPackage holds the QGIS project, and the project is opened;
- Run scenario on the demo with a misspelt field fails (qgis_process exit 1) with exactly the
  message `dosah run` prints for that scenario (itself exit 2), and leaves no GeoPackage;
- Run scenario on the mini fixture named with &, #, ?, quotes and <> opens its project (the
  project URI is encoded as QGIS encodes it) with every layer valid; named with a '%', which
  QGIS 3.22 cannot put in a project URI, it adds the layers instead and says so;
- Check scenario succeeds on the demo;
- Render report writes report.html into a new folder;
- Build scenario from layers writes a YAML that `dosah check` accepts, with the chosen fields.
Exit 0 ok, 1 a check failed, 77 when qgis_process is not installed.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile

FAILURES = []


def expect(cond, msg):
    if not cond:
        FAILURES.append(msg)
    return cond


def qgis_process():
    # Debian's /usr/bin/qgis_process wrapper passes --noversioncheck, which 3.22's
    # qgis_process rejects; the binary behind it works.
    for exe in ("/usr/bin/qgis_process.bin", shutil.which("qgis_process")):
        if exe and os.access(exe, os.X_OK):
            return exe
    return None


def main(argv):
    dosah, plugin_dir, scenario, work = (os.path.abspath(a) for a in argv[1:5])
    exe = qgis_process()
    if not exe:
        print("qgis_processing_check: SKIP: qgis_process not found", file=sys.stderr)
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "home"))
    if plugin_dir.endswith(".zip"):
        with zipfile.ZipFile(plugin_dir) as z:
            names = z.namelist()
            expect("dosah_processing/metadata.txt" in names, f"plugin zip holds {names}")
            z.extractall(os.path.join(work, "plugins"))
        plugin_dir = os.path.join(work, "plugins")
    env = dict(os.environ, HOME=os.path.join(work, "home"), QGIS_PLUGINPATH=plugin_dir,
               DOSAH_BINARY=dosah, QT_QPA_PLATFORM="offscreen")
    env.pop("XDG_DATA_HOME", None)

    def qp(*args):
        r = subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=600)
        return r.returncode, r.stdout + r.stderr

    rc, out = qp("plugins", "enable", "dosah_processing")
    expect(rc == 0, f"plugins enable: exit {rc}: {out[-500:]}")
    rc, out = qp("list")
    algs = sorted(l.split()[0] for l in out.splitlines() if l.strip().startswith("dosah:"))
    expect(algs == ["dosah:buildscenario", "dosah:checkscenario", "dosah:renderreport",
                    "dosah:runscenario"], f"algorithms listed: {algs}")

    good = os.path.join(work, "good")
    rc, out = qp("run", "dosah:runscenario", "--", f"SCENARIO={scenario}", f"OUTPUT={good}",
                 "LANGUAGE=0", "LOAD=0")
    gpkg = os.path.join(good, "liberecky-kraj-demo.gpkg")
    expect(rc == 0, f"Run scenario on the demo: exit {rc}: {out[-800:]}")
    expect(f"GEOPACKAGE:\t{gpkg}" in out and f"REPORT:\t{good}/report.html" in out,
           f"Run scenario results: {out[-400:]}")
    expect("opened the project 'liberecky-kraj-demo'" in out, "the project was not opened")
    if expect(os.path.isfile(gpkg), "no GeoPackage written"):
        con = sqlite3.connect(gpkg)
        (n,), = con.execute("SELECT count(*) FROM qgis_projects").fetchall()
        con.close()
        expect(n == 1, f"{n} projects in the GeoPackage")

    bad_dir = os.path.join(work, "bad")
    os.makedirs(bad_dir)
    bad = os.path.join(bad_dir, "bad.yaml")
    src = os.path.dirname(scenario)
    with open(scenario, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("path: liberec.gpkg", f"path: {src}/liberec.gpkg")
    text = text.replace("population: obyvatel,", "population: obyvatelx,", 1)
    with open(bad, "w", encoding="utf-8") as f:
        f.write(text)
    direct = subprocess.run([dosah, "run", bad, "-o", os.path.join(bad_dir, "direct")],
                            capture_output=True, text=True)
    expect(direct.returncode == 2, f"dosah run on the bad scenario: exit {direct.returncode}")
    message = [l for l in direct.stderr.splitlines() if l.startswith("dosah: error:")]
    expect(len(message) == 1 and "obyvatelx" in message[0], f"dosah's message: {direct.stderr}")
    rc, out = qp("run", "dosah:runscenario", "--", f"SCENARIO={bad}",
                 f"OUTPUT={os.path.join(bad_dir, 'out')}")
    expect(rc == 1, f"Run scenario on a bad field: qgis_process exit {rc}, want 1")
    expect(message and f"ERROR:\t{message[0]}" in out,
           f"Run scenario on a bad field: the error is not dosah's message: {out[-800:]}")
    expect("exit status 2: bad input" in out, "the error does not say exit status 2")
    out_dir = os.path.join(bad_dir, "out")
    expect(not os.path.exists(out_dir) or not any(n.endswith(".gpkg") for n in os.listdir(out_dir)),
           "a GeoPackage was left after the failed run")

    mini = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "mini")
    for i, name in enumerate(["Liberec & okolí #1? 'A' <2026>", "100% & co"]):
        src_dir = os.path.join(work, f"tricky{i}")
        shutil.copytree(mini, src_dir)
        yaml = os.path.join(src_dir, "scenario.yaml")
        with open(yaml, encoding="utf-8") as f:
            text = f.read()
        with open(yaml, "w", encoding="utf-8") as f:
            f.write(text.replace("name: mini\n", f"name: {json.dumps(name, ensure_ascii=False)}\n"))
        out_dir = os.path.join(src_dir, "out")
        rc, out = qp("run", "dosah:runscenario", "--", f"SCENARIO={yaml}", f"OUTPUT={out_dir}",
                     "LOAD=0")
        tricky_gpkg = os.path.join(out_dir, name + ".gpkg")
        expect(rc == 0 and os.path.isfile(tricky_gpkg),
               f"Run scenario named {name!r}: exit {rc}: {out[-800:]}")
        if "%" not in name:
            opened = re.search(r"opened the project (.*) from (.*) \((\d+) of (\d+) layers valid\)",
                               out)
            expect(opened and opened.group(1) == repr(name) and opened.group(2) == tricky_gpkg
                   and opened.group(3) == opened.group(4) and int(opened.group(4)) > 0,
                   f"the project named {name!r} was not opened with every layer: {out[-800:]}")
        else:
            expect("QGIS cannot name the project" in out and "added 0 layers" not in out
                   and re.search(r"added \d+ layers of", out),
                   f"the project named {name!r}: no layers added instead: {out[-800:]}")

    rc, out = qp("run", "dosah:checkscenario", "--", f"SCENARIO={scenario}")
    expect(rc == 0 and "check: the scenario and its inputs are valid" in out,
           f"Check scenario: exit {rc}: {out[-400:]}")

    rep = os.path.join(work, "report")
    rc, out = qp("run", "dosah:renderreport", "--", f"GEOPACKAGE={gpkg}", f"OUTPUT={rep}",
                 "LANGUAGE=1")
    expect(rc == 0 and os.path.isfile(os.path.join(rep, "report.html")),
           f"Render report: exit {rc}: {out[-400:]}")

    built = os.path.join(work, "built")
    lib = f"{src}/liberec.gpkg"
    rc, out = qp("run", "dosah:buildscenario", "--", "NAME=z vrstev",
                 f"MUNICIPALITIES={lib}|layername=obce", "MUNI_ID=kod", "MUNI_NAME=nazev",
                 "MUNI_POP=obyvatel", f"ROADS={lib}|layername=silnice", "ROAD_CLASS=typ",
                 "ROAD_SPEED=rychlost", f"SERVICES={lib}|layername=sluzby", "SVC_ID=id",
                 "SVC_TYPE=paragraf", "SVC_FORM=forma", "SVC_CAPACITY=kapacita", "KEY=care",
                 "LABEL=Pečovatelská služba", "TYPES=40", "FORM=0", "THRESHOLD=30",
                 f"OUTPUT={built}")
    yaml = os.path.join(built, "scenario.yaml")
    if expect(rc == 0 and os.path.isfile(yaml), f"Build scenario: exit {rc}: {out[-600:]}"):
        with open(yaml, encoding="utf-8") as f:
            y = f.read()
        for want in ('population: "obyvatel"', 'layer: "silnice"', 'capacity: "kapacita"',
                     'types: ["§40"]', "threshold_min: 30.0", 'name: "z vrstev"'):
            expect(want in y, f"built scenario lacks {want!r}:\n{y}")
        chk = subprocess.run([dosah, "check", yaml], capture_output=True, text=True)
        expect(chk.returncode == 0 and "valid" in chk.stdout,
               f"dosah check of the built scenario: exit {chk.returncode}: {chk.stderr}")
    for f in FAILURES:
        print("FAIL " + f)
    if not FAILURES:
        print("ok   the Processing provider runs, fails with dosah's message, builds a scenario")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
