# SPDX-License-Identifier: MIT
"""The dosah Processing provider: its algorithms."""

from qgis.core import QgsProcessingProvider

from .algorithms import (BuildScenarioAlgorithm, CheckScenarioAlgorithm, RenderReportAlgorithm,
                         RunScenarioAlgorithm)


class DosahProvider(QgsProcessingProvider):
    def id(self):
        return "dosah"

    def name(self):
        return "dosah"

    def longName(self):  # noqa: N802
        return "dosah: dostupnost sociálních služeb"

    def loadAlgorithms(self):  # noqa: N802
        for alg in (RunScenarioAlgorithm(), CheckScenarioAlgorithm(), RenderReportAlgorithm(),
                    BuildScenarioAlgorithm()):
            self.addAlgorithm(alg)
