/* SPDX-License-Identifier: MIT */
/*
 * Every output table and field of the GeoPackage, and every run_info fact key, declared once.
 * The pipeline, the writer, the QGIS styles' aliases and the report take names, types and
 * aliases from here by id; README's "Layers and fields" names exactly these
 * (tests/unit/core/test_fields.c checks it both ways).
 *
 * DOSAH_TABLES      X(id, name, Czech title, English title)
 * DOSAH_OUT_FIELDS  X(id, table, name, type, Czech alias, English alias): the fixed fields,
 *                   each table's in the order they are written.
 * DOSAH_KEY_FIELDS  X(id, tables, suffix, type, Czech alias, English alias): the per-question
 *                   fields, written as K_<suffix> (K the question's key) on the tables named
 *                   (DOSAH_TM_*), their aliases after the question's label ("Label: alias").
 *                   In a suffix or an alias, {T} stands for a number of minutes (the
 *                   question's threshold, or one of thresholds_min), {W} for a time window's
 *                   name and {w} for its hours.
 * DOSAH_FACTS       X(id, key): the run_info keys; {K} stands for a question's key, {W} for a
 *                   time window's name, {I} for an input's kind.
 * DOSAH_OUT_COLUMNS X(id, cell, unit, Czech heading, English heading): the fixed fields (by
 *                   their DOSAH_OUT_FIELDS id) that the report shows as a column of its tables
 *                   (the HTML and the CSV tables): the column's heading, how a cell is shown
 *                   (DOSAH_FC_*) and the unit of its values (DOSAH_FU_*). A heading is not an
 *                   alias: the report's are shorter, and a field may have both.
 * DOSAH_KEY_COLUMNS X(id, cell, unit, Czech heading, English heading): the same for the
 *                   per-question fields (by their DOSAH_KEY_FIELDS id); {T}, {W} and {w} in a
 *                   heading as in an alias, {L} for the question's label.
 *                   In a heading of either list, {U} stands for the text of the column's unit
 *                   (a heading that shows its unit takes it from there, never writes it) and a
 *                   part in [ ] is shown only when every placeholder in it has a value ("[ {T}
 *                   min]": only when the threshold is known).
 *
 * Types: REAL, INTEGER (64-bit), SMALL (a 32-bit integer), TEXT, ID (integer when every
 * identifier it holds is one, else text) and COUNT (integer when every value is whole, else
 * real).
 */
#ifndef DOSAH_CORE_FIELDS_H
#define DOSAH_CORE_FIELDS_H

#include <stddef.h>

/* The feature id and geometry columns of every table written (GDAL's FID and GEOMETRY_NAME
 * layer options); they are no fields of the list. Plain identifiers: SQL may name them
 * unquoted. */
#define DOSAH_FID_COLUMN  "fid"
#define DOSAH_GEOM_COLUMN "geom"

/* The first six in the order of enum dosah_layer (dosah/output.h). */
#define DOSAH_TABLES(X)                                                                            \
    X(MUNICIPALITIES, "municipalities", "Obce", "Municipalities")                                  \
    X(REGIONS, "regions", "Regiony (ORP)", "Regions")                                              \
    X(SERVICES, "services", "Sociální služby", "Social services")                                  \
    X(DEMAND, "demand", "Místa poptávky", "Demand points")                                         \
    X(LOCALITIES, "excluded_localities", "Sociálně vyloučené lokality",                            \
      "Socially excluded localities")                                                              \
    X(ROADS, "roads", "Silniční síť", "Road network")                                              \
    X(CATCHMENTS, "catchments", "Spádové oblasti", "Catchments")                                   \
    X(SCOPE, "scope", "Působnost a dosah", "Scope and reach")                                      \
    X(GAPS, "gaps", "Nedostatky kapacity", "Capacity gaps")                                        \
    X(PROPOSALS, "proposals", "Návrhy nových míst", "Proposed sites")                              \
    X(CHANGES, "changes", "Změny (co kdyby)", "Changes (what if)")                                 \
    X(RUN_INFO, "run_info", "O výpočtu", "Run information")                                        \
    X(DIAGNOSTICS, "diagnostics", "Upozornění", "Diagnostics")

