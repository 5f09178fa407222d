# The fuzz targets, shared by the libFuzzer build (fuzz/CMakeLists.txt) and the replay tests of the
# main build (tests/CMakeLists.txt, block "reliability"). A target named T reads its seeds from
# fuzz/corpus/T/ and its past crashes from fuzz/regressions/T/.
set(KR_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
get_filename_component(KR_REPO_DIR ${CMAKE_CURRENT_LIST_DIR} DIRECTORY)  # the targets read corpus/, schemas/
set(KR_FUZZ_TARGETS record extract_html extract_docx extract_markdown extract_pdf extract_txt search)

# kr_add_fuzz_executable(EXE TARGET [EXTRA_SOURCES...]): the executable EXE for fuzz target TARGET;
# EXTRA_SOURCES adds a main() (fuzz/replay_main.cc) where libFuzzer does not provide one.
function(kr_add_fuzz_executable exe target)
  if(target STREQUAL "record")
    set(sources ${KR_FUZZ_DIR}/targets/fuzz_record.cc)
    set(libs kr::core_record)
  elseif(target MATCHES "^extract_")
    set(sources ${KR_FUZZ_DIR}/targets/fuzz_extract.cc)
    set(libs kr::indexer_extract)
  elseif(target STREQUAL "search")
    set(sources ${KR_FUZZ_DIR}/targets/fuzz_search.cc)
    set(libs kr::indexer kr::server_http)
  else()
    message(FATAL_ERROR "unknown fuzz target ${target}")
  endif()
  add_executable(${exe} ${sources} ${ARGN})
  target_link_libraries(${exe} PRIVATE ${libs} kr::warnings)
  target_include_directories(${exe} PRIVATE ${KR_REPO_DIR})
  target_compile_definitions(${exe} PRIVATE KR_SOURCE_DIR="${KR_REPO_DIR}")
  if(target MATCHES "^extract_")
    target_compile_definitions(${exe} PRIVATE KR_FUZZ_EXTRACTOR=${target})
  endif()
endfunction()
