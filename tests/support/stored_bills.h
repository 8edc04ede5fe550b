// A sale and a return as tills have submitted them, with the fingerprints
// the back office stored for them before the tree was reshaped (computed by
// that version's BillFingerprint). Stored fingerprints decide whether a
// resend replays: these must never change.
#ifndef TILLSTREAM_TESTS_SUPPORT_STORED_BILLS_H_
#define TILLSTREAM_TESTS_SUPPORT_STORED_BILLS_H_

#include "server/domain/org/org.h"
#include "server/domain/sales/bill.h"

namespace tillstream::testing {

inline constexpr char kStoredSaleFingerprint[] =
    "bef843df9cd10192e075f986025cd0fb70a09ed6b7bcd25f329b6adeab0c2fef";
inline constexpr char kStoredReturnFingerprint[] =
    "751bc6f6c7549606f63b9a6ac080024a95d6eb667ae006b57974831dc13cb819";

inline void StoredSale(TillContext* till, BillInput* in) {
  till->org.org_id = "acme";
  till->store.store_id = "s1";
  till->till_id = "t1";
  in->bill_id = "123e4567-e89b-42d3-a456-426614174000";
  in->bill_number = "t1-000042";
  in->billing_time = absl::FromUnixMicros(1763800000123456);
  in->client_currency = "EUR";
  in->client_total_minor = 1087;
  in->customer_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  in->sale_discount_minor = 50;
  in->lines = {{1, "A1", 2000, 0}, {2, "A3", 1000, 100}};
  in->tenders = {{TenderType::kCash, 1000, ""}, {TenderType::kPoints, 87, "123456"}};
}
inline void StoredReturn(TillContext* till, BillInput* in) {
  StoredSale(till, in);
  in->bill_id = "123e4567-e89b-42d3-a456-426614174001";
  in->lines.clear();
  in->sale_discount_minor = 0;
  in->client_total_minor = -238;
  in->tenders = {{TenderType::kCash, 238, ""}};
  ReturnRequest r;
  r.original.store_id = "s1";
  r.original.bill_number = "t1-000042";
  r.original.business_date = "2025-11-22";
  r.type = ReturnType::kLineItem;
  r.lines = {{1, 2000, 0}};
  r.reason = "broken";
  in->return_of = r;
}

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_STORED_BILLS_H_
