#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace mercado::http {
namespace {

using std::chrono::milliseconds;

TEST(Metrics, CountsByRouteAndStatusInPrometheusText) {
  Metrics metrics({"GET /a", "POST /a"});
  for (int i = 0; i < 3; ++i) {
    metrics.request_started();
    metrics.request_finished(0, 200, milliseconds(2));
  }
  metrics.request_started();
  metrics.request_finished(1, 418, milliseconds(30));
  metrics.request_started();
  metrics.request_finished(metrics.unmatched(), 404, milliseconds(0));
  metrics.request_started();  // still in flight
  const auto text = metrics.render();
  EXPECT_NE(text.find("mercado_http_requests_total{route=\"GET /a\",status=\"200\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("mercado_http_requests_total{route=\"POST /a\",status=\"other\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("{route=\"unmatched\",status=\"404\"} 1\n"), std::string::npos);
  EXPECT_EQ(text.find("status=\"201\""), std::string::npos) << "unseen statuses are left out";
  EXPECT_NE(text.find("mercado_http_requests_in_flight 1\n"), std::string::npos);
  EXPECT_NE(text.find("mercado_http_request_duration_seconds_bucket{le=\"0.0025\"} 4\n"),
            std::string::npos);
  EXPECT_NE(text.find("mercado_http_request_duration_seconds_bucket{le=\"+Inf\"} 5\n"),
            std::string::npos);
  EXPECT_NE(text.find("mercado_http_request_duration_seconds_count 5\n"), std::string::npos);
}

}  // namespace
}  // namespace mercado::http
