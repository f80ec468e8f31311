// SqlStore::WriteBackup and RestoreBackup: the portable backup format (docs/store.md), optionally
// sealed with libsodium's crypto_secretstream (XChaCha20-Poly1305).
//
// Plain format, one line each:
//   backcare-backup 1
//   schema <version>
//   table <name> <column> <column> ...
//   row <value> TAB <value> ...        (values escaped as in codec.h; \N = NULL)
//   end <name> <row count>
//   ... more tables ...
//   end-backup
// Encrypted file: the line "backcare-backup-sealed 1", then the 24-byte secretstream header, then
// chunks of [4-byte big-endian length][ciphertext]; the last chunk carries TAG_FINAL, so a
// truncated file is refused like a tampered one.
#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <utility>

#include "store/sql/codec.h"
#include "store/sql/row_reader.h"
#include "store/sql/sql_store.h"

namespace backcare::store::sql {
namespace {

struct TableSpec {
  std::string_view name;
  std::vector<std::string> columns;
  std::vector<std::string_view> key;  // the row order of the backup
  bool has_id;  // an identity column "id" (PostgreSQL sequences are reset after a restore)
  std::vector<std::string_view> real_columns = {};  // floating-point columns (see AppendValue)
  std::vector<std::string_view> text_keys = {};     // key columns holding text (see OrderBy)
};

// Every table, parents before children (the restore order).
const std::vector<TableSpec>& Tables() {
  static const std::vector<TableSpec> kTables = {
      // Protocol versions first: clinics and courses name them.
      {"protocols",
       {"protocol_id", "version", "title", "file_name", "source", "source_sha256",
        "imported_at_us"},
       {"protocol_id", "version"},
       false,
       {},
       {"protocol_id"}},
      {"clinics",
       {"id", "name", "time_zone", "patient_cancel_notice_hours", "demo", "protocol_id",
        "protocol_version", "mfa_policy", "exercise_pain_alert_threshold",
        "appointment_reminder_hours", "updated_at_us"},
       {"id"},
       true},
      {"therapists",
       {"id", "clinic_id", "given_name", "family_name", "license_number", "active",
        "updated_at_us"},
       {"id"},
       true},
      {"patients",
       {"id", "clinic_id", "given_name", "family_name", "date_of_birth", "phone", "email",
        "deleted", "deleted_at_us", "deleted_by", "deletion_reason", "retain_until",
        "updated_at_us"},
       {"id"},
       true},
      {"users",
       {"id", "clinic_id", "email", "display_name", "role", "password_hash", "disabled",
        "therapist_id", "patient_id", "owner_id", "expires_at_us", "password_change_required",
        "totp_secret", "totp_enabled_at_us", "totp_last_step"},
       {"id"},
       true},
      {"recovery_codes",
       {"clinic_id", "user_id", "code_hash", "used_at_us"},
       {"clinic_id", "user_id", "code_hash"},
       false,
       {},
       {"code_hash"}},
      {"courses",
       {"id", "clinic_id", "patient_id", "therapist_id", "protocol_id", "protocol_version",
        "start_date", "status", "discharge_outcome", "discharged_on", "discharged_by",
        "discharge_note", "updated_at_us"},
       {"id"},
       true},
      {"sessions",
       {"id", "clinic_id", "course_id", "patient_id", "therapist_id", "start_us", "end_us",
        "status", "phase_id", "sequence", "updated_at_us"},
       {"id"},
       true},
      {"session_notes",
       {"id",
        "clinic_id",
        "session_id",
        "author_id",
        "subjective",
        "objective",
        "assessment",
        "plan",
        "strip_passes",
        "trigger_points",
        "release_areas",
        "pressure",
        "tolerance",
        "nprs_before",
        "nprs_after",
        "adverse_events",
        "status",
        "signed_by",
        "signed_at_us",
        "created_at_us",
        "updated_at_us",
        "no_hands_on_reason",
        "deviation_reason",
        "standing_tolerance_minutes",
        "schober_cm",
        "fingertip_to_floor_cm"},
       {"id"},
       true,
       {"schober_cm", "fingertip_to_floor_cm"}},
      {"note_addenda", {"id", "clinic_id", "note_id", "author_id", "at_us", "text"}, {"id"}, true},
      {"questionnaire_responses",
       {"id", "clinic_id", "patient_id", "course_id", "instrument_id", "answers", "score",
        "score_status", "checkpoint_id", "taken_at_us", "updated_at_us"},
       {"id"},
       true,
       {"score"}},
      {"screening_results",
       {"id", "clinic_id", "patient_id", "condition_ids", "decision", "screened_by",
        "screened_at_us", "areas", "resolved_ids", "note", "outcome", "cleared_on",
        "clearance_source", "updated_at_us"},
       {"id"},
       true},
      {"home_program_assignments",
       {"id", "clinic_id", "patient_id", "course_id", "exercise_ids", "start_date",
        "updated_at_us"},
       {"id"},
       true},
      {"adherence_entries",
       {"clinic_id", "patient_id", "date", "exercise_id", "done", "note", "pain_rating",
        "updated_at_us"},
       {"clinic_id", "patient_id", "date", "exercise_id"},
       false,
       {},
       {"exercise_id"}},
      {"patient_reminders",
       {"clinic_id", "patient_id", "appointment_email", "nudge_email", "nudge_minutes",
        "appointment_push", "nudge_push"},
       {"clinic_id", "patient_id"},
       false},
      // The VAPID keys travel with the subscriptions made to them: a restored database goes on
      // sending to the patients' browsers. The private key is a secret, as users.totp_secret is:
      // a backup is sealed with a key (docs/store.md) when it leaves the server.
      {"clinic_vapid_keys",
       {"clinic_id", "public_key", "private_key", "created_at_us"},
       {"clinic_id"},
       false},
      {"push_subscriptions",
       {"id", "clinic_id", "patient_id", "endpoint", "p256dh", "auth", "created_at_us"},
       {"id"},
       true},
      // Sent reminders travel with the backup, so a restored database does not remind again.
      {"sent_reminders",
       {"clinic_id", "patient_id", "kind", "reminder_key", "sent_at_us"},
       {"clinic_id", "kind", "patient_id", "reminder_key"},
       false,
       {},
       {"kind", "reminder_key"}},
      {"alerts",
       {"id", "clinic_id", "patient_id", "kind", "severity", "record_type", "record_id", "detail",
        "created_at_us", "acknowledged_at_us", "acknowledged_by", "updated_at_us"},
       {"id"},
       true},
      {"clinic_closures",
       {"id", "clinic_id", "first_day", "last_day", "reason", "created_by", "created_at_us"},
       {"id"},
       true},
      {"audit_events",
       {"clinic_id", "seq", "at_us", "actor", "role", "action", "record_type", "record_id",
        "from_address", "prev_hash", "hash"},
       {"clinic_id", "seq"},
       false},
  };
  return kTables;
}

constexpr std::string_view kPlainMagic = "backcare-backup 1\n";
constexpr std::string_view kSealedMagic = "backcare-backup-sealed 1\n";
constexpr std::size_t kChunkBytes = 64 * 1024;

// Appends one cell as the backup prints it: integers in decimal, reals with 17 significant digits
// (%.17g), text escaped as in codec.h, NULL as \N. PostgreSQL returns every cell as text, reals in
// their shortest exact form ("0.1" where %.17g prints 0.10000000000000001), so the text of a real
// column is parsed and printed again: the same database gives the same bytes on every backend.
Status AppendValue(std::string& out, const Value& value, bool real, std::string_view table,
                   std::string_view column) {
  char buffer[32];
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    const auto end = std::to_chars(buffer, buffer + sizeof(buffer), *integer).ptr;
    out.append(buffer, end);
  } else if (const auto* number = std::get_if<double>(&value)) {
    // The same characters as printf("%.17g") (the standard defines this overload so), faster.
    out.append(buffer, std::to_chars(buffer, buffer + sizeof(buffer), *number,
                                     std::chars_format::general, 17)
                           .ptr);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    if (!real) {
      AppendEscaped(out, *text);
      return OkStatus();
    }
    double parsed = 0;
    const char* last = text->data() + text->size();
    const auto [end, error] = std::from_chars(text->data(), last, parsed);
    if (text->empty() || error != std::errc() || end != last) {
      return DataCorruption("backup: " + std::string(table) + "." + std::string(column) +
                            ": expected a number");
    }
    return AppendValue(out, parsed, real, table, column);
  } else {
    out += "\\N";
  }
  return OkStatus();
}

// ORDER BY the table's key, compared bytewise on every backend, so that the rows come in the same
// order: SQLite compares text with BINARY, while a PostgreSQL database compares it by its
// collation, which need not be bytewise ("a_" sorts before "a0" under ICU), hence COLLATE "C" for
// text keys there.
std::string OrderBy(const TableSpec& table, SqlDialect dialect) {
  std::string out;
  for (std::string_view column : table.key) {
    out += (out.empty() ? "" : ", ") + std::string(column);
    if (dialect == SqlDialect::kPostgres &&
        std::find(table.text_keys.begin(), table.text_keys.end(), column) !=
            table.text_keys.end()) {
      out += " COLLATE \"C\"";
    }
  }
  return out;
}

Status CheckKey(const BackupOptions& options) {
  if (options.key && options.key->size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    return InvalidInput("backup key: expected " +
                        std::to_string(crypto_secretstream_xchacha20poly1305_KEYBYTES) +
                        " bytes, got " + std::to_string(options.key->size()));
  }
  if (sodium_init() < 0) {
    return Internal("libsodium failed to initialise");
  }
  return OkStatus();
}

Result<std::string> Seal(std::string_view plain, const std::vector<unsigned char>& key) {
  std::string out(kSealedMagic);
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.data());
  out.append(reinterpret_cast<const char*>(header), sizeof(header));
  std::vector<unsigned char> cipher(kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES);
  std::size_t offset = 0;
  do {
    const std::size_t length = std::min(kChunkBytes, plain.size() - offset);
    const bool last = offset + length == plain.size();
    unsigned long long cipher_length = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, cipher.data(), &cipher_length,
        reinterpret_cast<const unsigned char*>(plain.data() + offset), length, nullptr, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    const auto n = static_cast<std::uint32_t>(cipher_length);
    const char prefix[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                            static_cast<char>(n >> 8), static_cast<char>(n)};
    out.append(prefix, 4);
    out.append(reinterpret_cast<const char*>(cipher.data()), cipher_length);
    offset += length;
  } while (offset < plain.size());
  return out;
}

