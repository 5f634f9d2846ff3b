// The survey's HTML page: self-contained (styles, script and charts inline,
// nothing fetched), readable from file://, every point linked to its
// network's own report and described on hover.
#pragma once

#include <string>

#include "survey/survey.hpp"

namespace archcalc::survey {

std::string survey_html(const Survey& s, const Summary& m);

}  // namespace archcalc::survey
