# SPDX-License-Identifier: MIT
"""dosah's QGIS plugin: a Processing provider that runs the dosah program."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import DosahPlugin
    return DosahPlugin(iface)
