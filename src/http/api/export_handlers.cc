// GET /api/v1/export/{file}: one CSV file of the clinic's records (docs/csv.md), file being
// patients.csv, courses.csv, sessions.csv, responses.csv or adherence.csv. Admins only. The body
// is streamed (HttpResponse::stream): the header row, then the rows of each block of patients as
// the worker pool reads it (app::ClinicExportCursor), so memory stays bounded.
#include <memory>
#include <optional>
#include <string>

#include "app/clinic_export.h"
#include "exchange/csv/clinic_csv.h"
#include "http/api/handler_support.h"
#include "http/api/handlers.h"
#include "http/api/json_io.h"

namespace backcare::http::api {

HttpResponse ExportCsv(HandlerContext& context) {
  const auto file = context.params.find("file");
  const std::string name = file == context.params.end() ? std::string() : file->second;
  std::optional<exchange::CsvKind> kind;
  if (name.ends_with(".csv")) kind = exchange::ParseCsvKind(name.substr(0, name.size() - 4));
  if (!kind) return ErrorResponse(NotFound("export file not found"));
  Result<std::unique_ptr<app::ClinicExportCursor>> started =
      app::ClinicExportCursor::Start(context.services.app_context, *context.caller);
  if (!started) return ErrorResponse(started.error());
  std::shared_ptr<app::ClinicExportCursor> cursor = std::move(*started);
  HttpResponse response;
  response.status = 200;
  response.content_type = "text/csv; charset=utf-8";
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  bool header_sent = false;
  response.stream = [cursor, kind = *kind, header_sent]() mutable -> Result<std::string> {
    if (!header_sent) {
      header_sent = true;
      return exchange::CsvHeader(kind);
    }
    for (;;) {
      ASSIGN_OR_RETURN(const app::ExportBlock* block, cursor->Next());
      if (block == nullptr) return std::string();  // the end
      std::string rows;
      exchange::AppendCsvRows(kind, block->patients, block->records, block->therapists, rows);
      if (!rows.empty()) return rows;  // an empty piece would end the body
    }
  };
  return response;
}

}  // namespace backcare::http::api
