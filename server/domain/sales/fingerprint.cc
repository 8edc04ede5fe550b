#include "server/domain/sales/fingerprint.h"

#include "absl/strings/str_cat.h"
#include "common/digest.h"

namespace tillstream {

std::string BillFingerprint(const TillContext& till, const BillInput& in) {
  // Length-prefixed fields, so that no two different inputs concatenate alike.
  std::string canon;
  const auto put = [&canon](absl::string_view field) {
    absl::StrAppend(&canon, field.size(), ":", field, ";");
  };
  put(till.org.org_id);
  put(till.store.store_id);
  put(till.till_id);
  put(in.bill_id);
  put(in.bill_number);
  put(absl::StrCat(absl::ToUnixMicros(in.billing_time)));
  put(in.client_currency);
  put(absl::StrCat(in.client_total_minor));
  put(in.customer_id);
  for (const BillLineInput& l : in.lines) {
    put(absl::StrCat(l.line_no));
    put(l.sku);
    put(absl::StrCat(l.quantity_milli));
    // Discounts only when given, so fingerprints of bills stored before
    // discounts existed still match their replays. "d" cannot follow a
    // quantity otherwise, so this stays unambiguous.
    if (l.discount_minor != 0) put(absl::StrCat("d", l.discount_minor));
  }
  if (in.sale_discount_minor != 0) put(absl::StrCat("sale", in.sale_discount_minor));
  if (in.return_of) {
    const ReturnRequest& r = *in.return_of;
    put("return");
    put(r.original.bill_id);
    put(r.original.store_id);
    put(r.original.bill_number);
    put(r.original.business_date);
    put(absl::StrCat(static_cast<int>(r.type)));
    put(absl::StrCat(r.amount_minor));
    put(r.reason);
    for (const ReturnLineRequest& l : r.lines) {
      put(absl::StrCat(l.original_line_no, "/", l.quantity_milli, "/", l.amount_minor));
    }
  }
  if (in.offline) {  // only then, so online fingerprints stay as they were
    put("offline");
    put(in.offline->catalog_id);
    put(absl::StrCat(in.offline->version));
  }
  put("tenders");
  for (const Tender& t : in.tenders) {
    put(absl::StrCat(static_cast<int>(t.type)));
    put(absl::StrCat(t.amount_minor));
    put(t.reference);
  }
  return Sha256Hex(canon);
}

}  // namespace tillstream
