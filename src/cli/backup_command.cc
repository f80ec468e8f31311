// `backcare backup --db URL --out FILE [--key-file F]`, `backcare backup keygen --out F` and
// `backcare restore --db URL --in FILE [--key-file F]`.
//
// backup writes every row in the portable backup format (docs/store.md), encrypted with the
// 32-byte key in F when --key-file is given; keygen writes 32 random bytes (from the kernel's
// CSPRNG, /dev/urandom) to a new file readable only by its owner; restore loads a backup into a
// new database (which it migrates first) or an empty, migrated one. Each prints one line on success
// and exits 0; errors go to stderr with the error's exit code. The store comes from
// CliEnvironment::open_store.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/ports/clinic_store.h"

namespace backcare::cli {
namespace {

constexpr std::size_t kKeyBytes = 32;

struct BackupOptions {
  std::string db;
  std::string file;
  std::string key_file;
};

Result<store::BackupOptions> ReadKey(const std::string& key_file) {
  store::BackupOptions options;
  if (key_file.empty()) {
    return options;
  }
  std::ifstream in(key_file, std::ios::binary);
  if (!in) {
    return NotFound("key file " + key_file + ": cannot be read");
  }
  std::vector<unsigned char> key((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
  if (key.size() != kKeyBytes) {
    return InvalidInput("key file " + key_file + ": expected " + std::to_string(kKeyBytes) +
                        " bytes, got " + std::to_string(key.size()));
  }
  options.key = std::move(key);
  return options;
}

Status WriteKey(const std::string& path) {
  std::ifstream random("/dev/urandom", std::ios::binary);
  std::vector<char> key(kKeyBytes);
  if (!random.read(key.data(), static_cast<std::streamsize>(key.size()))) {
    return Unavailable("cannot read /dev/urandom");
  }
  struct stat existing;
  if (::stat(path.c_str(), &existing) == 0) {
    return FailedPrecondition("key file " + path + " already exists; not overwriting it");
  }
  {
    std::ofstream out(path, std::ios::binary);
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    if (!out) {
      return Unavailable("key file " + path + ": cannot be written");
    }
  }
  ::chmod(path.c_str(), S_IRUSR | S_IWUSR);
  return OkStatus();
}

// Runs `action` on the store at options.db, reporting errors as `name` would.
template <typename Action>
void WithStore(CommandContext& context, const std::string& name, const BackupOptions& options,
               Action action) {
  auto fail = [&](const Error& error) {
    context.env.err << "backcare " << name << ": " << error.ToString() << "\n";
    context.exit_code = ExitCodeFor(error.code);
  };
  if (!context.env.open_store) {
    return fail(Internal("this build has no store"));
  }
  auto key = ReadKey(options.key_file);
  if (!key) {
    return fail(key.error());
  }
  auto store = context.env.open_store(options.db);
  if (!store) {
    return fail(store.error());
  }
  Status status = action(**store, *key);
  if (!status) {
    return fail(status.error());
  }
  context.exit_code = 0;
}

}  // namespace

void AddBackupCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command =
      app.add_subcommand("backup", "Write every row of the database to a (sealed) backup file");
  auto options = std::make_shared<BackupOptions>();
  command->add_option("--db", options->db, "Database URL: sqlite:PATH or postgresql://...");
  command->add_option("--out", options->file, "Backup file to write");
  command->add_option("--key-file", options->key_file,
                      "Encrypt with the 32-byte key in this file (see `backup keygen`)");
  command->require_subcommand(0, 1);

  auto keygen_out = std::make_shared<std::string>();
  CLI::App* keygen =
      command->add_subcommand("keygen", "Write a new random 32-byte backup key file");
  keygen->add_option("--out", *keygen_out, "Key file to create (must not exist)")->required();
  keygen->callback([keygen_out, &context] {
    Status status = WriteKey(*keygen_out);
    if (!status) {
      context.env.err << "backcare backup keygen: " << status.error().ToString() << "\n";
      context.exit_code = ExitCodeFor(status.error().code);
      return;
    }
    context.env.out << "wrote a new backup key to " << *keygen_out << "\n";
    context.exit_code = 0;
  });

  command->callback([options, command, &context] {
    if (!command->get_subcommands().empty()) {
      return;  // keygen ran
    }
    if (options->db.empty() || options->file.empty()) {
      context.env.err << "backcare backup: --db and --out are required\n";
      context.exit_code = 2;
      return;
    }
    WithStore(context, "backup", *options,
              [&](store::Database& store, const store::BackupOptions& backup) -> Status {
                RETURN_IF_ERROR(store.WriteBackup(options->file, backup));
                context.env.out << "wrote " << (backup.key ? "encrypted " : "") << "backup to "
                                << options->file << "\n";
                return OkStatus();
              });
  });
}

void AddRestoreCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command =
      app.add_subcommand("restore", "Load a backup file into a new or empty database");
  auto options = std::make_shared<BackupOptions>();
  command->add_option("--db", options->db, "Database URL: sqlite:PATH or postgresql://...")
      ->required();
  command->add_option("--in", options->file, "Backup file to read")->required();
  command->add_option("--key-file", options->key_file, "Key file the backup was sealed with");
  command->callback([options, &context] {
    WithStore(context, "restore", *options,
              [&](store::Database& store, const store::BackupOptions& backup) -> Status {
                RETURN_IF_ERROR(store.RestoreBackup(options->file, backup));
                context.env.out << "restored " << options->file << "\n";
                return OkStatus();
              });
  });
}

}  // namespace backcare::cli
