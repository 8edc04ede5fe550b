#include "server/rpc/till_enrolment_service.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

TEST(TillEnrolmentServiceTest, GuessesAreCountedPerAddressWhateverThePort) {
  EXPECT_EQ(EnrolmentCaller("ipv4:10.0.0.7:51234"), "enrol:ipv4:10.0.0.7");
  EXPECT_EQ(EnrolmentCaller("ipv4:10.0.0.7:2"), EnrolmentCaller("ipv4:10.0.0.7:3"));
  EXPECT_EQ(EnrolmentCaller("ipv6:[::1]:443"), "enrol:ipv6:[::1]");
  EXPECT_EQ(EnrolmentCaller("unix:/run/posd.sock"), "enrol:unix:/run/posd.sock");
}

}  // namespace
}  // namespace tillstream
