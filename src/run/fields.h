/* SPDX-License-Identifier: MIT */
/*
 * The per-question output fields, declared once: each is written as K_<suffix> (K the
 * question's key) with its Czech and English alias after the question's label ("Label: alias").
 * In a suffix or an alias, {T} stands for a number of minutes (the question's threshold, or
 * one of thresholds_min), {W} for a time window's name and {w} for its hours. README's
 * "Layers and fields" names every one of them (tests/unit/run/test_run_fields.c checks it).
 *
 * X(id, suffix, column type, Czech alias, English alias)
 */
#ifndef DOSAH_RUN_FIELDS_H
#define DOSAH_RUN_FIELDS_H

#define DOSAH_KEY_FIELDS(X)                                                                     \
    X(MINUTES, "minutes", REAL, "doba cesty (min)", "travel time (min)")                         \
    X(MEAN_MINUTES, "minutes", REAL, "průměrná doba cesty (min)", "mean travel time (min)")      \
    X(NEAREST, "nearest", TEXT, "nejbližší služba", "nearest service")                            \
    X(COVERED, "covered", INTEGER, "dosažitelné do {T} min", "reached within {T} min")           \
    X(WITHIN, "within", REAL, "podíl obyvatel do {T} min", "share of population within {T} min") \
    X(POP_WITHIN, "pop_within", REAL, "obyvatel do {T} min", "population within {T} min")        \
    X(WITHIN_T, "within_{T}", REAL, "podíl obyvatel do {T} min",                                 \
      "share of population within {T} min")                                                     \
    X(POP_WITHIN_T, "pop_within_{T}", REAL, "obyvatel do {T} min", "population within {T} min")  \
    X(UNREACHED, "unreached", REAL, "obyvatel bez dostupnosti", "population not reached")        \
    X(UNREACHED_REASON, "unreached_reason", TEXT, "proč chybí doba cesty",                       \
      "why the travel time is missing")                                                         \
    X(WALK_MINUTES, "walk_minutes", REAL, "pěšky (min)", "on foot (min)")                         \
    X(CAR_MINUTES, "car_minutes", REAL, "autem (min)", "by car (min)")                            \
    X(MINUTES_P25, "minutes_p25", REAL, "doba cesty, 25. percentil (min)",                       \
      "travel time, 25th percentile (min)")                                                     \
    X(MINUTES_P75, "minutes_p75", REAL, "doba cesty, 75. percentil (min)",                       \
      "travel time, 75th percentile (min)")                                                     \
    X(WITHIN_W, "within_{W}", REAL, "podíl do {T} min, otevřeno {w}",                            \
      "share within {T} min, open {w}")                                                         \
    X(LOCALITIES_COVERED, "localities_covered", INTEGER, "lokality do {T} min",                  \
      "localities within {T} min")                                                              \
    X(LOCALITIES_SHARE, "localities_share", REAL,                                                \
      "podíl lokalit do {T} min (prázdné = netýká se)",                                         \
      "share of localities within {T} min (empty = not applicable)")                            \
    X(FCA, "fca", REAL, "dostupnost kapacity (na 1 000 obyvatel)",                                \
      "accessible capacity (per 1,000 residents)")                                              \
    X(CAP_COVERED, "cap_covered", REAL, "obslouženo v rámci kapacity", "served within capacity") \
    X(CAP_UNSERVED, "cap_unserved", REAL, "neobslouženo (chybí kapacita)",                       \
      "not served (capacity short)")                                                            \
    X(CAP_SHARE, "cap_share", REAL, "podíl obslouženo v rámci kapacity",                         \
      "share served within capacity")                                                           \
    X(CAPACITY, "capacity", REAL, "kapacita v regionu", "capacity in the region")                 \
    X(PER_10K, "per_10k", REAL, "kapacita na 10 000 obyvatel", "capacity per 10,000 inhabitants") \
    X(HAS_FACILITY, "has_facility", INTEGER, "zařízení v regionu (1 ano, 0 ne)",                 \
      "facility in the region (1 yes, 0 no)")                                                   \
    X(GAP, "gap", INTEGER, "nedostatek (1 ano, 0 ne)", "gap (1 yes, 0 no)")                       \
    X(GAP_REASON, "gap_reason", TEXT, "důvod nedostatku", "gap reason")                           \
    X(SHORTFALL, "shortfall", INTEGER, "chybějící kapacita (jednotek)", "shortfall (units)")      \
    X(GROUP_POPULATION, "group_population", REAL, "obyvatel cílové skupiny",                     \
      "people of the target group")

enum dosah_key_field {
#define DOSAH_KEY_FIELD_ID(id, suffix, type, cs, en) DOSAH_KF_##id,
    DOSAH_KEY_FIELDS(DOSAH_KEY_FIELD_ID)
#undef DOSAH_KEY_FIELD_ID
    DOSAH_KF_COUNT
};

/* One field of the list. */
struct dosah_key_field_def {
    const char *suffix, *alias_cs, *alias_en;
    int type; /* enum dosah_column_type */
};

/* The field list, indexed by enum dosah_key_field. */
extern const struct dosah_key_field_def dosah_key_fields[DOSAH_KF_COUNT];

#endif
