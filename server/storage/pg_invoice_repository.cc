#include "server/storage/pg_invoice_repository.h"

#include <functional>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "server/storage/pg_invoice_rows.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::ReadInvoice;
using pg::Transact;

// NOT_FOUND unless the customer is one of the org's.
absl::Status CheckCustomer(pqxx::transaction_base& tx, const std::string& org_id,
                           const std::string& customer_id) {
  if (!pg::CustomerExists(tx, org_id, customer_id)) {
    return absl::NotFoundError(
        absl::StrCat("no customer ", customer_id, " in org ", org_id));
  }
  return absl::OkStatus();
}

absl::Status UnknownInvoice(const std::string& invoice_id) {
  return absl::NotFoundError(absl::StrCat("no invoice ", invoice_id, " in this org"));
}

// An open invoice found past its time is marked expired, so reports and
// later readers see the state without recomputing it.
void MarkIfExpired(pqxx::transaction_base& tx, const Invoice& inv, int stored_status) {
  if (stored_status == Enum(InvoiceStatus::kOpen) &&
      inv.status == InvoiceStatus::kExpired) {
    tx.exec_params(
        "UPDATE invoices SET status = $3, closed_at = expires_at, close_reason = "
        "'expired'"
        " WHERE org_id = $1 AND invoice_id = $2::uuid",
        inv.org_id, inv.invoice_id, Enum(InvoiceStatus::kExpired));
  }
}

// Resolves a key to (invoice id, item number); nullopt when no such item.
std::optional<std::pair<std::string, int32_t>> ResolveItem(pqxx::transaction_base& tx,
                                                           const std::string& org_id,
                                                           const ItemKey& key) {
  if (!key.code.empty()) {
    const pqxx::result r = tx.exec_params(
        "SELECT invoice_id::text AS invoice_id, item_no FROM redemption_codes"
        " WHERE code = $1 AND org_id = $2 AND item_no > 0",
        key.code, org_id);
    if (r.empty()) return std::nullopt;
    return std::make_pair(r[0]["invoice_id"].as<std::string>(),
                          r[0]["item_no"].as<int32_t>());
  }
  const pqxx::result r = tx.exec_params(
      "SELECT 1 FROM invoice_items WHERE org_id = $1 AND invoice_id = $2::uuid"
      " AND item_no = $3",
      org_id, key.invoice_id, key.item_no);
  if (r.empty()) return std::nullopt;
  return std::make_pair(key.invoice_id, key.item_no);
}

absl::Status UnknownItem(const ItemKey& key) {
  if (!key.code.empty()) {
    return absl::NotFoundError(absl::StrCat("no item has redemption code ", key.code));
  }
  return absl::NotFoundError(
      absl::StrCat("invoice ", key.invoice_id, " has no item ", key.item_no));
}

const InvoiceItem* FindItem(const Invoice& inv, int32_t item_no) {
  for (const auto& item : inv.items) {
    if (item.item_no == item_no) return &item;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<InvoiceSettings> PgInvoiceRepository::GetInvoiceSettings(
    const std::string& org_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<InvoiceSettings> {
    InvoiceSettings settings;
    settings.org_id = org_id;
    pqxx::read_transaction tx(c);
    const pqxx::result r = tx.exec_params(
        "SELECT open_minutes, sign_on_url_template FROM invoice_settings"
        " WHERE org_id = $1",
        org_id);
    if (!r.empty()) {
      settings.open_minutes = r[0]["open_minutes"].as<int32_t>();
      settings.sign_on_url_template = r[0]["sign_on_url_template"].as<std::string>();
    }
    return settings;
  });
}

absl::StatusOr<InvoiceSettings> PgInvoiceRepository::SetInvoiceSettings(
    const InvoiceSettings& settings) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<InvoiceSettings> {
    pqxx::work tx(c);
    tx.exec_params(
        "INSERT INTO invoice_settings (org_id, open_minutes, sign_on_url_template)"
        " VALUES ($1, $2, $3) ON CONFLICT (org_id) DO UPDATE SET"
        " open_minutes = EXCLUDED.open_minutes,"
        " sign_on_url_template = EXCLUDED.sign_on_url_template, changed_at = now()",
        settings.org_id, settings.open_minutes, settings.sign_on_url_template);
    tx.commit();
    return settings;
  });
}

