#include "http/server/trusted_proxies.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace backcare::http {
namespace {

TEST(TrustedProxiesTest, MatchesRanges) {
  ASSERT_OK_AND_ASSIGN(TrustedProxies proxies,
                       TrustedProxies::Parse("10.0.0.0/8, 192.168.1.7 ,fd00::/8"));
  EXPECT_TRUE(proxies.Contains("10.200.3.4"));
  EXPECT_FALSE(proxies.Contains("11.0.0.1"));
  EXPECT_TRUE(proxies.Contains("192.168.1.7"));
  EXPECT_FALSE(proxies.Contains("192.168.1.8"));
  EXPECT_TRUE(proxies.Contains("fd12::1"));
  EXPECT_FALSE(proxies.Contains("fe80::1"));
  EXPECT_FALSE(proxies.Contains("not an address"));
}

TEST(TrustedProxiesTest, UsesForwardedForOnlyFromTrustedPeers) {
  ASSERT_OK_AND_ASSIGN(TrustedProxies proxies, TrustedProxies::Parse("127.0.0.1,10.0.0.0/8"));
  // An untrusted peer cannot choose its address.
  EXPECT_EQ(proxies.ClientAddress("203.0.113.9", "198.51.100.1"), "203.0.113.9");
  // A trusted proxy names the client; proxies in the chain are skipped from the right.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3"), "198.51.100.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", std::nullopt), "127.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "garbage"), "127.0.0.1");
}

TEST(TrustedProxiesTest, EmptyListTrustsNobody) {
  ASSERT_OK_AND_ASSIGN(TrustedProxies proxies, TrustedProxies::Parse(""));
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "198.51.100.1"), "127.0.0.1");
}

TEST(TrustedProxiesTest, Errors) {
  ASSERT_ERROR_AND_ASSIGN(Error error, TrustedProxies::Parse("10.0.0.0/33, host, 1.2.3.4/"),
                          ErrorCode::kInvalidInput);
  ASSERT_EQ(error.fields.size(), 3u);
  EXPECT_EQ(error.fields[0].message, "expected an IP address or CIDR range, got '10.0.0.0/33'");
  EXPECT_EQ(error.fields[1].message, "expected an IP address or CIDR range, got 'host'");
  EXPECT_EQ(error.fields[2].message, "expected an IP address or CIDR range, got '1.2.3.4/'");
}

}  // namespace
}  // namespace backcare::http