#define DOSAH_OUT_FIELDS(X)                                                                        \
    X(MUN_CODE, MUNICIPALITIES, "code", ID, "Kód obce", "Municipality code")                       \
    X(MUN_NAME, MUNICIPALITIES, "name", TEXT, "Název", "Name")                                     \
    X(MUN_REGION_CODE, MUNICIPALITIES, "region_code", ID, "Kód regionu (ORP)", "Region code")      \
    X(MUN_POPULATION, MUNICIPALITIES, "population", COUNT, "Počet obyvatel", "Population")         \
    X(REG_CODE, REGIONS, "code", ID, "Kód regionu", "Region code")                                 \
    X(REG_NAME, REGIONS, "name", TEXT, "Název", "Name")                                            \
    X(REG_POPULATION, REGIONS, "population", COUNT, "Počet obyvatel", "Population")                \
    X(REG_LOCALITIES, REGIONS, "localities", INTEGER, "Sociálně vyloučené lokality (počet)",       \
      "Socially excluded localities (count)")                                                      \
    X(SRV_ID, SERVICES, "id", ID, "Identifikátor", "Id")                                           \
    X(SRV_NAME, SERVICES, "name", TEXT, "Název služby", "Service name")                            \
    X(SRV_TYPE, SERVICES, "type", TEXT, "Druh služby (§)", "Service type (§)")                     \
    X(SRV_FORM, SERVICES, "form", TEXT, "Forma", "Form")                                           \
    X(SRV_KEY, SERVICES, "key", TEXT, "Otázka (klíč)", "Question (key)")                           \
    X(SRV_CAPACITY, SERVICES, "capacity", REAL, "Kapacita", "Capacity")                            \
    X(SRV_HOURS, SERVICES, "hours", TEXT, "Provozní doba", "Opening hours")                        \
    X(SRV_SCOPE, SERVICES, "scope", TEXT, "Územní působnost", "Territorial scope")                 \
    X(SRV_MUNICIPALITY, SERVICES, "municipality", ID, "Obec (kód)", "Municipality code")           \
    X(SRV_PROVIDER, SERVICES, "provider", TEXT, "Poskytovatel", "Provider")                        \
    X(SRV_CAPACITY_UNIT, SERVICES, "capacity_unit", TEXT, "Jednotka kapacity", "Unit of capacity") \
    X(SRV_REACH_POPULATION, SERVICES, "reach_population", REAL,                                    \
      "Obyvatel ve spádu (do limitu otázky)", "Population within the question's threshold")        \
    X(SRV_FCA_RATIO, SERVICES, "fca_ratio", REAL, "Kapacita na 1 000 obyvatel spádu (2SFCA R_j)",  \
      "Capacity per 1,000 people in the catchment (2SFCA R_j)")                                    \
    X(SRV_ABSORBED, SERVICES, "absorbed", REAL, "Obslouženo v rámci kapacity (osob)",              \
      "Served within capacity (persons)")                                                          \
    X(SRV_SCOPE_DECLARED, SERVICES, "scope_declared", INTEGER, "Působnost: deklarováno obcí",      \
      "Scope: municipalities declared")                                                            \
    X(SRV_SCOPE_NOT_REACHED, SERVICES, "scope_not_reached", INTEGER,                               \
      "Působnost: deklarováno, nedosaženo", "Scope: declared, not reached")                        \
    X(SRV_SCOPE_NOT_DECLARED, SERVICES, "scope_not_declared", INTEGER,                             \
      "Působnost: dosaženo, nedeklarováno", "Scope: reached, not declared")                        \
    X(SRV_SNAP_M, SERVICES, "snap_m", REAL, "Vzdálenost k silnici (m)",                            \
      "Distance to the road (m)")                                                                  \
    X(SRV_ACCESS_MIN, SERVICES, "access_min", REAL, "Cesta k silnici (min)",                       \
      "Access to the road (min)")                                                                  \
    X(DEM_ID, DEMAND, "id", ID, "Identifikátor", "Id")                                             \
    X(DEM_POPULATION, DEMAND, "population", COUNT, "Počet obyvatel", "Population")                 \
    X(DEM_MUNICIPALITY, DEMAND, "municipality", ID, "Obec (kód)", "Municipality code")             \
    X(DEM_PLACEMENT, DEMAND, "placement", TEXT, "Umístění bodu", "Placement")                      \
    X(DEM_SNAP_M, DEMAND, "snap_m", REAL, "Vzdálenost k silnici (m)", "Distance to the road (m)")  \
    X(DEM_ACCESS_MIN, DEMAND, "access_min", REAL, "Cesta k silnici (min)",                         \
      "Access to the road (min)")                                                                  \
    X(LOC_ID, LOCALITIES, "id", ID, "Identifikátor", "Id")                                         \
    X(LOC_NAME, LOCALITIES, "name", TEXT, "Název lokality", "Locality")                            \
    X(LOC_POPULATION, LOCALITIES, "population", REAL, "Odhad počtu obyvatel",                      \
      "Population estimate")                                                                       \
    X(LOC_POPULATION_MIN, LOCALITIES, "population_min", REAL, "Odhad – dolní mez",                 \
      "Estimate – low")                                                                            \
    X(LOC_POPULATION_MAX, LOCALITIES, "population_max", REAL, "Odhad – horní mez",                 \
      "Estimate – high")                                                                           \
    X(LOC_MUNICIPALITY, LOCALITIES, "municipality", ID, "Obec (kód)", "Municipality code")         \
    X(LOC_SNAP_M, LOCALITIES, "snap_m", REAL, "Vzdálenost k silnici (m)",                          \
      "Distance to the road (m)")                                                                  \
    X(LOC_ACCESS_MIN, LOCALITIES, "access_min", REAL, "Cesta k silnici (min)",                     \
      "Access to the road (min)")                                                                  \
    X(ROAD_ID, ROADS, "id", INTEGER, "Prvek vstupu (fid)", "Input feature (fid)")                  \
    X(ROAD_CLASS, ROADS, "class", TEXT, "Třída", "Class")                                          \
    X(ROAD_SPEED_KMH, ROADS, "speed_kmh", REAL, "Rychlost ze vstupu (km/h)", "Input speed (km/h)") \
    X(ROAD_ONEWAY, ROADS, "oneway", SMALL, "Jednosměrnost (1 po směru, -1 proti, 0 ne)",           \
      "One-way (1 along, -1 against, 0 no)")                                                       \
    X(ROAD_COMPONENT, ROADS, "component", INTEGER, "Souvislá část sítě", "Network piece")          \
    X(ROAD_TIME_S, ROADS, "time_s", REAL, "Doba jízdy (s)", "Travel time (s)")                     \
    X(CATCH_SERVICE_ID, CATCHMENTS, "service_id", TEXT, "Služba", "Service")                       \
    X(CATCH_KEY, CATCHMENTS, "key", TEXT, "Otázka (klíč)", "Question (key)")                       \
    X(CATCH_MINUTES, CATCHMENTS, "minutes", REAL, "Limit (min)", "Threshold (min)")                \
    X(CATCH_POPULATION, CATCHMENTS, "population", REAL, "Obyvatel uvnitř", "Population inside")    \
    X(CATCH_CHECKED_POINTS, CATCHMENTS, "checked_points", INTEGER, "Kontrola: míst poptávky",      \
      "Check: demand points tested")                                                               \
    X(CATCH_VIOLATIONS, CATCHMENTS, "violations", INTEGER, "Kontrola: nesouladů",                  \
      "Check: disagreements")                                                                      \
    X(SCOPE_SERVICE_ID, SCOPE, "service_id", TEXT, "Služba", "Service")                            \
    X(SCOPE_KEY, SCOPE, "key", TEXT, "Otázka (klíč)", "Question (key)")                            \
    X(SCOPE_MUNICIPALITY, SCOPE, "municipality", ID, "Obec (kód)", "Municipality code")            \
    X(SCOPE_NAME, SCOPE, "name", TEXT, "Obec", "Municipality")                                     \
    X(SCOPE_STATUS, SCOPE, "status", TEXT, "Nesoulad", "Mismatch")                                 \
    X(GAPS_KEY, GAPS, "key", TEXT, "Otázka (klíč)", "Question (key)")                              \
    X(GAPS_LABEL, GAPS, "label", TEXT, "Služba", "Service")                                        \
    X(GAPS_REGION, GAPS, "region", ID, "Region (kód)", "Region code")                              \
    X(GAPS_NAME, GAPS, "name", TEXT, "Region", "Region")                                           \
    X(GAPS_POPULATION, GAPS, "population", REAL, "Počet obyvatel", "Population")                   \
    X(GAPS_CAPACITY, GAPS, "capacity", REAL, "Kapacita v regionu", "Capacity in the region")       \
    X(GAPS_PER_10K, GAPS, "per_10k", REAL, "Kapacita na 10 000 obyvatel", "Capacity per 10,000")   \
    X(GAPS_NORM_PER_10K, GAPS, "norm_per_10k", REAL, "Norma na 10 000 obyvatel",                   \
      "Norm per 10,000")                                                                           \
    X(GAPS_WITHIN_SHARE, GAPS, "within_share", REAL, "Podíl obyvatel v dosahu",                    \
      "Share within reach")                                                                        \
    X(GAPS_HAS_FACILITY, GAPS, "has_facility", INTEGER, "Zařízení v regionu",                      \
      "Facility in the region")                                                                    \
    X(GAPS_GAP, GAPS, "gap", INTEGER, "Nedostatek", "Gap")                                         \
    X(GAPS_REASON, GAPS, "reason", TEXT, "Důvod", "Reason")                                        \
    X(GAPS_SHORTFALL, GAPS, "shortfall", INTEGER, "Chybí jednotek", "Shortfall (units)")           \
    X(PROP_KEY, PROPOSALS, "key", TEXT, "Otázka (klíč)", "Question (key)")                         \
    X(PROP_RANK, PROPOSALS, "rank", INTEGER, "Pořadí", "Rank")                                     \
    X(PROP_SITE, PROPOSALS, "site", TEXT, "Místo (kód)", "Site (id)")                              \
    X(PROP_NAME, PROPOSALS, "name", TEXT, "Místo", "Site")                                         \
    X(PROP_ADDED_POPULATION, PROPOSALS, "added_population", REAL, "Nově v dosahu (obyvatel)",      \
      "Newly within reach (people)")                                                               \
    X(PROP_ADDED_NEED, PROPOSALS, "added_need", REAL, "Nově pokrytá potřeba (jednotek)",           \
      "Need newly served (units)")                                                                 \
    X(PROP_CUMULATIVE_SHARE, PROPOSALS, "cumulative_share", REAL, "Podíl v dosahu celkem",         \
      "Cumulative share within reach")                                                             \
    X(PROP_METHOD, PROPOSALS, "method", TEXT, "Metoda", "Method")                                  \
    X(PROP_OPTIMAL, PROPOSALS, "optimal", INTEGER, "Prokázané optimum (1 ano)",                    \
      "Proven optimal (1 yes)")                                                                    \
    X(PROP_BOUND, PROPOSALS, "bound", REAL, "Horní mez cíle", "Bound of the objective")            \
    X(PROP_GAP, PROPOSALS, "gap", REAL, "Mezera k optimu", "Optimality gap")                       \
    X(CHG_REGION, CHANGES, "region", TEXT, "Region (kód)", "Region code")                          \
    X(CHG_NAME, CHANGES, "name", TEXT, "Region", "Region")                                         \
    X(CHG_INDICATOR, CHANGES, "indicator", TEXT, "Ukazatel (pole)", "Indicator (field)")           \
    X(CHG_LABEL, CHANGES, "label", TEXT, "Ukazatel", "Indicator")                                  \
    X(CHG_BEFORE, CHANGES, "before", REAL, "Před změnou", "Before")                                \
    X(CHG_AFTER, CHANGES, "after", REAL, "Po změně", "After")                                      \
    X(CHG_DIFFERENCE, CHANGES, "difference", REAL, "Rozdíl", "Difference")                         \
    X(INFO_KEY, RUN_INFO, "key", TEXT, "Položka", "Key")                                           \
    X(INFO_VALUE, RUN_INFO, "value", TEXT, "Hodnota", "Value")                                     \
    X(DIAG_SEVERITY, DIAGNOSTICS, "severity", TEXT, "Závažnost", "Severity")                       \
    X(DIAG_STAGE, DIAGNOSTICS, "stage", TEXT, "Krok", "Stage")                                     \
    X(DIAG_FILE, DIAGNOSTICS, "file", TEXT, "Soubor", "File")                                      \
    X(DIAG_LAYER, DIAGNOSTICS, "layer", TEXT, "Vrstva", "Layer")                                   \
    X(DIAG_FEATURE, DIAGNOSTICS, "feature", TEXT, "Prvek", "Feature")                              \
    X(DIAG_FIELD, DIAGNOSTICS, "field", TEXT, "Pole", "Field")                                     \
    X(DIAG_MESSAGE, DIAGNOSTICS, "message", TEXT, "Zpráva", "Message")                             \
    X(DIAG_MESSAGE_CS, DIAGNOSTICS, "message_cs", TEXT, "Zpráva česky", "Message in Czech")

