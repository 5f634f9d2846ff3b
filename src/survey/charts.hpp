// The survey's charts, each an inline <svg> (emit/chart.hpp) with one
// element of class "pt" per point: per network, or per network and batch in
// the charts against batch size. Networks without a published top-1 are left
// out of the accuracy charts; networks not run, out of the time and memory ones.
#pragma once

#include <string>

#include "survey/survey.hpp"

namespace archcalc::survey {

// Top-1 against MACs (log), bubble area proportional to params.
std::string accuracy_macs_chart(const Survey& s, const Summary& m);
// Top-1 per network, highest first.
std::string accuracy_bars(const Survey& s, const Summary& m);
// Time of one pass against MACs × batch at m.time[k].batch, with the fitted line.
std::string time_macs_chart(const Survey& s, const Summary& m, std::size_t k);
// Time per image against batch (log-log), a line per network.
std::string time_batch_chart(const Survey& s);
// Memory against batch (log-log): measured points, predicted dashed lines.
std::string memory_batch_chart(const Survey& s);
// Top-1 against images/s at m.speed_batch, with the hyperbola's line and bound.
std::string accuracy_speed_chart(const Survey& s, const Summary& m);
// Top-1 per million params, highest first.
std::string density_bars(const Survey& s, const Summary& m);

// The hover text of a network: "resnet50 · 4,089,184,256 MACs · 25,557,032
// params · top-1 76.130%".
std::string net_tip(const Entry& e);

}  // namespace archcalc::survey
