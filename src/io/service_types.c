/* SPDX-License-Identifier: MIT */
/*
 * The social services of act 108/2006 Sb. by name: the registry of providers names a
 * service's type in words ("pečovatelská služba"), the engine works with its section (§40).
 * Names are compared folded (case and Czech diacritics aside, runs of spaces as one).
 */
#include <ctype.h>
#include <string.h>

#include "core/text.h"
#include "io/io_internal.h"

/* The names of §37 to §70 as the act and the registry write them, folded. */
static const struct {
    const char *name;
    int section;
} service_names[] = {
    {"socialni poradenstvi", 37},
    {"odborne socialni poradenstvi", 37},
    {"osobni asistence", 39},
    {"pecovatelska sluzba", 40},
    {"tisnova pece", 41},
    {"pruvodcovske a predcitatelske sluzby", 42},
    {"podpora samostatneho bydleni", 43},
    {"odlehcovaci sluzby", 44},
    {"centra dennich sluzeb", 45},
    {"denni stacionare", 46},
    {"tydenni stacionare", 47},
    {"domovy pro osoby se zdravotnim postizenim", 48},
    {"domovy pro seniory", 49},
    {"domovy se zvlastnim rezimem", 50},
    {"chranene bydleni", 51},
    {"socialni sluzby poskytovane ve zdravotnickych zarizenich luzkove pece", 52},
    {"rana pece", 54},
    {"telefonicka krizova pomoc", 55},
    {"tlumocnicke sluzby", 56},
    {"azylove domy", 57},
    {"domy na pul cesty", 58},
    {"kontaktni centra", 59},
    {"krizova pomoc", 60},
    {"nizkoprahova denni centra", 61},
    {"nizkoprahova zarizeni pro deti a mladez", 62},
    {"nocleharny", 63},
    {"sluzby nasledne pece", 64},
    {"socialne aktivizacni sluzby pro rodiny s detmi", 65},
    {"socialne aktivizacni sluzby pro seniory a osoby se zdravotnim postizenim", 66},
    {"socialne terapeuticke dilny", 67},
    {"terapeuticke komunity", 68},
    {"terenni programy", 69},
    {"socialni rehabilitace", 70},
};

/* Folds text and collapses runs of white space into one space. */
static void normalise(const char *text, char *out, size_t size)
{
    char folded[256];
    size_t i, n = 0;
    int space = 0;
    dosah_fold(text, folded, sizeof folded);
    for (i = 0; folded[i] && n + 1 < size; i++) {
        if (isspace((unsigned char)folded[i])) {
            space = 1;
            continue;
        }
        if (space && n)
            out[n++] = ' ';
        space = 0;
        out[n++] = folded[i];
    }
    out[n] = '\0';
}

int dosah_service_type_parse(const char *text)
{
    char name[256];
    size_t i;
    int section = dosah_type_parse(text);
    if (section || !text)
        return section;
    normalise(text, name, sizeof name);
    for (i = 0; i < sizeof service_names / sizeof service_names[0]; i++)
        if (strcmp(name, service_names[i].name) == 0)
            return service_names[i].section;
    return 0;
}
