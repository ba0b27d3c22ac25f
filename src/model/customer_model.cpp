#include "recod/model/customer_model.hpp"

namespace recod::model {
namespace {

void put_be32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 24) & 0xff));
  out.push_back(static_cast<char>((v >> 16) & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

// Callers are asked for a normalised path; tolerating stray slashes costs nothing and keeps
// "A/B/" from silently finding no list.
std::string_view trim_slashes(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return path;
}

}  // namespace

std::string CustomerModel::item_key(std::uint32_t type, std::string_view id) {
  std::string key;
  key.reserve(4 + id.size());
  put_be32(key, type);
  key.append(id);
  return key;
}

std::string CustomerModel::ranking_key(RankingKind kind, std::uint32_t type,
                                       std::string_view category) {
  std::string key;
  key.reserve(5 + category.size());
  key.push_back(static_cast<char>(kind));
  put_be32(key, type);
  key.append(category);
  return key;
}

std::optional<ItemIndex> CustomerModel::find(std::uint32_t type, std::string_view id) const {
  const auto it = index_.find(item_key(type, id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string_view CustomerModel::item_id(ItemIndex i) const {
  const std::uint32_t begin = id_offsets_[i];
  return std::string_view(ids_).substr(begin, id_offsets_[i + 1] - begin);
}

std::span<const ScoredItem> CustomerModel::neighbours(NeighbourKind kind, ItemIndex i) const {
  const Csr& csr = neighbours_[static_cast<std::size_t>(kind)];
  if (i + std::size_t{1} >= csr.offsets.size()) return {};
  const std::uint32_t begin = csr.offsets[i];
  return std::span<const ScoredItem>(csr.entries).subspan(begin, csr.offsets[i + 1] - begin);
}

std::span<const ScoredItem> CustomerModel::ranking(RankingKind kind, std::uint32_t type,
                                                   std::string_view category) const {
  const auto it = rankings_.find(ranking_key(kind, type, trim_slashes(category)));
  if (it == rankings_.end()) return {};
  return it->second;
}

std::span<const std::string> CustomerModel::categories(ItemIndex i) const {
  if (i + std::size_t{1} >= category_offsets_.size()) return {};
  const std::uint32_t begin = category_offsets_[i];
  return std::span<const std::string>(categories_).subspan(begin, category_offsets_[i + 1] - begin);
}

std::span<const ItemIndex> CustomerModel::session_items(SessionIndex s) const {
  if (s + std::size_t{1} >= session_offsets_.size()) return {};
  const std::uint32_t begin = session_offsets_[s];
  return std::span<const ItemIndex>(session_items_).subspan(begin, session_offsets_[s + 1] - begin);
}

std::span<const SessionIndex> CustomerModel::item_sessions(ItemIndex i) const {
  if (i + std::size_t{1} >= item_session_offsets_.size()) return {};
  const std::uint32_t begin = item_session_offsets_[i];
  return std::span<const SessionIndex>(item_sessions_)
      .subspan(begin, item_session_offsets_[i + 1] - begin);
}

}  // namespace recod::model