absl::StatusOr<Invoice> PgInvoiceRepository::BeginInvoice(const NewInvoice& n,
                                                          absl::Duration open_for) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Invoice> {
    pqxx::work tx(c);
    if (auto s = CheckCustomer(tx, n.org_id, n.customer_id); !s.ok()) return s;
    const std::string invoice_id = NewUuid();
    const pqxx::result inserted = tx.exec_params(
        "INSERT INTO invoices (org_id, invoice_id, request_id, request_sha256,"
        " customer_id, note, purchasing_group, currency, expires_at)"
        " VALUES ($1, $2::uuid, $3, $4, $5::uuid, $6, $7, $8,"
        " now() + $9::bigint * interval '1 second')"
        " ON CONFLICT (org_id, request_id) DO NOTHING RETURNING invoice_id::text",
        n.org_id, invoice_id, n.request_id, n.fingerprint, n.customer_id, n.note,
        n.purchasing_group, n.currency, absl::ToInt64Seconds(open_for));
    std::string id = invoice_id;
    bool replayed = false;
    if (inserted.empty()) {
      const pqxx::row r = tx.exec_params1(
          "SELECT invoice_id::text AS invoice_id, request_sha256 FROM invoices"
          " WHERE org_id = $1 AND request_id = $2",
          n.org_id, n.request_id);
      if (r["request_sha256"].as<std::string>() != n.fingerprint) {
        return absl::AlreadyExistsError(
            absl::StrCat("request_id ", n.request_id, " already began invoice ",
                         r["invoice_id"].as<std::string>(), " with other content"));
      }
      id = r["invoice_id"].as<std::string>();
      replayed = true;
    }
    std::optional<Invoice> out = ReadInvoice(tx, n.org_id, id, /*for_update=*/false);
    out->replayed = replayed;
    tx.commit();
    return *std::move(out);
  });
}

namespace {

// How a change to one invoice runs, in one transaction under the invoice's
// row lock: `replay` may answer the invoice as it is (a request already
// carried out) or refuse; otherwise `check` decides (an open invoice found
// past its time is marked expired on the way), then `change` writes and the
// invoice is answered as it is afterwards.
struct LockedChange {
  std::function<absl::StatusOr<bool>(pqxx::work&, const Invoice&)> replay;
  InvoiceCheck check;
  std::function<absl::Status(pqxx::work&, const Invoice&)> change;
};

absl::StatusOr<Invoice> RunLockedChange(PgPool& pool, const std::string& org_id,
                                        const std::string& invoice_id,
                                        const LockedChange& step) {
  return Transact(pool, [&](pqxx::connection& c) -> absl::StatusOr<Invoice> {
    pqxx::work tx(c);
    int stored_status = 0;
    auto inv = ReadInvoice(tx, org_id, invoice_id, /*for_update=*/true, &stored_status);
    if (!inv) return UnknownInvoice(invoice_id);
    auto replayed = step.replay(tx, *inv);
    if (!replayed.ok()) return replayed.status();
    if (*replayed) {
      inv->replayed = true;
      return *std::move(inv);
    }
    if (auto refused = step.check(*inv); !refused.ok()) {
      MarkIfExpired(tx, *inv, stored_status);
      tx.commit();
      return refused;
    }
    if (auto refused = step.change(tx, *inv); !refused.ok()) return refused;
    std::optional<Invoice> out =
        ReadInvoice(tx, org_id, invoice_id, /*for_update=*/false);
    tx.commit();
    return *std::move(out);
  });
}

void InsertAdditions(pqxx::work& tx, const Invoice& inv, const InvoiceAdditions& add) {
  int32_t item_no = static_cast<int32_t>(inv.items.size());
  for (const auto& item : add.items) {
    // InvoiceFlow validated every item, ItemAmount included.
    std::vector<std::string> keys, values;
    for (const auto& [k, v] : item.options) {
      keys.push_back(k);
      values.push_back(v);
    }
    tx.exec_params(
        "INSERT INTO invoice_items (org_id, invoice_id, item_no, sku, name,"
        " unit_cost_minor, quantity, amount_minor, access_days, option_keys,"
        " option_values) VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9,"
        " $10::text[], $11::text[])",
        inv.org_id, inv.invoice_id, ++item_no, item.sku, item.name, item.unit_cost_minor,
        item.quantity, ItemAmount(item).value(), item.access_days, pg::PgArray(keys),
        pg::PgArray(values));
  }
  int32_t payment_no = static_cast<int32_t>(inv.payments.size() + inv.scheduled.size());
  for (const auto& p : add.payments) {
    tx.exec_params(
        absl::StrCat("INSERT INTO invoice_payments (org_id, invoice_id, payment_no, kind,"
                     " amount_minor, payee, processor, processor_transaction_id, paid_at)"
                     " VALUES ($1, $2::uuid, $3, $9, $4, $5, $6, $7, ",
                     pg::FromMicros(8), ")"),
        inv.org_id, inv.invoice_id, ++payment_no, p.amount_minor, p.payee, p.processor,
        p.processor_transaction_id, absl::ToUnixMicros(p.paid_at),
        Enum(PaymentKind::kTaken));
  }
  for (const auto& p : add.scheduled) {
    tx.exec_params(
        "INSERT INTO invoice_payments (org_id, invoice_id, payment_no, kind,"
        " amount_minor, due_date) VALUES ($1, $2::uuid, $3, $6, $4, $5::date)",
        inv.org_id, inv.invoice_id, ++payment_no, p.amount_minor,
        absl::FormatCivilTime(p.due_date), Enum(PaymentKind::kScheduled));
  }
  tx.exec_params(
      "INSERT INTO invoice_requests (org_id, invoice_id, request_id, request_sha256)"
      " VALUES ($1, $2::uuid, $3, $4)",
      inv.org_id, inv.invoice_id, add.request_id, add.fingerprint);
}

// Draws a code new to the whole back office and files it under the invoice
// (item 0) or one item: a clash (about 2^-84 a draw) simply draws again.
absl::StatusOr<std::string> FileNewCode(pqxx::work& tx, const Invoice& inv,
                                        int32_t item_no, const CodeSource& new_code) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto drawn = new_code();
    if (!drawn.ok()) return drawn.status();
    if (!tx.exec_params("INSERT INTO redemption_codes (code, org_id, invoice_id, item_no)"
                        " VALUES ($1, $2, $3::uuid, $4) ON CONFLICT (code) DO NOTHING"
                        " RETURNING code",
                        *drawn, inv.org_id, inv.invoice_id, item_no)
             .empty()) {
      return *drawn;
    }
  }
  return absl::InternalError("could not draw a new redemption code");
}

}  // namespace

