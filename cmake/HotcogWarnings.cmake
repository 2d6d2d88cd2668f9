# hotcog_target_warnings(<target>...): the warning set every hotcog target is
# built with. Applied PRIVATE so user projects that consume hotcog never
# inherit it (and exported targets carry no build-only dependency).
function(hotcog_target_warnings)
  foreach(target IN LISTS ARGN)
    target_compile_options(${target} PRIVATE -Wall -Wextra)
  endforeach()
endfunction()
