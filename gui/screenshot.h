// Screenshots for docs and CI (`q2686emu-gui --screenshot FILE`): the renderer's pixels as a
// PNG (libpng), and beside it FILE.panels.json with each panel's title and rectangle and each
// scenario step's state badge (label, state, rectangle), the text areas (rectangle and
// where text wraps) and the widgets recorded (name, text, rectangle), so a test can check the picture is a
// real rendering of the panels (tests/gui/gui_screenshot_test.cpp).
#pragma once

#include <SDL.h>

#include <string>

#include "panels/panels.h"

namespace q2686::gui {

// Returns an error message, empty on success.
std::string save_screenshot(SDL_Renderer* renderer, const std::string& path, const PanelRecords& record,
                            const StepBadges& badges);

}  // namespace q2686::gui
