# Every third-party dependency is found here, once, from Debian's packages (scripts/install-deps.sh).

find_package(Xapian 1.4 CONFIG REQUIRED)
# xapian-config.cmake only sets variables: wrap them in a target.
add_library(kr_xapian INTERFACE)
target_include_directories(kr_xapian SYSTEM INTERFACE ${XAPIAN_INCLUDE_DIR})
target_link_libraries(kr_xapian INTERFACE ${XAPIAN_LIBRARIES})
add_library(Xapian::xapian ALIAS kr_xapian)

find_package(Poco REQUIRED COMPONENTS Foundation Net Util JSON XML Zip Crypto)
find_package(pugixml REQUIRED)
find_package(Threads REQUIRED)  # the indexer's background writer (std::thread)
find_package(ICU REQUIRED COMPONENTS uc i18n data)

find_package(PkgConfig REQUIRED)
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)

if(KR_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
