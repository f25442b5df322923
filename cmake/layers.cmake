# The modules of libdosah and what each may use: one table, read by the build (each module's
# include check, cmake/check_includes.cmake) and by the test that proves a forbidden include
# fails the build. A module may include its own and its dependencies' internal headers
# ("<module>/..."), the public headers ("dosah/..."), the C and POSIX headers, and only the
# third-party headers named here.
#
#   DOSAH_LAYER_<module>_DEPS     modules it is built on
#   DOSAH_LAYER_<module>_HEADERS  third-party headers it may include (regular expressions)
set(DOSAH_LAYERS core net route transit measure plan_solver plan geom io run report)

set(DOSAH_LAYER_core_DEPS "")
set(DOSAH_LAYER_core_HEADERS "")
set(DOSAH_LAYER_net_DEPS core)
set(DOSAH_LAYER_net_HEADERS "")
set(DOSAH_LAYER_route_DEPS core net)
set(DOSAH_LAYER_route_HEADERS "")
# Public transport (GTFS timetables, profile search): pure C.
set(DOSAH_LAYER_transit_DEPS core)
set(DOSAH_LAYER_transit_HEADERS "")
set(DOSAH_LAYER_measure_DEPS core)
set(DOSAH_LAYER_measure_HEADERS "")
# The exact models of planning: the only code that sees GLPK.
set(DOSAH_LAYER_plan_solver_DEPS core)
set(DOSAH_LAYER_plan_solver_HEADERS "glpk\\.h")
set(DOSAH_LAYER_plan_DEPS core plan_solver)
set(DOSAH_LAYER_plan_HEADERS "")
set(DOSAH_LAYER_geom_DEPS core net route)
set(DOSAH_LAYER_geom_HEADERS "geos_c\\.h")
set(DOSAH_LAYER_io_DEPS core net measure geom transit)
set(DOSAH_LAYER_io_HEADERS "gdal[a-z_]*\\.h" "ogr_[a-z_]+\\.h" "cpl_[a-z_]+\\.h" "proj\\.h"
    "yaml\\.h" "sqlite3\\.h" "nettle/sha2\\.h")
set(DOSAH_LAYER_run_DEPS core net route transit measure plan geom io)
set(DOSAH_LAYER_run_HEADERS "")
set(DOSAH_LAYER_report_DEPS core io)
set(DOSAH_LAYER_report_HEADERS "sqlite3\\.h" "spatialite\\.h" "spatialite/[a-z_]+\\.h"
    "cairo\\.h" "cairo-[a-z]+\\.h" "png\\.h")

# C11 and POSIX headers every module may include, and the SSE2 intrinsics of x86-64.
set(DOSAH_SYSTEM_HEADERS
  "assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal"
  "|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string|tgmath"
  "|threads|time|uchar|wchar|wctype|strings|unistd|fcntl|dirent|pthread|sched|poll|libgen"
  "|fnmatch|glob|iconv|langinfo|emmintrin|sys/[a-z_]+")
string(JOIN "" DOSAH_SYSTEM_HEADERS ${DOSAH_SYSTEM_HEADERS})
