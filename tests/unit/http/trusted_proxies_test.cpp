#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace mercado::http {
namespace {

TrustedProxies proxies(std::string_view list) {
  auto parsed = TrustedProxies::parse(list);
  EXPECT_TRUE(parsed) << list;
  return parsed.value_or(TrustedProxies());
}

TEST(TrustedProxies, ReadsAddressesAndNetworksOfBothFamilies) {
  const auto trusted = proxies("10.0.0.0/8, 192.0.2.7,fd00::/8,::1");
  EXPECT_TRUE(trusted.trusts("10.20.30.40"));
  EXPECT_TRUE(trusted.trusts("192.0.2.7"));
  EXPECT_FALSE(trusted.trusts("192.0.2.8"));
  EXPECT_FALSE(trusted.trusts("11.0.0.1"));
  EXPECT_TRUE(trusted.trusts("fd12::5"));
  EXPECT_TRUE(trusted.trusts("::1"));
  EXPECT_FALSE(trusted.trusts("2001:db8::1"));
  EXPECT_TRUE(trusted.trusts("::ffff:10.1.2.3")) << "an IPv4-mapped peer is its IPv4 address";
  EXPECT_FALSE(trusted.trusts("not an address"));
  EXPECT_TRUE(proxies("").empty());
}

TEST(TrustedProxies, RefusesWhatIsNotAnAddressOrNetwork) {
  for (const auto* list :
       {"10.0.0.0/33", "example.com", "10.0.0.1,", ",", "1.2.3.4/x", "fd00::/129", "10.0.0.1:80"}) {
    EXPECT_FALSE(TrustedProxies::parse(list)) << list;
  }
}

TEST(TrustedProxies, IgnoresForwardedForFromAnUntrustedPeer) {
  const auto trusted = proxies("10.0.0.1");
  EXPECT_EQ(trusted.client("203.0.113.9", "198.51.100.1"), "203.0.113.9");
  EXPECT_EQ(TrustedProxies().client("10.0.0.1", "198.51.100.1"), "10.0.0.1");
}

TEST(TrustedProxies, TakesTheLastAddressNoTrustedProxyAdded) {
  const auto trusted = proxies("10.0.0.0/8");
  // The client may send its own X-Forwarded-For; only what the balancer appended counts.
  EXPECT_EQ(trusted.client("10.0.0.1", "1.1.1.1, 198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(trusted.client("10.0.0.1", "198.51.100.7, 10.0.0.2"), "198.51.100.7");
  EXPECT_EQ(trusted.client("10.0.0.1", " 2001:db8::7 "), "2001:db8::7");
  EXPECT_EQ(trusted.client("10.0.0.1", ""), "10.0.0.1");
  EXPECT_EQ(trusted.client("10.0.0.1", "10.0.0.3"), "10.0.0.3") << "all trusted: the first hop";
}

TEST(TrustedProxies, StopsAtAnEntryThatIsNotAnAddress) {
  const auto trusted = proxies("10.0.0.0/8");
  EXPECT_EQ(trusted.client("10.0.0.1", "198.51.100.7, garbage"), "10.0.0.1");
  EXPECT_EQ(trusted.client("10.0.0.1", "garbage, 10.0.0.2"), "10.0.0.2");
}

}  // namespace
}  // namespace mercado::http
