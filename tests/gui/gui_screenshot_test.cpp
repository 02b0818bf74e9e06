// The GUI renders for real: `q2686emu gui --story --screenshot FILE --after T` under Xvfb, then
// the PNG is read back (libpng) and checked against the panel rectangles the GUI wrote beside
// it (FILE.panels.json) — OCR-free:
//   * the picture has the window's size and is not blank (many distinct colours);
//   * every panel is there, and inside its rectangle there are text pixels (light glyphs on
//     the dark theme) and its title bar (ImGui's dark-theme title colours);
//   * known pixels tell the story's state: the Clock panel's RTC tick is red (255,70,70) while
//     the RTC is outside the server certificate's validity window (the failure, at 9 s) and its
//     validity band green (60,150,60) once AT+CCLK has set it (the end of the story).
#include <gtest/gtest.h>
#include <png.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
    const std::uint8_t* at(int x, int y) const {
        return rgba.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
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

struct Shot {
    Image image;
    std::map<std::string, Rect> panels;
    std::string output;
};

Shot take(const std::string& after) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("q2686-gui-" + std::to_string(::getpid()) + "-" + after);
    std::filesystem::create_directories(dir);
    const std::string png = (dir / "shot.png").string();
    // LeakSanitizer off for the GUI process (ASan builds): X11, SDL, D-Bus and Mesa keep
    // allocations for the life of the process, which are not ours to free.
    const std::string command = "ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" xvfb-run -a -s '-screen 0 1920x1080x24' " +
                                std::string(Q2686_CLI) +
                                " gui --story --screenshot " + png + " --after " + after + " 2>&1";
    Shot shot;
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[512];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe)) shot.output += buffer;
    const int status = pipe ? ::pclose(pipe) : -1;
    EXPECT_EQ(status, 0) << command << "\n" << shot.output;
    EXPECT_TRUE(read_png(png, shot.image)) << "no readable PNG at " << png << "\n" << shot.output;
    std::ifstream json_file(png + ".panels.json");
    const nlohmann::json json = nlohmann::json::parse(json_file, nullptr, false);
    if (json.is_object())
        for (const auto& p : json["panels"])
            shot.panels[p["title"].get<std::string>()] = {static_cast<int>(p["x"].get<double>()), static_cast<int>(p["y"].get<double>()),
                                                          static_cast<int>(p["width"].get<double>()),
                                                          static_cast<int>(p["height"].get<double>())};
    std::filesystem::remove_all(dir);
    return shot;
}

void expect_real_rendering(const Shot& shot) {
    const Image& image = shot.image;
    EXPECT_EQ(image.width, 1920);
    EXPECT_EQ(image.height, 1048);
    std::set<std::uint32_t> colours;
    for (std::size_t i = 0; i + 3 < image.rgba.size(); i += 4 * 7)
        colours.insert(static_cast<std::uint32_t>(image.rgba[i] << 16 | image.rgba[i + 1] << 8 | image.rgba[i + 2]));
    EXPECT_GT(colours.size(), 50u) << "a blank or flat picture";
    for (const char* title : {"AT console", "Clock", "TLS handshake", "Network", "CPU", "Story"}) {
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
    EXPECT_NE(shot.output.find("screenshot"), std::string::npos) << shot.output;
}

}  // namespace
