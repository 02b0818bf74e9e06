// q2686emu-gui — the desktop front end: SDL2 + Dear ImGui panels over an EmulatorThread.
// `q2686emu gui ...` runs this program with the same arguments.
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "images/image_paths.h"
#include "base/duration.h"
#include "base/input_error.h"
#include "emulator_thread.h"
#include "panels/panels.h"
#include "scenario/scenario_loader.h"
#include "screenshot.h"
#include "tls/server/tls_server_spec.h"
#include "version.h"

namespace {

using namespace q2686;
using namespace q2686::gui;

struct GuiOptions {
    std::string firmware;
    std::vector<std::string> tls_servers;
    std::string pki_cache;
    std::string scenario;
    bool story = false;
    bool no_battery = false;
    std::string speed = "1";
    std::string screenshot;
    std::string after = "30s";
    int width = 0, height = 0;  // 0: 1920×1048, or the display's usable area if smaller
};

// The smallest window the layout is made for (SDL_SetWindowMinimumSize).
constexpr int kMinWidth = 1024, kMinHeight = 640;

// SIGTERM / SIGINT: leave the frame loop (SDL's own handlers are off so that a blocked event
// queue cannot delay it).
std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) {
    g_stop = true;
}

// Where ImGui keeps the user's panel arrangement: $XDG_CONFIG_HOME/q2686emu/gui.ini, or
// ~/.config/q2686emu/gui.ini; empty (no ini) if neither can be made.
std::string ini_path() {
    std::filesystem::path dir;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        dir = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = std::filesystem::path(home) / ".config";
    else
        return "";
    dir /= "q2686emu";
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return "";
    return (dir / "gui.ini").string();
}

// SDL's drivers that draw nowhere: fine for --screenshot, a window nobody sees otherwise.
bool offscreen_driver(const char* name) {
    const std::string driver = name ? name : "";
    return driver == "offscreen" || driver == "dummy";
}

// DejaVu Sans Mono (Debian fonts-dejavu-core) for the arrows, ticks and dashes the panels use;
// ImGui's built-in font (ASCII only) if it is not there.
void load_font() {
    const char* path = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
    ImGuiIO& io = ImGui::GetIO();
    if (!std::filesystem::exists(path)) return;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x21FF, 0x2500, 0x25FF, 0x2713, 0x2717, 0};
    io.Fonts->AddFontFromFileTTF(path, 15.0f, nullptr, ranges);
}

EmulatorSetup setup_from(const GuiOptions& o, Cycles screenshot_at) {
    EmulatorSetup setup;
    setup.modem.firmware = o.firmware.empty() ? images::default_firmware() : o.firmware;
    setup.modem.battery = !(o.no_battery || o.story);
    for (const std::string& text : o.tls_servers) {
        try {
            setup.network.tls_servers.push_back(parse_tls_server_spec(text));
        } catch (const std::invalid_argument& e) {
            throw InputError(fmt::format("--tls-server '{}': {}", text, e.what()));
        }
    }
    if (setup.network.tls_servers.empty()) {  // the story's two servers, valid around this year
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        const int year = utc.tm_year + 1900;
        for (const auto& [name, issuer] : {std::pair{"api.example.com", "ca"}, std::pair{"self.example.com", "self"}})
            setup.network.tls_servers.push_back(parse_tls_server_spec(
                fmt::format("{},issuer={},not-before={}-01-01,not-after={}-01-01", name, issuer, year - 1, year + 2)));
    }
    if (!o.pki_cache.empty()) setup.network.pki_cache = o.pki_cache;
    // The TLS dissector's AT+CCLK example: this host's time now, the time the modem should have.
    setup.network.host_clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
    if (o.speed == "max")
        setup.speed = 0;
    else
        try {
            setup.speed = std::stod(o.speed);
        } catch (const std::exception&) {
            throw InputError(fmt::format("--speed '{}': expected 1, 10 (a factor) or max", o.speed));
        }
    if (!o.screenshot.empty()) {  // screenshots are taken at an exact virtual instant
        setup.speed = 0;
        setup.pause_at = screenshot_at;
        setup.pause_when_script_done = o.story;
    }
    if (o.story) setup.script = seed_story();
    return setup;
}

