// Contract for the protocol-version methods of ports::Transaction, and for a clinic's protocol, on
// every backend: a version is stored once and read back whole (its source exactly as imported),
// listed without its source by protocol id (bytewise) and version; a clinic names a stored version
// (both fields or neither) or none. Test data is synthetic.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "testing/status_matchers.h"
#include "tests/store/test_stores.h"

namespace backcare::store::testing {
namespace {

using std::chrono::microseconds;

clinic::Timestamp At(int second) {
  return clinic::FromUnixMicros(1'767'225'600'000'000) + microseconds(1'000'001LL * second);
}

clinic::ProtocolVersion Version(std::string protocol_id, int version) {
  clinic::ProtocolVersion stored;
  stored.protocol_id = std::move(protocol_id);
  stored.version = version;
  stored.title = "Deep tissue \"chronic\" — v" + std::to_string(version);
  stored.file_name = stored.protocol_id + ".toml";
  // Text as a file holds it: line breaks, tabs, a backslash, non-ASCII, trailing blank line.
  stored.source = "id = \"" + stored.protocol_id + "\"\r\nversion = " + std::to_string(version) +
                  "\n\ttitle = 'Ü \\n ✓'\n\n";
  stored.source_sha256 = std::string(63, 'a') + static_cast<char>('0' + version % 10);
  stored.imported_at = At(version);
  return stored;
}

template <typename Backend>
class ProtocolVersionContractTest : public ::testing::Test {};

TYPED_TEST_SUITE(ProtocolVersionContractTest, AllBackends, BackendNames);

TYPED_TEST(ProtocolVersionContractTest, VersionsAreReadBackWholeAndListedWithoutSource) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  // Added out of order; "a0" < "a_" < "b" bytewise (not under every collation).
  const std::vector<clinic::ProtocolVersion> added = {
      Version("b", 2), Version("a_", 1), Version("b", 1), Version("a0", 3), Version("b", 10)};
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    for (const clinic::ProtocolVersion& version : added) {
      ASSERT_OK(tx->AddProtocolVersion(version));
    }
    // The transaction sees its own writes.
    ASSERT_OK_AND_ASSIGN(clinic::ProtocolVersion own, tx->GetProtocolVersion("b", 2));
    EXPECT_EQ(own, added[0]);
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  for (const clinic::ProtocolVersion& version : added) {
    ASSERT_OK_AND_ASSIGN(clinic::ProtocolVersion found,
                         read->GetProtocolVersion(version.protocol_id, version.version));
    EXPECT_EQ(found, version);
  }
  ASSERT_OK_AND_ASSIGN(std::vector<clinic::ProtocolVersion> listed, read->ListProtocolVersions());
  std::vector<clinic::ProtocolVersion> expected = {added[3], added[1], added[2], added[0],
                                                   added[4]};
  for (clinic::ProtocolVersion& version : expected) {
    version.source.clear();
  }
  EXPECT_EQ(listed, expected);
}

TYPED_TEST(ProtocolVersionContractTest, AVersionIsStoredOnce) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  const clinic::ProtocolVersion first = Version("deep", 1);
  ASSERT_OK(tx->AddProtocolVersion(first));
  // The same content again, or other content under the same number: refused alike.
  ASSERT_ERROR_AND_ASSIGN(Error same, tx->AddProtocolVersion(first), ErrorCode::kConflict);
  EXPECT_EQ(same.message, "protocols.version: already exists");
  ASSERT_EQ(same.fields.size(), 1u);
  EXPECT_EQ(same.fields[0].path, "version");
  clinic::ProtocolVersion changed = first;
  changed.source += "# edited\n";
  changed.title = "Edited";
  EXPECT_ERROR(tx->AddProtocolVersion(changed), ErrorCode::kConflict);
  // The transaction goes on after the refusal: the next version is a new row.
  ASSERT_OK(tx->AddProtocolVersion(Version("deep", 2)));
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  EXPECT_ERROR(tx->AddProtocolVersion(changed), ErrorCode::kConflict);  // across transactions
  ASSERT_OK_AND_ASSIGN(clinic::ProtocolVersion found, tx->GetProtocolVersion("deep", 1));
  EXPECT_EQ(found, first);
  ASSERT_OK_AND_ASSIGN(auto listed, tx->ListProtocolVersions());
  EXPECT_EQ(listed.size(), 2u);
}

TYPED_TEST(ProtocolVersionContractTest, InvalidVersionsAreRefusedWithEveryField) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  clinic::ProtocolVersion bad = Version("", 0);
  bad.source.clear();
  bad.source_sha256 = std::string(64, 'A');  // upper-case hex
  ASSERT_ERROR_AND_ASSIGN(Error error, tx->AddProtocolVersion(bad), ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "protocol version: 4 invalid field(s)");
  std::vector<std::string> fields;
  for (const FieldError& field : error.fields) {
    fields.push_back(field.ToString());
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"protocol_id: expected a non-empty value",
                                              "version: expected >= 1, got 0",
                                              "source: expected a non-empty value",
                                              "source_sha256: expected 64 lower-case hex digits"}));
  clinic::ProtocolVersion negative = Version("deep", -1);
  EXPECT_ERROR(tx->AddProtocolVersion(negative), ErrorCode::kInvalidInput);
  clinic::ProtocolVersion short_hash = Version("deep", 1);
  short_hash.source_sha256.pop_back();
  EXPECT_ERROR(tx->AddProtocolVersion(short_hash), ErrorCode::kInvalidInput);
  ASSERT_OK_AND_ASSIGN(auto listed, tx->ListProtocolVersions());
  EXPECT_TRUE(listed.empty());
}

