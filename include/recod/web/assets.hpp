#pragma once
// The web assets compiled into the binary (assets/ in the source tree): the JavaScript
// client, the demo shop and the dashboard. Only these files are ever served; there is no
// file system path behind them.

#include <span>
#include <string_view>

#include "recod/http/router.hpp"

namespace recod::web {

struct Asset {
  std::string_view path;          ///< URL path: "/js/recod.js"
  std::string_view content_type;  ///< from the file name's extension
  std::string_view data;
};

/// Every embedded asset (generated at build time).
[[nodiscard]] std::span<const Asset> embedded_assets() noexcept;

/// The asset served at `path` ("/demo" and "/demo/" are /demo/index.html, likewise
/// /dashboard), or nullptr.
[[nodiscard]] const Asset* find_asset(std::string_view path) noexcept;

/// GET and HEAD of every asset path, with an ETag (304 on If-None-Match), Cache-Control:
/// no-cache (a new binary is never shadowed by a cached asset) and, on pages, a
/// Content-Security-Policy that allows only same-origin resources.
void add_asset_routes(http::Router& router);

}  // namespace recod::web
