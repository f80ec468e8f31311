#include "store/memory/memory_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::store {
namespace {

clinic::Clinic NamedClinic(std::string name) { return {ClinicId(), std::move(name), "UTC"}; }

Status AddClinic(ports::ClinicStore& store, std::string name) {
  ASSIGN_OR_RETURN(auto tx, store.Begin());
  RETURN_IF_ERROR(tx->CreateClinic(NamedClinic(std::move(name))));
  return tx->Commit();
}

TEST(MemoryStoreTest, ReadOnlyTransactionKeepsTheSnapshotItBeganWith) {
  auto store = NewMemoryStore();
  ASSERT_OK(AddClinic(*store, "First"));
  ASSERT_OK_AND_ASSIGN(auto before, store->BeginReadOnly());
  ASSERT_OK(AddClinic(*store, "Second"));

  ASSERT_OK_AND_ASSIGN(auto old_clinics, before->ListClinics());
  EXPECT_EQ(old_clinics.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto after, store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto new_clinics, after->ListClinics());
  EXPECT_EQ(new_clinics.size(), 2u);
}

TEST(MemoryStoreTest, ReadOnlyTransactionNeitherWaitsForNorSeesAnOpenWriter) {
  auto store = NewMemoryStore();
  ASSERT_OK_AND_ASSIGN(auto writer, store->Begin());
  ASSERT_OK(writer->CreateClinic(NamedClinic("Uncommitted")));

  ASSERT_OK_AND_ASSIGN(auto reader, store->BeginReadOnly());  // same thread: must not block
  ASSERT_OK_AND_ASSIGN(auto clinics, reader->ListClinics());
  EXPECT_TRUE(clinics.empty());
  ASSERT_ERROR_AND_ASSIGN(Error error, reader->CreateClinic(NamedClinic("X")),
                          ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message, "transaction is read-only");
}

TEST(MemoryStoreTest, WritesOfAnUncommittedTransactionAreDropped) {
  auto store = NewMemoryStore();
  {
    ASSERT_OK_AND_ASSIGN(auto writer, store->Begin());
    ASSERT_OK(writer->CreateClinic(NamedClinic("Dropped")));
  }
  ASSERT_OK(AddClinic(*store, "Kept"));  // the next writer is not blocked either
  ASSERT_OK_AND_ASSIGN(auto reader, store->BeginReadOnly());
  ASSERT_OK_AND_ASSIGN(auto clinics, reader->ListClinics());
  ASSERT_EQ(clinics.size(), 1u);
  EXPECT_EQ(clinics[0].name, "Kept");
}

// Each commit adds a clinic and a therapist in it; a reader must never see one without the other.
TEST(MemoryStoreTest, ConcurrentReadersSeeWholeCommits) {
  auto store = NewMemoryStore();
  std::atomic<bool> done = false;
  std::atomic<int> torn = 0;
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!done) {
        auto tx = store->BeginReadOnly();
        if (!tx) {
          ++torn;
          return;
        }
        auto clinics = (*tx)->ListClinics();
        if (!clinics) {
          ++torn;
          return;
        }
        for (const clinic::Clinic& clinic : *clinics) {
          auto therapists = (*tx)->ListTherapists(clinic.id);
          if (!therapists || therapists->size() != 1) {
            ++torn;
          }
        }
      }
    });
  }
  auto write_all = [&]() -> Status {
    for (int i = 0; i < 200; ++i) {
      ASSIGN_OR_RETURN(auto tx, store->Begin());
      ASSIGN_OR_RETURN(ClinicId clinic, tx->CreateClinic(NamedClinic("C" + std::to_string(i))));
      clinic::Therapist therapist;
      therapist.family_name = "T";
      RETURN_IF_ERROR(tx->CreateTherapist(clinic, therapist));
      RETURN_IF_ERROR(tx->Commit());
    }
    return OkStatus();
  };
  const Status written = write_all();
  done = true;
  for (std::thread& reader : readers) {
    reader.join();
  }
  ASSERT_OK(written);
  EXPECT_EQ(torn, 0);
}

}  // namespace
}  // namespace backcare::store
