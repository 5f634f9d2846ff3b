// `archcalc survey`'s registration (src/cli/survey.cpp).
#pragma once

#include "cli/cli.hpp"

namespace archcalc::cli {

void add_survey(CLI::App& app, Context& ctx);

}  // namespace archcalc::cli
