/* SPDX-License-Identifier: MIT */
/* Declarations shared by the FCA and capacity-limited coverage: checks of their common input. */
#ifndef DOSAH_FCA_INTERNAL_H
#define DOSAH_FCA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/fca.h"

/*
 * Checks the input of dosah_measure_fca and dosah_measure_capacity_coverage: populations,
 * areas, capacities, offsets, point indices, times, and that no facility lists a point twice.
 * stamp is scratch of in->point_count entries. Returns DOSAH_EINVAL with a message naming
 * the first bad value.
 */
enum dosah_status dosah_fca_check_input(struct dosah_ctx *ctx, const struct dosah_fca_input *in,
                                        uint32_t *stamp);

/* Checks a threshold in minutes: finite and > 0. */
enum dosah_status dosah_fca_check_threshold(struct dosah_ctx *ctx, double threshold_min);

/* covered / population as a share, NAN when population is 0. */
double dosah_fca_share(double part, double whole);

#endif
