// Placeholder pictures for the seeded catalog, drawn on request so the demo store shows images
// with no internet connection.
#pragma once

#include <string>
#include <string_view>

#include "api/context.hpp"
#include "http/message.hpp"

namespace mercado::api::placeholders {

// GET /placeholders/{name}.svg: a 640x480 SVG in a colour derived from `name`, labelled with it.
http::Task<http::Response> get(ApiContext& context, http::Request& request);

// The SVG itself; `name` is a slug ("walnut-desk-2").
std::string render_svg(std::string_view name);

// The URL of the placeholder called `name` under `public_url`.
std::string url(std::string_view public_url, std::string_view name);

}  // namespace mercado::api::placeholders
