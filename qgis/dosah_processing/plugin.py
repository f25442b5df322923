# SPDX-License-Identifier: MIT
"""Registers the dosah Processing provider (also when QGIS runs headless, as qgis_process)."""

from qgis.core import QgsApplication

from .provider import DosahProvider


class DosahPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802
        self.provider = DosahProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
