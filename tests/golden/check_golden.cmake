# Runs memwho with ARGS (in the environment ENV) and compares stdout+stderr and the exit code with the golden file
# EXPECTED. The golden file holds stdout, then a line "--- stderr", then stderr, then
# "--- exit N". On a mismatch the actual output is written beside it as EXPECTED.actual.
# The environment is pinned: no terminal width (COLUMNS unset, stdout a pipe) and a UTF-8
# locale, unless the test sets ENV (e.g. COLUMNS=40, LC_ALL=C).
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=COLUMNS LC_ALL=C.UTF-8 ${ENV}
    ${MEMWHO} ${ARGS}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
# JSON names the host and the time of the run: pinned, so the rest is compared byte for byte.
string(REGEX REPLACE "\"host\":\"[^\"]*\",\"time\":\"[^\"]*\""
       "\"host\":\"HOST\",\"time\":\"TIME\"" out "${out}")
set(actual "${out}--- stderr\n${err}--- exit ${rc}\n")
if(DEFINED ENV{MEMWHO_UPDATE_GOLDEN})
  file(WRITE "${EXPECTED}" "${actual}")
  message(STATUS "updated ${EXPECTED}")
  return()
endif()
if(NOT EXISTS "${EXPECTED}")
  file(WRITE "${EXPECTED}.actual" "${actual}")
  message(FATAL_ERROR "no golden file ${EXPECTED}; actual output in ${EXPECTED}.actual")
endif()
file(READ "${EXPECTED}" expected)
if(NOT rc EQUAL EXPECTED_RC)
  message(FATAL_ERROR "exit code ${rc}, expected ${EXPECTED_RC}")
endif()
if(NOT actual STREQUAL expected)
  file(WRITE "${EXPECTED}.actual" "${actual}")
  message(FATAL_ERROR "output differs from ${EXPECTED}\n--- expected\n${expected}\n--- actual\n${actual}")
endif()
