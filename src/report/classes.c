/* SPDX-License-Identifier: MIT */
/*
 * The travel-time classes of the report's maps and charts. They are those of the QGIS style
 * stored with every municipalities layer (styles/municipalities.qml): the same bounds (upper
 * bound inclusive, as the coverage measures count t <= T), the same colours, the same
 * labels, so a map pasted from the report and the layer opened in QGIS read alike. A unit
 * test compares this table with the QML.
 */
#include <math.h>
#include <stdio.h>

#include "report/report_internal.h"

static const struct {
    double upper;
    struct dosah_report_rgb rgb;
} classes[DOSAH_REPORT_CLASS_COUNT] = {
    {NAN, {214, 214, 214}},      /* unreachable: pale grey, hatched where drawn */
    {10, {227, 244, 176}},
    {20, {251, 226, 122}},
    {30, {249, 180, 81}},
    {45, {242, 138, 58}},
    {60, {224, 80, 42}},
    {90, {178, 31, 43}},
    {INFINITY, {107, 15, 36}},
};

int dosah_report_class_of(double minutes)
{
    int c;
    if (isnan(minutes))
        return 0;
    for (c = 1; c < DOSAH_REPORT_CLASS_COUNT - 1; c++)
        if (minutes <= classes[c].upper)
            return c;
    return DOSAH_REPORT_CLASS_COUNT - 1;
}

struct dosah_report_rgb dosah_report_class_rgb(int cls)
{
    if (cls < 0 || cls >= DOSAH_REPORT_CLASS_COUNT)
        cls = 0;
    return classes[cls].rgb;
}

double dosah_report_class_upper(int cls)
{
    if (cls <= 0 || cls >= DOSAH_REPORT_CLASS_COUNT)
        return NAN;
    return classes[cls].upper;
}

void dosah_report_class_label(enum dosah_report_lang lang, int cls, char *buf, size_t n)
{
    if (cls <= 0 || cls >= DOSAH_REPORT_CLASS_COUNT)
        snprintf(buf, n, "%s", dosah_report_msg(lang, DOSAH_RMSG_UNREACHABLE));
    else if (cls == DOSAH_REPORT_CLASS_COUNT - 1)
        snprintf(buf, n, dosah_report_msg(lang, DOSAH_RMSG_OVER_MIN), classes[cls - 1].upper);
    else
        snprintf(buf, n, dosah_report_msg(lang, DOSAH_RMSG_FROM_TO_MIN),
                 cls == 1 ? 0.0 : classes[cls - 1].upper, classes[cls].upper);
}
