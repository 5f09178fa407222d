#include "server/http/handlers.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/http/atom_feed.h"
#include "server/http/coverage_json.h"
#include "server/http/factsheet_render.h"
#include "server/http/response_json.h"
#include "server/http/static_files.h"

namespace kr::http {

namespace {

Reply json_reply(std::string body) {
  Reply reply;
  reply.body = std::move(body);
  return reply;
}

ParamLimits limits_of(const ServerConfig& config) {
  return ParamLimits{config.max_query_length, config.max_page};
}

}  // namespace

Reply reply_error(const Error& error) {
  ErrorReply e = error_reply(error);
  Reply reply;
  reply.status = e.status;
  reply.body = std::move(e.body);
  if (e.status == 401) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  return reply;
}

Reply reply_error(HttpError error, const std::string& message) {
  ErrorReply e = error_reply(error, message);
  Reply reply;
  reply.status = e.status;
  reply.body = std::move(e.body);
  if (error == HttpError::method_not_allowed) reply.headers.emplace_back("Allow", "GET, HEAD");
  return reply;
}

Reply get_search(const Request& request, ServerContext& context) {
  const Taxonomy& taxonomy = context.engine.taxonomy();
  auto known = [&taxonomy](Facet f, std::string_view v) { return taxonomy.contains(f, v); };
  auto params = parse_search_params(request.params, known, limits_of(context.config));
  if (!params) return reply_error(params.error());
  params->access = request.access;
  ResponseCache& cache = *context.search_cache;
  if (!cache.enabled()) {
    context.metrics.record_cache_lookup(false, 0, 0);
    auto pass = context.search_gate->enter();
    auto result = context.engine.search(*params);
    if (!result) return reply_error(result.error());
    return json_reply(search_result_json(*result));
  }
  std::string key = search_cache_key(*params);
  std::string revision = context.engine.index_revision();
  if (auto body = cache.find(key, revision)) {
    context.metrics.record_cache_lookup(true, cache.entries(), cache.bytes());
    return json_reply(*body);
  }
  auto pass = context.search_gate->enter();
  // The same search may have been answered while this one waited its turn.
  if (auto body = cache.find(key, revision)) {
    context.metrics.record_cache_lookup(true, cache.entries(), cache.bytes());
    return json_reply(*body);
  }
  auto result = context.engine.search(*params);
  if (!result) return reply_error(result.error());
  auto body = std::make_shared<const std::string>(search_result_json(*result));
  // Only an answer known to come from `revision`: an index changed meanwhile is not cached.
  if (context.engine.index_revision() == revision) cache.store(key, revision, body);
  context.metrics.record_cache_lookup(false, cache.entries(), cache.bytes());
  return json_reply(*body);
}

Reply get_record(const Request& request, ServerContext& context) {
  auto as_xml = parse_record_params(request.params);
  if (!as_xml) return reply_error(as_xml.error());
  auto record = context.engine.record(request.segments.at(3), request.access);
  if (!record) return reply_error(record.error());
  if (!*as_xml) return json_reply(std::move(record->json));
  std::ifstream in(record->xml_path, std::ios::binary);
  if (!in) {
    return reply_error(make_error(ErrorCode::not_found, "the record file is no longer on disk"));
  }
  std::ostringstream xml;
  xml << in.rdbuf();
  Reply reply;
  reply.content_type = "application/xml";
  reply.body = xml.str();
  return reply;
}

Reply get_attachment(const Request& request, ServerContext& context) {
  if (auto st = parse_no_params(request.params); !st) return reply_error(st.error());
  auto record = context.engine.record(request.segments.at(3), request.access);
  if (!record) return reply_error(record.error());
  if (record->attachment_path.empty())
    return reply_error(make_error(ErrorCode::not_found, "the record has no attached document"));
  std::ifstream in(record->attachment_path, std::ios::binary);
  if (!in) return reply_error(make_error(ErrorCode::not_found, "the attached document is no longer on disk"));
  std::ostringstream content;
  content << in.rdbuf();
  Reply reply;
  reply.content_type = attachment_content_type(record->attachment_path);
  reply.body = content.str();
  std::string name = std::filesystem::path(record->attachment_path).filename().string();
  reply.headers.emplace_back("Content-Disposition", "inline; filename=\"" + name + "\"");
  // An attached HTML page must not run scripts in the register's origin.
  reply.headers.emplace_back("Content-Security-Policy", "sandbox");
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return reply;
}

Reply get_similar(const Request& request, ServerContext& context) {
  auto params = parse_similar_params(request.params);
  if (!params) return reply_error(params.error());
  const std::string& id = request.segments.at(3);
  auto pass = context.search_gate->enter();
  auto hits = context.engine.similar(id, params->scope, params->limit, request.access);
  if (!hits) return reply_error(hits.error());
  return json_reply(similar_json(id, scope_name(params->scope), *hits));
}

Reply get_taxonomy(const Request& request, ServerContext& context) {
  auto ui_lang = parse_taxonomy_params(request.params);
  if (!ui_lang) return reply_error(ui_lang.error());
  return json_reply(taxonomy_json(context.engine.taxonomy(), *ui_lang));
}

Reply get_suggest(const Request& request, ServerContext& context) {
  auto params = parse_suggest_params(request.params, limits_of(context.config));
  if (!params) return reply_error(params.error());
  auto completions = context.engine.suggest(params->q, params->limit, request.access);
  return json_reply(completions_json(params->q, completions));
}

Reply get_factsheet(const Request& request, ServerContext& context) {
  const Taxonomy& taxonomy = context.engine.taxonomy();
  auto known = [&taxonomy](Facet f, std::string_view v) { return taxonomy.contains(f, v); };
  auto params = parse_factsheet_params(request.params, known);
  if (!params) return reply_error(params.error());
  params->request.access = request.access;
  auto pass = context.search_gate->enter();
  auto factsheet = search::FactsheetBuilder(context.engine).build(params->request);
  if (!factsheet) return reply_error(factsheet.error());
  Reply reply;
  switch (params->format) {
    case FactsheetFormat::json:
      reply.body = factsheet_json(*factsheet);
      break;
    case FactsheetFormat::markdown:
      reply.content_type = "text/markdown; charset=utf-8";
      reply.body = factsheet_markdown(*factsheet, taxonomy);
      break;
    case FactsheetFormat::html:
      reply.content_type = "text/html; charset=utf-8";
      reply.body = factsheet_html(*factsheet, taxonomy);
      break;
  }
  return reply;
}

Reply get_coverage(const Request& request, ServerContext& context) {
  const Taxonomy& taxonomy = context.engine.taxonomy();
  auto known = [&taxonomy](Facet f, std::string_view v) { return taxonomy.contains(f, v); };
  auto params = parse_coverage_params(request.params, known, limits_of(context.config));
  if (!params) return reply_error(params.error());
  params->search.access = request.access;
  auto pass = context.search_gate->enter();
  auto coverage = context.engine.coverage(*params);
  if (!coverage) return reply_error(coverage.error());
  return json_reply(coverage_json(*coverage));
}

Reply get_search_atom(const Request& request, ServerContext& context) {
  const Taxonomy& taxonomy = context.engine.taxonomy();
  auto known = [&taxonomy](Facet f, std::string_view v) { return taxonomy.contains(f, v); };
  auto params = parse_feed_params(request.params, known, limits_of(context.config));
  if (!params) return reply_error(params.error());
  params->access = request.access;
  auto pass = context.search_gate->enter();
  auto result = context.engine.search(*params);
  if (!result) return reply_error(result.error());
  auto query = request.target.find('?');
  FeedLinks links{request.target, query == std::string::npos ? "/" : "/" + request.target.substr(query),
                  context.engine.status(request.access).updated};
  Reply reply;
  reply.content_type = "application/atom+xml; charset=utf-8";
  reply.body = search_atom(*result, *params, taxonomy, links);
  return reply;
}

Reply get_healthz(const Request& request, ServerContext& context) {
  if (auto st = parse_no_params(request.params); !st) return reply_error(st.error());
  return json_reply(status_json(context.engine.status(request.access)));
}

Reply get_metrics(const Request& request, ServerContext& context) {
  if (auto st = parse_no_params(request.params); !st) return reply_error(st.error());
  Reply reply;
  reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
  const SearchGate& gate = *context.search_gate;
  reply.body = context.metrics.render(context.engine.status(request.access),
                                      SearchLoad{gate.slots(), gate.running(), gate.waiting()});
  return reply;
}

Reply get_static(const Request& request, ServerContext& context) {
  // Query strings are ignored here: pages may add ?v=N to bust caches.
  auto file = resolve_static_file(context.config.web_dir, request.segments);
  if (!file) return reply_error(file.error());
  std::ifstream in(file->path, std::ios::binary);
  if (!in) return reply_error(HttpError::route_not_found, "no such file");
  std::ostringstream content;
  content << in.rdbuf();
  Reply reply;
  reply.content_type = file->content_type;
  reply.body = content.str();
  reply.headers.emplace_back("Cache-Control", "no-cache");
  return reply;
}

}  // namespace kr::http
