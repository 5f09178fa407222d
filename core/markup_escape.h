#pragma once
/// Escaping text for HTML and XML output (snippets, factsheets, Atom feeds): the one place that
/// does it.
#include <string>
#include <string_view>

namespace kr {

/// Appends `text` with & < > " ' escaped; control characters that XML 1.0 forbids are dropped
/// (tab, newline and carriage return are kept). Example: "a<b & 'c'" -> "a&lt;b &amp; &#39;c&#39;".
void append_escaped(std::string& out, std::string_view text);
/// append_escaped into a new string.
std::string escaped(std::string_view text);

/// Plain text of an HTML fragment such as a snippet: tags removed, the entities the engine
/// writes (&amp; &lt; &gt; &quot; &#39;) decoded. Example: "a <mark>b</mark> &amp; c" -> "a b & c".
std::string html_to_text(std::string_view html);

/// Percent-encodes everything but RFC 3986 unreserved characters, for query values and URNs.
std::string percent_encode(std::string_view text);

}  // namespace kr
