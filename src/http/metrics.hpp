// What GET /metrics reports, in Prometheus' text format: requests by route and status, a
// latency histogram, requests in flight, connections, and how long storage writes take to
// become durable.
// Shared by every worker thread; each update is one relaxed atomic add, never a lock.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mercado::http {

class Histogram {
 public:
  // Upper bounds in seconds, as Prometheus' default buckets: 1 ms to 10 s.
  static constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1.0,  10.0};

  void observe(std::chrono::nanoseconds duration);
  // `name`_bucket/_sum/_count lines.
  void render(std::string& out, std::string_view name) const;

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};  // the last is +Inf
  std::atomic<std::uint64_t> sum_nanoseconds_{0};
};

class Metrics {
 public:
  // `routes` are the labels of the routes, "GET /api/v1/products/{id}", in router order.
  explicit Metrics(std::vector<std::string> routes);

  // The route index for requests that matched no route.
  std::size_t unmatched() const { return routes_.size(); }

  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished(std::size_t route, unsigned status, std::chrono::nanoseconds duration);
  void storage_write(std::chrono::nanoseconds duration) { storage_writes_.observe(duration); }

  // Connections: open now, closed at once for being over the cap, and the times accepting paused
  // because the process ran out of file descriptors.
  void connection_opened() { connections_open_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { connections_open_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_refused() { connections_refused_.fetch_add(1, std::memory_order_relaxed); }
  void accept_paused() { accept_pauses_.fetch_add(1, std::memory_order_relaxed); }

  // Adds lines that another part of the process keeps (they must be safe to call from any
  // thread); call before serving.
  void add_section(std::function<void(std::string&)> section) {
    sections_.push_back(std::move(section));
  }

  std::string render() const;

 private:
  // The statuses counted one by one; any other lands in the last slot as "other".
  static constexpr std::array<unsigned, 21> kStatuses = {200, 201, 204, 304, 400, 401, 403,
                                                         404, 405, 406, 409, 412, 413, 415,
                                                         422, 429, 431, 500, 501, 503, 505};
  using StatusCounters = std::array<std::atomic<std::uint64_t>, kStatuses.size() + 1>;

  std::vector<std::string> routes_;
  std::unique_ptr<StatusCounters[]> counters_;  // one row per route, plus "unmatched"
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::int64_t> connections_open_{0};
  std::atomic<std::uint64_t> connections_refused_{0};
  std::atomic<std::uint64_t> accept_pauses_{0};
  Histogram latency_;
  Histogram storage_writes_;
  std::vector<std::function<void(std::string&)>> sections_;
};

}  // namespace mercado::http
