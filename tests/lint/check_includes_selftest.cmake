# Runs check_includes.cmake on the fixture tree (fixtures/tree, with fixtures/exceptions.txt) and fails unless it
# fails with exactly the violations planted there, so the layering check cannot silently pass everything.
#   cmake -DCHECKER=<check_includes.cmake> -DFIXTURES=<fixtures dir> -P check_includes_selftest.cmake

execute_process(
  COMMAND ${CMAKE_COMMAND} -DROOT=${FIXTURES}/tree -DEXCEPTIONS=${FIXTURES}/exceptions.txt -P ${CHECKER}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
message("${output}")

set(expected
  "src/http/peer.cpp: #include \"issuebridge/config/config.hpp\".*: http and config are peers"
  "src/sync/engine.cpp: #include \"issuebridge/sources/hub.hpp\".*: adapter sources/hub is private"
  "src/targets/registry.cpp: #include \"../sources/hub/private.hpp\" \\(src/sources/hub/private.hpp\\): adapter"
  "src/util/up.cpp: #include \"issuebridge/model/item.hpp\".*: model is above util"
  "'src/sync/gone.cpp issuebridge/sources/hub.hpp' is no longer a violation"
  "check_includes: 5 include violation\\(s\\) in 14 files")
set(problems "")
if(result EQUAL 0)
  list(APPEND problems "the checker passed a tree with violations")
endif()
foreach(pattern IN LISTS expected)
  if(NOT output MATCHES "${pattern}")
    list(APPEND problems "not reported: ${pattern}")
  endif()
endforeach()
# The allowed includes (own part, lower parts, an adapter from inside itself and from its registry, the listed
# exception) must not be reported.
foreach(allowed "src/util/base.cpp" "src/sources/hub/source.cpp" "src/sources/registry.cpp" "src/sync/excepted.cpp"
                "include/issuebridge/")
  if(output MATCHES "\n${allowed}[^\n]*: #include")
    list(APPEND problems "reported although allowed: ${allowed}")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "check_includes self-test:\n  ${text}")
endif()
message("check_includes self-test: the planted violations were all reported")
