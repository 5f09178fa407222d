// indexer/extract_html's defence against markup that keeps gumbo 0.10.1 busy for long (its time
// grows with tags x nesting depth: 100,000 nested <div>s take it about 35 s).
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "indexer/extract.h"
#include "indexer/extract_html_nesting.h"
#include "tests/support/test_support.h"

using kr::index::detail::scan_html_nesting;

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::size_t depth_of(const std::string& html) {
  return scan_html_nesting(html, 1000000, ~std::size_t{0}).max_depth;
}

// Extracts `html` and returns the error message ("" on success), failing when it takes over 3 s.
std::string extract_within_bound(const std::string& html) {
  const auto start = std::chrono::steady_clock::now();
  auto text = kr::index::extract_html(html);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("extract_html took " << seconds << " s on " << html.size() << " bytes");
  CHECK(seconds < 3.0);
  return text ? std::string() : text.error().message;
}

}  // namespace

TEST_CASE("html nesting: the model follows gumbo's stack", "[html_nesting]") {
  CHECK(depth_of("<div><div></div></div><div></div>") == 2);
  CHECK(depth_of("<p>a<p>b<p>c<li>d<li>e<br><img src=x>") == 0);  // these do not nest
  CHECK(depth_of("<section><span></section><span>") == 2);        // </section> stops at nothing
  CHECK(depth_of("<div><span></div>") == 2);                      // kept open: the model never under-counts
  CHECK(depth_of("<DIV><Div></dIV></div>") == 2);                 // names are case-insensitive
  CHECK(depth_of("<div title='<div><div>'><!-- <div> --><script>'<div>'</script></div>") == 2);
  CHECK(depth_of("<svg><g><path/><path/></g></svg>") == 2);  // "/>" closes in SVG only
  CHECK(depth_of("<div/><div/><div/>") == 3);                // in HTML it does not
}

TEST_CASE("html nesting: 100,000 nested elements are rejected at once", "[html_nesting]") {
  const std::string message = extract_within_bound(repeat("<div>", 100000));
  CHECK(message.find("HTML nests elements more than 1000 deep") != std::string::npos);
}

TEST_CASE("html nesting: tricks that hide tags from a naive scan are still counted", "[html_nesting]") {
  const std::string deep = repeat("<div>", 5000);
  const std::string tricks[] = {
      repeat("<div/>", 5000),                  // "/>" does not close HTML elements
      repeat("<b id=x>", 5000),                // formatting elements, each different
      repeat("<div></b>", 5000),               // end tags of elements that are not open
      repeat("<span><div></span>", 5000),      // </span> cannot close past a <div>
      "<svg><title>" + deep,                   // SVG title holds HTML, not raw text
      "<svg><div/>" + repeat("<div/>", 5000),  // <div> leaves SVG content
      "<!-- x --!>" + deep,                    // comments also end with --!>
      "<!-->" + deep,                          // ... and at once with <!-->
      "<a =\"" + deep,                         // a quote opens a value only after name=
      "<a x=y\"" + deep,                       // ... and not inside an unquoted value
      "<script>x</scriptx></script>" + deep,   // raw text ends at its own end tag
  };
  for (const std::string& html : tricks) {
    INFO(html.substr(0, 40));
    CHECK(extract_within_bound(html).find("HTML nests elements more than") != std::string::npos);
  }
}

TEST_CASE("html nesting: many tags at a moderate depth are bounded too", "[html_nesting]") {
  // 999 levels, then 150,000 paragraphs: each <p> makes gumbo walk the whole stack.
  const std::string html = repeat("<div>", 999) + repeat("<p>x</p>", 150000);
  CHECK(extract_within_bound(html).find("HTML has too many tags for its nesting depth") != std::string::npos);
}

TEST_CASE("html nesting: ordinary documents are accepted", "[html_nesting]") {
  CHECK(extract_within_bound(repeat("<div>", 1000) + "deep but allowed") == "");
  CHECK(extract_within_bound("<ul>" + repeat("<li>item <p>para", 50000) + "</ul>") == "");
  CHECK(extract_within_bound("<svg>" + repeat("<path d='M0 0'/>", 20000) + "</svg>") == "");
  CHECK(extract_within_bound(repeat("<table><tr><td>cell</td></tr></table>", 20000)) == "");
  int pages = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kr::test::source_path("corpus"))) {
    if (entry.path().extension() != ".html") continue;
    INFO(entry.path());
    CHECK(extract_within_bound(kr::test::read_file(entry.path().string())) == "");
    ++pages;
  }
  CHECK(pages >= 2);  // the sample corpus's HTML attachments
}
