// A throwaway PostgreSQL cluster for the integration tests: started once per
// test binary with deploy/pg-local.sh and removed afterwards. Set
// POS_TEST_DATABASE_URL to use an existing database instead.
#ifndef TILLSTREAM_TESTS_SUPPORT_PG_ENVIRONMENT_H_
#define TILLSTREAM_TESTS_SUPPORT_PG_ENVIRONMENT_H_

#include <gtest/gtest.h>

#include <string>

namespace tillstream::testing {

class PgEnvironment : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;

  // URL of the test database, with the schema migrated.
  static const std::string& url();
  // Creates an empty database in the same cluster and returns its URL.
  static std::string CreateDatabase(const std::string& name);
  // Runs SQL with parameter $1 = arg and returns the first column of the
  // first row ("" if none or NULL).
  static std::string Query(const std::string& sql, const std::string& arg);
  // A fresh id for test data, so that tests never see each other's rows.
  static std::string UniqueId(const std::string& prefix);
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_PG_ENVIRONMENT_H_
