/* SPDX-License-Identifier: MIT */
/* dosah: geographic accessibility of social services. The whole public API. */
#ifndef DOSAH_H
#define DOSAH_H

#include "dosah/core.h"
#include "dosah/model.h"
#include "dosah/scenario.h"
#include "dosah/load.h"
#include "dosah/graph.h"
#include "dosah/snap.h"
#include "dosah/route.h"
#include "dosah/transit.h"
#include "dosah/gtfs.h"
#include "dosah/measure.h"
#include "dosah/fca.h"
#include "dosah/hours.h"
#include "dosah/plan.h"
#include "dosah/output.h"
#include "dosah/write.h"
#include "dosah/report.h"
#include "dosah/run.h"
#include "dosah/outset.h"

#endif
