# `cmake --install`: the binary and its plugins (lib/archcalc); the bundled
# networks in share/archcalc (where `archcalc analyze NAME` looks for them,
# beside the binary's prefix); the man page (help2man, when installed) and the
# bash completion; the libraries with their headers and a package config, so that `find_package(archcalc)` gives
# archcalc::core, archcalc::exec and archcalc::cli (the layers' targets, built
# with the same ARCHCALC_WITH_* parts).
include(CMakePackageConfigHelpers)

install(TARGETS archcalc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(ARCHCALC_PLUGINS)
  # Where the executable looks for them (ARCHCALC_PLUGIN_DIR, relative to bin/).
  install(TARGETS ${ARCHCALC_PLUGIN_TARGETS} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/archcalc)
endif()
install(DIRECTORY architectures/ DESTINATION ${CMAKE_INSTALL_DATADIR}/archcalc/architectures
  FILES_MATCHING PATTERN "*.yaml" PATTERN "*.yml")
install(FILES share/archcalc.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME archcalc)

find_program(HELP2MAN help2man)
if(HELP2MAN)
  add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/archcalc.1
    COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section 1
            --name "what a convolutional network costs: shapes, params, MACs, memory"
            --include ${PROJECT_SOURCE_DIR}/share/archcalc.h2m
            --output ${CMAKE_CURRENT_BINARY_DIR}/archcalc.1 $<TARGET_FILE:archcalc>
    DEPENDS archcalc ${PROJECT_SOURCE_DIR}/share/archcalc.h2m
    COMMENT "Man page archcalc.1 (help2man)")
  add_custom_target(archcalc_man ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/archcalc.1)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/archcalc.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (scripts/deps.sh installs it)")
endif()

# The layers, and archcalc_core / archcalc_exec (interface targets over them),
# exported as archcalc::core, archcalc::exec, archcalc::cli and
# archcalc::archcalc_<layer>.
set_target_properties(archcalc_core PROPERTIES EXPORT_NAME core)
set_target_properties(archcalc_exec PROPERTIES EXPORT_NAME exec)
set_target_properties(archcalc_cli PROPERTIES EXPORT_NAME cli)
install(TARGETS ${ARCHCALC_LAYER_TARGETS} archcalc_core archcalc_exec EXPORT archcalcTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/archcalc)
install(DIRECTORY src/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/archcalc
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.inc")
set(ARCHCALC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/archcalc)
install(EXPORT archcalcTargets NAMESPACE archcalc:: DESTINATION ${ARCHCALC_CMAKE_DIR})
configure_package_config_file(cmake/archcalcConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/archcalcConfig.cmake INSTALL_DESTINATION ${ARCHCALC_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/archcalcConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/archcalcConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/archcalcConfigVersion.cmake DESTINATION ${ARCHCALC_CMAKE_DIR})
