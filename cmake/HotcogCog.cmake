# hotcog_add_host(<target>)
#   Links the hotcog runtime into an executable and exports the executable's
#   symbols, so cogs (loaded with dlopen) resolve the host services they call.
#   Defines HOTCOG_DEFAULT_BUILD_DIR so the Host finds <build>/hotcog/cogs.tsv.
#
# hotcog_add_cog(<name> SOURCES <src>... [LINK_LIBRARIES <lib>...])
#   Adds a shared library target <name> built as a cog and records it in the cog
#   manifest <build>/hotcog/cogs.json (for tools and people) and cogs.tsv (the
#   same data in a line format the runtime reads without a JSON parser).
#
# Both manifests are written once, at the end of configuration, with the final
# output paths of every cog (generator expressions resolved at generate time).
#
# Layout manifests (docs/layout-manifest.md): every cog and host also gets
# <output>.layouts, the record layouts and static variables of its sources,
# made by the build itself. Each compile of the target runs through hotcog-cc,
# which runs `hotcog-scan --tu-manifest` beside the compiler and writes
# <object>.layouts; after the link, `hotcog-scan --merge-manifests` writes
# <output>.layouts from them. With clang 14 as the compiler, the compile
# itself writes <object>.layouts through a clang plugin (no second parse;
# HOTCOG_LAYOUTS_CLANG_PLUGIN=OFF: the parallel scan instead).
# HOTCOG_LAYOUTS=OFF turns all this off; it is off (with one configure
# message) when hotcog-scan is not available.

include_guard(GLOBAL)

option(HOTCOG_LAYOUTS "Write a layout manifest beside every cog and host" ON)
option(HOTCOG_LAYOUTS_CLANG_PLUGIN "With clang 14, write layout manifests from the compile" ON)

function(hotcog_add_host target)
  if(NOT TARGET hotcog::runtime)
    message(FATAL_ERROR "hotcog_add_host(${target}): hotcog::runtime is not defined; "
                        "use find_package(hotcog) or add_subdirectory(hotcog) first")
  endif()
  target_link_libraries(${target} PRIVATE hotcog::runtime)
  # EXPORT_COMPILE_COMMANDS: `hotcog watch` scans these TUs (hotcog-scan) to
  # decide header edits per declaration.
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON EXPORT_COMPILE_COMMANDS ON)
  target_compile_definitions(${target} PRIVATE
    HOTCOG_DEFAULT_BUILD_DIR="${CMAKE_BINARY_DIR}")
  get_target_property(_srcs ${target} SOURCES)
  get_target_property(_dir ${target} SOURCE_DIR)
  _hotcog_absolute_sources(_abs "${_dir}" ${_srcs})
  set_property(GLOBAL APPEND PROPERTY HOTCOG_HOSTS ${target})
  set_property(GLOBAL PROPERTY HOTCOG_HOST_SOURCES_${target} "${_abs}")
  _hotcog_schedule_manifest()
  _hotcog_add_layouts(${target})
endfunction()

