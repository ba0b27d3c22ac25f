#include "lean_memtable.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string_view>
#include <vector>

#include <rocksdb/slice.h>
#include <spdlog/spdlog.h>

#include "keys.hpp"
#include "user_tails.hpp"

namespace recod::store {
namespace {

using KeyComparator = rocksdb::MemTableRep::KeyComparator;
using rocksdb::KeyHandle;

// Levels of the skip list and the chance 1/kBranching that a node reaches the next one, as
// in RocksDB's: 4^12 entries before the top level fills, far beyond a memtable's size.
constexpr int kMaxHeight = 12;
constexpr std::uint64_t kBranching = 4;

// A node is its height, its links (level 0 first) and then the entry RocksDB writes into
// it: the length-prefixed internal key followed by the value.
struct Node {
  std::uint64_t height;  // 8 bytes, so that the links after it are aligned

  std::atomic<Node*>* links() { return reinterpret_cast<std::atomic<Node*>*>(this + 1); }
  [[nodiscard]] const std::atomic<Node*>* links() const {
    return reinterpret_cast<const std::atomic<Node*>*>(this + 1);
  }
  [[nodiscard]] const char* entry() const {
    return reinterpret_cast<const char*>(links() + height);
  }
  // Readers: the node a writer published, with everything written into it before.
  [[nodiscard]] Node* next(int level) const {
    return links()[level].load(std::memory_order_acquire);
  }
};

static_assert(sizeof(Node) == alignof(std::atomic<Node*>) && alignof(Node) == 8);

// Where the last insertion under one hint prefix went: at each level, a node before it.
// The next insertion under the prefix walks forward from these instead of searching from
// the top, whether it sorts right after the last one (a user's next event) or right before
// it (a counter's next merge operand, which is newer, so first).
struct Splice {
  std::array<Node*, kMaxHeight> prev{};
  int height = 0;  // the list's height when prev was last filled from the top; 0: never
};

class LeanSkipList {
 public:
  LeanSkipList(const KeyComparator& compare, Node* head) : compare_(compare), head_(head) {}

  [[nodiscard]] Node* head() const { return head_; }
  [[nodiscard]] int height() const { return height_.load(std::memory_order_relaxed); }

  // The writer's side. One writer at a time (RocksDB's write group leader).

  [[nodiscard]] int random_height() {
    int height = 1;
    while (height < kMaxHeight && next_random() % kBranching == 0) ++height;
    return height;
  }

  /// Links x; false (and nothing linked) if an equal entry is already in the list.
  bool insert(Node* x) {
    Splice splice;
    fill_from_top(x->entry(), splice);
    return link(x, splice);
  }

  /// As insert(), starting where the splice's last insertion went.
  bool insert(Node* x, Splice& splice) {
    // The splice serves if it is before x (prev[0] is the last of its nodes) and was filled
    // at the list's present height: then no level has grown much since, and the walk from
    // each of its nodes to x's place is short. Otherwise, search from the top once more.
    const char* entry = x->entry();
    const bool usable = splice.height == height() &&
                        (splice.prev[0] == head_ || compare_(splice.prev[0]->entry(), entry) < 0);
    if (!usable) fill_from_top(entry, splice);
    return link(x, splice);
  }

  /// Links x right after `last`, which is before x while every node after it is after x
  /// (x is its user's next event): on level 0 without a comparison, and through `splice`
  /// on the levels above when x has more than one.
  void insert_after(Node* x, Node* last, Splice& splice) {
    if (x->height == 1) {
      x->links()[0].store(last->links()[0].load(std::memory_order_relaxed),
                          std::memory_order_relaxed);
      last->links()[0].store(x, std::memory_order_release);
      return;
    }
    // Every node of the splice is at most its prev[0] (see link()), so still before x.
    splice.prev[0] = last;
    (void)insert(x, splice);  // cannot find an equal entry: x is after `last`, before the rest
  }

  // The readers' side, safe alongside the writer.

