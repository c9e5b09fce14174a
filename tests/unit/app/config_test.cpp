#include "app/config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mercado::app {
namespace {

ConfigResult parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_serve_config(args, [&](const char* name) -> const char* {
    const auto found = env.find(name);
    return found == env.end() ? nullptr : found->second.c_str();
  });
}

TEST(ServeConfig, HasTheDocumentedDefaults) {
  const auto result = parse({});
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->host, "127.0.0.1");
  EXPECT_EQ(result.config->port, 3000);
  EXPECT_EQ(result.config->database_url, "sqlite:mercado.db");
  EXPECT_EQ(result.config->profile, domain::Profile::kSandbox);
  EXPECT_GE(result.config->threads, 1u);
}

TEST(ServeConfig, ReadsFlagsInBothForms) {
  const auto result = parse({"--port", "8080", "--profile=production", "--threads", "3"});
  ASSERT_TRUE(result.config) << result.error;
  EXPECT_EQ(result.config->port, 8080);
  EXPECT_EQ(result.config->profile, domain::Profile::kProduction);
  EXPECT_EQ(result.config->threads, 3u);
}

TEST(ServeConfig, FlagsWinOverEnvironment) {
  const auto result =
      parse({"--port", "81"}, {{"MERCADO_PORT", "82"}, {"MERCADO_HOST", "0.0.0.0"}});
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->port, 81);
  EXPECT_EQ(result.config->host, "0.0.0.0");
}

TEST(ServeConfig, RefusesBadValuesWithAReason) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--port", "70000"},
                                                                {"--profile", "dev"},
                                                                {"--db", "mysql://x"},
                                                                {"--threads", "0"},
                                                                {"--bogus", "1"},
                                                                {"--port"}}) {
    const auto result = parse(args);
    EXPECT_FALSE(result.config) << args[0];
    EXPECT_FALSE(result.error.empty());
  }
}

TEST(ServeConfig, TurnsTheReadCacheOffByFlagOrEnvironment) {
  EXPECT_TRUE(parse({}).config->read_cache);
  EXPECT_FALSE(parse({"--read-cache", "off"}).config->read_cache);
  EXPECT_FALSE(parse({}, {{"MERCADO_READ_CACHE", "off"}}).config->read_cache);
  const auto refused = parse({"--read-cache", "sometimes"});
  EXPECT_FALSE(refused.config);
  EXPECT_NE(refused.error.find("--read-cache"), std::string::npos);
}

TEST(ServeConfig, TurnsTheWebClientOffByFlagOrEnvironment) {
  EXPECT_TRUE(parse({}).config->web_client);
  EXPECT_FALSE(parse({"--web", "off"}).config->web_client);
  EXPECT_FALSE(parse({}, {{"MERCADO_WEB", "off"}}).config->web_client);
  EXPECT_TRUE(parse({"--web=on"}, {{"MERCADO_WEB", "off"}}).config->web_client);
  const auto refused = parse({"--web", "maybe"});
  EXPECT_FALSE(refused.config);
  EXPECT_EQ(refused.error, "--web: on or off");
}

TEST(ServeConfig, TakesTrustedProxiesAsAddressesAndNetworksOnly) {
  EXPECT_EQ(parse({}).config->trusted_proxies, "");
  EXPECT_EQ(parse({"--trusted-proxies", "10.0.0.0/8,192.0.2.7"}).config->trusted_proxies,
            "10.0.0.0/8,192.0.2.7");
  const auto refused = parse({}, {{"MERCADO_TRUSTED_PROXIES", "balancer.internal"}});
  EXPECT_FALSE(refused.config);
  EXPECT_NE(refused.error.find("--trusted-proxies"), std::string::npos);
}

TEST(ServeConfig, TakesMemcachedAsAnAddressAndPort) {
  EXPECT_EQ(parse({}).config->memcached, "");
  EXPECT_EQ(parse({"--memcached", "127.0.0.1:11211"}).config->memcached, "127.0.0.1:11211");
  EXPECT_EQ(parse({}, {{"MERCADO_MEMCACHED", "[::1]:11211"}}).config->memcached, "[::1]:11211");
  for (const char* bad : {"localhost:11211", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", ""}) {
    const auto refused = parse({"--memcached", bad});
    EXPECT_FALSE(refused.config) << bad;
    EXPECT_NE(refused.error.find("--memcached"), std::string::npos) << bad;
  }
}

TEST(ServeConfig, TakesAShutdownDelayOfAMinuteAtMost) {
  EXPECT_EQ(parse({}).config->shutdown_delay, std::chrono::seconds(0));
  EXPECT_EQ(parse({"--shutdown-delay", "2"}).config->shutdown_delay, std::chrono::seconds(2));
  EXPECT_FALSE(parse({"--shutdown-delay", "61"}).config);
  EXPECT_FALSE(parse({"--shutdown-delay", "-1"}).config);
}

TEST(ServeConfig, TakesADatabaseUrlAStoreCanBeOpenedFrom) {
  EXPECT_EQ(parse({"--db", "sqlite:data/m.db"}).config->database_url, "sqlite:data/m.db");
  for (const char* url : {"sqlite:", "data/m.db", "mysql://db/shop"}) {
    const auto refused = parse({"--db", url});
    EXPECT_FALSE(refused.config) << url;
    EXPECT_NE(refused.error.find("--db"), std::string::npos) << url;
  }
}

TEST(ServeConfig, TakesPostgresqlUrlsAndItsReplicas) {
  const auto result =
      parse({"--db", "postgresql://shop@db1/shop"},
            {{"MERCADO_DB_REPLICAS", "postgresql://shop@db2/shop,postgres://db3/shop"}});
  ASSERT_TRUE(result.config) << result.error;
  EXPECT_EQ(result.config->database_url, "postgresql://shop@db1/shop");
  EXPECT_EQ(result.config->database_replicas,
            (std::vector<std::string>{"postgresql://shop@db2/shop", "postgres://db3/shop"}));
  for (const char* replicas : {"postgresql://db2/shop,", "sqlite:r.db", "postgresql://db2/s,,x"}) {
    const auto refused = parse({"--db", "postgresql://db1/shop", "--db-replicas", replicas});
    EXPECT_FALSE(refused.config) << replicas;
    EXPECT_NE(refused.error.find("--db-replicas"), std::string::npos) << replicas;
  }
  const auto sqlite = parse({"--db-replicas", "postgresql://db2/shop"});
  EXPECT_FALSE(sqlite.config);
  EXPECT_NE(sqlite.error.find("only a PostgreSQL database has replicas"), std::string::npos);
}

}  // namespace
}  // namespace mercado::app
