/* SPDX-License-Identifier: MIT */
/* The QGIS styles compiled into the library from the QML files of styles/ (see cmake/embed_styles.cmake). */
#ifndef DOSAH_STYLES_INTERNAL_H
#define DOSAH_STYLES_INTERNAL_H

struct dosah_style_entry {
    const char *layer; /* output layer name = the QML file's base name */
    const char *qml;   /* the template, NUL-terminated */
};

/* Terminated by an entry with layer NULL. */
extern const struct dosah_style_entry dosah_styles_embedded[];

#endif