  /// The first node whose entry is not before `key` (a length-prefixed entry, or an
  /// internal key as a Slice: the comparator takes either); nullptr if none.
  template <class Key>
  [[nodiscard]] Node* first_not_before(const Key& key) const {
    return last_node_before(key)->next(0);
  }

  /// The last node whose entry is before `entry`; nullptr if none.
  [[nodiscard]] Node* last_before(const char* entry) const {
    Node* node = last_node_before(entry);
    return node == head_ ? nullptr : node;
  }

  [[nodiscard]] Node* last() const {
    Node* node = head_;
    for (int level = height() - 1; level >= 0; --level) {
      for (Node* next = node->next(level); next != nullptr; next = next->next(level)) node = next;
    }
    return node == head_ ? nullptr : node;
  }

  [[nodiscard]] const KeyComparator& compare() const { return compare_; }

 private:
  std::uint64_t next_random() {
    // xorshift64: the heights need no more than a fair coin.
    random_ ^= random_ << 13;
    random_ ^= random_ >> 7;
    random_ ^= random_ << 17;
    return random_;
  }

  // The readers' search from the top: the last node before `key`, or the head.
  template <class Key>
  Node* last_node_before(const Key& key) const {
    Node* node = head_;
    for (int level = height() - 1; level >= 0; --level) {
      for (Node* next = node->next(level); next != nullptr && compare_(next->entry(), key) < 0;
           next = next->next(level)) {
        node = next;
      }
    }
    return node;
  }

  // splice.prev[level] = the last node before `entry` at each level, searched from the top.
  void fill_from_top(const char* entry, Splice& splice) const {
    const int height = this->height();
    Node* node = head_;
    for (int level = kMaxHeight - 1; level >= 0; --level) {
      if (level < height) node = walk(node, entry, level);
      splice.prev[level] = node;
    }
    splice.height = height;
  }

  // From `node` (before `entry`), the last node before `entry` on this level.
  Node* walk(Node* node, const char* entry, int level) const {
    for (Node* next = node->links()[level].load(std::memory_order_relaxed);
         next != nullptr && compare_(next->entry(), entry) < 0;
         next = next->links()[level].load(std::memory_order_relaxed)) {
      node = next;
    }
    return node;
  }

  // Links x after the splice's nodes. The splice's nodes stay no later than its prev[0]:
  // the levels x occupies get x's predecessors, which are at most x's predecessor on level
  // 0, and the others keep nodes before the old prev[0]. So when prev[0] is before an entry,
  // every level's node is.
  bool link(Node* x, Splice& splice) {
    const char* entry = x->entry();
    const int height = static_cast<int>(x->height);
    std::array<Node*, kMaxHeight> prev{};
    for (int level = 0; level < height; ++level) {
      prev[level] = walk(splice.prev[level], entry, level);
    }
    Node* const after = prev[0]->links()[0].load(std::memory_order_relaxed);
    if (after != nullptr && compare_(after->entry(), entry) == 0) return false;

    if (height > this->height()) {
      // Readers that still see the old height start lower, which is only slower; the new
      // levels hold nothing but x until it is linked.
      height_.store(height, std::memory_order_relaxed);
      splice.height = height;
    }
    // Level 0 first: a reader that meets x on a higher level finds it on the lower ones.
    for (int level = 0; level < height; ++level) {
      x->links()[level].store(prev[level]->links()[level].load(std::memory_order_relaxed),
                              std::memory_order_relaxed);
      prev[level]->links()[level].store(x, std::memory_order_release);
      splice.prev[level] = prev[level];
    }
    return true;
  }

  const KeyComparator& compare_;
  Node* const head_;
  std::atomic<int> height_{1};
  std::uint64_t random_ = 0x9e3779b97f4a7c15ULL;
};

// RocksDB places most memtable iterators in an arena of its own, whose interface is not
// public, and then runs only their destructor. Those iterators live in slots recycled per
// thread instead: a destroyed iterator's slot goes to the free list of the thread that
// destroyed it, which hands it out again only after that destructor has returned.
class IteratorSlots {
 public:
  static constexpr std::size_t kSlotSize = 64;
  static constexpr std::size_t kKeptPerThread = 64;

