# Runs `q2686emu bench --quick --json` and checks the shape of its answer (docs/performance.md
# "JSON keys"): one JSON object in which every figure is a positive number, or null with a
# *_reason string (QEMU absent; the scenario suite, which --quick skips). Speed is measured,
# never asserted: no value is compared with a goal here.
# Usage: cmake -DQ2686EMU=path/to/q2686emu -P check_bench_json.cmake
execute_process(COMMAND ${Q2686EMU} bench --quick --json
  RESULT_VARIABLE status OUTPUT_VARIABLE json ERROR_VARIABLE progress)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "q2686emu bench --quick --json exited ${status}:\n${progress}\n${json}")
endif()
string(JSON type ERROR_VARIABLE bad TYPE "${json}")
if(bad OR NOT type STREQUAL "OBJECT")
  message(FATAL_ERROR "not one JSON object (${bad}):\n${json}")
endif()

function(expect_figure key nullable)
  string(JSON type ERROR_VARIABLE missing TYPE "${json}" ${key})
  if(missing)
    message(FATAL_ERROR "key ${key} missing:\n${json}")
  endif()
  if(type STREQUAL "NUMBER")
    string(JSON value GET "${json}" ${key})
    if(NOT value GREATER 0)
      message(FATAL_ERROR "${key} is ${value}: a figure that was measured is positive")
    endif()
  elseif(type STREQUAL "NULL" AND nullable)
    string(JSON reason ERROR_VARIABLE no_reason GET "${json}" ${key}_reason)
    if(no_reason OR reason STREQUAL "")
      message(FATAL_ERROR "${key} is null without ${key}_reason")
    endif()
    message(STATUS "${key}: null (${reason})")
  else()
    message(FATAL_ERROR "${key} is a ${type}, not a number")
  endif()
endfunction()

foreach(key cycle_overhead cycle_overhead_caches_on sha256_cycles_caches_off sha256_cycles_caches_on
            wolfcrypt_cycles_caches_off wolfcrypt_cycles_caches_on realtime_factor handshake_full_wall_s
            handshake_full_virtual_s handshake_resumed_wall_s idle_24h_wall_s peak_rss_mib)
  expect_figure(${key} FALSE)
endforeach()
# The data-cache approximation's error against the exact reference: a signed percentage.
foreach(key cache_approximation_error_sha256 cache_approximation_error_wolfcrypt)
  string(JSON type ERROR_VARIABLE missing TYPE "${json}" ${key})
  if(missing OR NOT type STREQUAL "NUMBER")
    message(FATAL_ERROR "${key} is missing or not a number:\n${json}")
  endif()
endforeach()
expect_figure(qemu_icount_ratio TRUE)
expect_figure(qemu_ratio TRUE)
expect_figure(raw_unicorn_qemu_icount_ratio TRUE)
expect_figure(scenarios_per_minute TRUE)
message(STATUS "bench JSON has every figure")
