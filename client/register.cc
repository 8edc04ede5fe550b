#include "client/register.h"

#include <algorithm>

namespace tillstream {

bool Register::VoidLine(int32_t line_no) {
  auto it = std::find_if(lines_.begin(), lines_.end(),
                         [&](const auto& l) { return l.line_no() == line_no; });
  if (it == lines_.end()) return false;
  lines_.erase(it);
  item_discounts_.erase(line_no);
  quoted_total_.reset();
  return true;
}

bool Register::SetItemDiscount(int32_t line_no, int64_t amount_minor) {
  const bool known = std::any_of(lines_.begin(), lines_.end(),
                                 [&](const auto& l) { return l.line_no() == line_no; });
  if (!known) return false;
  if (amount_minor == 0) {
    item_discounts_.erase(line_no);
  } else {
    item_discounts_[line_no] = amount_minor;
  }
  quoted_total_.reset();
  return true;
}

void Register::Clear() {
  lines_.clear();
  tenders_.clear();
  next_quantity_milli_ = 1000;
  customer_id_.clear();
  item_discounts_.clear();
  sale_discount_minor_ = 0;
  quoted_total_.reset();
}

int64_t Register::Total() const {
  if (quoted_total_) return *quoted_total_;
  int64_t total = 0;
  for (const auto& l : lines_) total += l.amount().minor_units();
  return total;
}

int64_t Register::Tendered() const {
  int64_t sum = 0;
  for (const auto& t : tenders_) sum += t.amount().minor_units();
  return sum;
}

pos::v1::SubmitBill Register::BuildBill(const std::string& bill_id,
                                        const std::string& bill_number,
                                        absl::Time billing_time,
                                        const std::string& currency) const {
  pos::v1::SubmitBill bill;
  bill.set_bill_id(bill_id);
  bill.set_bill_number(bill_number);
  const int64_t micros = absl::ToUnixMicros(billing_time);
  bill.mutable_billing_time()->set_seconds(micros / 1000000);
  bill.mutable_billing_time()->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
  for (const auto& l : lines_) {
    auto* in = bill.add_lines();
    in->set_line_no(l.line_no());
    in->set_sku(l.sku());
    in->set_quantity_milli(l.quantity().milli());
    if (auto d = item_discounts_.find(l.line_no()); d != item_discounts_.end()) {
      in->mutable_discount()->set_minor_units(d->second);
      in->mutable_discount()->set_currency(currency);
    }
  }
  if (sale_discount_minor_ > 0) {
    bill.mutable_sale_discount()->set_minor_units(sale_discount_minor_);
    bill.mutable_sale_discount()->set_currency(currency);
  }
  for (const auto& t : tenders_) *bill.add_tenders() = t;
  bill.mutable_client_total()->set_minor_units(Total());
  bill.mutable_client_total()->set_currency(currency);
  bill.set_customer_id(customer_id_);
  return bill;
}

}  // namespace tillstream