function(hotcog_add_cog name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LINK_LIBRARIES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "hotcog_add_cog(${name}): SOURCES is required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "hotcog_add_cog(${name}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  add_library(${name} SHARED ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE hotcog::cog ${ARG_LINK_LIBRARIES})
  # Only the entry point is exported; -fno-gnu-unique keeps GCC from marking
  # inline statics STB_GNU_UNIQUE, which would make dlclose a no-op and pin
  # the old image in memory forever.
  set_target_properties(${name} PROPERTIES
    PREFIX "lib" CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    EXPORT_COMPILE_COMMANDS ON)
  target_compile_options(${name} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
  target_compile_definitions(${name} PRIVATE HOTCOG_COG_NAME="${name}")
  _hotcog_absolute_sources(_abs "${CMAKE_CURRENT_SOURCE_DIR}" ${ARG_SOURCES})
  set_property(GLOBAL APPEND PROPERTY HOTCOG_COGS ${name})
  set_property(GLOBAL PROPERTY HOTCOG_COG_SOURCES_${name} "${_abs}")
  _hotcog_schedule_manifest()
  _hotcog_add_layouts(${name})
endfunction()

# The two layout tools: targets of this build when hotcog is built in-tree,
# else the executables hotcogTools.cmake names (build or install tree).
# Sets <scan>/<cc> to their paths (or generator expressions), empty with
# <why_not> set when they are not available.
function(_hotcog_layout_tools scan cc why_not)
  set(${scan} "" PARENT_SCOPE)
  set(${cc} "" PARENT_SCOPE)
  if(TARGET hotcog-scan AND TARGET hotcog-cc)
    set(${scan} "$<TARGET_FILE:hotcog-scan>" PARENT_SCOPE)
    set(${cc} "$<TARGET_FILE:hotcog-cc>" PARENT_SCOPE)
    set(${why_not} "" PARENT_SCOPE)
  elseif(NOT HOTCOG_SCAN_EXECUTABLE OR NOT HOTCOG_CC_EXECUTABLE)
    set(${why_not} "this hotcog was built without hotcog-scan (HOTCOG_BUILD_SCANNER=OFF)"
        PARENT_SCOPE)
  elseif(NOT EXISTS "${HOTCOG_SCAN_EXECUTABLE}")
    set(${why_not} "${HOTCOG_SCAN_EXECUTABLE} does not exist (build hotcog-scan, then reconfigure)"
        PARENT_SCOPE)
  elseif(NOT EXISTS "${HOTCOG_CC_EXECUTABLE}")
    set(${why_not} "${HOTCOG_CC_EXECUTABLE} does not exist (build hotcog-cc, then reconfigure)"
        PARENT_SCOPE)
  else()
    set(${scan} "${HOTCOG_SCAN_EXECUTABLE}" PARENT_SCOPE)
    set(${cc} "${HOTCOG_CC_EXECUTABLE}" PARENT_SCOPE)
    set(${why_not} "" PARENT_SCOPE)
  endif()
endfunction()

# The clang plugin, when the compiler is the clang it was built for (14).
function(_hotcog_layout_plugin out)
  set(${out} "" PARENT_SCOPE)
  if(NOT HOTCOG_LAYOUTS_CLANG_PLUGIN OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang"
     OR NOT CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 14
     OR NOT CMAKE_CXX_COMPILER_VERSION VERSION_LESS 15)
    return()
  endif()
  if(TARGET hotcog-layout-plugin)
    set(${out} "$<TARGET_FILE:hotcog-layout-plugin>" PARENT_SCOPE)
  elseif(HOTCOG_LAYOUT_PLUGIN AND EXISTS "${HOTCOG_LAYOUT_PLUGIN}")
    set(${out} "${HOTCOG_LAYOUT_PLUGIN}" PARENT_SCOPE)
  endif()
endfunction()

function(_hotcog_add_layouts target)
  if(NOT HOTCOG_LAYOUTS)
    return()
  endif()
  _hotcog_layout_tools(scan cc why_not)
  if(NOT scan)
    get_property(told GLOBAL PROPERTY HOTCOG_LAYOUTS_OFF_TOLD)
    if(NOT told)
      set_property(GLOBAL PROPERTY HOTCOG_LAYOUTS_OFF_TOLD TRUE)
      message(STATUS "hotcog: layout manifests off: ${why_not}")
    endif()
    return()
  endif()
  if(TARGET hotcog-scan)
    add_dependencies(${target} hotcog-scan hotcog-cc)
  endif()
  _hotcog_layout_plugin(plugin)
  if(plugin)
    set(plugin --clang-plugin "${plugin}")
    if(TARGET hotcog-layout-plugin)
      add_dependencies(${target} hotcog-layout-plugin)
    endif()
  endif()
  # C sources of a cog are scanned too (every object needs its manifest).
  # A launcher the user already has (ccache, distcc) keeps running the
  # compiler, after hotcog-cc; the scanner gets the command without it.
  foreach(lang IN ITEMS CXX C)
    get_target_property(user_launcher ${target} ${lang}_COMPILER_LAUNCHER)
    if(NOT user_launcher)
      set(user_launcher "")
    endif()
    list(LENGTH user_launcher launchers)
    set(lang_plugin "")
    if(lang STREQUAL "CXX")
      set(lang_plugin ${plugin})
    endif()
    # The scans share precompiled system-header prefixes (at most 32).
    set_property(TARGET ${target} PROPERTY ${lang}_COMPILER_LAUNCHER
      "${cc}" --scanner "${scan}" --scan-arg "--pch-cache=${CMAKE_BINARY_DIR}/hotcog/scan-pch"
      ${lang_plugin} --launchers ${launchers} -- ${user_launcher})
  endforeach()
  # After every link: the image's manifest from its objects' manifests, so it
  # is never older than the image.
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND "${scan}" --merge-manifests -o "$<TARGET_FILE:${target}>.layouts"
            "$<JOIN:$<TARGET_OBJECTS:${target}>,.layouts$<SEMICOLON>>.layouts"
    COMMENT "Layout manifest of ${target}"
    COMMAND_EXPAND_LISTS VERBATIM)
endfunction()

function(_hotcog_absolute_sources out dir)
  set(result "")
  foreach(src IN LISTS ARGN)
    cmake_path(ABSOLUTE_PATH src BASE_DIRECTORY "${dir}" NORMALIZE OUTPUT_VARIABLE abs)
    list(APPEND result "${abs}")
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

function(_hotcog_schedule_manifest)
  get_property(scheduled GLOBAL PROPERTY HOTCOG_MANIFEST_SCHEDULED)
  if(NOT scheduled)
    set_property(GLOBAL PROPERTY HOTCOG_MANIFEST_SCHEDULED TRUE)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _hotcog_write_manifest)
  endif()
endfunction()

function(_hotcog_json_string out value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  set(${out} "\"${value}\"" PARENT_SCOPE)
endfunction()

function(_hotcog_write_manifest)
  get_property(cogs GLOBAL PROPERTY HOTCOG_COGS)
  get_property(hosts GLOBAL PROPERTY HOTCOG_HOSTS)
  set(tab "\t")
  set(tsv "hotcog-cogs${tab}1\n")
  set(json_cogs "")
  foreach(cog IN LISTS cogs)
    get_property(srcs GLOBAL PROPERTY HOTCOG_COG_SOURCES_${cog})
    set(out "$<TARGET_FILE:${cog}>")
    string(APPEND tsv "cog${tab}${cog}${tab}${cog}${tab}${out}\n")
    set(json_srcs "")
    foreach(src IN LISTS srcs)
      string(APPEND tsv "src${tab}${cog}${tab}${src}\n")
      _hotcog_json_string(q "${src}")
      list(APPEND json_srcs "${q}")
    endforeach()
    list(JOIN json_srcs ", " json_srcs)
    _hotcog_json_string(qn "${cog}")
    _hotcog_json_string(qo "${out}")
    list(APPEND json_cogs
      "    {\"name\": ${qn}, \"target\": ${qn}, \"output\": ${qo}, \"sources\": [${json_srcs}]}")
  endforeach()
  set(json_hosts "")
  foreach(host IN LISTS hosts)
    get_property(srcs GLOBAL PROPERTY HOTCOG_HOST_SOURCES_${host})
    set(out "$<TARGET_FILE:${host}>")
    string(APPEND tsv "host${tab}${host}${tab}${out}\n")
    set(json_srcs "")
    foreach(src IN LISTS srcs)
      string(APPEND tsv "hostsrc${tab}${host}${tab}${src}\n")
      _hotcog_json_string(q "${src}")
      list(APPEND json_srcs "${q}")
    endforeach()
    list(JOIN json_srcs ", " json_srcs)
    _hotcog_json_string(qn "${host}")
    _hotcog_json_string(qo "${out}")
    list(APPEND json_hosts
      "    {\"name\": ${qn}, \"output\": ${qo}, \"sources\": [${json_srcs}]}")
  endforeach()
  string(REPLACE ";" ",\n" json_cogs "${json_cogs}")
  string(REPLACE ";" ",\n" json_hosts "${json_hosts}")
  set(json "{\n  \"version\": 1,\n  \"cogs\": [\n${json_cogs}\n  ],\n  \"hosts\": [\n${json_hosts}\n  ]\n}\n")
  file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/hotcog/cogs.json" CONTENT "${json}")
  file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/hotcog/cogs.tsv" CONTENT "${tsv}")
endfunction()
