#include "server/domain/journal/journal_payloads.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "absl/strings/str_join.h"

namespace tillstream {
namespace {

using Json = nlohmann::json;  // objects keep their keys sorted

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

template <typename E>
int Code(E value) {
  return static_cast<int>(value);
}

std::string Encode(const Json& j) {
  // ASCII only, so the bytes do not depend on how text is normalised.
  return j.dump(-1, ' ', /*ensure_ascii=*/true, Json::error_handler_t::replace);
}

Json Lines(const Bill& bill) {
  std::vector<const PricedLine*> lines;
  for (const PricedLine& l : bill.lines) lines.push_back(&l);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto* a, const auto* b) { return a->line_no < b->line_no; });
  Json out = Json::array();
  for (const PricedLine* l : lines) {
    out.push_back(Json{{"line_no", l->line_no},
                       {"sku", l->sku},
                       {"name", l->name},
                       {"quantity_milli", l->quantity_milli},
                       {"uom", Code(l->uom)},
                       {"unit_price_minor", l->unit_price_minor},
                       {"gross_minor", l->gross_minor},
                       {"item_discount_minor", l->item_discount_minor},
                       {"sale_discount_minor", l->sale_discount_minor},
                       {"amount_minor", l->amount_minor},
                       {"tax_rate_bp", l->tax_rate_bp},
                       {"tax_minor", l->tax_minor},
                       {"original_line_no", l->original_line_no}});
  }
  return out;
}

Json Tenders(const Bill& bill) {
  Json out = Json::array();
  for (const Tender& t : bill.tenders) {
    out.push_back(Json{{"type", Code(t.type)},
                       {"amount_minor", t.amount_minor},
                       {"reference", t.reference}});
  }
  return out;
}

// The fields of a bill that a tagging sets.
Json TaggingFields(const Bill& b) {
  return Json{{"customer_id", b.customer_id},
              {"status", Code(b.status)},
              {"tagged_by", b.tagged_by},
              {"tagged_at_us", b.tagged_by.empty() ? 0 : Micros(b.tagged_at)}};
}

// The fields of a bill that a deletion sets.
Json DeletionFields(const Bill& b) {
  return Json{
      {"status", Code(b.status)},
      {"deleted_by", b.deleted_by},
      {"deleted_at_us", b.status == BillStatus::kDeleted ? Micros(b.deleted_at) : 0},
      {"delete_reason", b.delete_reason}};
}

Json Event(const char* record, const Bill& b, Json fields) {
  fields["record"] = record;
  fields["bill_id"] = b.bill_id;
  return fields;
}

}  // namespace

JournalRecord BillRecordOf(const Bill& bill) {
  return bill.type == BillType::kReturn ? JournalRecord::kReturn : JournalRecord::kSale;
}

std::string BillPayload(const Bill& b) {
  Json j{{"record", JournalRecordName(BillRecordOf(b))},
         {"org_id", b.org_id},
         {"store_id", b.store_id},
         {"till_id", b.till_id},
         {"bill_id", b.bill_id},
         {"bill_number", b.bill_number},
         {"billing_time_us", Micros(b.billing_time)},
         {"business_date", b.business_date},
         {"currency", b.currency},
         {"subtotal_minor", b.subtotal_minor},
         {"discount_minor", b.discount_minor},
         {"total_minor", b.total_minor},
         {"tax_minor", b.tax_minor},
         {"tendered_minor", b.tendered_minor},
         {"change_minor", b.change_minor},
         {"warnings", b.warnings},
         {"bill_type", Code(b.type)},
         {"original_bill_id", b.original_bill_id},
         {"return_type", b.return_type ? Code(*b.return_type) : 0},
         {"return_reason", b.return_reason},
         {"cashier_id", b.cashier_id},
         {"cashier_session_id", b.cashier_session_id},
         {"approval_id", b.approval_id},
         {"approved_by", b.approved_by},
         {"catalog_id", b.catalog_id},
         {"catalog_version", b.catalog_version},
         {"offline", b.offline},
         {"lines", Lines(b)},
         {"tenders", Tenders(b)}};
  j.update(TaggingFields(b));
  j.update(DeletionFields(b));
  return Encode(j);
}

std::string TaggingPayload(const Bill& tagged) {
  return Encode(Event("tagging", tagged, TaggingFields(tagged)));
}

std::string DeletionPayload(const Bill& deleted) {
  return Encode(Event("deletion", deleted, DeletionFields(deleted)));
}

absl::StatusOr<std::string> ApplyEvent(const std::string& bill_payload,
                                       const std::string& event_payload) {
  const Json bill = Json::parse(bill_payload, nullptr, /*allow_exceptions=*/false);
  const Json event = Json::parse(event_payload, nullptr, /*allow_exceptions=*/false);
  if (!bill.is_object() || !event.is_object() || !bill.contains("bill_id") ||
      !event.contains("bill_id")) {
    return absl::InvalidArgumentError("not a journal payload");
  }
  if (bill["bill_id"] != event["bill_id"]) {
    return absl::InvalidArgumentError("the event is for another bill");
  }
  Json applied = bill;
  for (const auto& [key, value] : event.items()) {
    if (key != "record" && key != "bill_id") applied[key] = value;
  }
  return Encode(applied);
}

std::string DifferingFields(const std::string& a, const std::string& b) {
  const Json ja = Json::parse(a, nullptr, false);
  const Json jb = Json::parse(b, nullptr, false);
  if (!ja.is_object() || !jb.is_object()) return "the whole record";
  std::vector<std::string> keys;
  for (const auto& [key, value] : ja.items()) {
    if (!jb.contains(key) || jb[key] != value) keys.push_back(key);
  }
  for (const auto& [key, value] : jb.items()) {
    if (!ja.contains(key)) keys.push_back(key);
  }
  return absl::StrJoin(keys, ", ");
}

}  // namespace tillstream
