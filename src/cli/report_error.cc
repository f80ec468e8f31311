#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"

namespace backcare::cli {

void ReportError(CommandContext& context, std::string_view command, bool json, const Error& error) {
  if (json) {
    nlohmann::ordered_json out;
    out["status"] = std::string(ErrorCodeName(error.code));
    out["message"] = error.message;
    if (!error.fields.empty()) {
      nlohmann::ordered_json fields = nlohmann::ordered_json::array();
      for (const FieldError& field : error.fields) {
        fields.push_back(
            {{"location", field.location}, {"path", field.path}, {"message", field.message}});
      }
      out["errors"] = fields;
    }
    context.env.out << out.dump() << "\n";
  } else {
    context.env.err << "backcare " << command << ": " << error.ToString() << "\n";
  }
  context.exit_code = ExitCodeFor(error.code);
}

}  // namespace backcare::cli
