// `backcare serve` settings: precedence flag > environment > config file > default, validation,
// and the command run in-process with a recording serve factory.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/serve_options.h"
#include "testing/status_matchers.h"

namespace backcare::cli {
namespace {

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "backcare_serve_cli_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

ServeSources Sources(std::map<std::string, std::string> flags,
                     std::map<std::string, std::string> env, std::string config_file = "") {
  ServeSources sources;
  sources.flags = std::move(flags);
  sources.env = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  sources.config_file = std::move(config_file);
  return sources;
}

std::vector<std::string> Describe(const Error& error) {
  std::vector<std::string> out;
  for (const FieldError& field : error.fields) out.push_back(field.ToString());
  return out;
}

TEST(ResolveServeOptionsTest, Defaults) {
  Result<ServeOptions> options = ResolveServeOptions(Sources({{"db", "sqlite:x.db"}}, {}));
  ASSERT_OK(options);
  EXPECT_EQ(options->db_url, "sqlite:x.db");
  EXPECT_EQ(options->host, "127.0.0.1");
  EXPECT_EQ(options->port, 8080);
  EXPECT_EQ(options->threads, 0);  // automatic: WorkerThreadsFor
  EXPECT_EQ(options->max_body_bytes, 1 << 20);
  EXPECT_EQ(options->session_idle_minutes, 30);
  EXPECT_EQ(options->session_max_hours, 12);
  EXPECT_EQ(options->access_log, "stderr");
}

TEST(WorkerThreadsForTest, ASetValueWinsElseTwoPerCoreOnSqliteAndFourOnPostgres) {
  ServeOptions options;
  options.db_url = "sqlite:clinic.db";
  EXPECT_EQ(WorkerThreadsFor(options, 2), 4);
  EXPECT_EQ(WorkerThreadsFor(options, 8), 16);
  EXPECT_EQ(WorkerThreadsFor(options, 1), 4);  // never fewer than 4
  EXPECT_EQ(WorkerThreadsFor(options, 0), 4);  // hardware_concurrency() may not know
  options.db_url = "postgresql://backcare@db.example/clinic";
  EXPECT_EQ(WorkerThreadsFor(options, 2), 8);
  options.db_url = "postgres://db.example/clinic";
  EXPECT_EQ(WorkerThreadsFor(options, 8), 32);
  options.threads = 3;
  EXPECT_EQ(WorkerThreadsFor(options, 8), 3);
}

TEST(ResolveServeOptionsTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  std::string file = WriteFile("precedence.toml",
                               "db = \"sqlite:file.db\"\nbind = \"127.0.0.1:7000\"\nthreads = 16\n"
                               "session_idle_minutes = 10\n");
  Result<ServeOptions> options = ResolveServeOptions(
      Sources({{"bind", "127.0.0.1:9000"}},
              {{"BACKCARE_BIND", "127.0.0.1:8000"}, {"BACKCARE_THREADS", "32"}}, file));
  ASSERT_OK(options);
  EXPECT_EQ(options->port, 9000);                // flag
  EXPECT_EQ(options->threads, 32);               // environment over file
  EXPECT_EQ(options->db_url, "sqlite:file.db");  // file
  EXPECT_EQ(options->session_idle_minutes, 10);  // file
  EXPECT_EQ(options->read_timeout_seconds, 10);  // default
}

TEST(ResolveServeOptionsTest, EmptyEnvironmentVariableIsUnset) {
  Result<ServeOptions> options =
      ResolveServeOptions(Sources({{"db", "memory:"}}, {{"BACKCARE_BIND", ""}}));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->port, 8080);
}

TEST(ResolveServeOptionsTest, BindForms) {
  struct Case {
    const char* bind;
    const char* host;
    int port;
  };
  const Case cases[] = {
      {"0.0.0.0:80", "0.0.0.0", 80}, {"[::1]:8443", "::1", 8443}, {"localhost:0", "localhost", 0}};
  for (const Case& test : cases) {
    Result<ServeOptions> options =
        ResolveServeOptions(Sources({{"db", "memory:"}, {"bind", test.bind}}, {}));
    ASSERT_TRUE(options.has_value()) << test.bind;
    EXPECT_EQ(options->host, test.host);
    EXPECT_EQ(options->port, test.port);
  }
}

TEST(ResolveServeOptionsTest, NamesEveryBadSettingAndItsSource) {
  Result<ServeOptions> options = ResolveServeOptions(
      Sources({{"threads", "-1"}, {"tls_cert", "c.pem"}}, {{"BACKCARE_BIND", "localhost"},
                                                           {"BACKCARE_ACCESS_LOG", "syslog"},
                                                           {"BACKCARE_MAX_BODY_BYTES", "lots"}}));
  ASSERT_ERROR_AND_ASSIGN(Error error, options, ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "invalid serve settings");
  EXPECT_EQ(Describe(error),
            (std::vector<std::string>{
                "db: required: --db, BACKCARE_DB or 'db' in the config file",
                "bind: expected HOST:PORT with PORT in [0, 65535], got 'localhost' (from "
                "BACKCARE_BIND)",
                "tls_key: required with tls_cert",
                "access_log: expected one of: stderr, stdout, off, got 'syslog' (from "
                "BACKCARE_ACCESS_LOG)",
                "threads: expected an integer in [0, 1024], got '-1' (from --threads)",
                "max_body_bytes: expected an integer in [1024, 67108864], got 'lots' (from "
                "BACKCARE_MAX_BODY_BYTES)",
            }));
}

TEST(ResolveServeOptionsTest, ConfigFileErrorsPassThrough) {
  std::string file = WriteFile("bad.toml", "port = 1\n");
  ASSERT_ERROR_AND_ASSIGN(Error error, ResolveServeOptions(Sources({{"db", "memory:"}}, {}, file)),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(Describe(error), (std::vector<std::string>{file + ":1:8: port: unknown key"}));
}

TEST(ResolveServeOptionsTest, ListRoutesNeedsNoDatabase) {
  Result<ServeOptions> options = ResolveServeOptions(Sources({{"list_routes", "1"}}, {}));
  ASSERT_TRUE(options.has_value());
  EXPECT_TRUE(options->list_routes);
}

struct ServeRun {
  int exit_code = 0;
  std::string err;
  std::vector<ServeOptions> served;
};

ServeRun RunServe(std::vector<std::string> args, bool with_server = true) {
  args.insert(args.begin(), {"backcare", "serve"});
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  ServeRun run;
  CliEnvironment env{out, err, "test"};
  if (with_server) {
    env.serve = [&run](const ServeOptions& options) {
      run.served.push_back(options);
      return 0;
    };
  }
  run.exit_code = RunCli(static_cast<int>(argv.size()), argv.data(), env);
  run.err = err.str();
  return run;
}

TEST(ServeCommandTest, HandsTheResolvedOptionsToTheServer) {
  ServeRun run =
      RunServe({"--db", "sqlite:c.db", "--bind", "127.0.0.1:0", "--threads", "8", "--access-log",
                "off", "--session-idle-minutes", "5", "--session-max-hours", "9"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.served.size(), 1u);
  EXPECT_EQ(run.served[0].db_url, "sqlite:c.db");
  EXPECT_EQ(run.served[0].port, 0);
  EXPECT_EQ(run.served[0].threads, 8);
  EXPECT_EQ(run.served[0].access_log, "off");
  EXPECT_EQ(run.served[0].session_idle_minutes, 5);
  EXPECT_EQ(run.served[0].session_max_hours, 9);
}

TEST(ServeCommandTest, ReadsTheConfigFile) {
  std::string file = WriteFile("ok.toml", "db = \"sqlite:from-file.db\"\n");
  ServeRun run = RunServe({"--config", file});
  ASSERT_EQ(run.served.size(), 1u) << run.err;
  EXPECT_EQ(run.served[0].db_url, "sqlite:from-file.db");
}

TEST(ServeCommandTest, InvalidSettingsExitWithTwoAndServeNothing) {
  ServeRun run = RunServe({"--db", "memory:", "--bind", "nowhere"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.served.empty());
  EXPECT_EQ(run.err,
            "backcare serve: invalid serve settings\nbind: expected HOST:PORT with PORT in [0, "
            "65535], got 'nowhere' (from --bind)\n");
}

TEST(ServeCommandTest, WithoutAServerFactoryItFails) {
  ServeRun run = RunServe({"--db", "memory:"}, /*with_server=*/false);
  EXPECT_EQ(run.exit_code, 70);
  EXPECT_EQ(run.err, "backcare serve: this build has no server\n");
}

}  // namespace
}  // namespace backcare::cli
