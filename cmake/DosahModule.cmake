# dosah_add_module(NAME SOURCES file... [LIBS target...])
#
# One module of libdosah as an OBJECT library dosah_mod_<NAME>, compiled with the project's
# warnings and sanitizers, linked (for its usage requirements) only to the third-party
# libraries given in LIBS, and checked before it compiles: an include its layer does not allow
# (cmake/layers.cmake) fails the build. The static and shared libraries gather the modules.
function(dosah_add_module name)
  cmake_parse_arguments(M "" "" "SOURCES;LIBS" ${ARGN})
  set(t dosah_mod_${name})
  add_library(${t} OBJECT ${M_SOURCES})
  set_target_properties(${t} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${t} PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src
                             ${PROJECT_BINARY_DIR})
  target_compile_definitions(${t} PRIVATE _POSIX_C_SOURCE=200809L GEOS_USE_ONLY_R_API)
  target_link_libraries(${t} PRIVATE dosah_warnings dosah_sanitizers ${M_LIBS})

  set(srcs "")
  foreach(s IN LISTS M_SOURCES)
    if(IS_ABSOLUTE "${s}")
      list(APPEND srcs "${s}")
    else()
      list(APPEND srcs "${CMAKE_CURRENT_SOURCE_DIR}/${s}")
    endif()
  endforeach()
  list(FILTER srcs EXCLUDE REGEX "^${PROJECT_BINARY_DIR}/")
  file(GLOB headers CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.h")
  string(REPLACE ";" "|" files_arg "${srcs}")
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${t}.includes-checked)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DMODULE=${name} -DDIR=${CMAKE_CURRENT_SOURCE_DIR}
            "-DFILES=${files_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/check_includes.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${srcs} ${headers} ${PROJECT_SOURCE_DIR}/cmake/check_includes.cmake
            ${PROJECT_SOURCE_DIR}/cmake/layers.cmake
    COMMENT "Checking the includes of module ${name}"
    VERBATIM)
  add_custom_target(${t}_includes DEPENDS ${stamp})
  add_dependencies(${t} ${t}_includes)
  set_property(GLOBAL APPEND PROPERTY DOSAH_MODULES ${t})
endfunction()
