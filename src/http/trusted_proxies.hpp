// Who the client is when Mercado runs behind a load balancer (HAProxy with `option
// forwardfor`): the TCP peer is then the balancer, and the client's address is what the
// balancer appended to X-Forwarded-For. Only peers named as trusted proxies may say so; from
// anyone else the header is ignored, since a client could claim any address in it. The client
// address is what the rate limit, the login throttle and the access log go by.
#pragma once

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mercado::http {

class TrustedProxies {
 public:
  // Parses a comma-separated --trusted-proxies value of IP addresses and CIDR networks
  // ("10.0.0.0/8,192.0.2.7,fd00::/8"); nullopt when an entry is neither. Empty: trust none.
  static std::optional<TrustedProxies> parse(std::string_view list);

  bool empty() const { return v4_.empty() && v6_.empty(); }
  bool trusts(std::string_view address) const;

  // The client behind `peer`: `peer` itself unless it is trusted; otherwise, walking
  // `forwarded_for` (X-Forwarded-For, its headers joined by commas) from the right, the first
  // address that is not a trusted proxy. An entry that is not an IP address ends the walk at
  // the last trusted hop, which is then the best known client.
  std::string client(std::string_view peer, std::string_view forwarded_for) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace mercado::http
