#include "server/http/coverage_json.h"

#include "core/json_writer.h"

namespace kr::http {

std::string coverage_json(const search::Coverage& c) {
  std::string out;
  out.reserve(1024 + c.row_values.size() * c.col_values.size() * 3);
  JsonWriter w(out);
  w.begin_object();
  w.member("rows", facet_name(c.rows));
  w.member("cols", facet_name(c.cols));
  w.key("row_values");
  w.strings(c.row_values);
  w.key("col_values");
  w.strings(c.col_values);
  w.key("counts");
  w.begin_array();
  for (const auto& line : c.counts) {
    w.begin_array();
    for (long n : line) w.value(n);
    w.end_array();
  }
  w.end_array();
  w.key("labels");
  w.begin_object();
  for (const auto& [value, label] : c.labels) w.member(value, label);
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace kr::http
