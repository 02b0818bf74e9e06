#include "screenshot.h"

#include <png.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace q2686::gui {

namespace {

std::string write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba) {
    FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return "cannot create " + path;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(file);
        return "libpng failed writing " + path;
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y)
        png_write_row(png, const_cast<png_bytep>(rgba.data() +
                                                 static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 4));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return std::fclose(file) == 0 ? "" : "cannot write " + path;
}

}  // namespace

std::string save_screenshot(SDL_Renderer* renderer, const std::string& path, const PanelRecords& record,
                            const StepBadges& badges) {
    int width = 0, height = 0;
    if (SDL_GetRendererOutputSize(renderer, &width, &height) != 0) return SDL_GetError();
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, rgba.data(), width * 4) != 0)
        return std::string("reading the pixels: ") + SDL_GetError();
    if (std::string error = write_png(path, width, height, rgba); !error.empty()) return error;
    nlohmann::json panels = nlohmann::json::array();
    for (const auto& [title, r] : record.panels)
        panels.push_back({{"title", title}, {"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}});
    nlohmann::json steps = nlohmann::json::array();
    for (const StepBadge& b : badges)
        steps.push_back({{"label", b.label},
                         {"state", b.state},
                         {"x", b.rect.x},
                         {"y", b.rect.y},
                         {"width", b.rect.width},
                         {"height", b.rect.height}});
    nlohmann::json text_areas = nlohmann::json::array();
    for (const auto& [name, a] : record.text_areas)
        text_areas.push_back({{"name", name},
                              {"x", a.rect.x},
                              {"y", a.rect.y},
                              {"width", a.rect.width},
                              {"height", a.rect.height},
                              {"wrap_right", a.wrap_right}});
    nlohmann::json widgets = nlohmann::json::array();
    for (const auto& [name, w] : record.widgets)
        widgets.push_back({{"name", name},
                           {"text", w.text},
                           {"x", w.rect.x},
                           {"y", w.rect.y},
                           {"width", w.rect.width},
                           {"height", w.rect.height}});
    std::ofstream(path + ".panels.json") << nlohmann::json{{"width", width},      {"height", height},
                                                           {"panels", panels},    {"scenario_steps", steps},
                                                           {"text_areas", text_areas}, {"widgets", widgets}}
                                                .dump(2)
                                         << "\n";
    return "";
}

}  // namespace q2686::gui
