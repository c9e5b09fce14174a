// `mercado admin create`: the first administrator of a production deployment, made from the
// command line because production never has an account with a published password.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mercado::app {

// `args` follow "admin"; returns the process exit code. The password is read from stdin when
// given as "-", so it need not appear in the shell history or `ps`.
int run_admin_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                      std::ostream& err);

}  // namespace mercado::app
