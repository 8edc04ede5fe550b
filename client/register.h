// The till's own view of the open bill: the lines the server priced, the
// quantity for the next scan, the tenders taken, the customer. No I/O.
#ifndef TILLSTREAM_CLIENT_REGISTER_H_
#define TILLSTREAM_CLIENT_REGISTER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

class Register {
 public:
  void AddLine(const pos::v1::PricedLine& line) {
    lines_.push_back(line);
    quoted_total_.reset();
  }
  // False when no open line has that number.
  bool VoidLine(int32_t line_no);
  // Item discount on one line (replaces an earlier one); false when no open
  // line has that number.
  bool SetItemDiscount(int32_t line_no, int64_t amount_minor);
  void SetSaleDiscount(int64_t amount_minor) {
    sale_discount_minor_ = amount_minor;
    quoted_total_.reset();
  }
  bool has_discounts() const {
    return sale_discount_minor_ > 0 || !item_discounts_.empty();
  }
  // The server's total for the bill as it stands (from a quote); Total()
  // uses it until the bill changes.
  void set_quoted_total(int64_t total) { quoted_total_ = total; }
  bool quoted() const { return quoted_total_.has_value(); }
  void AddTender(const pos::v1::TenderInput& tender) { tenders_.push_back(tender); }
  // Takes back the tender of a payment step the till refused.
  void RemoveLastTender() {
    if (!tenders_.empty()) tenders_.pop_back();
  }
  void Clear();

  bool empty() const { return lines_.empty(); }
  // The quoted total when there is one, else the sum of the scanned lines.
  int64_t Total() const;
  int64_t Tendered() const;
  const std::vector<pos::v1::PricedLine>& lines() const { return lines_; }
  std::vector<pos::v1::PricedLine>& mutable_lines() { return lines_; }

  int64_t next_quantity_milli() const { return next_quantity_milli_; }
  void set_next_quantity_milli(int64_t q) { next_quantity_milli_ = q; }
  const std::string& customer_id() const { return customer_id_; }
  void set_customer_id(std::string id) { customer_id_ = std::move(id); }

  // The self-contained bill to submit.
  pos::v1::SubmitBill BuildBill(const std::string& bill_id,
                                const std::string& bill_number, absl::Time billing_time,
                                const std::string& currency) const;

 private:
  std::vector<pos::v1::PricedLine> lines_;
  std::vector<pos::v1::TenderInput> tenders_;
  std::map<int32_t, int64_t> item_discounts_;  // by line number
  int64_t sale_discount_minor_ = 0;
  std::optional<int64_t> quoted_total_;
  int64_t next_quantity_milli_ = 1000;
  std::string customer_id_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_REGISTER_H_
