#pragma once
/// JSON of GET /api/v1/coverage (DESIGN.md): {"rows","cols","row_values","col_values","counts",
/// "labels":{value:label}}.
#include <string>

#include "server/search/coverage.h"

namespace kr::http {

std::string coverage_json(const search::Coverage& coverage);

}  // namespace kr::http