  static void* take() {
    auto& free = list();
    if (free.empty())
      return ::operator new (kSlotSize, std::align_val_t{alignof(std::max_align_t)});
    void* slot = free.back();
    free.pop_back();
    return slot;
  }

  /// From the destructor of the iterator in `slot`.
  static void give_back(void* slot) {
    auto& free = list();
    if (free.size() >= kKeptPerThread) {
      // The oldest were given back by destructors of this thread that have returned.
      release(free.front());
      free.erase(free.begin());
    }
    free.push_back(slot);
  }

 private:
  struct FreeList : std::vector<void*> {
    FreeList() = default;
    FreeList(const FreeList&) = delete;
    FreeList& operator=(const FreeList&) = delete;
    ~FreeList() {
      for (void* slot : *this) release(slot);
    }
  };

  static void release(void* slot) {
    ::operator delete (slot, std::align_val_t{alignof(std::max_align_t)});
  }

  static FreeList& list() {
    thread_local FreeList free;
    return free;
  }
};

class LeanIterator final : public rocksdb::MemTableRep::Iterator {
 public:
  LeanIterator(const LeanSkipList& list, bool in_slot) : list_(list), in_slot_(in_slot) {}
  LeanIterator(const LeanIterator&) = delete;
  LeanIterator& operator=(const LeanIterator&) = delete;
  ~LeanIterator() override {
    if (in_slot_) IteratorSlots::give_back(this);
  }

  [[nodiscard]] bool Valid() const override { return node_ != nullptr; }
  [[nodiscard]] const char* key() const override { return node_->entry(); }
  void Next() override {
    node_ = node_->next(0);
    prefetch_next();
  }
  void Prev() override { node_ = list_.last_before(node_->entry()); }

  void Seek(const rocksdb::Slice& internal_key, const char* memtable_key) override {
    node_ = memtable_key != nullptr ? list_.first_not_before(memtable_key)
                                    : list_.first_not_before(internal_key);
  }

  void SeekForPrev(const rocksdb::Slice& internal_key, const char* memtable_key) override {
    // The last entry not after the target, as RocksDB's skip list does it.
    Seek(internal_key, memtable_key);
    if (!Valid()) SeekToLast();
    const auto& compare = list_.compare();
    while (Valid() && compare(node_->entry(), internal_key) > 0) Prev();
  }

  void SeekToFirst() override {
    node_ = list_.head()->next(0);
    prefetch_next();
  }
  void SeekToLast() override { node_ = list_.last(); }

 private:
  // A flush reads the whole list in order, but the nodes lie in the arena in the order
  // they were inserted, so that each step forward misses the cache: the first access to
  // a node took half of a flush's CPU time. Asking for the next node now overlaps its
  // miss with RocksDB's work on this one. Two lines: its links, and the entry after them.
  void prefetch_next() const {
    if (node_ == nullptr) return;
    const Node* next = node_->next(0);
    if (next == nullptr) return;
    __builtin_prefetch(next);
    __builtin_prefetch(reinterpret_cast<const char*>(next) + 64);
  }