absl::StatusOr<Invoice> PgInvoiceRepository::AddToInvoice(const std::string& org_id,
                                                          const std::string& invoice_id,
                                                          const InvoiceAdditions& add,
                                                          const InvoiceCheck& check) {
  LockedChange step;
  step.replay = [&](pqxx::work& tx, const Invoice&) -> absl::StatusOr<bool> {
    const pqxx::result seen = tx.exec_params(
        "SELECT request_sha256 FROM invoice_requests WHERE org_id = $1"
        " AND invoice_id = $2::uuid AND request_id = $3",
        org_id, invoice_id, add.request_id);
    if (seen.empty()) return false;
    if (seen[0]["request_sha256"].as<std::string>() != add.fingerprint) {
      return absl::AlreadyExistsError(absl::StrCat("request_id ", add.request_id,
                                                   " was already used on invoice ",
                                                   invoice_id, " with other content"));
    }
    return true;
  };
  step.check = check;
  step.change = [&](pqxx::work& tx, const Invoice& inv) -> absl::Status {
    for (const auto& p : add.payments) {
      const pqxx::result dup = tx.exec_params(
          "SELECT invoice_id::text AS invoice_id FROM invoice_payments WHERE org_id = $1"
          " AND processor = $2 AND processor_transaction_id = $3 AND kind = $4",
          org_id, p.processor, p.processor_transaction_id, Enum(PaymentKind::kTaken));
      if (!dup.empty()) {
        return absl::AlreadyExistsError(absl::StrCat(
            p.processor, " transaction ", p.processor_transaction_id,
            " is already recorded on invoice ", dup[0]["invoice_id"].as<std::string>()));
      }
    }
    try {
      InsertAdditions(tx, inv, add);
    } catch (const pqxx::unique_violation&) {
      // Another invoice recorded one of these transactions meanwhile; run
      // again so the check above names it.
      pg::RetryTransaction("a payment was recorded concurrently");
    }
    return absl::OkStatus();
  };
  return RunLockedChange(*pool_, org_id, invoice_id, step);
}

absl::StatusOr<Invoice> PgInvoiceRepository::CommitInvoice(const std::string& org_id,
                                                           const std::string& invoice_id,
                                                           const InvoiceCheck& check,
                                                           const CodeSource& new_code) {
  LockedChange step;
  step.replay = [](pqxx::work&, const Invoice& inv) -> absl::StatusOr<bool> {
    return inv.status == InvoiceStatus::kCommitted;
  };
  step.check = check;
  step.change = [&](pqxx::work& tx, const Invoice& inv) -> absl::Status {
    for (const auto& item : inv.items) {
      auto code = FileNewCode(tx, inv, item.item_no, new_code);
      if (!code.ok()) return code.status();
      tx.exec_params(
          "UPDATE invoice_items SET redemption_code = $4"
          " WHERE org_id = $1 AND invoice_id = $2::uuid AND item_no = $3",
          org_id, invoice_id, item.item_no, *code);
    }
    auto code = FileNewCode(tx, inv, 0, new_code);
    if (!code.ok()) return code.status();
    tx.exec_params(
        "UPDATE invoices SET status = $4, redemption_code = $3, closed_at = now()"
        " WHERE org_id = $1 AND invoice_id = $2::uuid",
        org_id, invoice_id, *code, Enum(InvoiceStatus::kCommitted));
    return absl::OkStatus();
  };
  return RunLockedChange(*pool_, org_id, invoice_id, step);
}

