// A store's derived status, whether its tills may sell, and the checks of
// its configuration.
#include "server/domain/org/store.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

StoreState Ready() {
  StoreState s;
  s.store = {"acme", "s1", "Main", "", "", "", "", "main", true, false};
  s.facts = {2, 5, "", 2, 2};
  return s;
}

bool Mentions(const absl::Status& s, const std::string& text) {
  return s.message().find(text) != absl::string_view::npos;
}

TEST(DeriveStoreStatus, FollowsTheFactsThroughAStoresLife) {
  StoreState s = Ready();
  s.store.catalog_id = "";
  EXPECT_EQ(DeriveStoreStatus(s).status, StoreStatus::kNotStarted);
  EXPECT_NE(DeriveStoreStatus(s).reason.find("assign-catalog acme s1"),
            std::string::npos);

  s.store.catalog_id = "north";
  s.facts.tills = 0;
  EXPECT_EQ(DeriveStoreStatus(s).status, StoreStatus::kNotStarted);
  EXPECT_NE(DeriveStoreStatus(s).reason.find("no till"), std::string::npos);

  s.facts.tills = 1;
  s.facts.catalog_version = 0;
  EXPECT_EQ(DeriveStoreStatus(s).status, StoreStatus::kPending);
  EXPECT_NE(DeriveStoreStatus(s).reason.find("north"), std::string::npos);

  s.facts.catalog_failure = "DUPLICATE_BARCODE";
  EXPECT_EQ(DeriveStoreStatus(s).status, StoreStatus::kError);
  EXPECT_NE(DeriveStoreStatus(s).reason.find("DUPLICATE_BARCODE"), std::string::npos);

  s.facts.catalog_version = 3;  // a failed sync leaves the last good version
  const DerivedStatus ready = DeriveStoreStatus(s);
  EXPECT_EQ(ready.status, StoreStatus::kReady);
  EXPECT_NE(ready.reason.find("version 3"), std::string::npos);
  EXPECT_NE(ready.reason.find("last sync failed"), std::string::npos);

  s.facts.catalog_failure = "";
  s.facts.tills_current = 0;  // the tills hold older versions
  EXPECT_EQ(DeriveStoreStatus(s).reason,
            "tills sell from catalog north version 3 (held by 0 of 1 tills)");

  // Published, but no till holds a copy yet: PENDING, though tills may sell
  // online (the server prices every scan).
  s.facts.tills_holding = 0;
  const DerivedStatus no_copy = DeriveStoreStatus(s);
  EXPECT_EQ(no_copy.status, StoreStatus::kPending);
  EXPECT_NE(no_copy.reason.find("no till of store s1 holds a copy yet"),
            std::string::npos)
      << no_copy.reason;
  EXPECT_TRUE(CheckCanSell(s).ok());
}

TEST(CheckCanSell, OnlyReadyEnabledStoresSellAndTheRefusalSaysWhy) {
  EXPECT_TRUE(CheckCanSell(Ready()).ok());

  StoreState pending = Ready();
  pending.facts.catalog_version = 0;
  const absl::Status p = CheckCanSell(pending);
  EXPECT_EQ(p.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Mentions(p, "store s1 is PENDING: catalog main has no published version"));

  StoreState disabled = Ready();
  disabled.store.enabled = false;
  const absl::Status d = CheckCanSell(disabled);
  EXPECT_EQ(d.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Mentions(d, "disabled"));
  EXPECT_TRUE(Mentions(d, "enable-store acme s1"));

  StoreState archived = Ready();
  archived.store.archived = true;
  EXPECT_TRUE(Mentions(CheckCanSell(archived), "archived"));
  EXPECT_EQ(CheckWritable(archived.store).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckWritable(Ready().store).ok());
}

