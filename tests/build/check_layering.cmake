# Proves the build's include check (cmake/check_includes.cmake, run before every module
# compiles) rejects what the layers forbid and accepts the modules as they are:
#   - src/net with `#include <gdal.h>` added to graph.c fails, naming the file and the module;
#   - src/route including io's internal header fails (io is above route);
#   - src/plan including <glpk.h> outside its solver fails; the solver may;
#   - every module of src/ as it is passes.
#   cmake -DSRC=<source dir> -DWORK=<scratch dir> -P check_layering.cmake
cmake_minimum_required(VERSION 3.20)
set(check ${SRC}/cmake/check_includes.cmake)
file(REMOVE_RECURSE ${WORK})

function(run_check module dir files out_rc out_msg)
  string(REPLACE ";" "|" arg "${files}")
  execute_process(COMMAND ${CMAKE_COMMAND} -DMODULE=${module} -DDIR=${dir} "-DFILES=${arg}"
                  -P ${check}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  set(${out_rc} ${rc} PARENT_SCOPE)
  set(${out_msg} "${o}${e}" PARENT_SCOPE)
endfunction()

function(expect_fail module dir file inject what)
  file(MAKE_DIRECTORY ${dir})
  file(READ ${SRC}/${file} text)
  get_filename_component(name ${file} NAME)
  file(WRITE ${dir}/${name} "${inject}\n${text}")
  run_check(${module} ${dir} ${dir}/${name} rc msg)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${what}: the check passed; it must fail")
  endif()
  if(NOT msg MATCHES "${name}: ${inject}: module '${module}' may not use it")
    message(FATAL_ERROR "${what}: unexpected message:\n${msg}")
  endif()
  message(STATUS "${what}: rejected as it must be")
endfunction()

expect_fail(net ${WORK}/net src/net/graph.c "#include <gdal.h>" "net including gdal.h")
expect_fail(route ${WORK}/route src/route/search.c "#include \"io/io_internal.h\""
            "route including io's internal header")
expect_fail(plan ${WORK}/plan src/plan/cover.c "#include <glpk.h>" "plan including glpk.h")
expect_fail(measure ${WORK}/measure src/measure/fca.c "#include <geos_c.h>"
            "measure including geos_c.h")

include(${SRC}/cmake/layers.cmake)
foreach(m IN LISTS DOSAH_LAYERS)
  set(dir ${SRC}/src/${m})
  if(m STREQUAL "plan_solver")
    set(dir ${SRC}/src/plan)
    set(files ${dir}/mip.c)
  else()
    file(GLOB files ${dir}/*.c)
    list(FILTER files EXCLUDE REGEX "/mip\\.c$")
  endif()
  run_check(${m} ${dir} "${files}" rc msg)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "module ${m} as it is fails the check:\n${msg}")
  endif()
endforeach()
message(STATUS "every module passes its layer's check")
file(REMOVE_RECURSE ${WORK})
