#include "http/trusted_proxies.hpp"

#include <boost/asio/ip/address.hpp>

namespace mercado::http {
namespace net = boost::asio;

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The address `text` names, IPv4-mapped IPv6 addresses as IPv4; nullopt when it names none.
std::optional<net::ip::address> parse_address(std::string_view text) {
  boost::system::error_code error;
  auto address = net::ip::make_address(std::string(trim(text)), error);
  if (error) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

// Calls `each` on every comma-separated entry of `list`, right to left, until it returns false.
template <class Each>
void each_from_the_right(std::string_view list, Each each) {
  while (!list.empty()) {
    const auto comma = list.rfind(',');
    const auto entry = comma == std::string_view::npos ? list : list.substr(comma + 1);
    if (!each(trim(entry))) return;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
  }
}

}  // namespace

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies proxies;
  bool valid = true;
  each_from_the_right(list, [&](std::string_view entry) {
    if (entry.empty()) return valid = false;
    boost::system::error_code error;
    const std::string text(entry);
    if (text.find('/') == std::string::npos) {
      const auto address = parse_address(text);
      if (!address) return valid = false;
      if (address->is_v4()) {
        proxies.v4_.emplace_back(address->to_v4(), 32);
      } else {
        proxies.v6_.emplace_back(address->to_v6(), 128);
      }
    } else if (text.find(':') == std::string::npos) {
      proxies.v4_.push_back(net::ip::make_network_v4(text, error));
    } else {
      proxies.v6_.push_back(net::ip::make_network_v6(text, error));
    }
    return valid = !error;
  });
  if (!valid) return std::nullopt;
  return proxies;
}

bool TrustedProxies::trusts(std::string_view text) const {
  const auto address = parse_address(text);
  if (!address) return false;
  if (address->is_v4()) {
    const net::ip::network_v4 host(address->to_v4(), 32);
    for (const auto& network : v4_) {
      if (host == network || host.is_subnet_of(network)) return true;
    }
    return false;
  }
  const net::ip::network_v6 host(address->to_v6(), 128);
  for (const auto& network : v6_) {
    if (host == network || host.is_subnet_of(network)) return true;
  }
  return false;
}

std::string TrustedProxies::client(std::string_view peer, std::string_view forwarded_for) const {
  std::string client(peer);
  if (!trusts(peer)) return client;
  each_from_the_right(forwarded_for, [&](std::string_view entry) {
    const auto address = parse_address(entry);
    if (!address) return false;
    client = address->to_string();
    return trusts(client);
  });
  return client;
}

}  // namespace mercado::http