// File ▸ Load scenario / Load firmware: a path typed in (or picked from the recent ones); the
// request is carried out after the frame.
struct FileMenuState {
    char scenario_path[512] = "";
    char firmware_path[512] = "";
    std::vector<std::string> recent_scenarios;  // newest first
    std::string firmware_status;
};
struct FileRequest {
    std::string scenario;  // load and run this scenario
    std::string firmware;  // boot this ELF
};

void remember(std::vector<std::string>& recent, const std::string& path) {
    std::erase(recent, path);
    recent.insert(recent.begin(), path);
    if (recent.size() > 8) recent.resize(8);
}

FileRequest draw_file_menu(FileMenuState& state, const std::string& scenario_error) {
    FileRequest request;
    if (!ImGui::BeginMenu("File")) return request;
    if (ImGui::BeginMenu("Load scenario…")) {
        ImGui::TextUnformatted("Run a scenario YAML (docs/scenarios.md) on a new modem, steps in the Scenario panel:");
        ImGui::SetNextItemWidth(480);
        const bool entered =
            ImGui::InputTextWithHint("##scenario", "tests/scenarios/rtc_lost_breaks_tls.yaml", state.scenario_path,
                                     sizeof state.scenario_path, ImGuiInputTextFlags_EnterReturnsTrue);
        if ((ImGui::Button("Load and run") || entered) && state.scenario_path[0])
            request.scenario = state.scenario_path;
        if (!scenario_error.empty()) ImGui::TextColored(kErrorColour, "%s", scenario_error.c_str());
        if (!state.recent_scenarios.empty()) {
            ImGui::Separator();
            ImGui::TextDisabled("Recent");
            for (const std::string& path : state.recent_scenarios)
                if (ImGui::MenuItem(path.c_str())) request.scenario = path;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Load firmware ELF…")) {
        ImGui::TextUnformatted("Boot another firmware ELF (a new modem; the story or scenario is not replayed):");
        ImGui::SetNextItemWidth(480);
        ImGui::InputTextWithHint("##elf", "path/to/firmware.elf", state.firmware_path, sizeof state.firmware_path);
        if (ImGui::Button("Load and power on") && state.firmware_path[0]) request.firmware = state.firmware_path;
        if (!state.firmware_status.empty()) ImGui::TextColored(kErrorColour, "%s", state.firmware_status.c_str());
        ImGui::EndMenu();
    }
    ImGui::EndMenu();
    return request;
}

int run(const GuiOptions& options) {
    const auto after_ns = parse_duration_ns(options.after);
    if (!after_ns) throw InputError(fmt::format("--after '{}': expected a duration like 30s", options.after));
    const EmulatorSetup setup = setup_from(options, ClockRate{}.from_ns(*after_ns));
    const bool screenshot_mode = !options.screenshot.empty();

    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    struct sigaction stop {};
    stop.sa_handler = on_stop_signal;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTERM, &stop, nullptr);
    sigaction(SIGINT, &stop, nullptr);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "q2686emu-gui: cannot start SDL video: %s (no display? try xvfb-run)\n", SDL_GetError());
        return 1;
    }
    if (!screenshot_mode && offscreen_driver(SDL_GetCurrentVideoDriver())) {
        std::fprintf(stderr,
                     "q2686emu-gui: cannot start SDL video: only the '%s' driver, which shows nothing "
                     "(no display? try xvfb-run)\n",
                     SDL_GetCurrentVideoDriver());
        SDL_Quit();
        return 1;
    }
    int width = options.width, height = options.height;
    SDL_Rect usable{};
    const bool have_bounds = SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0;
    if (width == 0) width = have_bounds && !screenshot_mode ? std::max(kMinWidth, std::min(1920, usable.w)) : 1920;
    if (height == 0) height = have_bounds && !screenshot_mode ? std::max(kMinHeight, std::min(1048, usable.h)) : 1048;
    SDL_Window* window =
        SDL_CreateWindow("q2686emu — Q2686 modem emulator", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width,
                         height, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (window) SDL_SetWindowMinimumSize(window, kMinWidth, kMinHeight);
    SDL_Renderer* renderer =
        window ? SDL_CreateRenderer(
                     window, -1,
                     screenshot_mode ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC)
               : nullptr;
    if (window && !renderer) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer) {
        std::fprintf(stderr, "q2686emu-gui: cannot open a window: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    // The user's arrangement of the panels is remembered there (the default layout applies only to
    // panels it does not know); screenshots always use the default layout.
    static const std::string ini = screenshot_mode ? "" : ini_path();
    ImGui::GetIO().IniFilename = ini.empty() ? nullptr : ini.c_str();
    ImGui::StyleColorsDark();
    load_font();
    ImGui_ImplSDL2_InitForSDLRenderer(window);
    ImGui_ImplSDLRenderer_Init(renderer);

    int result = 0;
    {
        EmulatorSetup current = setup;  // what a new modem is built from (firmware, servers, options)
        std::unique_ptr<EmulatorThread> emulator;
        FileMenuState files;
        ScenarioPanelState scenario_state;
        // A scenario on the command line: loaded before anything runs, so a bad file is reported
        // as `q2686emu scenario` reports it (FILE:LINE:COL) — the exit code 2 in screenshot mode,
        // the Scenario panel otherwise (with a free modem running).
        if (!options.scenario.empty()) {
            remember(files.recent_scenarios, options.scenario);
            try {
                EmulatorSetup with = setup;
                with.scenario = scenario::load_scenario_file(options.scenario, setup.modem.machine.clock);
                emulator = std::make_unique<EmulatorThread>(std::move(with));
            } catch (const InputError& e) {
                if (screenshot_mode) throw;
                scenario_state.load_error = e.what();
            }
        }
        if (!emulator) emulator = std::make_unique<EmulatorThread>(setup);
        AtConsoleState console;
        ClockPanelState clock_state;
        NetworkPanelState network_state;
        PanelRecords record;
        StepBadges badges;
        int frames_after_shot_time = -1;
        for (bool quit = false; !quit;) {
            if (g_stop) break;
            SDL_Event event;
            while (SDL_PollEvent(&event)) {
                ImGui_ImplSDL2_ProcessEvent(&event);
                if (event.type == SDL_QUIT) quit = true;
            }
            EmulatorThread& emu = *emulator;
            const GuiSnapshot s = emu.snapshot();
            ImGui_ImplSDLRenderer_NewFrame();
            ImGui_ImplSDL2_NewFrame();
            ImGui::NewFrame();
            FileRequest request;
            if (ImGui::BeginMainMenuBar()) {
                request = draw_file_menu(files, scenario_state.load_error);
                ImGui::Separator();
                ImGui::Text("%s   RTC %s   %.3f s virtual   %s", s.powered ? "ON" : "OFF", s.cclk.c_str(),
                            s.virtual_seconds, s.fault ? "FIRMWARE FAULT (see CPU)" : "");
                ImGui::EndMainMenuBar();
            }
            record.clear();  // only the panels drawn this frame (the Story or the Scenario panel)
            badges.clear();
            draw_at_console(s, emu, console, record);
            draw_clock_panel(s, emu, clock_state, record);
            draw_tls_panel(s, record);
            draw_network_panel(s, emu, network_state, record);
            draw_cpu_panel(s, emu, record);
            draw_story_panel(s, record);
            draw_scenario_panel(s, scenario_state, record, badges);
            ImGui::Render();
            SDL_SetRenderDrawColor(renderer, 24, 24, 28, 255);
            SDL_RenderClear(renderer);
            ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
            if (screenshot_mode) {
                // Two frames once the time has come: ImGui lays a window out in the frame after
                // it first appears, and the snapshot must hold the final state.
                if (frames_after_shot_time < 0 && (s.paused || s.fault))
                    frames_after_shot_time = 0;
                else if (frames_after_shot_time >= 0 && ++frames_after_shot_time == 2) {
                    const std::string error = save_screenshot(renderer, options.screenshot, record, badges);
                    if (!error.empty()) {
                        std::fprintf(stderr, "q2686emu-gui: %s\n", error.c_str());
                        result = 1;
                    } else {
                        std::printf("screenshot %s at %.3f s virtual\n", options.screenshot.c_str(), s.virtual_seconds);
                    }
                    quit = true;
                }
                if (frames_after_shot_time < 0) emu.wait_paused();
            }
            SDL_RenderPresent(renderer);
            if (!request.scenario.empty()) {
                // A new modem runs the scenario; the old one keeps running if the file is refused.
                remember(files.recent_scenarios, request.scenario);
                try {
                    EmulatorSetup next = current;
                    next.script.clear();
                    next.pause_at = kNever;
                    next.pause_when_script_done = false;
                    next.speed = s.speed;
                    next.scenario = scenario::load_scenario_file(request.scenario, current.modem.machine.clock);
                    emulator.reset();  // one modem at a time: the scenario's servers may bind the same ports
                    emulator = std::make_unique<EmulatorThread>(std::move(next));
                    scenario_state.load_error.clear();
                } catch (const InputError& e) {
                    scenario_state.load_error = e.what();
                }
            }
            if (!request.firmware.empty()) {
                // A new modem with the same servers and options; the old one keeps running if
                // the image is refused (the error says why).
                EmulatorSetup next = current;
                next.modem.firmware = request.firmware;
                next.script.clear();
                next.pause_at = kNever;
                next.pause_when_script_done = false;
                next.speed = s.speed;
                try {
                    auto replacement = std::make_unique<EmulatorThread>(next);
                    emulator = std::move(replacement);
                    current.modem.firmware = request.firmware;
                    files.firmware_status.clear();
                } catch (const std::exception& e) {
                    files.firmware_status = e.what();
                }
            }
        }
    }
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "q2686emu-gui — desktop debugging front end of the Q2686 emulator (SDL2 + Dear ImGui).\n"
        "Panels: AT console, clock (RTC vs host, validity windows), TLS handshake, network, CPU.\n"
        "By default two built-in HTTPS servers run: api.example.com (CA-issued) and self.example.com\n"
        "(self-signed). docs/gui.md walks through a debugging session.",
        "q2686emu-gui"};
    GuiOptions o;
    app.add_option("--firmware", o.firmware, "Firmware ELF (default: q2686_app.elf)");
    app.add_flag("--story", o.story, "Play the \"Bad certificate\" story (dead backup battery, then AT+CCLK)");
    app.add_option("--scenario", o.scenario,
                   "Run a scenario YAML (docs/scenarios.md) with its steps in the Scenario panel; a bad file: "
                   "FILE:LINE:COL in the panel (exit code 2 with --screenshot)")
        ->excludes("--story");
    app.add_flag("--no-battery", o.no_battery, "Start without the RTC backup battery");
    app.add_option("--tls-server", o.tls_servers,
                   "Built-in HTTPS server NAME[:PORT][,KEY=VALUE...] (see q2686emu at --help)");
    app.add_option("--pki-cache", o.pki_cache, "Folder of the test PKI (default: ~/.cache/q2686emu/pki)");
    app.add_option("--speed", o.speed, "Speed: 1 (real time), 10, any factor, or max")->capture_default_str();
    app.add_option("--screenshot", o.screenshot,
                   "Run at full speed, write a PNG of the window (and FILE.panels.json) at --after, and exit");
    app.add_option("--after", o.after,
                   "Virtual time of the screenshot (with --story or --scenario: or when it ends, if earlier)")
        ->capture_default_str();
    app.set_version_flag("--version", std::string("q2686emu-gui ") + Q2686_VERSION);
    app.add_option("--width", o.width, "Window width (default 1920, or the display's usable width if smaller)")
        ->check(CLI::Range(kMinWidth, 16384));
    app.add_option("--height", o.height, "Window height (default 1048, or the display's usable height if smaller)")
        ->check(CLI::Range(kMinHeight, 16384));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        return run(o);
    } catch (const InputError& e) {
        std::fprintf(stderr, "q2686emu-gui: error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "q2686emu-gui: error: %s\n", e.what());
        return 2;
    }
}