  const LeanSkipList& list_;
  const bool in_slot_;
  Node* node_ = nullptr;
};

static_assert(sizeof(LeanIterator) <= IteratorSlots::kSlotSize);

// The memtable key inside RocksDB's LookupKey (db/lookup_key.h, not among the installed
// headers), or nullptr if the object does not look as expected. Since LevelDB it has begun
// with three pointers: the memtable key (a varint32 length, then the internal key), the
// internal key within it, and the end. MemTableRep's own Get would do without it, but
// leaks the iterator it makes for every call.
const char* memtable_key_of(const rocksdb::LookupKey& lookup) {
  struct Pointers {
    const char* start;
    const char* internal_key;
    const char* end;
  } p{};
  std::memcpy(&p, static_cast<const void*>(&lookup), sizeof p);
  if (p.start == nullptr || p.internal_key <= p.start || p.internal_key - p.start > 5 ||
      p.end < p.internal_key) {
    return nullptr;
  }
  // The varint: 7 bits a byte, low bits first; every byte but the last has the high bit.
  std::uint64_t length = 0;
  for (const char* c = p.start; c < p.internal_key; ++c) {
    const auto byte = static_cast<std::uint8_t>(*c);
    const bool last = c + 1 == p.internal_key;
    if (((byte & 0x80U) == 0) != last) return nullptr;
    length |= static_cast<std::uint64_t>(byte & 0x7fU) << (7 * (c - p.start));
  }
  return length == static_cast<std::uint64_t>(p.end - p.internal_key) ? p.start : nullptr;
}

// The C | user prefix of an entry's user key (keys.hpp: the customer id's length, the id,
// the user hash), or empty if the key is too short to have one. An entry is the internal
// key, length-prefixed: the user key and 8 bytes of sequence number and type.
std::string_view user_prefix_of(const char* entry) {
  const rocksdb::Slice internal_key = rocksdb::GetLengthPrefixedSlice(entry);
  if (internal_key.size() <= 8) return {};
  const std::size_t user_key_size = internal_key.size() - 8;
  const std::size_t prefix_size =
      1 + static_cast<std::uint8_t>(internal_key[0]) + keys::kUserHashSize;
  if (user_key_size < prefix_size) return {};
  return {internal_key.data(), prefix_size};
}

class LeanRep final : public rocksdb::MemTableRep {
 public:
  /// `per_user_tails`: keys are events (C | user | ...) under a bytewise comparator, and
  /// insertions go through the table of each user's greatest entry (make_events_...()).
  LeanRep(const KeyComparator& compare, rocksdb::Allocator* allocator, bool per_user_tails)
      : MemTableRep(allocator),
        list_(compare, new_node(kMaxHeight, 0)),
        tails_(per_user_tails ? std::make_unique<Tails>() : nullptr) {}

  KeyHandle Allocate(const std::size_t len, char** buf) override {
    Node* node = new_node(list_.random_height(), len);
    *buf = const_cast<char*>(node->entry());
    return node;
  }

  void Insert(KeyHandle handle) override { InsertKey(handle); }
  bool InsertKey(KeyHandle handle) override {
    auto* x = static_cast<Node*>(handle);
    return tails_ ? insert_event(x) : list_.insert(x);
  }

  void InsertWithHint(KeyHandle handle, void** hint) override { InsertKeyWithHint(handle, hint); }
  bool InsertKeyWithHint(KeyHandle handle, void** hint) override {
    auto* x = static_cast<Node*>(handle);
    if (tails_) return insert_event(x);  // its own hints; RocksDB's are not asked for
    auto* splice = static_cast<Splice*>(*hint);
    if (splice == nullptr) {
      splice = new_splice();
      *hint = splice;
    }
    return list_.insert(x, *splice);
  }

  [[nodiscard]] bool Contains(const char* key) const override {
    const Node* node = list_.first_not_before(key);
    return node != nullptr && list_.compare()(node->entry(), key) == 0;
  }

  void Get(const rocksdb::LookupKey& lookup, void* callback_args,
           bool (*callback)(void* arg, const char* entry)) override {
    const char* key = memtable_key_of(lookup);
    if (key == nullptr) {
      static std::once_flag logged;
      std::call_once(logged, [] {
        spdlog::error(
            "this librocksdb's LookupKey is not laid out as recod expects; memtable reads "
            "fall back to RocksDB's default, which leaks memory");
      });
      MemTableRep::Get(lookup, callback_args, callback);
      return;
    }
    for (const Node* node = list_.first_not_before(key);
         node != nullptr && callback(callback_args, node->entry()); node = node->next(0)) {
    }
  }