#define DOSAH_TM(t)     (1u << DOSAH_T_##t)
#define DOSAH_TM_AREAS  (DOSAH_TM(MUNICIPALITIES) | DOSAH_TM(REGIONS))
#define DOSAH_TM_POINTS (DOSAH_TM(DEMAND) | DOSAH_TM(LOCALITIES))

#define DOSAH_KEY_FIELDS(X)                                                                        \
    X(MINUTES, DOSAH_TM_POINTS, "minutes", REAL, "doba cesty (min)", "travel time (min)")          \
    X(MEAN_MINUTES, DOSAH_TM_AREAS, "minutes", REAL, "průměrná doba cesty (min)",                  \
      "mean travel time (min)")                                                                    \
    X(NEAREST, DOSAH_TM_POINTS | DOSAH_TM(MUNICIPALITIES), "nearest", TEXT, "nejbližší služba",    \
      "nearest service")                                                                           \
    X(COVERED, DOSAH_TM_POINTS, "covered", INTEGER, "dosažitelné do {T} min",                      \
      "reached within {T} min")                                                                    \
    X(WITHIN, DOSAH_TM_AREAS, "within", REAL, "podíl obyvatel do {T} min",                         \
      "share of population within {T} min")                                                        \
    X(POP_WITHIN, DOSAH_TM_AREAS, "pop_within", REAL, "obyvatel do {T} min",                       \
      "population within {T} min")                                                                 \
    X(WITHIN_T, DOSAH_TM_AREAS, "within_{T}", REAL, "podíl obyvatel do {T} min",                   \
      "share of population within {T} min")                                                        \
    X(POP_WITHIN_T, DOSAH_TM_AREAS, "pop_within_{T}", REAL, "obyvatel do {T} min",                 \
      "population within {T} min")                                                                 \
    X(UNREACHED, DOSAH_TM_AREAS, "unreached", REAL, "obyvatel bez dostupnosti",                    \
      "population not reached")                                                                    \
    X(UNREACHED_REASON, DOSAH_TM_POINTS | DOSAH_TM(MUNICIPALITIES), "unreached_reason", TEXT,      \
      "proč chybí doba cesty", "why the travel time is missing")                                   \
    X(WALK_MINUTES, DOSAH_TM(LOCALITIES), "walk_minutes", REAL, "pěšky (min)", "on foot (min)")    \
    X(CAR_MINUTES, DOSAH_TM(LOCALITIES), "car_minutes", REAL, "autem (min)", "by car (min)")       \
    X(MINUTES_P25, DOSAH_TM_POINTS | DOSAH_TM_AREAS, "minutes_p25", REAL,                          \
      "doba cesty, 25. percentil (min)", "travel time, 25th percentile (min)")                     \
    X(MINUTES_P75, DOSAH_TM_POINTS | DOSAH_TM_AREAS, "minutes_p75", REAL,                          \
      "doba cesty, 75. percentil (min)", "travel time, 75th percentile (min)")                     \
    X(WITHIN_W, DOSAH_TM_AREAS, "within_{W}", REAL, "podíl do {T} min, otevřeno {w}",              \
      "share within {T} min, open {w}")                                                            \
    X(LOCALITIES_COVERED, DOSAH_TM(REGIONS), "localities_covered", INTEGER, "lokality do {T} min", \
      "localities within {T} min")                                                                 \
    X(LOCALITIES_SHARE, DOSAH_TM(REGIONS), "localities_share", REAL,                               \
      "podíl lokalit do {T} min (prázdné = netýká se)",                                            \
      "share of localities within {T} min (empty = not applicable)")                               \
    X(FCA, DOSAH_TM_AREAS | DOSAH_TM(DEMAND), "fca", REAL,                                         \
      "dostupnost kapacity (na 1 000 obyvatel)", "accessible capacity (per 1,000 residents)")      \
    X(CAP_COVERED, DOSAH_TM_AREAS, "cap_covered", REAL, "obslouženo v rámci kapacity",             \
      "served within capacity")                                                                    \
    X(CAP_UNSERVED, DOSAH_TM_AREAS, "cap_unserved", REAL, "neobslouženo (chybí kapacita)",         \
      "not served (capacity short)")                                                               \
    X(CAP_SHARE, DOSAH_TM_AREAS, "cap_share", REAL, "podíl obslouženo v rámci kapacity",           \
      "share served within capacity")                                                              \
    X(CAPACITY, DOSAH_TM(REGIONS), "capacity", REAL, "kapacita v regionu",                         \
      "capacity in the region")                                                                    \
    X(PER_10K, DOSAH_TM(REGIONS), "per_10k", REAL, "kapacita na 10 000 obyvatel",                  \
      "capacity per 10,000 inhabitants")                                                           \
    X(HAS_FACILITY, DOSAH_TM(REGIONS), "has_facility", INTEGER,                                    \
      "zařízení v regionu (1 ano, 0 ne)", "facility in the region (1 yes, 0 no)")                  \
    X(GAP, DOSAH_TM(REGIONS), "gap", INTEGER, "nedostatek (1 ano, 0 ne)", "gap (1 yes, 0 no)")     \
    X(GAP_REASON, DOSAH_TM(REGIONS), "gap_reason", TEXT, "důvod nedostatku", "gap reason")         \
    X(SHORTFALL, DOSAH_TM(REGIONS), "shortfall", INTEGER, "chybějící kapacita (jednotek)",         \
      "shortfall (units)")                                                                         \
    X(GROUP_POPULATION, DOSAH_TM_AREAS | DOSAH_TM(DEMAND), "group_population", REAL,               \
      "obyvatel cílové skupiny", "people of the target group")