TYPED_TEST(ProtocolVersionContractTest, AnUnknownVersionIsNotFound) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK(tx->AddProtocolVersion(Version("deep", 1)));
  ASSERT_ERROR_AND_ASSIGN(Error other_version, tx->GetProtocolVersion("deep", 2),
                          ErrorCode::kNotFound);
  EXPECT_EQ(other_version.message, "protocol 'deep' version 2 not found");
  ASSERT_ERROR_AND_ASSIGN(Error other_protocol, tx->GetProtocolVersion("shallow", 1),
                          ErrorCode::kNotFound);
  EXPECT_EQ(other_protocol.message, "protocol 'shallow' version 1 not found");
}

TYPED_TEST(ProtocolVersionContractTest, AClinicFollowsAStoredVersionOrNone) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK(tx->AddProtocolVersion(Version("deep", 1)));
  ASSERT_OK(tx->AddProtocolVersion(Version("deep", 2)));

  // Not stored: refused on create, and nothing is written.
  clinic::Clinic north{ClinicId(), "North", "Europe/Berlin"};
  north.protocol_id = "deep";
  north.protocol_version = 3;
  ASSERT_ERROR_AND_ASSIGN(Error unstored, tx->CreateClinic(north), ErrorCode::kNotFound);
  EXPECT_EQ(unstored.message, "protocol 'deep' version 3 not found");
  north.protocol_id = "shallow";
  north.protocol_version = 1;
  EXPECT_ERROR(tx->CreateClinic(north), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto clinics, tx->ListClinics());
  EXPECT_TRUE(clinics.empty());

  // Stored: the clinic reads back with its protocol.
  north.protocol_id = "deep";
  north.protocol_version = 1;
  ASSERT_OK_AND_ASSIGN(north.id, tx->CreateClinic(north));
  north.updated_at = kTestClockStart;  // the store's clock, which this test never moves
  ASSERT_OK_AND_ASSIGN(clinic::Clinic found, tx->GetClinic(north.id));
  EXPECT_EQ(found, north);
  // None: empty and 0.
  const clinic::Clinic plain{ClinicId(), "Plain", "UTC"};
  ASSERT_OK_AND_ASSIGN(ClinicId plain_id, tx->CreateClinic(plain));
  ASSERT_OK_AND_ASSIGN(found, tx->GetClinic(plain_id));
  EXPECT_EQ(found.protocol_id, "");
  EXPECT_EQ(found.protocol_version, 0);

  // Update: to another stored version, to an unstored one (refused, the clinic unchanged), to none.
  north.protocol_version = 2;
  ASSERT_OK(tx->UpdateClinic(north));
  clinic::Clinic refused = north;
  refused.name = "Renamed";
  refused.protocol_version = 7;
  ASSERT_ERROR_AND_ASSIGN(Error update, tx->UpdateClinic(refused), ErrorCode::kNotFound);
  EXPECT_EQ(update.message, "protocol 'deep' version 7 not found");
  ASSERT_OK(tx->Commit());

  ASSERT_OK_AND_ASSIGN(tx, db.store->Begin());
  ASSERT_OK_AND_ASSIGN(found, tx->GetClinic(north.id));
  EXPECT_EQ(found, north);
  north.protocol_id.clear();
  north.protocol_version = 0;
  ASSERT_OK(tx->UpdateClinic(north));
  ASSERT_OK_AND_ASSIGN(clinics, tx->ListClinics());
  ASSERT_EQ(clinics.size(), 2u);
  EXPECT_EQ(clinics[0], north);
  ASSERT_OK(tx->Commit());
}

