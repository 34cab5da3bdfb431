# Checks the include layering of the product code: run as
#   cmake -DROOT=<source tree> [-DEXCEPTIONS=<file>] -P check_includes.cmake
# and it exits non-zero, listing each offending #include, when a rule is broken. No dependency beyond CMake.
#
# A part is the folder under src/<part>/ or include/issuebridge/<part>/. The parts are layered
#     util <- model <- {http, config, state, render} <- {sources, targets} <- sync <- cli
# and a file may include headers of its own part and of parts strictly below it (parts of one rank are peers and
# do not include each other). Files outside any part (src/main.cpp) may include any part.
#
# Adapters are private: src/sources/<name>/ and src/targets/<name>/ (with include/issuebridge/<kind>/<name>/ and
# include/issuebridge/<kind>/<name>.hpp, e.g. issuebridge/sources/github.hpp) may be included only from inside the
# same adapter and from the registry of its kind (src/sources/registry.cpp, src/targets/registry.cpp). tests/ is not
# checked: tests may reach anything.
#
# EXCEPTIONS names a file of known violations, one "<file> <include as written>" a line (paths relative to ROOT, '#'
# starts a comment). An entry that matches nothing is an error too, so the list shrinks as the code is fixed.

if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> [-DEXCEPTIONS=<file>] -P check_includes.cmake")
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)

set(rank_util 0)
set(rank_model 1)
set(rank_http 2)
set(rank_config 2)
set(rank_state 2)
set(rank_render 2)
set(rank_sources 3)
set(rank_targets 3)
set(rank_sync 4)
set(rank_cli 5)

# The part of a path relative to ROOT, or "" when it is in none.
function(part_of path out)
  set(part "")
  # One MATCHES per if(): CMake evaluates every operand of OR, and a failed match clears CMAKE_MATCH_<n>.
  if(path MATCHES "^src/([^/]+)/")
    set(part "${CMAKE_MATCH_1}")
  elseif(path MATCHES "^include/issuebridge/([^/]+)/")
    set(part "${CMAKE_MATCH_1}")
  endif()
  if(NOT DEFINED rank_${part})
    set(part "")
  endif()
  set(${out} "${part}" PARENT_SCOPE)
endfunction()

# The adapter ("sources/github") a path relative to ROOT belongs to, or "".
function(adapter_of path out)
  set(adapter "")
  if(path MATCHES "^src/(sources|targets)/([^/]+)/")
    set(adapter "${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
  elseif(path MATCHES "^include/issuebridge/(sources|targets)/([^/]+)/")
    set(adapter "${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
  elseif(path MATCHES "^include/issuebridge/(sources|targets)/([^/]+)\\.[a-z]+$")
    if(IS_DIRECTORY "${ROOT}/src/${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
      set(adapter "${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
    endif()
  endif()
  set(${out} "${adapter}" PARENT_SCOPE)
endfunction()

# Known violations.
set(exceptions "")
if(EXCEPTIONS)
  file(STRINGS "${EXCEPTIONS}" exception_lines)
  foreach(line IN LISTS exception_lines)
    string(REGEX REPLACE "#.*" "" line "${line}")
    string(STRIP "${line}" line)
    if(line STREQUAL "")
      continue()
    endif()
    string(REGEX REPLACE "[ \t]+" " " line "${line}")
    if(NOT line MATCHES "^[^ ]+ [^ ]+$")
      message(FATAL_ERROR "${EXCEPTIONS}: expected '<file> <include>', got '${line}'")
    endif()
    list(APPEND exceptions "${line}")
  endforeach()
endif()
set(used_exceptions "")

file(GLOB_RECURSE sources RELATIVE "${ROOT}" "${ROOT}/src/*.cpp" "${ROOT}/src/*.hpp" "${ROOT}/include/*.hpp")
list(SORT sources)
set(violations "")
set(checked 0)
foreach(file IN LISTS sources)
  math(EXPR checked "${checked} + 1")
  part_of("${file}" file_part)
  adapter_of("${file}" file_adapter)
  get_filename_component(file_dir "${file}" DIRECTORY)
  file(STRINGS "${ROOT}/${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<][^\">]+[\">]")
  foreach(line IN LISTS includes)
    string(REGEX MATCH "[\"<]([^\">]+)[\">]" _ "${line}")
    set(written "${CMAKE_MATCH_1}")
    # Resolve as the compiler would: next to the file (quoted only), then include/, then src/ (tests' path).
    set(target "")
    if(line MATCHES "\"" AND EXISTS "${ROOT}/${file_dir}/${written}")
      get_filename_component(target "${ROOT}/${file_dir}/${written}" ABSOLUTE)
    elseif(EXISTS "${ROOT}/include/${written}")
      set(target "${ROOT}/include/${written}")
    elseif(EXISTS "${ROOT}/src/${written}")
      set(target "${ROOT}/src/${written}")
    endif()
    if(target STREQUAL "")
      continue() # a system or third-party header
    endif()
    file(RELATIVE_PATH target "${ROOT}" "${target}")
    part_of("${target}" target_part)
    adapter_of("${target}" target_adapter)

    set(why "")
    if(target_adapter AND NOT target_adapter STREQUAL file_adapter)
      string(REGEX MATCH "^[a-z]+" kind "${target_adapter}")
      if(NOT file STREQUAL "src/${kind}/registry.cpp")
        set(why "adapter ${target_adapter} is private: only its own files and src/${kind}/registry.cpp include it")
      endif()
    endif()
    if(why STREQUAL "" AND file_part AND target_part AND NOT file_part STREQUAL target_part)
      if(NOT rank_${target_part} LESS rank_${file_part})
        if(rank_${target_part} EQUAL rank_${file_part})
          set(why "${file_part} and ${target_part} are peers and do not include each other")
        else()
          set(why "${target_part} is above ${file_part} (see the layers at the top of this script)")
        endif()
      endif()
    endif()
    if(NOT why STREQUAL "")
      list(FIND exceptions "${file} ${written}" found)
      if(found GREATER -1)
        list(APPEND used_exceptions "${file} ${written}")
      else()
        list(APPEND violations "${file}: #include \"${written}\" (${target}): ${why}")
      endif()
    endif()
  endforeach()
endforeach()

foreach(entry IN LISTS exceptions)
  list(FIND used_exceptions "${entry}" found)
  if(found EQUAL -1)
    list(APPEND violations "${EXCEPTIONS}: '${entry}' is no longer a violation: remove it from the list")
  endif()
endforeach()

list(LENGTH violations count)
if(count GREATER 0)
  foreach(v IN LISTS violations)
    message("${v}")
  endforeach()
  message(FATAL_ERROR "check_includes: ${count} include violation(s) in ${checked} files under ${ROOT}")
endif()
list(LENGTH used_exceptions excused)
message("check_includes: ${checked} files follow the layering (${excused} known exception(s) listed)")
