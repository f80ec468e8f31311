#include "http/server/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace backcare::http {
namespace {

TEST(WorkerPoolTest, RunsSubmittedTasks) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2, 16);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.TrySubmit([&ran] { ++ran; }));
  }  // the destructor runs what is queued
  EXPECT_EQ(ran.load(), 10);
}

TEST(WorkerPoolTest, RefusesWhenTheQueueIsFull) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  WorkerPool pool(1, 2);
  // The only thread blocks in the first task; two more wait in the queue; the fourth is refused.
  ASSERT_TRUE(pool.TrySubmit([&started, released] {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();
  EXPECT_TRUE(pool.TrySubmit([] {}));
  EXPECT_TRUE(pool.TrySubmit([] {}));
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_FALSE(pool.TrySubmit([] {}));
  release.set_value();
}

}  // namespace
}  // namespace backcare::http
