# cmake -DINPUT=file -DOUTPUT=file.cc -P EmbedFile.cmake
# Writes a C++ source defining backcare::exchange::DefaultProtocolToml() with INPUT's bytes.
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\n#include <string_view>\n"
  "namespace backcare::exchange {\nnamespace {\nconstexpr char kData[] = {${bytes} '\\0'};\n}\n"
  "std::string_view DefaultProtocolToml() { return {kData, sizeof(kData) - 1}; }\n"
  "}  // namespace backcare::exchange\n")
