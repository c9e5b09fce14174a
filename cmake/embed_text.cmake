# Writes a header holding INPUT's text as `inline constexpr std::string_view SYMBOL`.
# Run at build time with -DINPUT=... -DOUTPUT=... -DSYMBOL=...
# The text is an array whose size the compiler knows: a string_view made from a bare pointer
# would count its length in a constexpr loop, which GCC stops after 262,144 steps.
file(READ "${INPUT}" text)
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by embed_text.cmake. Do not edit.
#pragma once

#include <string_view>

inline constexpr char ${SYMBOL}_bytes[] = R\"EMBEDDED(${text})EMBEDDED\";
inline constexpr std::string_view ${SYMBOL}{${SYMBOL}_bytes, sizeof(${SYMBOL}_bytes) - 1};
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