Result<std::string> Unseal(std::string_view sealed, const std::vector<unsigned char>& key) {
  const Error tampered =
      DataCorruption("backup failed authentication (wrong key, or a damaged or altered file)");
  sealed.remove_prefix(kSealedMagic.size());
  if (sealed.size() < crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    return tampered;
  }
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &state, reinterpret_cast<const unsigned char*>(sealed.data()), key.data()) != 0) {
    return tampered;
  }
  sealed.remove_prefix(crypto_secretstream_xchacha20poly1305_HEADERBYTES);
  std::string plain;
  std::vector<unsigned char> buffer(kChunkBytes);
  bool final_seen = false;
  while (!sealed.empty()) {
    if (final_seen || sealed.size() < 4) {
      return tampered;
    }
    const auto byte = [&](std::size_t i) {
      return static_cast<std::uint32_t>(static_cast<unsigned char>(sealed[i]));
    };
    const std::size_t length = (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
    sealed.remove_prefix(4);
    if (length > sealed.size() || length < crypto_secretstream_xchacha20poly1305_ABYTES ||
        length > kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES) {
      return tampered;
    }
    unsigned long long plain_length = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state, buffer.data(), &plain_length, &tag,
            reinterpret_cast<const unsigned char*>(sealed.data()), length, nullptr, 0) != 0) {
      return tampered;
    }
    plain.append(reinterpret_cast<const char*>(buffer.data()), plain_length);
    final_seen = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    sealed.remove_prefix(length);
  }
  if (!final_seen) {
    return tampered;
  }
  return plain;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = line.find('\t', start);
    if (end == std::string_view::npos) {
      parts.push_back(line.substr(start));
      return parts;
    }
    parts.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

