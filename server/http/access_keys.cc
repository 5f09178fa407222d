#include "server/http/access_keys.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace kr::http {

namespace {

AccessKeys::Digest sha256(std::string_view secret) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(secret.data(), static_cast<unsigned>(secret.size()));
  const auto& bytes = engine.digest();
  AccessKeys::Digest out{};
  std::copy_n(bytes.begin(), out.size(), out.begin());
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<AccessKeys::Digest> parse_hex_digest(const std::string& hex) {
  if (hex.size() != 64) return std::nullopt;
  AccessKeys::Digest out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

bool equal_ascii_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<AccessKeys> AccessKeys::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::io_error, "cannot read key file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

Result<AccessKeys> AccessKeys::parse(std::string_view text, const std::string& origin) {
  AccessKeys keys;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields(line);
    std::string name, hex, extra;
    if (!(fields >> name)) continue;  // blank or comment-only
    auto fail = [&](const std::string& message) {
      // Never echo the line: it could hold a secret pasted by mistake.
      return Error{ErrorCode::invalid_argument, message, origin, number, 0};
    };
    if (!(fields >> hex) || (fields >> extra)) return fail("expected 'NAME SHA256HEX'");
    auto digest = parse_hex_digest(hex);
    if (!digest) return fail("the key hash must be 64 hexadecimal digits (SHA-256)");
    for (const auto& k : keys.keys_) {
      if (k.name == name) return fail("duplicate key name '" + name + "'");
    }
    keys.keys_.push_back({name, *digest});
  }
  return keys;
}

std::optional<std::string> AccessKeys::match(std::string_view secret) const {
  Digest digest = sha256(secret);
  const Key* found = nullptr;
  for (const auto& key : keys_) {
    unsigned diff = 0;
    for (std::size_t i = 0; i < digest.size(); ++i) diff |= key.digest[i] ^ digest[i];
    // Branch-free select: no early exit, every key is compared.
    const Key* candidates[2] = {found, &key};
    found = candidates[diff == 0];
  }
  if (!found) return std::nullopt;
  return found->name;
}

Result<search::Access> AccessKeys::authorize(const std::optional<std::string>& authorization) const {
  if (!authorization) return search::Access{false};
  std::string_view header = *authorization;
  constexpr std::string_view kScheme = "bearer";
  auto unauthorized = make_error(ErrorCode::unauthorized, "unknown access key");
  if (header.size() <= kScheme.size() + 1 || !equal_ascii_nocase(header.substr(0, 6), kScheme) ||
      header[kScheme.size()] != ' ') {
    return make_error(ErrorCode::unauthorized, "expected 'Authorization: Bearer <key>'");
  }
  std::string_view secret = header.substr(kScheme.size() + 1);
  while (!secret.empty() && secret.front() == ' ') secret.remove_prefix(1);
  while (!secret.empty() && (secret.back() == ' ' || secret.back() == '\t')) secret.remove_suffix(1);
  if (secret.empty() || !match(secret)) return unauthorized;
  return search::Access{true};
}

std::string AccessKeys::sha256_hex(std::string_view secret) {
  Digest d = sha256(secret);
  return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(d.begin(), d.end()));
}

}  // namespace kr::http
