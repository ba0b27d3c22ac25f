#pragma once
// Parsing of recommendation requests (api-reference.md section 2) into a plain value.
// Pure: no storage, no model; the engine resolves what the request names.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recod/config/config.hpp"
#include "recod/util/query.hpp"
#include "recod/util/status.hpp"

namespace recod::reco {

enum class Format : std::uint8_t { kJson, kJsonp };
enum class DocumentVersion : std::uint8_t { kV2, kLegacy };

/// Where a context item comes from: the request itself, or the user's own history.
enum class ItemSource : std::uint8_t { kRequest, kClick, kConsume, kBuy, kRate, kBasket };

/// "REQUEST", "CLICK", "CONSUME", "BUY", "RATE", "BASKET" (the `source` of documents).
[[nodiscard]] std::string_view source_name(ItemSource s) noexcept;

inline constexpr std::size_t kMaxNumrecs = 50;
inline constexpr std::size_t kMaxContextItems = 100;
inline constexpr std::size_t kMaxCallbackLength = 128;

struct RecoRequest {
  std::string customer;
  std::string user_id;   ///< decoded
  std::string scenario;  ///< without the extension
  DocumentVersion version = DocumentVersion::kV2;
  Format format = Format::kJson;
  std::size_t numrecs = 10;
  std::vector<std::string> context_items;   ///< explicit ids (canonical), REQUEST
  std::vector<ItemSource> history_sources;  ///< history codes, in request order, no duplicates
  std::optional<std::uint32_t> output_type;
  bool cross_content_type = false;
  std::vector<std::string> category_paths;  ///< normalised; empty = whole site
  bool use_context_category_path = false;
  bool recommend_category = false;
  std::vector<std::string> attributes;
  std::string jsonp_callback = "jsonpCallback";
};

/// True for paths of recommendation requests: /api/v2/{cid}/{uid}/{scenario}[.ext] and
/// /{solution}/{cid}/{uid}/{scenario}.json|.jsonp|.xml.
[[nodiscard]] bool is_recommendation_path(std::span<const std::string_view> segments) noexcept;

/// Parses a recommendation request from its raw path segments and decoded parameters.
/// NotFound for an unknown customer; InvalidArgument (400) naming the bad parameter for
/// the rest. Whether the scenario exists is checked by the caller.
[[nodiscard]] Result<RecoRequest> parse_reco_request(std::span<const std::string_view> segments,
                                                     const util::QueryParams& params,
                                                     const config::Config& config);

/// True if `name` is a JavaScript identifier path ("cb", "obj.fn", "$x_1"): ASCII identifier
/// characters only, so that a JSONP callback cannot carry script. At most 128 characters.
[[nodiscard]] bool is_valid_jsonp_callback(std::string_view name) noexcept;

}  // namespace recod::reco
