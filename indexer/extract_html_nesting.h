#pragma once
/// Private to extract_html: a linear pre-scan that bounds what gumbo 0.10.1 will cost on an HTML
/// document. Gumbo walks its stack of open elements for most tokens, so its time grows with
/// tokens x nesting depth: 100,000 nested <div>s take it about 35 s. The scan keeps a conservative
/// model of that stack (it pops an element only where gumbo surely pops it too) and reports the
/// deepest nesting and the total work (the model's depth summed over all tags).
#include <cstddef>
#include <string_view>

namespace kr::index::detail {

struct HtmlNesting {
  std::size_t max_depth = 0;  ///< deepest nesting of elements the model saw
  std::size_t work = 0;       ///< sum of the depth at every tag: gumbo's stack walks, roughly
  bool stopped = false;       ///< the scan stopped early because a limit below was passed
};

/// Scans `html`, stopping as soon as the depth passes `max_depth` or the work passes `max_work`.
/// Example: scan_html_nesting("<div><div></div></div>", 100, 1000).max_depth == 2.
HtmlNesting scan_html_nesting(std::string_view html, std::size_t max_depth, std::size_t max_work);

}  // namespace kr::index::detail