TEST(ParseOpeningHours, ReadsSpansOfDaysAndHours) {
  auto spans = ParseOpeningHours("Mo-Fr 08:00-20:00; Sa 09:30-14:00;Su 10:00-24:00");
  ASSERT_TRUE(spans.ok()) << spans.status();
  ASSERT_EQ(spans->size(), 3u);
  EXPECT_EQ((*spans)[0].first_day, 0);
  EXPECT_EQ((*spans)[0].last_day, 4);
  EXPECT_EQ((*spans)[0].opens, 8 * 60);
  EXPECT_EQ((*spans)[0].closes, 20 * 60);
  EXPECT_EQ((*spans)[1].first_day, 5);
  EXPECT_EQ((*spans)[1].last_day, 5);
  EXPECT_EQ((*spans)[1].opens, 9 * 60 + 30);
  EXPECT_EQ((*spans)[2].closes, 24 * 60);
  EXPECT_TRUE(ParseOpeningHours("")->empty());
}

TEST(ParseOpeningHours, RefusesWhatIsNotHours) {
  for (const char* bad :
       {"Mo-Fr", "Mon 08:00-20:00", "Mo-Fr 8:00-20:00", "Mo 08:00-25:00",
        "Mo 08:60-09:00", "Mo 24:30-24:45", "Mo-Fr-Sa 08:00-09:00", "Mo 08:00",
        "Mo 08:00-09:00 extra", "Mo 08:00-09:00;"}) {
    EXPECT_EQ(ParseOpeningHours(bad).status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_TRUE(
      Mentions(ParseOpeningHours("Fr-Mo 08:00-09:00").status(), "Monday to Sunday"));
  EXPECT_TRUE(
      Mentions(ParseOpeningHours("Mo 20:00-08:00").status(), "closing must come after"));
}

TEST(ValidateStore, NamesTheFieldToCorrect) {
  StoreInfo s = Ready().store;
  s.address = "Hauptstr. 1, 10115 Berlin";
  s.time_zone = "Europe/Berlin";
  s.opening_hours = "Mo-Sa 08:00-20:00";
  s.settings_url = "https://backoffice.example/stores/s1";
  EXPECT_TRUE(ValidateStore(s).ok());

  auto field_of = [](StoreInfo changed) {
    const absl::Status st = ValidateStore(changed);
    return std::string(st.message().substr(0, st.message().find(' ')));
  };
  StoreInfo bad = s;
  bad.time_zone = "Mars/Olympus";
  EXPECT_EQ(field_of(bad), "time_zone");
  bad = s;
  bad.opening_hours = "always";
  EXPECT_EQ(field_of(bad), "opening_hours");
  bad = s;
  bad.settings_url = "ftp://x";
  EXPECT_EQ(field_of(bad), "settings_url");
  bad = s;
  bad.settings_url = "https://a b";
  EXPECT_EQ(field_of(bad), "settings_url");
  bad = s;
  bad.address = std::string(301, 'x');
  EXPECT_EQ(field_of(bad), "address");
  bad = s;
  bad.catalog_id = "no spaces allowed";
  EXPECT_EQ(field_of(bad), "catalog_id");
  bad = s;
  bad.name = "";
  EXPECT_EQ(field_of(bad), "name");
}

TEST(ValidateStoreUpdate, ChecksOnlyWhatIsSetAndRefusesAnEmptyUpdate) {
  StoreUpdate u;
  u.org_id = "acme";
  u.store_id = "s1";
  EXPECT_TRUE(Mentions(ValidateStoreUpdate(u), "changes nothing"));
  u.enabled = false;
  EXPECT_TRUE(ValidateStoreUpdate(u).ok());
  u.catalog_id = "";  // unassigning is allowed
  EXPECT_TRUE(ValidateStoreUpdate(u).ok());
  u.time_zone = "Nowhere/Else";
  EXPECT_EQ(ValidateStoreUpdate(u).code(), absl::StatusCode::kInvalidArgument);
  u.time_zone.reset();
  u.opening_hours = "Mo 09:00-08:00";
  EXPECT_EQ(ValidateStoreUpdate(u).code(), absl::StatusCode::kInvalidArgument);
  StoreUpdate archive;
  archive.org_id = "acme";
  archive.store_id = "s1";
  archive.archive = true;
  EXPECT_TRUE(ValidateStoreUpdate(archive).ok());
}

}  // namespace
}  // namespace tillstream
