#pragma once
// The catalog import format (api-reference.md section 3), read as a stream and written back.
//
//   <items version="1">
//     <item id="102" type="1">
//       <price currency="EUR">122</price>                       (minor units)
//       <validfrom>2026-01-01T00:00:00</validfrom>               (UTC; also with a trailing Z)
//       <validto>2026-12-31T23:59:59</validto>
//       <categorypaths><categorypath>/8/4/5</categorypath>...</categorypaths>
//       <content><content-data key="title"><![CDATA[..]]></content-data>...</content>
//       <attributes><attribute key="vendor" value="BOSCH" type="NOMINAL"/>...</attributes>
//     </item>
//   </items>
//
// The reader is a streaming (SAX) parser: memory stays bounded by one item, so a catalog
// of millions of items can be fed in chunks from a file or a request body. It validates as
// it goes and stops at the first problem, naming the line and the element.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "recod/catalog/item.hpp"
#include "recod/util/status.hpp"

namespace recod::catalog {

struct XmlOptions {
  bool string_item_ids = false;         ///< the customer accepts non-numeric item ids
  std::size_t max_value_bytes = 65536;  ///< longest content-data or attribute value (64 KiB)
};

class ItemXmlReader final {
 public:
  /// Called for every complete, valid <item>; returning a non-ok Status stops the parse
  /// with that status.
  using ItemHandler = std::function<Status(Item&&)>;

  ItemXmlReader(XmlOptions options, ItemHandler on_item);
  ~ItemXmlReader();
  ItemXmlReader(const ItemXmlReader&) = delete;
  ItemXmlReader& operator=(const ItemXmlReader&) = delete;

  /// Parses the next chunk of the document. After an error every later call returns it.
  [[nodiscard]] Status feed(std::string_view chunk);

  /// Ends the document: fails if it is incomplete (no closing </items>) or had no <items>.
  [[nodiscard]] Status finish();

  /// Items handed to the handler so far.
  [[nodiscard]] std::uint64_t items() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Parses a whole document and returns its items (for request bodies).
[[nodiscard]] Result<std::vector<Item>> parse_items_xml(std::string_view document,
                                                        const XmlOptions& options);

/// The item as an <item> document of the import format, such that parsing it gives back
/// an equal Item. Text is escaped (CDATA for content-data, sections split around "]]>").
[[nodiscard]] std::string item_to_xml(const Item& item);

}  // namespace recod::catalog
