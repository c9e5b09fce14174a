#include "api/blocking_pool.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace mercado::api {

BlockingPool::BlockingPool(unsigned threads, std::size_t max_queued)
    : keep_running_(boost::asio::make_work_guard(io_)), max_queued_(max_queued) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    threads_.emplace_back([this] {
      // On Linux a thread is a task with its own nice value; failing to lower it only costs
      // fairness, so the result is not checked.
      (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
      io_.run();
    });
  }
}

BlockingPool::~BlockingPool() {
  keep_running_.reset();
  for (auto& thread : threads_) thread.join();
}

}  // namespace mercado::api
