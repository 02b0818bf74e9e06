// Loading a scenario file (docs/scenarios.md): YAML → Scenario, every check done here so that
// nothing runs when anything is wrong. Problems throw InputError "FILE:LINE:COL: message":
// YAML syntax, unknown keys, values of the wrong type, bad durations, dates, names, and files
// the scenario refers to (firmware:, server ca:) that cannot be read. Relative paths resolve
// against the scenario file's folder.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "scenario/scenario.h"
#include "scenario/yaml_reader.h"

namespace q2686::scenario {

// Reads and checks one file. `file` is used as given in messages.
Scenario load_scenario_file(const std::string& file, ClockRate clock = {});
// The same from text already read (tests); `folder` resolves relative paths.
Scenario load_scenario_text(const std::string& text, const std::string& file, const std::string& folder,
                            ClockRate clock = {});

// Parts of the loader, shared by the top level and the steps (scenario_loader.cpp).
ServerSettings load_server(const YamlReader& yaml, const YAML::Node& node, const std::string& folder);
NetworkSettings load_network(const YamlReader& yaml, const YAML::Node& node, bool step);
// `nitz:` as a string of knobs ("off", "zone=+08,offset=-3h") or a map {offset: -3h, ...}: the
// knobs as gsm/network_time.h reads them, checked.
std::string load_nitz_knobs(const YamlReader& yaml, const YAML::Node& node);
// "2026-11-25T10:00:00Z" or "...+02:00": the local calendar as RTC seconds and the zone in
// quarter hours, as AT+CCLK would set them.
void load_rtc_time(const YamlReader& yaml, const YAML::Node& node, std::int64_t& seconds, int& tz_quarters);

// The steps (step_loader.cpp).
std::vector<Step> load_steps(const YamlReader& yaml, const YAML::Node& node, const std::string& folder, int depth = 0);

}  // namespace q2686::scenario
