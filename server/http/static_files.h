#pragma once
/// Maps a request path to a file of the web folder, refusing anything that could leave it.
#include <string>
#include <vector>

#include "core/error.h"

namespace kr::http {

struct StaticFile {
  std::string path;          ///< canonical path of an existing regular file inside the web folder
  std::string content_type;  ///< from the extension
};

/// `segments` are the percent-decoded path segments. {} -> index.html; {"static", ...} -> the
/// file under web/static, or else under web itself; {"name"} -> web/name.
/// Errors: invalid_argument for "." / ".." segments, separators or NUL inside a segment
/// (encoded variants included, since segments are decoded); not_found for hidden files, missing
/// files, directories and anything whose real path (symlinks resolved) is outside `web_dir`.
Result<StaticFile> resolve_static_file(const std::string& web_dir, const std::vector<std::string>& segments);

/// Content type for a file name by its extension ("text/css; charset=utf-8").
std::string content_type_for(const std::string& filename);
/// Content type of an attached document (.txt .md .html .htm .pdf .docx).
std::string attachment_content_type(const std::string& filename);

}  // namespace kr::http
