#pragma once
/// Access keys (DESIGN.md "Command lines"): a file of `NAME SHA256HEX` lines, `#` comments.
/// Only hashes are held; a bearer secret is hashed and compared in constant time with every key.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "server/search/search_request.h"

namespace kr::http {

class AccessKeys {
 public:
  using Digest = std::array<unsigned char, 32>;

  /// No keys: every Authorization header is refused.
  AccessKeys() = default;
  /// Reads a key file. Errors: io_error, invalid_argument (with file:line) for a malformed line
  /// or a duplicate name.
  static Result<AccessKeys> load(const std::string& path);
  /// Same, from text; `origin` names it in error messages.
  static Result<AccessKeys> parse(std::string_view text, const std::string& origin);

  /// Name of the key whose hash matches SHA-256(secret), or nullopt. Every key is compared, with
  /// no early exit, so timing does not tell which bytes matched.
  std::optional<std::string> match(std::string_view secret) const;

  /// Access for an Authorization header: absent -> public; `Bearer <known secret>` -> internal;
  /// anything else (unknown key, other scheme) -> unauthorized.
  Result<search::Access> authorize(const std::optional<std::string>& authorization) const;

  std::size_t size() const { return keys_.size(); }

  /// Lowercase hex SHA-256 of a secret, as written in key files.
  static std::string sha256_hex(std::string_view secret);

 private:
  struct Key {
    std::string name;
    Digest digest;
  };
  std::vector<Key> keys_;
};

}  // namespace kr::http
