// The survey as data: JSON holding every figure the page plots (and the fits
// drawn through them), and CSV with one row per network and batch.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "survey/survey.hpp"

namespace archcalc::survey {

// JSON schema version of survey_json; bump on incompatible change.
constexpr int kSurveySchemaVersion = 1;

nlohmann::ordered_json survey_json(const Survey& s, const Summary& m);

// Columns: network,params,macs,top1,top5,top1_per_mparams,batch,seconds,
// min_seconds,max_seconds,seconds_per_image,images_per_second,predicted_bytes,
// executor_bytes,rss_bytes,not_run. A network not run at some batch has one
// row with the batch and times empty.
std::string survey_csv(const Survey& s);

}  // namespace archcalc::survey
