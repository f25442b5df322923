/* SPDX-License-Identifier: MIT */
/* dosah: geographic accessibility of social services. The whole public API. */
#ifndef DOSAH_H
#define DOSAH_H

#include "dosah/core.h"
#include "dosah/model.h"
#include "dosah/scenario.h"
#include "dosah/load.h"
#include "dosah/output.h"
#include "dosah/write.h"
#include "dosah/run.h"

#endif
