# cmake -DDIST=web/dist -DOUTPUT=file.cc -P EmbedWebAssets.cmake
# Writes a C++ source defining backcare::http::EmbeddedWebAssets() with every file under DIST
# (none when DIST does not exist). The source is rewritten only when its content changes, so an
# unchanged web build costs no recompilation.
set(body "")
set(table "")
set(index 0)
if(IS_DIRECTORY "${DIST}")
  file(GLOB_RECURSE files RELATIVE "${DIST}" "${DIST}/*")
  list(SORT files)
  foreach(relative IN LISTS files)
    if(relative MATCHES "(^|/)\\.")
      continue()  # dot files (build stamps) are not served
    endif()
    file(READ "${DIST}/${relative}" content HEX)
    string(LENGTH "${content}" hex_length)
    math(EXPR size "${hex_length} / 2")
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
    string(APPEND body "constexpr char kFile${index}[] = {${bytes} '\\0'};\n")
    string(APPEND table "    {\"${relative}\", {kFile${index}, ${size}}},\n")
    math(EXPR index "${index} + 1")
  endforeach()
endif()
string(CONCAT source "// Generated from ${DIST}; do not edit.\n#include <span>\n\n"
  "#include \"http/server/web_assets.h\"\n\nnamespace backcare::http {\nnamespace {\n${body}")
if(index EQUAL 0)
  string(APPEND source "}  // namespace\n\nstd::span<const EmbeddedFile> EmbeddedWebAssets() "
    "{ return {}; }\n")
else()
  string(APPEND source "constexpr EmbeddedFile kFiles[] = {\n${table}};\n}  // namespace\n\n"
    "std::span<const EmbeddedFile> EmbeddedWebAssets() { return kFiles; }\n")
endif()
string(APPEND source "\n}  // namespace backcare::http\n")
file(WRITE "${OUTPUT}.new" "${source}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
