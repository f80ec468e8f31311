// A fixed set of threads running tasks from a bounded queue. The socket server runs every handler
// (which may block on the store or hash a password) here, never on an I/O thread; when the queue
// is full TrySubmit refuses and the server answers 503 instead of queueing without bound.
#ifndef BACKCARE_HTTP_SERVER_WORKER_POOL_H_
#define BACKCARE_HTTP_SERVER_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace backcare::http {

class WorkerPool {
 public:
  // Starts `threads` (>= 1) threads; at most `max_queued` (>= 1) tasks wait for a free thread.
  WorkerPool(int threads, std::size_t max_queued);
  // Runs the tasks already queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (the task is dropped, not run) when `max_queued` tasks already wait or
  // the pool is shutting down. Thread-safe. A task must not throw.
  bool TrySubmit(std::function<void()> task);

  // Tasks waiting for a thread (not counting the running ones). Thread-safe.
  std::size_t queued() const;

 private:
  void Run();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_WORKER_POOL_H_
