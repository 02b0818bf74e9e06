# Builds tests/sdk/bad_input as an outside project (docs/sdk.md), then checks that q2686emu
# refuses the bad task tables at load (exit 2, the reason) and reports the misuse of the AT
# service at run time on the debug console. -D: SOURCE, BUILD, SDK, Q2686EMU.
file(REMOVE_RECURSE "${BUILD}")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BUILD} -DCMAKE_TOOLCHAIN_FILE=${SDK}/toolchain.cmake
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build failed:\n${out}\n${err}")
endif()

function(expect_refused variant reason)
  execute_process(COMMAND ${Q2686EMU} at --firmware ${BUILD}/bad${variant}.elf AT
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "bad${variant}.elf: exit ${rc}, expected 2:\n${out}${err}")
  endif()
  if(NOT "${out}${err}" MATCHES "${reason}")
    message(FATAL_ERROR "bad${variant}.elf: expected /${reason}/ in:\n${out}${err}")
  endif()
  if("${out}" MATCHES "> AT")
    message(FATAL_ERROR "bad${variant}.elf: a command was sent to a refused image:\n${out}")
  endif()
  message(STATUS "bad${variant}.elf refused: ${err}")
endfunction()
expect_refused(1 "the task table adl_InitTasks\\[\\] declares no task")
expect_refused(2 "the task table adl_InitTasks\\[\\] gives task 2 a stack size of 0")
expect_refused(3 "the task table adl_InitTasks\\[\\] asks for 5242880 bytes of stack, more than the 4194304 bytes of RAM")

execute_process(COMMAND ${Q2686EMU} at --events --firmware ${BUILD}/bad4.elf AT+CCLK?
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "bad4.elf:\n${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "bad4.elf: exit ${rc}")
endif()
foreach(expected
    "adl_atCmdSubscribe: AT\\+CCLK is one of the modem's own commands: the application's handler replaces it"
    "adl_atSendResponse: \"\\+CCLK: mine\" has no CR/LF"
    "< \\+CCLK: mine")
  if(NOT out MATCHES "${expected}")
    message(FATAL_ERROR "bad4.elf: expected /${expected}/")
  endif()
endforeach()
