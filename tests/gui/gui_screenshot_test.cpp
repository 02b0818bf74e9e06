// The GUI renders for real: `q2686emu gui --story --screenshot FILE --after T` (or --scenario
// FILE) under Xvfb, then the PNG is read back (libpng) and checked against the panel rectangles
// the GUI wrote beside it (FILE.panels.json) — OCR-free:
//   * the picture has the window's size and is not blank (many distinct colours);
//   * every panel is there, and inside its rectangle there are text pixels (light glyphs on
//     the dark theme) and its title bar (ImGui's dark-theme title colours);
//   * known pixels tell the story's state: the Clock panel's RTC tick is red (255,70,70) while
//     the RTC is outside the server certificate's validity window (the failure, at 9 s) and its
//     validity band green (60,150,60) once AT+CCLK has set it (the end of the story);
//   * a scenario's steps: the Scenario panel draws a state badge per step, whose rectangle and
//     state the GUI lists in FILE.panels.json ("scenario_steps"); the badge's pixels must have
//     that state's colour, and the states must be the run's (passed up to the step running at
//     the screenshot's instant, pending after it; failed and skipped after a failure).
#include <gtest/gtest.h>
#include <png.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <iterator>
#include <tuple>
#include <utility>

namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
    const std::uint8_t* at(int x, int y) const {
        return rgba.data() +
               (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
    }
};

bool read_png(const std::string& path, Image& image) {
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&png, path.c_str())) return false;
    png.format = PNG_FORMAT_RGBA;
    image.width = static_cast<int>(png.width);
    image.height = static_cast<int>(png.height);
    image.rgba.resize(PNG_IMAGE_SIZE(png));
    return png_image_finish_read(&png, nullptr, image.rgba.data(), 0, nullptr) != 0;
}

struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
};

// Pixels in `r` for which `test` holds.
template <typename Test>
int count(const Image& image, const Rect& r, Test test) {
    int n = 0;
    for (int y = std::max(0, r.y); y < std::min(image.height, r.y + r.height); ++y)
        for (int x = std::max(0, r.x); x < std::min(image.width, r.x + r.width); ++x)
            if (test(image.at(x, y))) ++n;
    return n;
}

bool near(const std::uint8_t* p, int r, int g, int b, int tolerance = 12) {
    return std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance && std::abs(p[2] - b) <= tolerance;
}

struct Badge {
    std::string label, state;
    Rect rect;
};

struct Widget {
    std::string text;
    Rect rect;
};

// A panel or a child region in one, and the x where its text wraps.
struct TextArea {
    Rect rect;
    int wrap_right = 0;
};

struct Shot {
    Image image;
    std::map<std::string, Rect> panels;
    std::vector<Badge> steps;
    std::map<std::string, TextArea> text_areas;
    std::map<std::string, Widget> widgets;
    std::string output;
    int status = -1;
};

Rect rect_of(const nlohmann::json& j) {
    return {static_cast<int>(j["x"].get<double>()), static_cast<int>(j["y"].get<double>()),
            static_cast<int>(j["width"].get<double>()), static_cast<int>(j["height"].get<double>())};
}

std::filesystem::path scratch_dir(const std::string& tag) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("q2686-gui-" + std::to_string(::getpid()) + "-" + tag);
    std::filesystem::create_directories(dir);
    return dir;
}

