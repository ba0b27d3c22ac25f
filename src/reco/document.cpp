#include "recod/reco/document.hpp"

#include "recod/util/json_writer.hpp"
#include "recod/util/percent.hpp"

namespace recod::reco {
namespace {

// One tracking link of a recommended item: protocol-relative, always with a '?', because
// clients append "&lang=..".
std::string link(std::string_view event, const RecoRequest& req, const Recommendation& item,
                 const LinkContext& ctx) {
  std::string out = "//";
  out.append(ctx.event_host);
  out.append("/api/").append(util::percent_encode(req.customer));
  out.append("/").append(event).append("/");
  out.append(util::percent_encode(req.user_id));
  out.append("/").append(std::to_string(item.type));
  out.append("/").append(util::percent_encode(item.id));
  out.append("?scenario=").append(util::percent_encode(req.scenario));
  out.append("&modelid=").append(config::model_name(item.model));
  out.append("&categorypath=");
  if (!req.category_paths.empty()) out.append(util::percent_encode(req.category_paths.front()));
  out.append("&requestuuid=").append(ctx.token);
  return out;
}

void write_origin(util::JsonWriter& w, const Recommendation& item) {
  if (!item.origin_source) return;  // models without input (bestseller, most_clicked)
  w.key("origin").begin_object();
  w.key("itemIds").begin_array();
  for (const auto& id : item.origin_ids) w.item_id(id);
  w.end_array();
  w.key("itemType").number(static_cast<std::int64_t>(item.origin_type));
  w.key("source").string(source_name(*item.origin_source));
  w.end_object();
}

// "attributes": [{"key": "title", "values": [...]}] for the keys the request asked for, with
// the catalog's values (none for an item without a catalog record or without that key).
void write_attributes(util::JsonWriter& w, const RecoRequest& req, const Recommendation& item) {
  if (req.attributes.empty()) return;
  w.key("attributes").begin_array();
  for (std::size_t k = 0; k < req.attributes.size(); ++k) {
    w.begin_object().key("key").string(req.attributes[k]).key("values").begin_array();
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
  out.reserve(256 + result.items.size() * 512);
  util::JsonWriter w(out);
  w.begin_object();

  w.key("contextItems").begin_array();
  for (const auto& c : result.context) {
    w.begin_object();
    w.key("itemType").number(static_cast<std::int64_t>(c.type));
    w.key("itemId").item_id(c.id);
    w.key("sources").begin_array();
    for (const auto s : c.sources) w.string(source_name(s));
    w.end_array();
    w.key("viewers").number(static_cast<std::int64_t>(c.viewers));
    w.end_object();
  }
  w.end_array();

  w.key("recommendationItems").begin_array();
  for (const auto& item : result.items) {
    w.begin_object();
    w.key("itemType").number(static_cast<std::int64_t>(item.type));
    w.key("itemId").item_id(item.id);
    w.key("relevance").number(static_cast<std::int64_t>(item.relevance));
    write_origin(w, item);
    if (req.recommend_category && !item.category.empty()) w.key("category").string(item.category);
    w.key("links").begin_object();
    w.key("clickRecommended").string(link("clickrecommended", req, item, ctx));
    w.key("rendered").string(link("rendered", req, item, ctx));
    w.end_object();
    write_attributes(w, req, item);
    w.end_object();
  }
  w.end_array();

  w.key("recommendationToken").string(ctx.token);
  w.end_object();
  return out;
}

std::string render_legacy(const RecoResult& result, const RecoRequest& req) {
  std::string out;
  out.reserve(64 + result.items.size() * 96);
  util::JsonWriter w(out);
  w.begin_object().key("recommendationResponseList").begin_array();
  for (const auto& item : result.items) {
    w.begin_object();
    w.key("reason").string(config::model_name(item.model));
    w.key("itemType").number(static_cast<std::int64_t>(item.type));
    w.key("itemId").item_id(item.id);
    w.key("relevance").number(static_cast<std::int64_t>(item.relevance));
    if (req.recommend_category && !item.category.empty()) w.key("category").string(item.category);
    write_attributes(w, req, item);
    w.end_object();
  }
  w.end_array().end_object();
  return out;
}

std::string wrap_jsonp(std::string_view callback, std::string_view document) {
  std::string out;
  out.reserve(callback.size() + document.size() + 3);
  out.append(callback).append("(").append(document).append(");");
  return out;
}

}  // namespace recod::reco
