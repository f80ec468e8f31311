#include "store/sql/protocols.h"

#include <optional>
#include <utility>

#include "store/common/validation.h"
#include "store/sql/mapping.h"
#include "store/sql/row_reader.h"

namespace backcare::store::sql {
namespace {

// A row of `columns` below; `source` only when the select list has it.
Result<clinic::ProtocolVersion> ReadProtocol(const Row& row, bool with_source) {
  RowReader r(row, "protocols");
  clinic::ProtocolVersion version;
  version.protocol_id = r.Text("protocol_id");
  version.version = static_cast<int>(r.Int("version"));
  version.title = r.Text("title");
  version.file_name = r.Text("file_name");
  version.source_sha256 = r.Text("source_sha256");
  version.imported_at = r.Time("imported_at_us");
  if (with_source) {
    version.source = r.Text("source");
  }
  RETURN_IF_ERROR(r.status());
  return version;
}

Result<clinic::ProtocolVersion> ReadProtocolWithSource(const Row& row) {
  return ReadProtocol(row, true);
}

Result<clinic::ProtocolVersion> ReadProtocolListing(const Row& row) {
  return ReadProtocol(row, false);
}

// Whole versions, and versions without their source (a list never reads the files' text).
constexpr Mapping<clinic::ProtocolVersion> kProtocols{
    "protocol_id, version, title, file_name, source_sha256, imported_at_us, source", "protocols",
    "protocol", &ReadProtocolWithSource};
constexpr Mapping<clinic::ProtocolVersion> kProtocolListings{
    "protocol_id, version, title, file_name, source_sha256, imported_at_us", "protocols",
    "protocol", &ReadProtocolListing};

Result<bool> ProtocolVersionExists(Connection& db, std::string_view protocol_id, int version) {
  ASSIGN_OR_RETURN(std::vector<Row> rows,
                   db.Query("SELECT 1 FROM protocols WHERE protocol_id = $1 AND version = $2",
                            Params{V(protocol_id), V(version)}));
  return !rows.empty();
}

}  // namespace

Status AddProtocolVersion(Connection& db, const clinic::ProtocolVersion& version) {
  RETURN_IF_ERROR(ValidateProtocolVersion(version));
  // Checked before the insert: on PostgreSQL a failed insert would end the whole transaction.
  ASSIGN_OR_RETURN(bool exists, ProtocolVersionExists(db, version.protocol_id, version.version));
  if (exists) {
    return ConflictError("protocols", "version");
  }
  return Write(db,
               "INSERT INTO protocols (protocol_id, version, title, file_name, source, "
               "source_sha256, imported_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7)",
               {V(version.protocol_id), V(version.version), V(version.title), V(version.file_name),
                V(version.source), V(version.source_sha256), V(version.imported_at)});
}

Result<clinic::ProtocolVersion> GetProtocolVersion(Connection& db, std::string_view protocol_id,
                                                   int version) {
  ASSIGN_OR_RETURN(std::optional<clinic::ProtocolVersion> found,
                   SelectFirst(db, kProtocols, "WHERE protocol_id = $1 AND version = $2",
                               {V(protocol_id), V(version)}));
  if (!found) {
    return ProtocolVersionNotFoundError(protocol_id, version);
  }
  return std::move(*found);
}

Result<std::vector<clinic::ProtocolVersion>> ListProtocolVersions(Connection& db,
                                                                  SqlDialect dialect) {
  // SQLite compares text bytewise (BINARY); PostgreSQL by the database's collation unless told.
  return SelectAll(db, kProtocolListings,
                   dialect == SqlDialect::kPostgres ? "ORDER BY protocol_id COLLATE \"C\", version"
                                                    : "ORDER BY protocol_id, version",
                   {});
}

Status RequireProtocolVersion(Connection& db, std::string_view protocol_id, int version) {
  ASSIGN_OR_RETURN(bool exists, ProtocolVersionExists(db, protocol_id, version));
  if (!exists) {
    return ProtocolVersionNotFoundError(protocol_id, version);
  }
  return OkStatus();
}

}  // namespace backcare::store::sql
