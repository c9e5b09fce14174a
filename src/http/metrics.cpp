#include "http/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace mercado::http {
namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

// Route labels are ours ("GET /api/v1/products/{id}"), but escape as the format asks anyway.
void append_label_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
}

}  // namespace

void Histogram::observe(std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(kBounds.begin(), kBounds.end(), seconds) - kBounds.begin());
  buckets_[bucket].fetch_add(1, kRelaxed);
  sum_nanoseconds_.fetch_add(static_cast<std::uint64_t>(duration.count()), kRelaxed);
}

void Histogram::render(std::string& out, std::string_view name) const {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(kRelaxed);
    out += name;
    out += "_bucket{le=\"";
    out += i < kBounds.size() ? seconds_text(kBounds[i]) : "+Inf";
    out += "\"} " + std::to_string(cumulative) + "\n";
  }
  out += std::string(name) + "_sum " +
         seconds_text(static_cast<double>(sum_nanoseconds_.load(kRelaxed)) / 1e9) + "\n";
  out += std::string(name) + "_count " + std::to_string(cumulative) + "\n";
}

Metrics::Metrics(std::vector<std::string> routes)
    : routes_(std::move(routes)), counters_(new StatusCounters[routes_.size() + 1]) {
  for (std::size_t i = 0; i <= routes_.size(); ++i) {
    for (auto& counter : counters_[i]) counter.store(0, kRelaxed);
  }
}

void Metrics::request_finished(std::size_t route, unsigned status,
                               std::chrono::nanoseconds duration) {
  in_flight_.fetch_sub(1, kRelaxed);
  const auto slot = static_cast<std::size_t>(std::find(kStatuses.begin(), kStatuses.end(), status) -
                                             kStatuses.begin());
  counters_[std::min(route, routes_.size())][slot].fetch_add(1, kRelaxed);
  latency_.observe(duration);
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(8192);
  out +=
      "# HELP mercado_http_requests_total Requests answered, by route and status.\n"
      "# TYPE mercado_http_requests_total counter\n";
  for (std::size_t route = 0; route <= routes_.size(); ++route) {
    for (std::size_t slot = 0; slot <= kStatuses.size(); ++slot) {
      const auto count = counters_[route][slot].load(kRelaxed);
      if (count == 0) continue;  // a route's unseen statuses would only be noise
      out += "mercado_http_requests_total{route=\"";
      append_label_value(out, route < routes_.size() ? routes_[route] : "unmatched");
      out += "\",status=\"";
      out += slot < kStatuses.size() ? std::to_string(kStatuses[slot]) : "other";
      out += "\"} " + std::to_string(count) + "\n";
    }
  }
  out +=
      "# HELP mercado_http_request_duration_seconds Time from a request's arrival to its "
      "response.\n"
      "# TYPE mercado_http_request_duration_seconds histogram\n";
  latency_.render(out, "mercado_http_request_duration_seconds");
  out +=
      "# HELP mercado_http_requests_in_flight Requests being handled now.\n"
      "# TYPE mercado_http_requests_in_flight gauge\n"
      "mercado_http_requests_in_flight " +
      std::to_string(in_flight_.load(kRelaxed)) + "\n";
  out +=
      "# HELP mercado_connections_open Client connections open now.\n"
      "# TYPE mercado_connections_open gauge\n"
      "mercado_connections_open " +
      std::to_string(connections_open_.load(kRelaxed)) +
      "\n"
      "# HELP mercado_connections_refused_total Connections closed at once: over the cap.\n"
      "# TYPE mercado_connections_refused_total counter\n"
      "mercado_connections_refused_total " +
      std::to_string(connections_refused_.load(kRelaxed)) +
      "\n"
      "# HELP mercado_accept_pauses_total Times accepting paused: out of file descriptors.\n"
      "# TYPE mercado_accept_pauses_total counter\n"
      "mercado_accept_pauses_total " +
      std::to_string(accept_pauses_.load(kRelaxed)) + "\n";
  out +=
      "# HELP mercado_storage_write_seconds Time from queueing a write to its commit being "
      "durable.\n"
      "# TYPE mercado_storage_write_seconds histogram\n";
  storage_writes_.render(out, "mercado_storage_write_seconds");
  for (const auto& section : sections_) section(out);
  return out;
}

}  // namespace mercado::http
