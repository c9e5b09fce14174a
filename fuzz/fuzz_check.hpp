// FUZZ_CHECK, for every target: fuzz_support.hpp brings the HTTP headers with it, and
// fuzz_graphql links the GraphQL library alone.
#pragma once

#include <cstdio>
#include <cstdlib>

// A violated property is a finding: say which one, then abort so libFuzzer writes the input to
// fuzz/artifacts/ like any crash.
#define FUZZ_CHECK(condition)                                                                  \
  do {                                                                                         \
    if (!(condition)) {                                                                        \
      std::fprintf(stderr, "property violated: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (false)