// Removes a partly written output file (never a directory that happens to have its name).
// Writes `bytes` to a new file at `path` readable by its owner only (mode 0600 whatever the
// umask: a backup holds every patient's record) and fsyncs it. False on any failure.
bool WritePrivateDurably(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return false;
  }
  bool ok = ::fchmod(fd, 0600) == 0;
  while (ok && !bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    ok = written > 0;
    if (ok) {
      bytes.remove_prefix(static_cast<std::size_t>(written));
    }
  }
  ok = ok && ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

// Best effort: fsync the folder holding `path`, so a rename into it is on disk.
void SyncFolderOf(const std::string& path) {
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) {
    folder = ".";
  }
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    (void)::close(fd);
  }
}

void RemoveIfRegularFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_regular_file(std::filesystem::symlink_status(path, error))) {
    std::filesystem::remove(path, error);
  }
}

Error Malformed(std::size_t line_number, std::string_view what) {
  return InvalidInput("backup:" + std::to_string(line_number) + ": " + std::string(what));
}

// A value WriteBackup writes for an integer: decimal digits with an optional '-', in range.
bool IsInteger(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

}  // namespace

Status SqlStore::WriteBackup(const std::string& path, const BackupOptions& options) {
  RETURN_IF_ERROR(CheckKey(options));
  // SQLite: read a copy taken with the online backup API (removed when `connection` goes);
  // PostgreSQL: read the live database in one read-only transaction.
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                   pool_->OpenSnapshot(path + ".snapshot.tmp"));
  if (connection == nullptr) {
    ASSIGN_OR_RETURN(connection, pool_->Acquire(TxMode::kRead));
  }
  RETURN_IF_ERROR(connection->Begin(TxMode::kRead));
  ASSIGN_OR_RETURN(int version, ReadSchemaVersion(*connection, pool_->dialect()));
  if (version != kLatestSchemaVersion) {
    return FailedPrecondition("backup: database schema version " + std::to_string(version) +
                              " is not the latest (" + std::to_string(kLatestSchemaVersion) +
                              "); run migrate first");
  }
  std::string plain(kPlainMagic);
  plain += "schema " + std::to_string(version) + "\n";
  for (const TableSpec& table : Tables()) {
    const std::string name(table.name);
    std::string columns;
    std::vector<bool> real;
    plain += "table " + name;
    for (const std::string& column : table.columns) {
      columns += (columns.empty() ? "" : ", ") + column;
      real.push_back(std::find(table.real_columns.begin(), table.real_columns.end(), column) !=
                     table.real_columns.end());
      plain += " " + column;
    }
    plain += "\n";
    // One consistent snapshot: every table is read in the same read-only transaction.
    std::size_t count = 0;
    Status read = connection->ForEachRow(
        "SELECT " + columns + " FROM " + name + " ORDER BY " + OrderBy(table, pool_->dialect()),
        [&](const Row& row) -> Status {
          if (row.size() != table.columns.size()) {
            return Internal("backup: table " + name + ": expected " +
                            std::to_string(table.columns.size()) + " values, got " +
                            std::to_string(row.size()));
          }
          plain += "row";
          for (std::size_t i = 0; i < row.size(); ++i) {
            plain += '\t';
            RETURN_IF_ERROR(AppendValue(plain, row[i], real[i], name, table.columns[i]));
          }
          plain += '\n';
          ++count;
          return OkStatus();
        });
    RETURN_IF_ERROR(read);
    plain += "end " + name + " " + std::to_string(count) + "\n";
  }
  plain += "end-backup\n";
  connection->Rollback();
  connection.reset();  // deletes the SQLite copy before the output is written

  std::string bytes = std::move(plain);
  if (options.key) {
    ASSIGN_OR_RETURN(bytes, Seal(bytes, *options.key));
  }
  const std::string temporary = path + ".tmp";
  if (!WritePrivateDurably(temporary, bytes)) {
    RemoveIfRegularFile(temporary);
    return Unavailable("backup: cannot write " + temporary);
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    RemoveIfRegularFile(temporary);
    return Unavailable("backup: cannot rename " + temporary + " to " + path + ": " +
                       error.message());
  }
  // The rename is durable once the folder is synced: a reported backup survives a power cut.
  SyncFolderOf(path);
  return OkStatus();
}