absl::StatusOr<Invoice> PgInvoiceRepository::AbortInvoice(const std::string& org_id,
                                                          const std::string& invoice_id,
                                                          const std::string& reason,
                                                          const InvoiceCheck& check) {
  LockedChange step;
  step.replay = [](pqxx::work&, const Invoice& inv) -> absl::StatusOr<bool> {
    return inv.status == InvoiceStatus::kAborted;
  };
  step.check = check;
  step.change = [&](pqxx::work& tx, const Invoice&) -> absl::Status {
    tx.exec_params(
        "UPDATE invoices SET status = $4, closed_at = now(), close_reason = $3"
        " WHERE org_id = $1 AND invoice_id = $2::uuid",
        org_id, invoice_id, reason, Enum(InvoiceStatus::kAborted));
    return absl::OkStatus();
  };
  return RunLockedChange(*pool_, org_id, invoice_id, step);
}

absl::StatusOr<Invoice> PgInvoiceRepository::GetInvoice(const std::string& org_id,
                                                        const std::string& invoice_id,
                                                        const std::string& code) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Invoice> {
    pqxx::read_transaction tx(c);
    std::string id = invoice_id;
    if (id.empty()) {
      const pqxx::result r = tx.exec_params(
          "SELECT invoice_id::text AS invoice_id FROM redemption_codes"
          " WHERE code = $1 AND org_id = $2 AND item_no = 0",
          code, org_id);
      if (r.empty()) {
        return absl::NotFoundError(absl::StrCat("no invoice has redemption code ", code));
      }
      id = r[0]["invoice_id"].as<std::string>();
    }
    auto out = ReadInvoice(tx, org_id, id, /*for_update=*/false);
    if (!out) return UnknownInvoice(id);
    return *std::move(out);
  });
}

absl::StatusOr<std::pair<Invoice, InvoiceItem>> PgInvoiceRepository::GetInvoiceItem(
    const std::string& org_id, const ItemKey& key) {
  using Found = std::pair<Invoice, InvoiceItem>;
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Found> {
    pqxx::read_transaction tx(c);
    const auto at = ResolveItem(tx, org_id, key);
    if (!at) return UnknownItem(key);
    auto inv = ReadInvoice(tx, org_id, at->first, /*for_update=*/false);
    const InvoiceItem* item = inv ? FindItem(*inv, at->second) : nullptr;
    if (item == nullptr) return UnknownItem(key);
    return Found(*inv, *item);
  });
}

absl::StatusOr<ItemRedemption> PgInvoiceRepository::RedeemItem(
    const std::string& org_id, const ItemKey& key, const std::string& customer_id,
    const std::string& request_id, const std::string& enrolment_id,
    const RedeemCheck& check) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<ItemRedemption> {
    pqxx::work tx(c);
    if (auto s = CheckCustomer(tx, org_id, customer_id); !s.ok()) return s;
    const auto at = ResolveItem(tx, org_id, key);
    if (!at) return UnknownItem(key);
    // The item's row lock serialises redemptions of it across servers.
    const std::string redeemed_by_request =
        tx.exec_params1(
              "SELECT coalesce(redemption_request_id, '') AS request_id FROM "
              "invoice_items"
              " WHERE org_id = $1 AND invoice_id = $2::uuid AND item_no = $3 FOR UPDATE",
              org_id, at->first, at->second)["request_id"]
            .as<std::string>();
    auto inv = ReadInvoice(tx, org_id, at->first, /*for_update=*/false);
    const InvoiceItem* item = FindItem(*inv, at->second);
    if (redeemed_by_request == request_id && item->redeemed_by == customer_id) {
      return ItemRedemption{*item, "", /*replayed=*/true};
    }
    if (auto refused = check(*inv, *item); !refused.ok()) return refused;
    tx.exec_params(
        "UPDATE invoice_items SET redeemed_by = $4::uuid, redeemed_at = now(),"
        " access_ends = CASE WHEN access_days > 0"
        " THEN now() + access_days * interval '1 day' END,"
        " enrolment_id = $5::uuid, redemption_request_id = $6"
        " WHERE org_id = $1 AND invoice_id = $2::uuid AND item_no = $3",
        org_id, at->first, at->second, customer_id, enrolment_id, request_id);
    inv = ReadInvoice(tx, org_id, at->first, /*for_update=*/false);
    ItemRedemption out{*FindItem(*inv, at->second), "", /*replayed=*/false};
    tx.commit();
    return out;
  });
}

}  // namespace tillstream
