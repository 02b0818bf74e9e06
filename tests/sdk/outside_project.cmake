# Builds an example as an OUTSIDE project with the SDK contract of docs/sdk.md, then runs it on the
# emulated modem and checks the transcript:
#   cmake -S <SOURCE> -B <BUILD> -DCMAKE_TOOLCHAIN_FILE=<SDK>/toolchain.cmake && cmake --build <BUILD>
#   q2686emu at --firmware <BUILD>/<NAME>.elf <STEPS...>
# Arguments (-D): SOURCE, BUILD, SDK, NAME, Q2686EMU, STEPS (optional: the steps of `q2686emu at`,
# separated by '|'), EXPECT ('|'-separated regular expressions that must all match the transcript, in
# order), REJECT (optional, '|'-separated: regular expressions that must not match), SCENARIO
# (optional: a scenario file, copied to the folder above BUILD and run with `q2686emu scenario`,
# so its `firmware: build/<NAME>.elf` finds the image when BUILD ends in /build), ONCE (optional,
# '|'-separated: regular expressions that must match the transcript exactly once).
# Run as: cmake -D... -P outside_project.cmake
foreach(var SOURCE BUILD SDK NAME Q2686EMU)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "outside_project.cmake: ${var} is not set")
  endif()
endforeach()

# Optional INSTALL_FROM and INSTALL_PREFIX: first `cmake --install INSTALL_FROM --prefix
# INSTALL_PREFIX` (a fresh prefix), and SDK is then taken from the installed tree.
if(INSTALL_FROM)
  file(REMOVE_RECURSE "${INSTALL_PREFIX}")
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${INSTALL_FROM} --prefix ${INSTALL_PREFIX}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install ${INSTALL_FROM} failed (${rc}):\n${out}\n${err}")
  endif()
  set(SDK "${INSTALL_PREFIX}/share/q2686emu/sdk")
  message(STATUS "installed the SDK in ${SDK}")
endif()

foreach(var STEPS EXPECT REJECT ONCE)
  string(REPLACE "|" ";" ${var} "${${var}}")
endforeach()

file(REMOVE_RECURSE "${BUILD}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BUILD} -DCMAKE_TOOLCHAIN_FILE=${SDK}/toolchain.cmake
          -DCMAKE_BUILD_TYPE=Release
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring ${SOURCE} failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building ${SOURCE} failed (${rc}):\n${out}\n${err}")
endif()
if(out MATCHES "warning:" OR err MATCHES "warning:")
  message(FATAL_ERROR "building ${SOURCE} gave warnings:\n${out}\n${err}")
endif()
set(elf "${BUILD}/${NAME}.elf")
if(NOT EXISTS "${elf}")
  message(FATAL_ERROR "no ${elf} after the build")
endif()
message(STATUS "built ${elf}")

if(STEPS)
  execute_process(COMMAND ${Q2686EMU} at --events --firmware ${elf} ${STEPS}
    RESULT_VARIABLE rc OUTPUT_VARIABLE transcript ERROR_VARIABLE err)
  message(STATUS "transcript:\n${transcript}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "q2686emu at exited with ${rc}")
  endif()
  set(rest "${transcript}")
  foreach(expected IN LISTS EXPECT)
    string(REGEX MATCH "${expected}" found "${rest}")
    if(NOT found)
      message(FATAL_ERROR "expected /${expected}/ (in this order) in the transcript")
    endif()
    string(FIND "${rest}" "${found}" at)
    string(LENGTH "${found}" length)
    math(EXPR at "${at} + ${length}")
    string(SUBSTRING "${rest}" ${at} -1 rest)
  endforeach()
  foreach(rejected IN LISTS REJECT)
    if(transcript MATCHES "${rejected}")
      message(FATAL_ERROR "unexpected /${rejected}/ in the transcript")
    endif()
  endforeach()
  foreach(once IN LISTS ONCE)
    string(REGEX MATCHALL "${once}" matches "${transcript}")
    list(LENGTH matches count)
    if(NOT count EQUAL 1)
      message(FATAL_ERROR "/${once}/ is in the transcript ${count} times, once expected")
    endif()
  endforeach()
  message(STATUS "${NAME}: every expected answer is there")
endif()

if(SCENARIO)
  get_filename_component(scenario_name "${SCENARIO}" NAME)
  get_filename_component(scenario_dir "${BUILD}/.." ABSOLUTE)
  configure_file("${SCENARIO}" "${scenario_dir}/${scenario_name}" COPYONLY)
  execute_process(COMMAND ${Q2686EMU} scenario "${scenario_dir}/${scenario_name}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the scenario ${scenario_name} failed (exit ${rc})")
  endif()
endif()
