#pragma once
// Rendering a RecoResult as the documents of api-reference.md: the v2 document (2.3) with
// links and the recommendation token, the legacy document (2.5), and JSONP wrapping.
// Written straight into a string (util::JsonWriter); pure functions.

#include <span>
#include <string>
#include <string_view>

#include "recod/reco/engine.hpp"
#include "recod/reco/request.hpp"

namespace recod::reco {

/// What the v2 document needs beyond the result.
struct LinkContext {
  std::string_view event_host;  ///< host[:port] for the protocol-relative links
  std::string_view token;       ///< this response's recommendation token
};

/// The v2 document: contextItems, recommendationItems (with origin, links, category,
/// attributes), recommendationToken.
[[nodiscard]] std::string render_v2(const RecoResult& result, const RecoRequest& req,
                                    const LinkContext& ctx);

/// The legacy document: {"recommendationResponseList":[{"reason",...}]}.
[[nodiscard]] std::string render_legacy(const RecoResult& result, const RecoRequest& req);

/// `callback(document);` — the callback must have passed is_valid_jsonp_callback().
[[nodiscard]] std::string wrap_jsonp(std::string_view callback, std::string_view document);

/// The host for links: `configured` if set, else the request's Host header if it is a
/// plain host[:port], else "localhost" (a Host header cannot inject into a link).
[[nodiscard]] std::string_view event_host(std::string_view configured,
                                          std::string_view host_header);

}  // namespace recod::reco
