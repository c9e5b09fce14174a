#include "runtime/blocking_pool.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace mercado::runtime {

BlockingPool::BlockingPool(unsigned threads, std::size_t max_queued, std::function<void()> on_start,
                           std::function<void()> on_stop)
    : keep_running_(boost::asio::make_work_guard(io_)), max_queued_(max_queued) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    threads_.emplace_back([this, on_start, on_stop] {
      // On Linux a thread is a task with its own nice value; failing to lower it only costs
      // fairness, so the result is not checked.
      (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
      if (on_start) on_start();
      io_.run();
      if (on_stop) on_stop();
    });
  }
}

BlockingPool::~BlockingPool() {
  keep_running_.reset();
  for (auto& thread : threads_) thread.join();
}

}  // namespace mercado::runtime
