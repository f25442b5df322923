/* SPDX-License-Identifier: MIT */
/*
 * The catalogue's texts of the QGIS styles (the .qml files in styles/): a template writes a legend or
 * label text as {{English}}, the key, and this table gives its Czech, gettext-style. A key
 * may carry a context after '#' ("other#scope") when one English word needs two Czech ones;
 * the context is never printed. Keys may hold the template's placeholders (@THRESHOLD@),
 * which are replaced after the text is chosen.
 */
#include <string.h>

#include "core/catalog.h"

const struct dosah_catalog_entry dosah_catalog_styles[] = {
    {"within 15 min", "do 15 min"},
    {"within 30 min", "do 30 min"},
    {"within 45 min", "do 45 min"},
    {"within 60 min", "do 60 min"},
    {"over 60 min", "nad 60 min"},
    {"unreachable", "nedostupné"},
    {"over 90 min", "nad 90 min"},
    {"not covered within @THRESHOLD@ min", "nepokryto do @THRESHOLD@ min"},
    {"covered within @THRESHOLD@ min", "pokryto do @THRESHOLD@ min"},
    {"gap", "nedostatek"},
    {"no gap", "bez nedostatku"},
    {"not determined", "neurčeno"},
    {"short", "chybí"},
    {"under 50 %", "pod 50 %"},
    {"90 % to less than 100 %", "90 % až méně než 100 %"},
    {"everyone", "všichni"},
    {"within", "do"},
    {"motorway", "dálnice"},
    {"trunk road", "silnice pro motorová vozidla"},
    {"primary road", "silnice I. třídy"},
    {"secondary road", "silnice II. třídy"},
    {"tertiary road", "silnice III. třídy"},
    {"other#road class", "ostatní"},
    {"declared, not reached", "deklarováno, nedosaženo"},
    {"reached, not declared", "dosaženo, nedeklarováno"},
    {"other#scope", "jiné"},
    {"field", "terénní"},
    {"ambulant", "ambulantní"},
    {"residential", "pobytová"},
    {"other form", "jiná forma"},
};

const size_t dosah_catalog_styles_count =
    sizeof dosah_catalog_styles / sizeof dosah_catalog_styles[0];

const char *dosah_catalog_style_cs(const char *key, size_t n)
{
    size_t i;
    for (i = 0; i < dosah_catalog_styles_count; i++)
        if (strlen(dosah_catalog_styles[i].en) == n &&
            !memcmp(dosah_catalog_styles[i].en, key, n))
            return dosah_catalog_styles[i].cs;
    return NULL;
}
