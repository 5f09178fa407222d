# Project code is built with warnings as errors; third-party headers are SYSTEM includes.
add_library(kr_warnings INTERFACE)
target_compile_options(kr_warnings INTERFACE -Wall -Wextra -Werror)
add_library(kr::warnings ALIAS kr_warnings)

if(KR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# kr_add_library(NAME SOURCES... [LINK libs...]) : a project library with its kr:: alias.
function(kr_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_library(kr_${name} STATIC ${ARG_SOURCES})
  add_library(kr::${name} ALIAS kr_${name})
  target_include_directories(kr_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_features(kr_${name} PUBLIC cxx_std_20)
  target_link_libraries(kr_${name} PUBLIC ${ARG_LINK} PRIVATE kr::warnings)
endfunction()
