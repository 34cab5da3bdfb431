# Checks that the core knows no tracker: run as
#   cmake -DROOT=<source tree> -P check_names.cmake
# The trackers are the adapter folders, src/sources/<name>/ and src/targets/<name>/. No code line under src/<part>/
# or include/issuebridge/<part>/ for the core parts (cli, config, http, model, render, state, sync, util) may name
# one, in any case: a tracker's URLs, JSON, keys, limits, markers and state words live in its folder. Comments may
# use one as an example: a line's text after "//" is not checked (nor a line inside a /* */ block that starts with
# "*"). Exits non-zero listing every such line.

cmake_policy(SET CMP0007 NEW)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P check_names.cmake")
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)

set(trackers "")
foreach(kind sources targets)
  file(GLOB entries LIST_DIRECTORIES true RELATIVE "${ROOT}/src/${kind}" "${ROOT}/src/${kind}/*")
  foreach(entry IN LISTS entries)
    if(IS_DIRECTORY "${ROOT}/src/${kind}/${entry}")
      string(TOLOWER "${entry}" entry)
      list(APPEND trackers "${entry}")
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES trackers)
if(NOT trackers)
  message(FATAL_ERROR "check_names: no adapter folders under ${ROOT}/src/sources or ${ROOT}/src/targets")
endif()

set(globs "")
foreach(part cli config http model render state sync util)
  list(APPEND globs "${ROOT}/src/${part}/*.cpp" "${ROOT}/src/${part}/*.hpp" "${ROOT}/include/issuebridge/${part}/*.hpp")
endforeach()
file(GLOB_RECURSE files RELATIVE "${ROOT}" ${globs})
list(SORT files)

set(violations "")
foreach(file IN LISTS files)
  # One list element per line: ';' and brackets would split or join CMake list elements, so they are masked first.
  file(READ "${ROOT}/${file}" text)
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "[" "<" text "${text}")
  string(REPLACE "]" ">" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    string(REGEX REPLACE "//.*" "" code "${line}")
    if(code MATCHES "^[ \t]*\\*")
      continue()
    endif()
    string(TOLOWER "${code}" code)
    foreach(name IN LISTS trackers)
      string(FIND "${code}" "${name}" at)
      if(at GREATER -1)
        string(STRIP "${line}" shown)
        string(REPLACE "<semicolon>" "," shown "${shown}") # for the message only
        list(APPEND violations "${file}:${number}: names '${name}': ${shown}")
        break()
      endif()
    endforeach()
  endforeach()
endforeach()

list(LENGTH files checked)
list(LENGTH violations count)
if(count GREATER 0)
  foreach(v IN LISTS violations)
    message("${v}")
  endforeach()
  message(FATAL_ERROR "check_names: ${count} core line(s) name a tracker (${trackers}); move that knowledge into the "
                      "tracker's folder or its registry row")
endif()
message("check_names: ${checked} core files name no tracker (${trackers})")
