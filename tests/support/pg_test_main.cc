// main() of the integration test binaries: one throwaway PostgreSQL cluster
// per binary, shared by its tests.
#include <gtest/gtest.h>

#include "tests/support/pg_environment.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new tillstream::testing::PgEnvironment);
  return RUN_ALL_TESTS();
}