/* Cells: TEXT as it is, INTEGER a whole number, REAL two decimals (none from 1,000 up), SHARE
 * a 0–1 share as a percentage, BOOL 1/0 as yes/no, KEY a question's key as its label, REASONS
 * comma-separated reason codes in words, MINUTES minutes with one decimal ("unreachable" when
 * missing). Units: NONE, MINUTES, PERCENT, PEOPLE, UNITS (of capacity), PER_1000 and PER_10K
 * (per 1,000 or 10,000 residents). */
#define DOSAH_OUT_COLUMNS(X)                                                                       \
    X(MUN_CODE, TEXT, NONE, "Kód", "Code")                                                         \
    X(MUN_NAME, TEXT, NONE, "Obec", "Municipality")                                                \
    X(MUN_REGION_CODE, TEXT, NONE, "Kód regionu", "Region code")                                   \
    X(REG_CODE, TEXT, NONE, "Kód", "Code")                                                         \
    X(REG_NAME, TEXT, NONE, "Region", "Region")                                                    \
    X(REG_POPULATION, INTEGER, PEOPLE, "Obyvatel", "Population")                                   \
    X(SRV_ID, TEXT, NONE, "Zařízení (id)", "Facility (id)")                                        \
    X(SRV_NAME, TEXT, NONE, "Název", "Name")                                                       \
    X(SRV_CAPACITY, INTEGER, UNITS, "Kapacita", "Capacity")                                        \
    X(SRV_SCOPE_DECLARED, INTEGER, NONE, "Deklarováno", "Declared")                                \
    X(SRV_SCOPE_NOT_REACHED, INTEGER, NONE, "Deklarováno, nedosaženo", "Declared, not reached")    \
    X(SRV_SCOPE_NOT_DECLARED, INTEGER, NONE, "Dosaženo, nedeklarováno", "Reached, not declared")   \
    X(LOC_NAME, TEXT, NONE, "Lokalita", "Locality")                                                \
    X(LOC_POPULATION, INTEGER, PEOPLE, "Obyvatel (odhad)", "Population (estimate)")                \
    X(LOC_POPULATION_MIN, INTEGER, PEOPLE, "Odhad od", "Estimate from")                            \
    X(LOC_POPULATION_MAX, INTEGER, PEOPLE, "Odhad do", "Estimate to")                              \
    X(CATCH_KEY, KEY, NONE, "Služba", "Service")                                                   \
    X(CATCH_CHECKED_POINTS, INTEGER, NONE, "Kontrolovaných bodů", "Checked points")                \
    X(CATCH_VIOLATIONS, INTEGER, NONE, "Nesouhlasí", "Disagreements")                              \
    X(SCOPE_NAME, TEXT, NONE, "Deklarované obce mimo dosah",                                       \
      "Declared municipalities not reached")                                                       \
    X(GAPS_KEY, KEY, NONE, "Služba", "Service")                                                    \
    X(GAPS_NAME, TEXT, NONE, "Název", "Name")                                                      \
    X(GAPS_POPULATION, INTEGER, PEOPLE, "Obyvatel", "Population")                                  \
    X(PROP_KEY, KEY, NONE, "Služba", "Service")                                                    \
    X(PROP_RANK, INTEGER, NONE, "Pořadí", "Rank")                                                  \
    X(PROP_SITE, TEXT, NONE, "Místo (kód)", "Site (code)")                                         \
    X(PROP_NAME, TEXT, NONE, "Název", "Name")                                                      \
    X(PROP_ADDED_POPULATION, INTEGER, PEOPLE, "Nově v dosahu (obyvatel)",                          \
      "Newly within reach ({U})")                                                                  \
    X(PROP_ADDED_NEED, REAL, UNITS, "Nově pokrytá potřeba ({U})", "Need newly served ({U})")       \
    X(PROP_CUMULATIVE_SHARE, SHARE, PERCENT, "Podíl v dosahu celkem ({U})",                        \
      "Cumulative share within reach ({U})")                                                       \
    X(PROP_METHOD, TEXT, NONE, "Metoda", "Method")                                                 \
    X(PROP_OPTIMAL, BOOL, NONE, "Prokázané optimum", "Proven optimal")                             \
    X(PROP_BOUND, REAL, NONE, "Horní mez cíle", "Bound of the objective")                          \
    X(PROP_GAP, REAL, NONE, "Mezera k optimu", "Optimality gap")                                   \
    X(CHG_REGION, TEXT, NONE, "Kód", "Code")                                                       \
    X(CHG_NAME, TEXT, NONE, "Region", "Region")                                                    \
    X(CHG_INDICATOR, TEXT, NONE, "Ukazatel (pole)", "Indicator (field)")                           \
    X(CHG_LABEL, TEXT, NONE, "Popis", "Description")                                               \
    X(CHG_BEFORE, REAL, NONE, "Před", "Before")                                                    \
    X(CHG_AFTER, REAL, NONE, "Po", "After")                                                        \
    X(CHG_DIFFERENCE, REAL, NONE, "Rozdíl", "Difference")                                          \
    X(DIAG_SEVERITY, TEXT, NONE, "Závažnost", "Severity")                                          \
    X(DIAG_STAGE, TEXT, NONE, "Krok", "Stage")                                                     \
    X(DIAG_FILE, TEXT, NONE, "Soubor", "File")                                                     \
    X(DIAG_LAYER, TEXT, NONE, "Vrstva", "Layer")                                                   \
    X(DIAG_FEATURE, TEXT, NONE, "Prvek", "Feature")                                                \
    X(DIAG_FIELD, TEXT, NONE, "Pole", "Field")                                                     \
    X(DIAG_MESSAGE, TEXT, NONE, "Zpráva", "Message")

