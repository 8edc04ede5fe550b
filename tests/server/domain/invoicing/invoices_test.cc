#include "server/domain/invoicing/invoices.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace tillstream {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1800000000);

InvoiceItem Item(int32_t no, int64_t amount) {
  InvoiceItem item;
  item.invoice_id = "inv";
  item.item_no = no;
  item.amount_minor = amount;
  return item;
}

Invoice OpenInvoice() {
  Invoice inv;
  inv.invoice_id = "inv";
  inv.currency = "EUR";
  inv.created_at = kNow - absl::Minutes(10);
  inv.expires_at = kNow + absl::Minutes(50);
  return inv;
}

TEST(InvoiceRules, CoverageMustBeExactAndNamesTheFigures) {
  Invoice inv = OpenInvoice();
  EXPECT_TRUE(absl::StrContains(CheckCoverage(inv).message(), "no items"));
  inv.items = {Item(1, 5000), Item(2, 1999)};
  inv.payments.push_back(InvoicePayment{"payee", 4000, "stripe", "ch_1", kNow});
  inv.scheduled.push_back(ScheduledPayment{2000, absl::CivilDay(2027, 1, 1)});
  const absl::Status short_by = CheckCoverage(inv);
  EXPECT_EQ(short_by.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(short_by.message(),
                                "payments 40.00 plus scheduled payments "
                                "20.00 make 60.00, but the items come to "
                                "69.99: 9.99 short"))
      << short_by;
  inv.scheduled.push_back(ScheduledPayment{1000, absl::CivilDay(2027, 2, 1)});
  EXPECT_TRUE(absl::StrContains(CheckCoverage(inv).message(), "0.01 too much"));
  inv.scheduled.back().amount_minor = 999;
  EXPECT_TRUE(CheckCoverage(inv).ok());
}

TEST(InvoiceRules, OnlyAnOpenInvoiceWithinItsTimeTakesChanges) {
  Invoice inv = OpenInvoice();
  EXPECT_TRUE(CheckOpen(inv, kNow).ok());
  EXPECT_TRUE(
      absl::StrContains(CheckOpen(inv, kNow + absl::Hours(1)).message(), "expired"));
  inv.status = InvoiceStatus::kAborted;
  inv.close_reason = "changed mind";
  EXPECT_TRUE(absl::StrContains(CheckOpen(inv, kNow).message(), "aborted"));
  EXPECT_TRUE(absl::StrContains(CheckOpen(inv, kNow).message(), "changed mind"));
  inv.status = InvoiceStatus::kCommitted;
  EXPECT_EQ(CheckOpen(inv, kNow).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(InvoiceRules, AnItemIsRedeemedOnceAndOnlyWhenCommitted) {
  Invoice inv = OpenInvoice();
  InvoiceItem item = Item(1, 100);
  EXPECT_TRUE(absl::StrContains(CheckRedeemable(inv, item).message(), "is open"));
  inv.status = InvoiceStatus::kCommitted;
  EXPECT_TRUE(CheckRedeemable(inv, item).ok());
  item.redeemed_by = "c-1";
  item.redeemed_at = kNow;
  const absl::Status again = CheckRedeemable(inv, item);
  EXPECT_TRUE(absl::StrContains(again.message(),
                                "already redeemed by customer c-1 at 2027-01-15"))
      << again;
}

TEST(InvoiceRules, ItemsAndPaymentsAreCheckedFieldByField) {
  InvoiceItemInput item{"COURSE-1", "Course", 9900, 1, 30, {{"run", "2027-01"}}};
  EXPECT_TRUE(ValidateItemInput("items[0].", item).ok());
  item.quantity = 0;
  EXPECT_TRUE(absl::StrContains(ValidateItemInput("items[0].", item).message(),
                                "items[0].quantity"));
  item.quantity = 1;
  item.access_days = -1;
  EXPECT_FALSE(ValidateItemInput("items[0].", item).ok());
  item.access_days = 0;
  item.options["bad key!"] = "x";
  EXPECT_FALSE(ValidateItemInput("items[0].", item).ok());
  item.options.erase("bad key!");
  item.unit_cost_minor = 900'000'000'000'000;
  item.quantity = 2;
  EXPECT_FALSE(ValidateItemInput("items[0].", item).ok());

  InvoicePayment p{"Learning Ltd", 100, "stripe", "ch_1", kNow};
  EXPECT_TRUE(ValidatePayment("payments[0].", p, kNow).ok());
  p.paid_at = kNow + absl::Hours(48);
  EXPECT_TRUE(
      absl::StrContains(ValidatePayment("payments[0].", p, kNow).message(), "future"));
  p.paid_at = absl::UnixEpoch();
  EXPECT_FALSE(ValidatePayment("payments[0].", p, kNow).ok());
  p.paid_at = kNow;
  p.processor_transaction_id = "";
  EXPECT_FALSE(ValidatePayment("payments[0].", p, kNow).ok());
  EXPECT_FALSE(
      ValidateScheduledPayment("s.", ScheduledPayment{0, absl::CivilDay(2027, 1, 1)})
          .ok());
}

TEST(InvoiceRules, SignOnUrlsComeFromAValidatedTemplate) {
  InvoiceSettings s{"org", 60,
                    "https://learn.example/go?e={enrolment_id}&c={sku}&u={customer_id}"};
  EXPECT_TRUE(ValidateInvoiceSettings(s).ok());
  InvoiceItem item = Item(2, 100);
  item.input.sku = "C&1 x";
  item.enrolment_id = "e-1";
  EXPECT_EQ(SignOnUrl(s.sign_on_url_template, "org", "u-9", item),
            "https://learn.example/go?e=e-1&c=C%261%20x&u=u-9");
  EXPECT_EQ(SignOnUrl("", "org", "u-9", item), "");
  s.sign_on_url_template = "https://learn.example/{enrolment}";
  EXPECT_TRUE(
      absl::StrContains(ValidateInvoiceSettings(s).message(), "unknown placeholder"));
  s.sign_on_url_template = "ftp://learn.example/";
  EXPECT_FALSE(ValidateInvoiceSettings(s).ok());
  s.sign_on_url_template = "";
  s.open_minutes = 0;
  EXPECT_FALSE(ValidateInvoiceSettings(s).ok());
}

}  // namespace
}  // namespace tillstream
