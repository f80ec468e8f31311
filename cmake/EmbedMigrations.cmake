# cmake -DSQLITE_DIR=dir -DPOSTGRES_DIR=dir -DOUTPUT=file.cc -P EmbedMigrations.cmake
# Writes a C++ source defining backcare::store::Migrations() from the numbered NNNN_name.sql files
# of each backend folder (src/store/migrations/), in version order.
function(embed_dir dir var_name out_var)
  file(GLOB files ${dir}/[0-9][0-9][0-9][0-9]_*.sql)
  list(SORT files)
  set(text "")
  set(entries "")
  set(index 0)
  foreach(f IN LISTS files)
    get_filename_component(name ${f} NAME_WE)
    string(SUBSTRING ${name} 0 4 number)
    math(EXPR version "${number}")
    file(READ ${f} content HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
    string(APPEND text "constexpr char k${var_name}${index}[] = {${bytes} '\\0'};\n")
    string(APPEND entries "    {${version}, \"${name}\", {k${var_name}${index}, sizeof(k${var_name}${index}) - 1}},\n")
    math(EXPR index "${index} + 1")
  endforeach()
  set(${out_var} "${text}constexpr Migration k${var_name}[] = {\n${entries}};\n" PARENT_SCOPE)
endfunction()
embed_dir(${SQLITE_DIR} Sqlite sqlite_text)
embed_dir(${POSTGRES_DIR} Postgres postgres_text)
file(WRITE ${OUTPUT}.new "// Generated from src/store/migrations/; do not edit.\n"
  "#include \"store/migrations/migrations.h\"\n"
  "namespace backcare::store {\nnamespace {\n${sqlite_text}${postgres_text}}  // namespace\n"
  "std::span<const Migration> Migrations(SqlDialect dialect) {\n"
  "  if (dialect == SqlDialect::kSqlite) {\n    return kSqlite;\n  }\n  return kPostgres;\n}\n"
  "}  // namespace backcare::store\n")
# Only touch the output when it changed, so unrelated builds do not recompile it.
file(COPY_FILE ${OUTPUT}.new ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.new)
