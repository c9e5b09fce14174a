# Writes a header holding INPUT's text as `inline constexpr std::string_view SYMBOL`.
# Run at build time with -DINPUT=... -DOUTPUT=... -DSYMBOL=...
file(READ "${INPUT}" text)
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by embed_text.cmake. Do not edit.
#pragma once

#include <string_view>

inline constexpr std::string_view ${SYMBOL} = R\"EMBEDDED(${text})EMBEDDED\";
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
