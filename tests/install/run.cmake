# CTest install_find_package: installs the build into a fresh prefix, runs the
# installed binary on a bundled network by name from outside the source tree,
# checks the man page and completion, then configures, builds and runs a
# consumer project against the prefix with find_package(archcalc).
# -DBUILD=<build dir> -DSOURCE=<this folder> -DWORK=<scratch dir> -DLIBDIR=<CMAKE_INSTALL_LIBDIR>
# [-DLAUNCHER=ccache]
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(prefix ${WORK}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc
    OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
foreach(f bin/archcalc share/archcalc/architectures/resnet50.yaml
    share/archcalc/architectures/modules/inception_naive.yaml
    share/bash-completion/completions/archcalc include/archcalc/graph/network.hpp
    lib/cmake/archcalc/archcalcConfig.cmake)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
if(EXISTS ${BUILD}/archcalc.1)
  if(NOT EXISTS ${prefix}/share/man/man1/archcalc.1)
    message(FATAL_ERROR "man page built but not installed")
  endif()
  # Its own description and one EXAMPLES section (the --help footer's examples
  # replaced by share/archcalc.h2m's, not appended to them), every command listed.
  file(READ ${prefix}/share/man/man1/archcalc.1 man)
  string(REGEX MATCHALL "\n\\.SH EXAMPLES\n" examples "${man}")
  list(LENGTH examples n_examples)
  string(FIND "${man}" ".SH DESCRIPTION\n.B archcalc\ncounts what" description)
  string(FIND "${man}" "Examples:" footer)
  if(NOT n_examples EQUAL 1 OR description EQUAL -1 OR NOT footer EQUAL -1)
    message(FATAL_ERROR "man page: ${n_examples} EXAMPLES sections, description at "
                        "${description}, 'Examples:' at ${footer}")
  endif()
  foreach(command analyze run probe diagram compare sweep report check list convert)
    string(FIND "${man}" "\n${command}\n" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "man page: no command '${command}'")
    endif()
  endforeach()
endif()

# The executable's plugins, where the installed binary looks for them, and a
# run on a fast backend through one of them.
file(GLOB plugins RELATIVE ${BUILD} ${BUILD}/archcalc_*.so)
foreach(p ${plugins})
  if(NOT EXISTS ${prefix}/${LIBDIR}/archcalc/${p})
    message(FATAL_ERROR "plugin not installed: ${LIBDIR}/archcalc/${p}")
  endif()
endforeach()
if(EXISTS ${prefix}/${LIBDIR}/archcalc/archcalc_gemm.so)
  run(${prefix}/bin/archcalc run ${SOURCE}/../data/exec_tiny.yaml --backend gemm --repeat 1
      --warmup 0 --format json)
  string(JSON macs GET "${out}" totals macs)
  if(NOT macs EQUAL 384)
    message(FATAL_ERROR "installed run --backend gemm: ${macs} MACs")
  endif()
endif()

# By name, from the scratch folder: the installed zoo, not the source tree's.
run(${prefix}/bin/archcalc analyze resnet50 --format json)
string(JSON file GET "${out}" file)
string(JSON params GET "${out}" totals params)
if(NOT file STREQUAL "${prefix}/share/archcalc/architectures/resnet50.yaml" OR
   NOT params EQUAL 25557032)
  message(FATAL_ERROR "analyze resnet50: file ${file}, params ${params}")
endif()

set(launcher "")
if(LAUNCHER)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
run(${CMAKE_COMMAND} -S ${SOURCE}/consumer -B ${WORK}/consumer -G Ninja
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Debug ${launcher})
run(${CMAKE_COMMAND} --build ${WORK}/consumer -j1)
run(${WORK}/consumer/consumer)
# conv 3→4, 3×3: 108 + 4 = 112 params, 8·8·4·27 = 6,912 MACs; fc 256→10: 2,570, 2,560.
if(NOT out STREQUAL "tiny: 2682 params, 9472 MACs\n")
  message(FATAL_ERROR "consumer printed: ${out}")
endif()
file(REMOVE_RECURSE ${WORK})