#define DOSAH_KEY_COLUMNS(X)                                                                       \
    X(MINUTES, MINUTES, MINUTES, "{L} ({U})", "{L} ({U})")                                         \
    X(MEAN_MINUTES, MINUTES, MINUTES, "Průměrná doba ({U})", "Mean time ({U})")                    \
    X(COVERED, INTEGER, NONE, "{L}: v dosahu", "{L}: within reach")                                \
    X(WITHIN, SHARE, PERCENT, "Podíl v dosahu[ {T} min] ({U})",                                    \
      "Share within reach[ {T} min] ({U})")                                                        \
    X(POP_WITHIN, INTEGER, PEOPLE, "Obyvatel v dosahu[ ({T} min)]",                                \
      "Population within reach[ ({T} min)]")                                                       \
    X(WITHIN_T, SHARE, PERCENT, "Podíl do {T} min ({U})", "Share within {T} min ({U})")            \
    X(UNREACHED, INTEGER, PEOPLE, "Obyvatel bez dostupnosti", "Population unreached")              \
    X(WALK_MINUTES, MINUTES, MINUTES, "{L} pěšky ({U})", "{L} on foot ({U})")                      \
    X(WITHIN_W, SHARE, PERCENT, "{W}[: {w}] ({U})", "{W}[: {w}] ({U})")                            \
    X(LOCALITIES_SHARE, SHARE, PERCENT, "Podíl lokalit v dosahu ({U})",                            \
      "Share of localities within reach ({U})")                                                    \
    X(FCA, REAL, PER_1000, "Dostupnost vážená kapacitou ({U})",                                    \
      "Capacity-weighted accessibility ({U})")                                                     \
    X(CAP_COVERED, INTEGER, PEOPLE, "Obslouženo v rámci kapacity", "Served within capacity")       \
    X(CAP_UNSERVED, INTEGER, PEOPLE, "Neobslouženo", "Unserved")                                   \
    X(CAP_SHARE, SHARE, PERCENT, "Podíl obslouženo ({U})", "Share served ({U})")                   \
    X(CAPACITY, INTEGER, UNITS, "Kapacita", "Capacity")                                            \
    X(PER_10K, REAL, PER_10K, "Kapacita {U}", "Capacity {U}")                                      \
    X(HAS_FACILITY, BOOL, NONE, "Zařízení v regionu", "Facility in the region")                    \
    X(GAP, BOOL, NONE, "Nedostatek", "Gap")                                                        \
    X(GAP_REASON, REASONS, NONE, "Důvod", "Reason")                                                \
    X(SHORTFALL, INTEGER, UNITS, "Chybí {U}", "Shortfall ({U})")

