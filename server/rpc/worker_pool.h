// A fixed set of threads for blocking work (database calls), so that gRPC's
// callback threads never block.
#ifndef TILLSTREAM_SERVER_RPC_WORKER_POOL_H_
#define TILLSTREAM_SERVER_RPC_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tillstream {

class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_queue);
  ~WorkerPool();  // runs every queued task, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping: the caller answers
  // UNAVAILABLE instead of queueing without bound.
  bool Submit(std::function<void()> task);

  // Stops accepting, finishes what is queued, joins the threads.
  void Drain();

 private:
  void Loop();

  const size_t max_queue_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_WORKER_POOL_H_
