#include "recod/reco/document.hpp"

#include <charconv>

#include "recod/util/json_writer.hpp"
#include "recod/util/percent.hpp"

namespace recod::reco {
namespace {

using util::json_literals::operator""_key;

// The two tracking links of each recommended item, as JSON string literals:
//   //{host}/api/{customer}/{event}/{user}/{type}/{id}?scenario={scenario}&modelid={model}
//   &categorypath={first category path}&requestuuid={token}
// protocol-relative, always with a '?', because clients append "&lang=..".
//
// All but the item's type, id and model is the same for every item of a document: those
// parts are made once, here, in one string. Percent-encoded text (RFC 3986 unreserved bytes
// and '%') needs no JSON escaping, nor do the decimal type and the model name (lower-case
// letters and '_'); the host and the token, which come from elsewhere, are escaped. Every
// part escaped on its own ends with an ASCII character or ends the link, so the literal is
// the one of the whole link escaped at once.
class TrackingLinks {
 public:
  TrackingLinks(const RecoRequest& req, const LinkContext& ctx) {
    parts_.reserve(256);
    append_head("clickrecommended", req, ctx);
    const std::size_t click_end = parts_.size();
    append_head("rendered", req, ctx);
    const std::size_t rendered_end = parts_.size();
    parts_.append("?scenario=");
    util::percent_encode_into(parts_, req.scenario);
    parts_.append("&modelid=");
    const std::size_t query_end = parts_.size();
    parts_.append("&categorypath=");
    if (!req.category_paths.empty()) {
      util::percent_encode_into(parts_, req.category_paths.front());
    }
    parts_.append("&requestuuid=");
    util::append_json_escaped(parts_, ctx.token);
    parts_.push_back('"');
    // Views only now: parts_ does not move any more.
    const std::string_view all = parts_;
    click_head_ = all.substr(0, click_end);
    rendered_head_ = all.substr(click_end, rendered_end - click_end);
    scenario_query_ = all.substr(rendered_end, query_end - rendered_end);
    tail_ = all.substr(query_end);
  }

  /// The "links" object of `item`.
  void write(util::JsonWriter& w, const Recommendation& item) {
    // "{type}/{id}?scenario=..&modelid={model}&categorypath=..&requestuuid=.." and the quote:
    // the same in both links.
    item_tail_.clear();
    char type[10];  // the digits of a uint32
    item_tail_.append(type, std::to_chars(type, type + sizeof type, item.type).ptr);
    item_tail_.push_back('/');
    util::percent_encode_into(item_tail_, item.id);
    item_tail_.append(scenario_query_).append(config::model_name(item.model)).append(tail_);

    w.key("links"_key).begin_object();
    w.key("clickRecommended"_key).raw(click_head_, item_tail_);
    w.key("rendered"_key).raw(rendered_head_, item_tail_);
    w.end_object();
  }

 private:
  // The opening quote and "//{host}/api/{customer}/{event}/{user}/".
  void append_head(std::string_view event, const RecoRequest& req, const LinkContext& ctx) {
    parts_.append("\"//");
    util::append_json_escaped(parts_, ctx.event_host);
    parts_.append("/api/");
    util::percent_encode_into(parts_, req.customer);
    parts_.push_back('/');
    parts_.append(event);
    parts_.push_back('/');
    util::percent_encode_into(parts_, req.user_id);
    parts_.push_back('/');
  }

  std::string parts_;  // the four parts below, one after the other
  std::string_view click_head_;
  std::string_view rendered_head_;
  std::string_view scenario_query_;  // "?scenario={scenario}&modelid="
  std::string_view tail_;            // "&categorypath={path}&requestuuid={token}" and the quote
  std::string item_tail_;            // the current item's part of both links
};

void write_origin(util::JsonWriter& w, const Recommendation& item) {
  if (!item.origin_source) return;  // models without input (bestseller, most_clicked)
  w.key("origin"_key).begin_object();
  w.key("itemIds"_key).begin_array();
  for (const auto& id : item.origin_ids) w.item_id(id);
  w.end_array();
  w.key("itemType"_key).number(static_cast<std::int64_t>(item.origin_type));
  w.key("source"_key).string(source_name(*item.origin_source));
  w.end_object();
}

// "attributes": [{"key": "title", "values": [...]}] for the keys the request asked for, with
// the catalog's values (none for an item without a catalog record or without that key).
void write_attributes(util::JsonWriter& w, const RecoRequest& req, const Recommendation& item) {
  if (req.attributes.empty()) return;
  w.key("attributes"_key).begin_array();
  for (std::size_t k = 0; k < req.attributes.size(); ++k) {
    w.begin_object().key("key"_key).string(req.attributes[k]).key("values"_key).begin_array();
    if (k < item.attribute_values.size()) {
      for (const auto& v : item.attribute_values[k]) w.string(v);
    }
    w.end_array().end_object();
  }
  w.end_array();
}

}  // namespace

std::string_view event_host(std::string_view configured, std::string_view host_header) {
  if (!configured.empty()) return configured;
  if (host_header.empty() || host_header.size() > 255) return "localhost";
  for (char c : host_header) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return "localhost";
  }
  return host_header;
}

std::string render_v2(const RecoResult& result, const RecoRequest& req, const LinkContext& ctx) {
  std::string out;
  util::JsonWriter w(out, 256 + result.items.size() * 512);
  TrackingLinks links(req, ctx);
  w.begin_object();

  w.key("contextItems"_key).begin_array();
  for (const auto& c : result.context) {
    w.begin_object();
    w.key("itemType"_key).number(static_cast<std::int64_t>(c.type));
    w.key("itemId"_key).item_id(c.id);
    w.key("sources"_key).begin_array();
    for (const auto s : c.sources) w.string(source_name(s));
    w.end_array();
    w.key("viewers"_key).number(static_cast<std::int64_t>(c.viewers));
    w.end_object();
  }
  w.end_array();

  w.key("recommendationItems"_key).begin_array();
  for (const auto& item : result.items) {
    w.begin_object();
    w.key("itemType"_key).number(static_cast<std::int64_t>(item.type));
    w.key("itemId"_key).item_id(item.id);
    w.key("relevance"_key).number(static_cast<std::int64_t>(item.relevance));
    write_origin(w, item);
    if (req.recommend_category && !item.category.empty())
      w.key("category"_key).string(item.category);
    links.write(w, item);
    write_attributes(w, req, item);
    w.end_object();
  }
  w.end_array();

  w.key("recommendationToken"_key).string(ctx.token);
  w.end_object();
  w.finish();
  return out;
}

std::string render_legacy(const RecoResult& result, const RecoRequest& req) {
  std::string out;
  util::JsonWriter w(out, 64 + result.items.size() * 96);
  w.begin_object().key("recommendationResponseList"_key).begin_array();
  for (const auto& item : result.items) {
    w.begin_object();
    w.key("reason"_key).string(config::model_name(item.model));
    w.key("itemType"_key).number(static_cast<std::int64_t>(item.type));
    w.key("itemId"_key).item_id(item.id);
    w.key("relevance"_key).number(static_cast<std::int64_t>(item.relevance));
    if (req.recommend_category && !item.category.empty())
      w.key("category"_key).string(item.category);
    write_attributes(w, req, item);
    w.end_object();
  }
  w.end_array().end_object();
  w.finish();
  return out;
}

std::string wrap_jsonp(std::string_view callback, std::string_view document) {
  std::string out;
  out.reserve(callback.size() + document.size() + 3);
  out.append(callback).append("(").append(document).append(");");
  return out;
}

}  // namespace recod::reco