#define DOSAH_FACTS(X)                                                                             \
    X(ENGINE, "engine")                                                                            \
    X(GDAL_VERSION, "gdal_version")                                                                \
    X(PROJ_VERSION, "proj_version")                                                                \
    X(SQLITE_VERSION, "sqlite_version")                                                            \
    X(GDAL_BUILD_INFO, "gdal_build_info")                                                          \
    X(SCENARIO_NAME, "scenario.name")                                                              \
    X(SCENARIO_PATH, "scenario.path")                                                              \
    X(SCENARIO_SHA256, "scenario.sha256")                                                          \
    X(SCENARIO_TEXT, "scenario.text")                                                              \
    X(CRS, "crs")                                                                                  \
    X(CRS_WKT, "crs_wkt")                                                                          \
    X(LANGUAGE, "language")                                                                        \
    X(STARTED_UTC, "started_utc")                                                                  \
    X(COUNT_MUNICIPALITIES, "count.municipalities")                                                \
    X(COUNT_REGIONS, "count.regions")                                                              \
    X(COUNT_DEMAND, "count.demand")                                                                \
    X(COUNT_SERVICES, "count.services")                                                            \
    X(COUNT_LOCALITIES, "count.excluded_localities")                                               \
    X(COUNT_ROAD_LINES, "count.road_lines")                                                        \
    X(REGIONS_SOURCE, "regions.source")                                                            \
    X(INPUT_PATH, "input.{I}.path")                                                                \
    X(INPUT_LAYER, "input.{I}.layer")                                                              \
    X(INPUT_SHA256, "input.{I}.sha256")                                                            \
    X(NETWORK_SOURCE, "network.source")                                                            \
    X(NETWORK_NODES, "network.nodes")                                                              \
    X(NETWORK_DIRECTED_EDGES, "network.directed_edges")                                            \
    X(NETWORK_PIECES, "network.pieces")                                                            \
    X(NETWORK_LARGEST_PIECE_NODES, "network.largest_piece_nodes")                                  \
    X(NETWORK_STRONG_COMPONENTS, "network.strong_components")                                      \
    X(NETWORK_LARGEST_STRONG_NODES, "network.largest_strong_component_nodes")                      \
    X(NETWORK_MEMORY_BYTES, "network.memory_bytes")                                                \
    X(QUESTION_LABEL, "question.{K}.label")                                                        \
    X(QUESTION_FORM, "question.{K}.form")                                                          \
    X(QUESTION_TYPES, "question.{K}.types")                                                        \
    X(QUESTION_THRESHOLD_MIN, "question.{K}.threshold_min")                                        \
    X(QUESTION_NORM_PER_10K, "question.{K}.norm_per_10k")                                          \
    X(QUESTION_TARGET_SHARE, "question.{K}.target_share")                                          \
    X(QUESTION_MODE, "question.{K}.mode")                                                          \
    X(QUESTION_TARGET_GROUP, "question.{K}.target_group")                                          \
    X(QUESTION_SERVICE_DAY, "question.{K}.service_day")                                            \
    X(QUESTION_SERVICE_WEEKDAY, "question.{K}.service_weekday")                                    \
    X(QUESTION_DEPART, "question.{K}.depart")                                                      \
    X(QUESTION_TRANSIT_CONNECTIONS, "question.{K}.transit_connections")                            \
    X(QUESTION_TRANSIT_TRIPS, "question.{K}.transit_trips_running")                                \
    X(WINDOW, "window.{W}")                                                                        \
    X(TIMING_LOAD, "timing_s.load")                                                                \
    X(TIMING_ROUTE, "timing_s.network_route_measure")