Status SqlStore::RestoreBackup(const std::string& path, const BackupOptions& options) {
  RETURN_IF_ERROR(CheckKey(options));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound("backup: cannot open " + path);
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return RestoreBackupBytes(std::move(bytes), options);
}

Status SqlStore::RestoreBackupBytes(std::string bytes, const BackupOptions& options) {
  RETURN_IF_ERROR(CheckKey(options));
  if (bytes.starts_with(kSealedMagic)) {
    if (!options.key) {
      return InvalidInput("backup: the file is encrypted; give the key file");
    }
    ASSIGN_OR_RETURN(bytes, Unseal(bytes, *options.key));
  } else if (!bytes.starts_with(kPlainMagic)) {
    return InvalidInput("backup:1: expected 'backcare-backup 1'");
  } else if (options.key) {
    return InvalidInput("backup: a key was given but the file is not encrypted");
  }

  // A new database (schema 0) is first migrated to the backup's schema version.
  {
    const std::size_t first = bytes.find('\n');
    const std::size_t second = first == std::string::npos ? first : bytes.find('\n', first + 1);
    const std::string_view line2 =
        second == std::string::npos ? std::string_view()
                                    : std::string_view(bytes).substr(first + 1, second - first - 1);
    int backup_version = 0;
    const char* digits = line2.data() + std::min<std::size_t>(line2.size(), 7);
    if (!line2.starts_with("schema ") ||
        std::from_chars(digits, line2.data() + line2.size(), backup_version).ptr !=
            line2.data() + line2.size()) {
      return Malformed(2, "expected 'schema <version>'");
    }
    // The row format follows the tables of one schema version (WriteBackup writes the latest).
    if (backup_version != kLatestSchemaVersion) {
      return FailedPrecondition("restore: the backup has schema " + std::to_string(backup_version) +
                                " and this backcare reads schema " +
                                std::to_string(kLatestSchemaVersion) +
                                " backups; restore it with the backcare that wrote it, then "
                                "upgrade");
    }
    ASSIGN_OR_RETURN(const int current, SchemaVersion());
    if (current == 0) {
      ASSIGN_OR_RETURN(std::vector<int> applied, MigrateTo(backup_version));
      (void)applied;
    }
  }

  ASSIGN_OR_RETURN(auto connection, pool_->Acquire(TxMode::kWrite));
  RETURN_IF_ERROR(connection->Begin(TxMode::kWrite));
  ASSIGN_OR_RETURN(int version, ReadSchemaVersion(*connection, pool_->dialect()));
  for (const TableSpec& table : Tables()) {
    if (version == 0) {
      break;
    }
    ASSIGN_OR_RETURN(auto rows,
                     connection->Query("SELECT count(*) FROM " + std::string(table.name), {}));
    RowReader reader(rows.at(0), table.name);
    if (reader.Int("count") != 0) {
      return FailedPrecondition("restore: the database is not empty (table " +
                                std::string(table.name) + " has rows)");
    }
  }

  std::istringstream lines(bytes);
  std::string line;
  std::size_t line_number = 0;
  auto next = [&]() -> bool {
    ++line_number;
    return static_cast<bool>(std::getline(lines, line));
  };
  next();  // the magic line, checked above
  if (!next() || !line.starts_with("schema ")) {
    return Malformed(line_number, "expected 'schema <version>'");
  }
  if (line != "schema " + std::to_string(version)) {
    return FailedPrecondition("restore: the backup has " + line + " but the database is at " +
                              std::to_string(version) + "; migrate it to the same version");
  }
  for (const TableSpec& table : Tables()) {
    std::string header = "table " + std::string(table.name);
    for (const std::string& column : table.columns) {
      header += " " + column;
    }
    if (!next() || line != header) {
      return Malformed(line_number, "expected '" + header + "'");
    }
    // Restore keeps every index and constraint in place (the row count is not known up front).
    ASSIGN_OR_RETURN(auto load, connection->BeginBulkLoad(table.name, table.columns, 0));
    std::vector<Row> batch;
    std::size_t count = 0;
    while (true) {
      if (!next()) {
        return Malformed(line_number, "unexpected end of file in table " + std::string(table.name));
      }
      if (!line.starts_with("row\t")) {
        break;
      }
      std::vector<std::string_view> fields = SplitTabs(std::string_view(line).substr(4));
      if (fields.size() != table.columns.size()) {
        return Malformed(line_number, "expected " + std::to_string(table.columns.size()) +
                                          " values, got " + std::to_string(fields.size()));
      }
      // SQLite's `id INTEGER PRIMARY KEY` is the rowid: anything but an integer there fails
      // with "datatype mismatch" (an internal error) instead of naming the line.
      if (table.has_id && table.columns.front() == "id" && !IsInteger(fields.front())) {
        return Malformed(line_number, "expected an integer id");
      }
      Row row;
      row.reserve(fields.size());
      for (std::string_view field : fields) {
        if (field == "\\N") {
          row.emplace_back();
          continue;
        }
        auto text = Unescape(field);
        if (!text) {
          return Malformed(line_number, "bad escape");
        }
        row.emplace_back(std::move(*text));
      }
      batch.push_back(std::move(row));
      ++count;
      if (batch.size() == 4096) {
        RETURN_IF_ERROR(load->Append(batch));
        batch.clear();
      }
    }
    RETURN_IF_ERROR(load->Append(batch));
    RETURN_IF_ERROR(load->Finish());
    if (line != "end " + std::string(table.name) + " " + std::to_string(count)) {
      return Malformed(line_number, "expected 'end " + std::string(table.name) + " " +
                                        std::to_string(count) + "'");
    }
    if (pool_->dialect() == SqlDialect::kPostgres && table.has_id) {
      const std::string name(table.name);
      ASSIGN_OR_RETURN(
          auto ignored,
          connection->Query("SELECT setval(pg_get_serial_sequence('" + name +
                                "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + name,
                            {}));
    }
  }
  if (!next() || line != "end-backup") {
    return Malformed(line_number, "expected 'end-backup'");
  }
  return connection->Commit();
}

}  // namespace backcare::store::sql
