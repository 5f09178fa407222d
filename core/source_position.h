#pragma once
/// Byte offsets in a text file turned into the 1-based line:column of error messages.
#include <cstddef>
#include <string_view>

namespace kr {

struct SourcePosition {
  int line = 1;
  int column = 1;
};

/// Position of byte `offset` of `text`. Columns count UTF-8 code points, as editors do.
SourcePosition position_at(std::string_view text, std::size_t offset);

}  // namespace kr