enum dosah_table_id {
#define DOSAH_TABLE_ID(id, name, cs, en) DOSAH_T_##id,
    DOSAH_TABLES(DOSAH_TABLE_ID)
#undef DOSAH_TABLE_ID
        DOSAH_T_COUNT
};

enum dosah_out_field {
#define DOSAH_OUT_FIELD_ID(id, table, name, type, cs, en) DOSAH_OF_##id,
    DOSAH_OUT_FIELDS(DOSAH_OUT_FIELD_ID)
#undef DOSAH_OUT_FIELD_ID
        DOSAH_OF_COUNT
};

enum dosah_key_field {
#define DOSAH_KEY_FIELD_ID(id, tables, suffix, type, cs, en) DOSAH_KF_##id,
    DOSAH_KEY_FIELDS(DOSAH_KEY_FIELD_ID)
#undef DOSAH_KEY_FIELD_ID
        DOSAH_KF_COUNT
};

enum dosah_fact {
#define DOSAH_FACT_ID(id, key) DOSAH_FACT_##id,
    DOSAH_FACTS(DOSAH_FACT_ID)
#undef DOSAH_FACT_ID
        DOSAH_FACT_COUNT
};

/* A field's type (see the preamble). */
enum dosah_field_type {
    DOSAH_FT_REAL,
    DOSAH_FT_INTEGER,
    DOSAH_FT_SMALL,
    DOSAH_FT_TEXT,
    DOSAH_FT_ID,
    DOSAH_FT_COUNT
};