// Runs `COMMAND` through the shell, with its output and exit status.
std::pair<std::string, int> shell(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[512];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    const int status = pipe ? ::pclose(pipe) : -1;
    return {output, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// Runs `q2686emu gui ARGS --screenshot DIR/shot.png` under Xvfb (or, with `display` false, with
// no display at all: SDL's off-screen driver) and reads what it wrote.
Shot run_gui(const std::string& args, const std::string& tag, bool display = true) {
    const std::filesystem::path dir = scratch_dir(tag);
    const std::string png = (dir / "shot.png").string();
    // LeakSanitizer off for the GUI process (ASan builds): X11, SDL, D-Bus and Mesa keep
    // allocations for the life of the process, which are not ours to free. xvfb-run -a looks
    // for a free display from -n on, and two started at once from the same number can both
    // pick it; starting each test process from its own number keeps parallel runs apart.
    const std::string server = display ? "xvfb-run -a -n " + std::to_string(100 + ::getpid() % 800) +
                                             " -s '-screen 0 1920x1080x24' "
                                       : "env -u DISPLAY -u WAYLAND_DISPLAY ";
    const std::string command = "ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" " + server + std::string(Q2686_CLI) +
                                " gui " + args + " --screenshot " + png + " 2>&1";
    Shot shot;
    std::tie(shot.output, shot.status) = shell(command);
    read_png(png, shot.image);
    std::ifstream json_file(png + ".panels.json");
    const nlohmann::json json = nlohmann::json::parse(json_file, nullptr, false);
    if (json.is_object()) {
        for (const auto& p : json["panels"]) shot.panels[p["title"].get<std::string>()] = rect_of(p);
        if (json.contains("scenario_steps"))
            for (const auto& b : json["scenario_steps"])
                shot.steps.push_back({b["label"].get<std::string>(), b["state"].get<std::string>(), rect_of(b)});
        if (json.contains("text_areas"))
            for (const auto& a : json["text_areas"])
                shot.text_areas[a["name"].get<std::string>()] = {rect_of(a),
                                                                 static_cast<int>(a["wrap_right"].get<double>())};
        if (json.contains("widgets"))
            for (const auto& w : json["widgets"])
                shot.widgets[w["name"].get<std::string>()] = {w["text"].get<std::string>(), rect_of(w)};
    }
    std::filesystem::remove_all(dir);
    return shot;
}

Shot take(const std::string& args, const std::string& tag) {
    Shot shot = run_gui(args, tag);
    EXPECT_EQ(shot.status, 0) << args << "\n" << shot.output;
    EXPECT_GT(shot.image.width, 0) << "no readable PNG\n" << shot.output;
    return shot;
}

Shot take(const std::string& after) {
    return take("--story --after " + after, after);
}

void expect_real_rendering(const Shot& shot, const char* script_panel = "Story", int width = 1920, int height = 1048) {
    const Image& image = shot.image;
    EXPECT_EQ(image.width, width);
    EXPECT_EQ(image.height, height);
    std::set<std::uint32_t> colours;
    for (std::size_t i = 0; i + 3 < image.rgba.size(); i += 4 * 7)
        colours.insert(static_cast<std::uint32_t>(image.rgba[i] << 16 | image.rgba[i + 1] << 8 | image.rgba[i + 2]));
    EXPECT_GT(colours.size(), 50u) << "a blank or flat picture";
    for (const char* title : {"AT console", "Clock", "TLS handshake", "Network", "CPU", script_panel}) {
        ASSERT_TRUE(shot.panels.count(title)) << "panel " << title << " was not drawn";
        const Rect r = shot.panels.at(title);
        // Glyphs: bright in at least one channel (white, green, amber, red, grey text) against the
        // theme's window background (15,15,15).
        const int text = count(image, r, [](const std::uint8_t* p) { return std::max({p[0], p[1], p[2]}) > 120; });
        EXPECT_GT(text, 1000) << "no text in panel " << title;
        // ImGui dark theme: TitleBg (10,10,10), TitleBgActive (41,74,122).
        const int title_bar = count(image, {r.x + 2, r.y + 2, r.width - 4, 12}, [](const std::uint8_t* p) {
            return near(p, 10, 10, 10, 6) || near(p, 41, 74, 122, 6);
        });
        EXPECT_GT(title_bar, r.width) << "no title bar on panel " << title;
    }
}

TEST(GuiScreenshot, TheFailureShowsTheRtcOutsideTheCertificateWindow) {
    const Shot shot = take("9s");
    expect_real_rendering(shot);
    ASSERT_TRUE(shot.panels.count("Clock"));
    const Rect clock = shot.panels.at("Clock");
    EXPECT_GT(count(shot.image, clock, [](const std::uint8_t* p) { return near(p, 255, 70, 70, 8); }), 20)
        << "the red RTC tick: outside the validity window";
    EXPECT_EQ(count(shot.image, clock, [](const std::uint8_t* p) { return near(p, 60, 150, 60, 4); }), 0)
        << "no window contains the RTC yet";
}

TEST(GuiScreenshot, AfterTheStoryTheRtcIsInsideTheWindow) {
    const Shot shot = take("60s");
    expect_real_rendering(shot);
    ASSERT_TRUE(shot.panels.count("Clock"));
    const Rect clock = shot.panels.at("Clock");
    EXPECT_GT(count(shot.image, clock, [](const std::uint8_t* p) { return near(p, 60, 150, 60, 4); }), 1000)
        << "the green validity band: the RTC is inside";
    // The RTC was set to the host's time: the host clock's blue triangles (120,180,255) must still
    // show where its tick coincides with the RTC's.
    EXPECT_GT(count(shot.image, clock, [](const std::uint8_t* p) { return near(p, 120, 180, 255, 8); }), 60)
        << "the host clock hidden behind the RTC tick";
    EXPECT_NE(shot.output.find("screenshot"), std::string::npos) << shot.output;
}

// The Scenario panel's badge colours (gui/panels/script_panels.cpp badge_colour).
const std::map<std::string, std::array<int, 3>> kBadgeColours = {{"pending", {110, 110, 110}},
                                                                 {"running", {240, 180, 20}},
                                                                 {"passed", {40, 160, 40}},
                                                                 {"failed", {230, 40, 40}},
                                                                 {"skipped", {70, 70, 100}}};

// Every badge listed is drawn in its state's colour, inside the Scenario panel.
void expect_badges_drawn(const Shot& shot) {
    ASSERT_TRUE(shot.panels.count("Scenario"));
    const Rect panel = shot.panels.at("Scenario");
    for (const Badge& b : shot.steps) {
        ASSERT_TRUE(kBadgeColours.count(b.state)) << b.state;
        const auto& [r, g, bl] = kBadgeColours.at(b.state);
        EXPECT_GE(b.rect.x, panel.x);
        EXPECT_LE(b.rect.y + b.rect.height, panel.y + panel.height) << b.label;
        const int area = b.rect.width * b.rect.height;
        EXPECT_GT(area, 60) << b.label;
        EXPECT_GT(count(shot.image, b.rect, [&](const std::uint8_t* p) { return near(p, r, g, bl, 6); }), area * 8 / 10)
            << "the badge of '" << b.label << "' is not drawn " << b.state;
    }
}

std::vector<std::string> states(const Shot& shot) {
    std::vector<std::string> out;
    for (const Badge& b : shot.steps) out.push_back(b.state);
    return out;
}

// tests/scenarios/rtc_lost_breaks_tls.yaml: the handshake fails on the 1998 clock (expected),
// AT+CCLK fixes it, the second handshake succeeds; at 30 s the 2 h wait is running.
TEST(GuiScreenshot, TheScenarioPanelShowsTheBadClockScenarioStepsTickingBy) {
    const Shot shot =
        take(std::string("--scenario ") + Q2686_SCENARIO_DIR + "/rtc_lost_breaks_tls.yaml --after 30s", "scenario");
    expect_real_rendering(shot, "Scenario");
    ASSERT_EQ(shot.steps.size(), 18u) << shot.output;
    std::vector<std::string> expected(10, "passed");
    expected.push_back("running");
    expected.resize(18, "pending");
    EXPECT_EQ(states(shot), expected);
    EXPECT_EQ(shot.steps[5].label, "expect-tls: not-yet-valid");
    EXPECT_EQ(shot.steps[10].label, "wait: 2h");
    expect_badges_drawn(shot);
    EXPECT_NE(shot.output.find("at 30.000 s virtual"), std::string::npos) << shot.output;
}

// A scenario that expects the handshake to succeed on a lost clock: the step fails with the
// runner's message (red text under it), the rest is skipped, and the run ends before --after.
TEST(GuiScreenshot, AFailedScenarioStepIsMarkedWithTheRunnersMessage) {
    const std::filesystem::path dir = scratch_dir("failing-scenario");
    const std::string file = (dir / "lost_clock_expects_ok.yaml").string();
    std::ofstream(file) << "name: handshake on a lost clock\n"
                           "modem: {battery: false}\n"
                           "server:\n"
                           "  host: api.example.com\n"
                           "  cert: {not_before: 2025-01-01, not_after: 2027-01-01, issuer: ca}\n"
                           "steps:\n"
                           "  - power: on\n"
                           "  - tls-connect: {verify: always}\n"
                           "  - expect-tls: {outcome: ok, within: 60s}\n"
                           "  - send: 'AT+CCLK?'\n";
    const Shot shot = take("--scenario " + file + " --after 120s", "failing");
    std::filesystem::remove_all(dir);
    expect_real_rendering(shot, "Scenario");
    EXPECT_EQ(states(shot), (std::vector<std::string>{"passed", "passed", "failed", "skipped"})) << shot.output;
    expect_badges_drawn(shot);
    ASSERT_TRUE(shot.panels.count("Scenario"));
    const Rect panel = shot.panels.at("Scenario");
    // kErrorColour (255,102,102): the FAILED summary and the failure message.
    EXPECT_GT(count(shot.image, panel, [](const std::uint8_t* p) { return near(p, 255, 102, 102, 30); }), 300)
        << "no failure text in the Scenario panel";
    EXPECT_EQ(shot.output.find("at 120.000 s virtual"), std::string::npos) << "the run should end before --after";
}

// `q2686emu gui OPTION FILE --screenshot ...` with FILE holding `content` must exit 2 with
// `message` (FILE followed by it) before any window is drawn.
void expect_refused(const std::string& option, const std::string& name, const std::string& content,
                    const std::string& message) {
    const std::filesystem::path dir = scratch_dir("refused-" + name);
    const std::string file = (dir / name).string();
    std::ofstream(file) << content;
    // No display needed: the file is refused before any window (and a busy machine's Xvfb
    // start-up cannot get in the way of the exit code).
    const Shot shot = run_gui(option + " " + file, "refused", false);
    std::filesystem::remove_all(dir);
    EXPECT_EQ(shot.status, 2) << shot.output;
    EXPECT_NE(shot.output.find(file + message), std::string::npos) << shot.output;
    EXPECT_EQ(shot.image.width, 0) << "no screenshot for a file that did not load";
}

// A scenario file with a mistake: the loader's FILE:LINE:COL message and exit code 2, nothing run.
TEST(GuiScreenshot, ABadScenarioFileExitsWith2AndNamesItsLine) {
    expect_refused("--scenario", "bad.yaml", "name: bad\nsteps:\n  - power: on\n  - bogus: 3\n",
                   ":4:5: unknown step 'bogus'");
}

// A firmware image the loader refuses (File ▸ Load firmware ELF… builds the modem the same way):
// its reason and exit code 2.
TEST(GuiScreenshot, AFirmwareTheLoaderRefusesExitsWith2AndSaysWhy) {
    expect_refused("--firmware", "firmware.elf", "not an ELF file\n", ": not an ELF file");
}

// The default layout at the window's size: every panel whole inside the window (below the
// menu bar), none overlapping another, the picture the window's size.
void expect_laid_out(int width, int height) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    const Shot shot =
        take("--story --after 9s --width " + std::to_string(width) + " --height " + std::to_string(height),
             "layout-" + size);
    expect_real_rendering(shot, "Story", width, height);
    ASSERT_EQ(shot.panels.size(), 6u) << shot.output;
    for (const auto& [title, r] : shot.panels) {
        EXPECT_GE(r.x, 0) << title << " at " << size;
        EXPECT_GE(r.y, 15) << title << " under the menu bar at " << size;
        EXPECT_LE(r.x + r.width, width) << title << " past the right edge at " << size;
        EXPECT_LE(r.y + r.height, height) << title << " past the bottom at " << size;
        EXPECT_GT(r.width, width / 5) << title;
        EXPECT_GT(r.height, height / 5) << title;
    }
    for (auto a = shot.panels.begin(); a != shot.panels.end(); ++a)
        for (auto b = std::next(a); b != shot.panels.end(); ++b) {
            const Rect& p = a->second;
            const Rect& q = b->second;
            const bool apart =
                p.x + p.width <= q.x || q.x + q.width <= p.x || p.y + p.height <= q.y || q.y + q.height <= p.y;
            EXPECT_TRUE(apart) << a->first << " overlaps " << b->first << " at " << size;
        }
}

TEST(GuiLayout, EveryPanelIsOnScreenAt1366x768) {
    expect_laid_out(1366, 768);
}
TEST(GuiLayout, EveryPanelIsOnScreenAt1920x1080) {
    expect_laid_out(1920, 1080);
}

std::string window_size(int width, int height) {
    return "--width " + std::to_string(width) + " --height " + std::to_string(height);
}

// Text wraps at a panel's edge instead of running under it. ImGui wraps text at the content
// region's right edge (`wrap_right`, which the GUI lists for each panel and child region) but
// clips unwrapped text only at the window's clip rectangle, half the window padding (4 px)
// further right — so glyph pixels in that 4-px strip are text cut off at the edge. Glyphs are
// brighter than 140 in some channel (the dimmest text colour, kNoteColour, is 153); frames and
// scrollbar grabs (79/105/130 grey) are not. A panel's title bar and resize-grip rows are left
// out. At 9 s the story's long lines are all there: the TLS failure and its dissector steps, the
// +TLSERR line in the AT console, the Clock's explanation.
void expect_text_inside_the_panels(int width, int height) {
    const Shot shot = take("--story --after 9s " + window_size(width, height),
                           "wrap-" + std::to_string(width) + "x" + std::to_string(height));
    expect_real_rendering(shot, "Story", width, height);
    EXPECT_GE(shot.text_areas.size(), 9u) << "six panels and three child regions";
    for (const auto& [name, area] : shot.text_areas) {
        const int margin = name.find('/') == std::string::npos ? 24 : 4;
        const Rect strip{area.wrap_right + 1, area.rect.y + margin, 3, area.rect.height - 2 * margin};
        const int cut = count(shot.image, strip, [](const std::uint8_t* p) { return std::max({p[0], p[1], p[2]}) > 140; });
        EXPECT_EQ(cut, 0) << "text cut off at the right edge of " << name << " at " << width << "x" << height;
    }
}

TEST(GuiDetail, TextWrapsAtThePanelEdgesAt1366x768) {
    expect_text_inside_the_panels(1366, 768);
}
TEST(GuiDetail, TextWrapsAtThePanelEdgesAt1920x1080) {
    expect_text_inside_the_panels(1920, 1080);
}

// The Clock panel's zone field sits right of its "zone" label on the same line — the label is
// not covered by the field (it was by a slider's handle) and not left on another line.
TEST(GuiDetail, TheZoneFieldSitsBesideItsLabel) {
    for (const auto& [width, height] : {std::pair{1366, 768}, std::pair{1920, 1080}}) {
        const Shot shot = take("--story --after 2s " + window_size(width, height), "zone-" + std::to_string(width));
        ASSERT_TRUE(shot.widgets.count("Clock/zone label") && shot.widgets.count("Clock/zone field")) << shot.output;
        const Rect label = shot.widgets.at("Clock/zone label").rect, field = shot.widgets.at("Clock/zone field").rect;
        const Rect clock = shot.panels.at("Clock");
        EXPECT_LE(label.x + label.width, field.x) << "the field covers its label at " << width;
        EXPECT_LE(field.x - (label.x + label.width), 16) << "the field is far from its label at " << width;
        EXPECT_LE(std::abs((label.y + label.height / 2) - (field.y + field.height / 2)), 4) << "not on one line";
        EXPECT_LE(field.x + field.width, clock.x + clock.width) << "the field leaves the Clock panel at " << width;
        // The label is drawn: glyph pixels inside its rectangle.
        EXPECT_GT(count(shot.image, label, [](const std::uint8_t* p) { return std::max({p[0], p[1], p[2]}) > 140; }), 10);
    }
}

// The Set field starts at the host's time now (UTC, as AT+CCLK writes it), not a fixed date.
TEST(GuiDetail, TheSetFieldStartsAtTheHostsTimeNow) {
    const std::time_t before = std::time(nullptr);
    const Shot shot = take("--story --after 2s", "set-field");
    const std::time_t after = std::time(nullptr);
    ASSERT_TRUE(shot.widgets.count("Clock/Set field")) << shot.output;
    const Widget& field = shot.widgets.at("Clock/Set field");
    std::tm tm{};
    int zone = 99;
    ASSERT_EQ(std::sscanf(field.text.c_str(), "%2d/%2d/%2d,%2d:%2d:%2d%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                          &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zone),
              7)
        << "not an AT+CCLK time: '" << field.text << "'";
    EXPECT_EQ(zone, 0) << field.text;
    tm.tm_year += 100;  // yy: 2000 + yy
    tm.tm_mon -= 1;
    const std::time_t shown = timegm(&tm);
    EXPECT_GE(shown, before) << field.text;
    EXPECT_LE(shown, after) << field.text;
    EXPECT_GT(count(shot.image, field.rect, [](const std::uint8_t* p) { return std::max({p[0], p[1], p[2]}) > 140; }), 40)
        << "the field's text is not drawn";
}

std::string gui_binary() {
    return (std::filesystem::path(Q2686_CLI).parent_path() / "q2686emu-gui").string();
}

// No display (over ssh): the message docs/gui.md gives and exit 1 — not an invisible window on
// SDL's off-screen driver — and no ImGui ini file left in the working directory.
TEST(GuiNoDisplay, ExitsWith1AndSaysSoWithoutWritingAnIniFile) {
    const std::filesystem::path dir = scratch_dir("no-display");
    const std::filesystem::path config = dir / "config";
    const auto started = std::chrono::steady_clock::now();
    const auto [output, status] =
        shell("cd " + dir.string() + " && env -u DISPLAY -u WAYLAND_DISPLAY XDG_CONFIG_HOME=" + config.string() +
              " timeout 60 " + Q2686_CLI + " gui --story 2>&1");
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(status, 1) << output;
    EXPECT_NE(output.find("cannot start SDL video"), std::string::npos) << output;
    EXPECT_NE(output.find("(no display? try xvfb-run)"), std::string::npos) << output;
    EXPECT_LT(seconds, 20) << "it should give up at once";
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        EXPECT_NE(entry.path().extension(), ".ini") << entry.path();
    std::filesystem::remove_all(dir);
}

// --screenshot asks for no window anyone sees: without a display it renders on SDL's
// off-screen driver. (LeakSanitizer off for the GUI process, as in every GUI test: SDL and
// Mesa keep allocations to the end.)
TEST(GuiNoDisplay, AScreenshotNeedsNoDisplay) {
    const std::filesystem::path dir = scratch_dir("no-display-shot");
    const std::string png = (dir / "shot.png").string();
    const auto [output, status] =
        shell("cd " + dir.string() +
              " && ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" env -u DISPLAY -u WAYLAND_DISPLAY timeout 120 " +
              Q2686_CLI + " gui --story --after 9s --screenshot " + png + " 2>&1");
    EXPECT_EQ(status, 0) << output;
    EXPECT_TRUE(std::filesystem::exists(png)) << output;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        EXPECT_NE(entry.path().extension(), ".ini") << entry.path();
    std::filesystem::remove_all(dir);
}

// SIGTERM ends the GUI promptly; the panel arrangement is kept in $XDG_CONFIG_HOME/q2686emu,
// not in the working directory.
TEST(GuiNoDisplay, SigtermEndsItPromptlyAndTheIniGoesToTheConfigDir) {
    const std::filesystem::path dir = scratch_dir("sigterm");
    const std::filesystem::path config = dir / "config";
    // A saved arrangement: Network moved by the user (kept), Clock where a larger display had it
    // (brought back inside the 1366×768 window).
    std::filesystem::create_directories(config / "q2686emu");
    std::ofstream(config / "q2686emu" / "gui.ini") << "[Window][Network]\nPos=100,300\nSize=400,300\nCollapsed=0\n\n"
                                                      "[Window][Clock]\nPos=1500,900\nSize=560,330\nCollapsed=0\n\n";
    const std::string script = "cd " + dir.string() + " && XDG_CONFIG_HOME=" + config.string() + " " + gui_binary() +
                               " --story --width 1366 --height 768 & pid=$!; sleep 4; kill -TERM $pid; "
                               "t0=$(date +%s%N); wait $pid; rc=$?; t1=$(date +%s%N); "
                               "echo \"rc=$rc ms=$(( (t1 - t0) / 1000000 ))\"";
    const auto [output, status] = shell("ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" xvfb-run -a -n " +
                                        std::to_string(100 + (::getpid() + 401) % 800) +
                                        " -s '-screen 0 1920x1080x24' sh -c '" + script + "' 2>&1");
    EXPECT_EQ(status, 0) << output;
    const auto rc = output.find("rc=");
    ASSERT_NE(rc, std::string::npos) << output;
    EXPECT_EQ(output.substr(rc, 5), "rc=0 ") << output;
    const int ms = std::stoi(output.substr(output.find("ms=", rc) + 3));
    EXPECT_LT(ms, 3000) << output;
    EXPECT_TRUE(std::filesystem::exists(config / "q2686emu" / "gui.ini")) << output;
    std::ifstream ini_file(config / "q2686emu" / "gui.ini");
    const std::string ini((std::istreambuf_iterator<char>(ini_file)), std::istreambuf_iterator<char>());
    EXPECT_NE(ini.find("[Window][Network]\nPos=100,300\nSize=400,300\n"), std::string::npos) << ini;
    const auto clock = ini.find("[Window][Clock]\nPos=");
    ASSERT_NE(clock, std::string::npos) << ini;
    int x = 0, y = 0;
    ASSERT_EQ(std::sscanf(ini.c_str() + clock + 20, "%d,%d", &x, &y), 2) << ini;
    EXPECT_LE(x + 560, 1366) << ini;
    EXPECT_LE(y + 330, 768) << ini;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        EXPECT_NE(entry.path().extension(), ".ini") << entry.path();
    std::filesystem::remove_all(dir);
}

TEST(GuiCommandLine, VersionIsAccepted) {
    for (const std::string& command : {gui_binary() + " --version", std::string(Q2686_CLI) + " gui --version"}) {
        const auto [output, status] = shell(command + " 2>&1");
        EXPECT_EQ(status, 0) << command << "\n" << output;
        EXPECT_NE(output.find("q2686emu"), std::string::npos) << output;
    }
}

}  // namespace