TYPED_TEST(ProtocolVersionContractTest, AClinicNamesBothFieldsOrNeither) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
  ASSERT_OK(tx->AddProtocolVersion(Version("deep", 1)));
  clinic::Clinic id_only{ClinicId(), "North", "UTC"};
  id_only.protocol_id = "deep";
  ASSERT_ERROR_AND_ASSIGN(Error error, tx->CreateClinic(id_only), ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].ToString(),
            "protocol_version: expected >= 1 with protocol_id set, got 0");
  clinic::Clinic version_only{ClinicId(), "North", "UTC"};
  version_only.protocol_version = 1;
  ASSERT_ERROR_AND_ASSIGN(error, tx->CreateClinic(version_only), ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].path, "protocol_id");
  ASSERT_OK_AND_ASSIGN(auto clinics, tx->ListClinics());
  EXPECT_TRUE(clinics.empty());

  clinic::Clinic clinic{ClinicId(), "North", "UTC"};
  ASSERT_OK_AND_ASSIGN(clinic.id, tx->CreateClinic(clinic));
  clinic.updated_at = kTestClockStart;  // the store's clock
  clinic::Clinic update = clinic;
  update.protocol_id = "deep";
  ASSERT_ERROR_AND_ASSIGN(error, tx->UpdateClinic(update), ErrorCode::kInvalidInput);
  EXPECT_EQ(error.fields.at(0).path, "protocol_version");
  update.protocol_id.clear();
  update.protocol_version = 1;
  ASSERT_ERROR_AND_ASSIGN(error, tx->UpdateClinic(update), ErrorCode::kInvalidInput);
  EXPECT_EQ(error.fields.at(0).path, "protocol_id");
  ASSERT_OK_AND_ASSIGN(clinic::Clinic found, tx->GetClinic(clinic.id));
  EXPECT_EQ(found, clinic);
}

TYPED_TEST(ProtocolVersionContractTest, OnlyAWritableCommittedTransactionAddsAVersion) {
  BACKCARE_OPEN_TEST_DATABASE(TypeParam, db);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.store->Begin());
    ASSERT_OK(tx->AddProtocolVersion(Version("deep", 1)));
  }  // rolled back
  ASSERT_OK_AND_ASSIGN(auto read, db.store->BeginReadOnly());
  ASSERT_ERROR_AND_ASSIGN(Error refused, read->AddProtocolVersion(Version("deep", 1)),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.message, "transaction is read-only");
  EXPECT_ERROR(read->GetProtocolVersion("deep", 1), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto listed, read->ListProtocolVersions());
  EXPECT_TRUE(listed.empty());
  ASSERT_OK(read->Commit());
  EXPECT_ERROR(read->ListProtocolVersions(), ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace backcare::store::testing