/* How the report shows a field's cell (DOSAH_FC_NONE: the report shows no such column) and
 * the unit of its values; see DOSAH_OUT_COLUMNS. */
enum dosah_field_cell {
    DOSAH_FC_NONE,
    DOSAH_FC_TEXT,
    DOSAH_FC_INTEGER,
    DOSAH_FC_REAL,
    DOSAH_FC_SHARE,
    DOSAH_FC_BOOL,
    DOSAH_FC_KEY,
    DOSAH_FC_REASONS,
    DOSAH_FC_MINUTES
};

enum dosah_field_unit {
    DOSAH_FU_NONE,
    DOSAH_FU_MINUTES,
    DOSAH_FU_PERCENT,
    DOSAH_FU_PEOPLE,
    DOSAH_FU_UNITS,
    DOSAH_FU_PER_1000,
    DOSAH_FU_PER_10K,
    DOSAH_FU_COUNT
};

/* A table's name and title in the language asked (english nonzero: English); static. */
const char *dosah_table_name(enum dosah_table_id t);
const char *dosah_table_title(enum dosah_table_id t, int english);

/* A fixed field's name, type, alias and table; strings static. */
const char *dosah_out_field_name(enum dosah_out_field f);
enum dosah_field_type dosah_out_field_type(enum dosah_out_field f);
const char *dosah_out_field_alias(enum dosah_out_field f, int english);
enum dosah_table_id dosah_out_field_table(enum dosah_out_field f);
/* The first field of table t (fields of a table follow one another in the list). */
enum dosah_out_field dosah_out_field_first(enum dosah_table_id t);

/* The report's column of a fixed field: its heading in the language asked (NULL when the
 * report shows no such column), how a cell is shown (DOSAH_FC_NONE then) and the unit;
 * strings static. */
const char *dosah_out_field_heading(enum dosah_out_field f, int english);
enum dosah_field_cell dosah_out_field_cell(enum dosah_out_field f);
enum dosah_field_unit dosah_out_field_unit(enum dosah_out_field f);

/* A per-question field's suffix template, type, alias template and tables (a mask of
 * DOSAH_TM bits); static strings. */
const char *dosah_key_field_suffix(enum dosah_key_field f);
enum dosah_field_type dosah_key_field_type(enum dosah_key_field f);
const char *dosah_key_field_alias(enum dosah_key_field f, int english);
unsigned dosah_key_field_tables(enum dosah_key_field f);

/* The same for a per-question field; the heading is a template as its alias is. */
const char *dosah_key_field_heading(enum dosah_key_field f, int english);
enum dosah_field_cell dosah_key_field_cell(enum dosah_key_field f);
enum dosah_field_unit dosah_key_field_unit(enum dosah_key_field f);

/* A unit's short text in the language asked ("min", "%", "obyv."), "" for none; static. */
const char *dosah_field_unit_text(enum dosah_field_unit u, int english);

/* What a column heading's placeholders stand for: {T} minutes (NaN: none), {W} a window's
 * name, {w} its hours, {L} a question's label (NULL: none). */
struct dosah_heading_args {
    double minutes;
    const char *window, *hours, *label;
};

/*
 * Writes column heading `heading` (a template of DOSAH_OUT_COLUMNS or DOSAH_KEY_COLUMNS) into
 * out (of size n), cut to fit: {U} as unit u's text in the language asked, the others from a
 * (NULL: none has a value); a part in [ ] is left out when a placeholder in it has no value,
 * else shown without its brackets. A placeholder without a value outside [ ] is kept as it is.
 */
void dosah_field_heading_expand(const char *heading, enum dosah_field_unit u, int english,
                                const struct dosah_heading_args *a, char *out, size_t n);

/*
 * Writes template with {T} as minutes ("%g"), {W} as window and {w} as hours into out (of
 * size n), cut to fit; out stays terminated. NULL strings are written as nothing; any other
 * {x} is kept as it is.
 */
void dosah_field_expand(const char *template, double minutes, const char *window, const char *hours,
                        char *out, size_t n);

/* A per-question field's name for question key (K_<suffix>, {T} as minutes, {W} as window)
 * into out (of size n), cut to fit. */
void dosah_key_field_name(enum dosah_key_field f, const char *key, double minutes,
                          const char *window, char *out, size_t n);

/* The per-question field that name is for question key, among the fields of the tables in
 * table_mask (DOSAH_TM bits): 1 and *f when there is one, the first in the list's order
 * (so K_within_30 is WITHIN_T, not a window named "30"); else 0. */
int dosah_key_field_of_name(const char *name, const char *key, unsigned table_mask,
                            enum dosah_key_field *f);

/* A run_info key's template ("question.{K}.label"), static; and the key itself with its
 * {K}, {W} or {I} replaced by arg (NULL: nothing), into out (of size n), cut to fit. */
const char *dosah_fact_template(enum dosah_fact f);
void dosah_fact_key(enum dosah_fact f, const char *arg, char *out, size_t n);

#endif
