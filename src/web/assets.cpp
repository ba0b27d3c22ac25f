#include "recod/web/assets.hpp"

#include <cstdint>
#include <string>

namespace recod::web {
namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// A strong ETag from the content (FNV-1a 64): the same bytes, the same tag, across restarts.
std::string etag_of(std::string_view data) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : data) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) tag.push_back(kHex[(h >> shift) & 0xf]);
  tag.push_back('"');
  return tag;
}

std::string_view canonical_path(std::string_view path) {
  if (path == "/demo" || path == "/demo/") return "/demo/index.html";
  if (path == "/dashboard" || path == "/dashboard/") return "/dashboard/index.html";
  return path;
}

}  // namespace

const Asset* find_asset(std::string_view path) noexcept {
  path = canonical_path(path);
  for (const auto& asset : embedded_assets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

void add_asset_routes(http::Router& router) {
  router.add(
      "assets", [](const http::Request& r) { return find_asset(r.path()) != nullptr; },
      [](const http::Request& request, http::Responder out) {
        if (request.method() != http::Method::kGet && request.method() != http::Method::kHead) {
          out.send(http::Response::text(405, "use GET").with_header("Allow", "GET, HEAD"));
          return;
        }
        const Asset& asset = *find_asset(request.path());
        const std::string etag = etag_of(asset.data);
        http::Response r;
        r.with_header("ETag", etag);
        r.with_header("Cache-Control", "no-cache");
        r.with_header("X-Content-Type-Options", "nosniff");
        if (request.header("If-None-Match") == etag) {
          r.status = 304;
          out.send(std::move(r));
          return;
        }
        r.content_type = std::string(asset.content_type);
        if (asset.content_type.starts_with("text/html")) {
          r.with_header("Content-Security-Policy", std::string(kContentSecurityPolicy));
        }
        r.body = std::string(asset.data);
        out.send(std::move(r));
      });
}

}  // namespace recod::web