  // Nodes and hints are in the memtable's arena, which RocksDB counts itself; the table of
  // tails is not.
  std::size_t ApproximateMemoryUsage() override { return tails_ ? tails_->memory_bytes() : 0; }

  Iterator* GetIterator(rocksdb::Arena* arena) override {
    if (arena == nullptr) return new LeanIterator(list_, false);
    return new (IteratorSlots::take()) LeanIterator(list_, true);
  }

 private:
  using Tails = UserTails<Node, Splice>;

  // A user's next event (it sorts after the user's greatest entry so far, so before every
  // other user's entries) is linked right after that entry, found in the table of tails:
  // no search, no comparison with the next user's first entry. Any other entry (the user's
  // first in this memtable, an event older than the user's last, a key without a user) is
  // searched for from the user's splice, or from the top.
  bool insert_event(Node* x) {
    const std::string_view prefix = user_prefix_of(x->entry());
    if (prefix.empty()) return list_.insert(x);
    const std::uint64_t hash = user_prefix_hash(prefix);
    auto* tail =
        tails_->find(prefix, hash, [](const Node* n) { return user_prefix_of(n->entry()); });
    if (tail == nullptr) {
      Splice* splice = new_splice();
      if (!list_.insert(x, *splice)) return false;
      tails_->add(hash, x, splice);
      return true;
    }
    if (list_.compare()(tail->last->entry(), x->entry()) < 0) {
      list_.insert_after(x, tail->last, *tail->splice);
      tail->last = x;
      return true;
    }
    return list_.insert(x, *tail->splice);
  }

  Splice* new_splice() { return new (aligned(sizeof(Splice))) Splice(); }

  // Arena memory aligned for a node: RocksDB's Allocate gives unaligned bytes.
  char* aligned(std::size_t size) {
    char* raw = nullptr;
    MemTableRep::Allocate(size + alignof(Node) - 1, &raw);
    const auto address = reinterpret_cast<std::uintptr_t>(raw);
    const auto misalignment = address % alignof(Node);
    return misalignment == 0 ? raw : raw + (alignof(Node) - misalignment);
  }

  Node* new_node(int height, std::size_t entry_size) {
    const auto levels = static_cast<std::size_t>(height);
    char* memory = aligned(sizeof(Node) + levels * sizeof(std::atomic<Node*>) + entry_size);
    auto* node = new (memory) Node{static_cast<std::uint64_t>(height)};
    for (std::size_t level = 0; level < levels; ++level) {
      new (node->links() + level) std::atomic<Node*>(nullptr);
    }
    return node;
  }

  LeanSkipList list_;
  const std::unique_ptr<Tails> tails_;  // events only; the writer's
};

class LeanMemTableFactory final : public rocksdb::MemTableRepFactory {
 public:
  explicit LeanMemTableFactory(bool per_user_tails) : per_user_tails_(per_user_tails) {}

  using rocksdb::MemTableRepFactory::CreateMemTableRep;
  rocksdb::MemTableRep* CreateMemTableRep(const KeyComparator& compare,
                                          rocksdb::Allocator* allocator,
                                          const rocksdb::SliceTransform* /*prefix_extractor*/,
                                          rocksdb::Logger* /*logger*/) override {
    return new LeanRep(compare, allocator, per_user_tails_);
  }
  [[nodiscard]] const char* Name() const override {
    return per_user_tails_ ? "recod.EventsSkipList" : "recod.LeanSkipList";
  }

 private:
  const bool per_user_tails_;
};

}  // namespace

std::shared_ptr<rocksdb::MemTableRepFactory> make_lean_memtable_factory() {
  return std::make_shared<LeanMemTableFactory>(false);
}

std::shared_ptr<rocksdb::MemTableRepFactory> make_events_memtable_factory() {
  return std::make_shared<LeanMemTableFactory>(true);
}

}  // namespace recod::store
