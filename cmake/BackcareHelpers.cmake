# Build helpers shared by every layer. Flags live on targets, never globally.

# Warnings (and sanitizers when BACKCARE_SANITIZE is on) on one INTERFACE target every target links.
add_library(backcare_warnings INTERFACE)
target_compile_options(backcare_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  $<$<BOOL:${BACKCARE_WERROR}>:-Werror>)
# GCC 12 reports a false -Wrestrict inside libstdc++'s `"literal" + std::string&&` at -O3
# (GCC bug 105651, fixed in GCC 13); it breaks Release builds of correct code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(backcare_warnings INTERFACE -Wno-restrict)
endif()
if(BACKCARE_SANITIZE)
  # -O1 -g1 after the build type's -O2 -g: the level the sanitizers' docs suggest, with line
  # tables for their stack traces. It compiles a typical test file about 2.5x faster (31 s ->
  # 11 s at -O2 -g vs -O1 -g1 on this 2-core machine), which is most of `make test`.
  target_compile_options(backcare_warnings INTERFACE -O1 -g1
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(backcare_warnings INTERFACE -fsanitize=address,undefined)
endif()

# backcare_layer(NAME DIR [DEPS layer...] [PRIVATE_DEPS third-party...] [TEST_DEPS ...] [EXTRA_SOURCES generated...]):
# a static library from every .cc under DIR except *_test.cc,
# plus (when any exist) a test binary NAME_tests from the *_test.cc files, registered with ctest.
# Globbing keeps one module = one folder; CONFIGURE_DEPENDS re-globs on every build.
function(backcare_layer name dir)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS;TEST_DEPS;EXTRA_SOURCES" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${dir}/*.cc)
  set(lib_sources "")
  set(test_sources "")
  foreach(src IN LISTS all_sources)
    if(src MATCHES "_test\\.cc$")
      list(APPEND test_sources ${src})
    else()
      list(APPEND lib_sources ${src})
    endif()
  endforeach()
  list(APPEND lib_sources ${ARG_EXTRA_SOURCES})
  if(NOT lib_sources)
    # A layer with no code yet (or only headers) still exists, so the targets above it link.
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${name} INTERFACE backcare_warnings ${ARG_DEPS})
  else()
    add_library(${name} STATIC ${lib_sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${name} PUBLIC backcare_warnings ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  endif()
  if(test_sources)
    add_executable(${name}_tests ${test_sources})
    target_link_libraries(${name}_tests PRIVATE ${name} ${ARG_TEST_DEPS} GTest::gtest GTest::gmock
                                                GTest::gtest_main)
    gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60
      PROPERTIES ENVIRONMENT "BACKCARE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()
endfunction()
