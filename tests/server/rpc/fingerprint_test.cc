#include "server/rpc/fingerprint.h"

#include <gtest/gtest.h>

#include "common/digest.h"
#include "pos/v1/invoices.pb.h"
#include "pos/v1/purchases.pb.h"

namespace tillstream {
namespace {

TEST(ContentFingerprint, MapOrderDoesNotChangeIt) {
  pos::v1::InvoiceItemInput a;
  a.set_sku("COURSE-PY1");
  (*a.mutable_options())["course_run"] = "2027-01";
  (*a.mutable_options())["seat"] = "12";
  (*a.mutable_options())["campus"] = "north";
  pos::v1::InvoiceItemInput b;
  b.set_sku("COURSE-PY1");
  (*b.mutable_options())["campus"] = "north";
  (*b.mutable_options())["seat"] = "12";
  (*b.mutable_options())["course_run"] = "2027-01";
  EXPECT_EQ(ContentFingerprint(a), ContentFingerprint(b));
  (*b.mutable_options())["seat"] = "13";
  EXPECT_NE(ContentFingerprint(a), ContentFingerprint(b));
}

TEST(ContentFingerprint, PurchasesRecordedBeforeStillMatch) {
  // Purchases were fingerprinted as SHA-256 of SerializeAsString(); without
  // maps the deterministic bytes are the same, so resends still replay.
  pos::v1::Purchase p;
  p.set_source("webshop");
  p.set_external_transaction_id("WEB-1001");
  p.set_store_id("s001");
  auto* line = p.add_lines();
  line->set_line_no(1);
  line->set_sku("BOOK-1");
  line->set_name("A book");
  EXPECT_EQ(ContentFingerprint(p), Sha256Hex(p.SerializeAsString()));
}

}  // namespace
}  // namespace tillstream
