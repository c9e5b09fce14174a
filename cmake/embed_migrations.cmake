# Turns migrations/NNNN_name.sql into a header of string constants, so the binary carries its
# own schema. Run at build time with -DSOURCE_DIR=... -DOUTPUT=... -DNAMESPACE=...
file(GLOB files "${SOURCE_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(file IN LISTS files)
  get_filename_component(name "${file}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" version "${name}")
  string(REGEX REPLACE "^0+" "" version "${version}")
  file(READ "${file}" sql)
  string(APPEND body "    {${version}, \"${name}\", R\"MIGRATION(${sql})MIGRATION\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from migrations/*.sql by embed_migrations.cmake. Do not edit.
#pragma once

#include <string_view>

namespace ${NAMESPACE} {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

inline constexpr Migration kMigrations[] = {
${body}};

}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
