# Distributed under the OSI-approved BSD 3-Clause License.  See accompanying
# file Copyright.txt or https://cmake.org/licensing for details.
#
# issuebridge's copy of doctest 2.4.9's doctestAddTests.cmake (Debian 12), which doctest_discover_tests runs after
# each build to register the test cases with CTest; tests/CMakeLists.txt points _DOCTEST_DISCOVER_TESTS_SCRIPT here.
# Two changes, marked "issuebridge:":
#  - A test name with a ';' ("config check names every unset secret variable; exit 2") was cut in two at the ';'
#    into two CTest tests that each matched no test case, so doctest ran nothing and both passed. The ';' now
#    survives into the test's name and its --test-case filter.
#  - ADD_LABELS: a test case in the doctest suite "slow" (`TEST_CASE("..." * doctest::test_suite("slow"))`) gets
#    the label "slow" next to the LABELS given in PROPERTIES, and a TIMEOUT of k_slow_timeout seconds instead of the
#    one given there. Other suites do not become labels. PROPERTIES must be name/value pairs of single values.
set(k_slow_timeout 600)

set(prefix "${TEST_PREFIX}")
set(suffix "${TEST_SUFFIX}")
set(spec ${TEST_SPEC})
set(extra_args ${TEST_EXTRA_ARGS})
set(properties ${TEST_PROPERTIES})
set(add_labels ${TEST_ADD_LABELS})
set(junit_output_dir "${TEST_JUNIT_OUTPUT_DIR}")
set(script)
set(suite)
set(tests)

function(add_command NAME)
  set(_args "")
  foreach(_arg ${ARGN})
    if(_arg MATCHES "[^-./:a-zA-Z0-9_]")
      set(_args "${_args} [==[${_arg}]==]") # form a bracket_argument
    else()
      set(_args "${_args} ${_arg}")
    endif()
  endforeach()
  set(script "${script}${NAME}(${_args})\n" PARENT_SCOPE)
endfunction()

# Run test executable to get list of available tests
if(NOT EXISTS "${TEST_EXECUTABLE}")
  message(FATAL_ERROR
    "Specified test executable '${TEST_EXECUTABLE}' does not exist"
  )
endif()

if("${spec}" MATCHES .)
  set(spec "--test-case=${spec}")
endif()

execute_process(
  COMMAND ${TEST_EXECUTOR} "${TEST_EXECUTABLE}" ${spec} --list-test-cases
  OUTPUT_VARIABLE output
  RESULT_VARIABLE result
  WORKING_DIRECTORY "${TEST_WORKING_DIR}"
)
if(NOT ${result} EQUAL 0)
  message(FATAL_ERROR
    "Error running test executable '${TEST_EXECUTABLE}':\n"
    "  Result: ${result}\n"
    "  Output: ${output}\n"
  )
endif()

# issuebridge: keep a ';' in a test name from splitting it (restored when the script is written).
string(REPLACE ";" "<semicolon>" output "${output}")
string(REPLACE "\n" ";" output "${output}")

# Parse output
foreach(line ${output})
  if("${line}" STREQUAL "===============================================================================" OR "${line}" MATCHES [==[^\[doctest\] ]==])
    continue()
  endif()
  set(test ${line})
  string(REPLACE "<semicolon>" ";" test_case "${test}")
  string(REPLACE "," "\\," test_case "${test_case}") # a ',' separates doctest filters
  set(labels "")
  if(add_labels)
    # get test suite that test belongs to
    execute_process(
      COMMAND ${TEST_EXECUTOR} "${TEST_EXECUTABLE}" "--test-case=${test_case}" --list-test-suites
      OUTPUT_VARIABLE labeloutput
      RESULT_VARIABLE labelresult
      WORKING_DIRECTORY "${TEST_WORKING_DIR}"
    )
    if(NOT ${labelresult} EQUAL 0)
      message(FATAL_ERROR
        "Error running test executable '${TEST_EXECUTABLE}':\n"
        "  Result: ${labelresult}\n"
        "  Output: ${labeloutput}\n"
      )
    endif()

    string(REPLACE "\n" ";" labeloutput "${labeloutput}")
    foreach(labelline ${labeloutput})
      # issuebridge: only the suite "slow" is a label.
      if("${labelline}" STREQUAL "slow")
        list(APPEND labels ${labelline})
      endif()
    endforeach()
  endif()

  # issuebridge: the PROPERTIES' LABELS plus those found above as one value; TIMEOUT raised for slow tests.
  set(test_properties "")
  set(all_labels ${labels})
  set(timeout "")
  set(key "")
  foreach(item IN LISTS properties)
    if(key STREQUAL "")
      set(key "${item}")
    else()
      if(key STREQUAL "LABELS")
        list(PREPEND all_labels "${item}")
      elseif(key STREQUAL "TIMEOUT")
        set(timeout "${item}")
      else()
        list(APPEND test_properties "${key}" "${item}")
      endif()
      set(key "")
    endif()
  endforeach()
  list(FIND labels "slow" slow_index)
  if(slow_index GREATER -1)
    set(timeout ${k_slow_timeout})
  endif()
  if(NOT timeout STREQUAL "")
    list(APPEND test_properties TIMEOUT "${timeout}")
  endif()
  string(REPLACE ";" "<semicolon>" all_labels "${all_labels}")

  if(NOT "${junit_output_dir}" STREQUAL "")
    # turn testname into a valid filename by replacing all special characters with "-"
    string(REGEX REPLACE "[/\\:\"|<>]" "-" test_filename "${test}")
    set(TEST_JUNIT_OUTPUT_PARAM "--reporters=junit" "--out=${junit_output_dir}/${prefix}${test_filename}${suffix}.xml")
  else()
    unset(TEST_JUNIT_OUTPUT_PARAM)
  endif()
  # use escape commas to handle properly test cases with commas inside the name
  string(REPLACE "," "\\," test_name ${test})
  # ...and add to script
  add_command(add_test
    "${prefix}${test}${suffix}"
    ${TEST_EXECUTOR}
    "${TEST_EXECUTABLE}"
    "--test-case=${test_name}"
    "${TEST_JUNIT_OUTPUT_PARAM}"
    ${extra_args}
  )
  add_command(set_tests_properties
    "${prefix}${test}${suffix}"
    PROPERTIES
    WORKING_DIRECTORY "${TEST_WORKING_DIR}"
    ${test_properties}
    LABELS "${all_labels}"
  )
  unset(labels)
  list(APPEND tests "${prefix}${test}${suffix}")
endforeach()

# Create a list of all discovered tests, which users may use to e.g. set
# properties on the tests
add_command(set ${TEST_LIST} ${tests})

# Write CTest script
string(REPLACE "<semicolon>" ";" script "${script}") # issuebridge: see above
file(WRITE "${CTEST_FILE}" "${script}")
