#include "http/api/handler_support.h"

namespace backcare::http::api {

HttpResponse BadRequest(const Error& error) { return ErrorResponse(error, 400); }

std::optional<HttpResponse> ReadBody(const HandlerContext& context,
                                     const std::function<void(ObjectReader&)>& read) {
  Result<Json> body = ParseJsonObject(context.request.body);
  if (!body) return BadRequest(body.error());
  std::vector<FieldError> errors;
  ObjectReader reader(*body, "", errors);
  read(reader);
  reader.RejectUnknownFields();
  Status status = FieldErrorsToStatus(std::move(errors));
  if (!status) return BadRequest(status.error());
  return std::nullopt;
}

HttpResponse ReplyEmpty(const Status& status) {
  if (!status) return ErrorResponse(status.error());
  HttpResponse response;
  response.status = 204;
  return response;
}

}  // namespace backcare::http::api
