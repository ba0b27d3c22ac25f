#include "history.hpp"

#include <algorithm>
#include <functional>

namespace recod::model::internal {
namespace {

using tracking::EventKind;

constexpr std::size_t kInitialSlots = 1024;  // a power of two
constexpr std::uint8_t kFullPercentage = 100;
// Items interned together: enough misses in flight to hide most of their latency.
constexpr std::size_t kBatch = 64;

}  // namespace

ItemDictionary::ItemDictionary() : id_offsets_{0}, slots_(kInitialSlots) {}

std::uint64_t ItemDictionary::hash(std::uint32_t type, std::string_view id) {
  // std::hash of the id, then a multiplicative mix of the type so that "1"/type 1 and
  // "1"/type 2 land far apart.
  const std::uint64_t h = std::hash<std::string_view>{}(id) ^ (type * 0x9e3779b97f4a7c15ull);
  return h ^ (h >> 29);
}

std::size_t ItemDictionary::slot_of(std::uint64_t hash, std::uint32_t type,
                                    std::string_view id) const {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  std::size_t slot = hash & mask;
  while (true) {
    const Slot& s = slots_[slot];
    if (s.index == kEmpty) return slot;
    if (s.tag == tag && types_[s.index] == type && this->id(s.index) == id) return slot;
    slot = (slot + 1) & mask;  // linear probing
  }
}

ItemIndex ItemDictionary::intern_hashed(std::uint64_t hash, std::uint32_t type,
                                        std::string_view id) {
  const std::size_t slot = slot_of(hash, type, id);
  if (slots_[slot].index != kEmpty) return slots_[slot].index;
  const auto index = static_cast<ItemIndex>(types_.size());
  types_.push_back(type);
  ids_.append(id);
  id_offsets_.push_back(static_cast<std::uint32_t>(ids_.size()));
  slots_[slot] = {static_cast<std::uint32_t>(hash >> 32), index};
  if (types_.size() * 2 > slots_.size()) grow();
  return index;
}

ItemIndex ItemDictionary::intern(std::uint32_t type, std::string_view id) {
  return intern_hashed(hash(type, id), type, id);
}

void ItemDictionary::intern_all(std::span<const Key> keys, std::span<ItemIndex> out) {
  // Three passes of hints, then the real lookups: first the slots, then the items they
  // name, then those items' ids. A hint never changes a result (an item added by an
  // earlier key of the batch, or a rehash, only makes a hint useless).
  std::uint64_t hashes[kBatch];
  for (std::size_t begin = 0; begin < keys.size(); begin += kBatch) {
    const std::size_t n = std::min(kBatch, keys.size() - begin);
    const std::size_t mask = slots_.size() - 1;  // the previous batch may have grown it
    const Key* const batch = keys.data() + begin;
    for (std::size_t i = 0; i < n; ++i) {
      hashes[i] = hash(batch[i].type, batch[i].id);
      __builtin_prefetch(&slots_[hashes[i] & mask]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Slot& s = slots_[hashes[i] & mask];
      if (s.index != kEmpty && s.tag == static_cast<std::uint32_t>(hashes[i] >> 32)) {
        __builtin_prefetch(&types_[s.index]);
        __builtin_prefetch(&id_offsets_[s.index]);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Slot& s = slots_[hashes[i] & mask];
      if (s.index != kEmpty && s.tag == static_cast<std::uint32_t>(hashes[i] >> 32)) {
        __builtin_prefetch(ids_.data() + id_offsets_[s.index]);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      out[begin + i] = intern_hashed(hashes[i], batch[i].type, batch[i].id);
    }
  }
}

std::optional<ItemIndex> ItemDictionary::find(std::uint32_t type, std::string_view id) const {
  const std::uint32_t i = slots_[slot_of(hash(type, id), type, id)].index;
  if (i == kEmpty) return std::nullopt;
  return i;
}

void ItemDictionary::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.index == kEmpty) continue;
    // The slot keeps only the tag; the full hash is recomputed from the item.
    std::size_t slot = hash(types_[s.index], id(s.index)) & mask;
    while (slots_[slot].index != kEmpty) slot = (slot + 1) & mask;
    slots_[slot] = s;
  }
}

HistoryCollector::HistoryCollector(const ModelParams& params, ItemDictionary& items, Histories& out)
    : params_(params), items_(items), out_(out) {}

void HistoryCollector::add(const store::StoredEvent& stored) {
  const tracking::Event& e = stored.event;
  if (!have_user_ || stored.user != user_) {
    if (have_user_) flush_user();
    have_user_ = true;
    user_ = stored.user;
    ++out_.users_seen;
  }
  ++out_.events;
  out_.newest_event_us = std::max(out_.newest_event_us, e.time_us);
  if (e.item_type == 0 || e.item_id.empty()) return;  // login

  // Every item an event mentions is known to find(), even if no model uses the event.
  std::uint32_t kept = kNotKept;
  switch (e.kind) {
    case EventKind::kClick:
    case EventKind::kClickRecommended:  // a detail view reached through a recommendation
    case EventKind::kBuy:
    case EventKind::kConsume:
      kept = static_cast<std::uint32_t>(pending_.size());
      pending_.push_back(
          {e.time_us, 0, e.quantity, e.kind, e.percentage.value_or(kFullPercentage)});
      break;
    default:
      break;  // rendered, basket, rate, ...: no model reads them, nor do they use up the cap
  }
  batch_.push_back({e.item_type, static_cast<std::uint32_t>(batch_ids_.size()),
                    static_cast<std::uint32_t>(e.item_id.size()), kept});
  batch_ids_.append(e.item_id);
  if (batch_.size() >= kBatch) intern_batch();

  // Only the newest `cap` events survive (cap 0, which the config refuses, keeps them all);
  // dropping the older ones now and then keeps a bot's history from growing the buffer
  // without bound, at O(1) amortised per event.
  const std::size_t cap = params_.max_events_per_user;
  if (cap > 0 && pending_.size() >= 2 * cap) {
    intern_batch();  // the batch points into pending_ by position
    pending_.erase(pending_.begin(), pending_.end() - static_cast<std::ptrdiff_t>(cap));
  }
}

void HistoryCollector::intern_batch() {
  if (batch_.empty()) return;
  batch_keys_.clear();
  for (const Unresolved& u : batch_) {
    batch_keys_.push_back({u.type, std::string_view(batch_ids_).substr(u.id_offset, u.id_size)});
  }
  batch_indices_.resize(batch_.size());
  items_.intern_all(batch_keys_, batch_indices_);
  for (std::size_t i = 0; i < batch_.size(); ++i) {
    if (batch_[i].kept != kNotKept) pending_[batch_[i].kept].item = batch_indices_[i];
  }
  batch_.clear();
  batch_ids_.clear();
}

void HistoryCollector::finish() {
  if (have_user_) flush_user();
  have_user_ = false;
}

void HistoryCollector::flush_user() {
  intern_batch();
  const std::size_t cap = params_.max_events_per_user;
  const std::size_t first =
      (cap > 0 && pending_.size() > cap) ? pending_.size() - cap : std::size_t{0};
  if (first == pending_.size()) {
    pending_.clear();
    return;  // no model event: the user takes no row
  }
  const std::size_t clicks_before = out_.clicks.items.size();
  const std::size_t buys_before = out_.buys.items.size();
  const std::size_t consumes_before = out_.consumes.items.size();
  for (std::size_t i = first; i < pending_.size(); ++i) {
    const Kept& k = pending_[i];
    switch (k.kind) {
      case EventKind::kClick:
      case EventKind::kClickRecommended:
        out_.clicks.items.push_back(k.item);
        out_.click_times.push_back(k.time_us);
        // Buys appended from here on are this user's buys after this click.
        out_.click_later_buy.push_back(static_cast<std::uint32_t>(out_.buys.items.size()));
        break;
      case EventKind::kBuy:
        out_.buys.items.push_back(k.item);
        out_.buy_times.push_back(k.time_us);
        out_.buy_quantities.push_back(k.quantity);
        break;
      case EventKind::kConsume:
        if (k.percentage >= params_.consume_threshold) out_.consumes.items.push_back(k.item);
        break;
      default:
        break;
    }
  }
  pending_.clear();

  const bool clicked = out_.clicks.items.size() != clicks_before;
  const bool bought = out_.buys.items.size() != buys_before;
  const bool consumed = out_.consumes.items.size() != consumes_before;
  out_.clicks.users += clicked ? 1 : 0;
  out_.buys.users += bought ? 1 : 0;
  out_.consumes.users += consumed ? 1 : 0;
  out_.users_clicking_or_buying += (clicked || bought) ? 1 : 0;
  for (KindSequence* seq : {&out_.clicks, &out_.buys, &out_.consumes}) {
    seq->offsets.push_back(static_cast<std::uint32_t>(seq->items.size()));
  }
}

}  // namespace recod::model::internal
