#include "server/usecases/cashier_access.h"

#include "absl/strings/str_cat.h"
#include "common/digest.h"
#include "common/ids.h"
#include "common/pin_hash.h"
#include "common/validation.h"
#include "server/domain/identity/audit.h"

namespace tillstream {
namespace {

// A bill billed a little before sign-in (a till clock a bit behind) is fine.
constexpr absl::Duration kClockSkew = absl::Minutes(5);

}  // namespace

absl::StatusOr<Cashier> CashierAccess::SetCashier(const Cashier& cashier,
                                                  const std::string& pin,
                                                  const std::string& by) {
  if (auto s = CheckCode("org_id", cashier.org_id); !s.ok()) return s;
  if (auto s = CheckCode("cashier_id", cashier.cashier_id); !s.ok()) return s;
  if (auto s = CheckText("name", cashier.name, 100); !s.ok()) return s;
  if (auto s = CheckPin("pin", pin); !s.ok()) return s;
  auto hash = HashPin(pin);
  if (!hash.ok()) return hash.status();
  return repo_->SetCashier(StoredCashier{cashier, *hash}, by);
}

absl::StatusOr<std::vector<Cashier>> CashierAccess::ListCashiers(
    const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  return repo_->ListCashiers(org_id);
}

absl::StatusOr<Cashier> CashierAccess::Unlock(const std::string& org_id,
                                              const std::string& cashier_id) {
  if (auto s = CheckCode("cashier_id", cashier_id); !s.ok()) return s;
  return repo_->Unlock(org_id, cashier_id);
}

absl::StatusOr<Cashier> CashierAccess::Verify(const std::string& org_id,
                                              const std::string& cashier_id,
                                              const std::string& pin,
                                              const char* pin_field) {
  if (auto s = CheckPin(pin_field, pin); !s.ok()) return s;
  auto stored = repo_->FindCashier(org_id, cashier_id);
  if (!stored.ok()) return stored.status();
  const absl::Time now = clock_();
  if (auto locked = CheckNotLocked(stored->cashier, now); !locked.ok()) return locked;
  if (!PinMatches(stored->pin_hash, pin)) {
    auto counted = repo_->RecordWrongPin(org_id, cashier_id, policy_, now);
    if (!counted.ok()) return counted.status();
    return WrongPin(*counted, policy_, now);
  }
  if (stored->cashier.failed_pins > 0) {
    if (auto s = repo_->RecordRightPin(org_id, cashier_id); !s.ok()) return s;
  }
  return stored->cashier;
}

absl::StatusOr<SignedIn> CashierAccess::SignIn(const TillIdentity& till,
                                               const std::string& cashier_id,
                                               const std::string& pin) {
  if (auto s = CheckCode("sign_in.cashier_id", cashier_id); !s.ok()) return s;
  auto cashier = Verify(till.org_id, cashier_id, pin, "sign_in.pin");
  if (!cashier.ok()) return cashier.status();
  CashierSession session{NewUuid(), till, cashier_id, clock_(), std::nullopt};
  auto started = repo_->StartSession(session);
  if (!started.ok()) return started.status();
  return SignedIn{*cashier, *started};
}

absl::Status CashierAccess::SignOut(const TillIdentity& till,
                                    const std::string& session_id) {
  if (auto s = CheckUuid("sign_out.cashier_session_id", session_id); !s.ok()) return s;
  auto session = repo_->FindSession(session_id);
  if (!session.ok()) return session.status();
  if (!(session->till == till)) {
    return absl::NotFoundError("no such cashier session at this till");
  }
  return repo_->EndSession(session_id, clock_());
}

absl::StatusOr<Cashier> CashierAccess::VerifySupervisor(const TillIdentity& till,
                                                        const std::string& supervisor_id,
                                                        const std::string& pin,
                                                        const std::string& request) {
  if (auto s = CheckCode(request + ".supervisor_id", supervisor_id); !s.ok()) return s;
  const std::string pin_field = request + ".pin";
  auto supervisor = Verify(till.org_id, supervisor_id, pin, pin_field.c_str());
  if (!supervisor.ok()) return supervisor.status();
  if (supervisor->role != CashierRole::kSupervisor) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cashier ", supervisor_id, " is not a supervisor: a supervisor must approve"));
  }
  return supervisor;
}

AuditRecord SupervisorAudit(const Cashier& supervisor, const std::string& rpc,
                            const TillIdentity& till, const std::string& bill_id,
                            const std::string& reason) {
  return AuditRecord{
      "cashier:" + supervisor.cashier_id,
      supervisor.name,
      CashierRoleName(supervisor.role),
      rpc,
      till.org_id,
      absl::StrCat("till=", till.Describe(), " bill_id=", bill_id),
      Sha256Hex(absl::StrCat(till.Describe(), "\n", bill_id, "\n", reason))};
}

absl::StatusOr<SupervisorApproval> CashierAccess::Approve(
    const TillIdentity& till, const std::string& supervisor_id, const std::string& pin,
    const std::string& bill_id, const std::string& reason) {
  if (auto s = CheckUuid("approve.bill_id", bill_id); !s.ok()) return s;
  if (auto s = CheckText("approve.reason", reason, 200); !s.ok()) return s;
  auto supervisor = VerifySupervisor(till, supervisor_id, pin, "approve");
  if (!supervisor.ok()) return supervisor.status();
  SupervisorApproval approval{NewUuid(), till, bill_id, supervisor_id, reason, clock_()};
  const AuditRecord record =
      SupervisorAudit(*supervisor, "TerminalService/Approve", till, bill_id, reason);
  ScopedAudit audit(&record);  // a supervisor override is audited as theirs
  return repo_->RecordApproval(approval);
}

absl::StatusOr<CashierSession> CashierAccess::SessionOfBill(const TillIdentity& till,
                                                            const std::string& session_id,
                                                            absl::Time billing_time) {
  if (auto s = CheckUuid("submit_bill.cashier_session_id", session_id); !s.ok()) return s;
  auto session = repo_->FindSession(session_id);
  if (session.status().code() == absl::StatusCode::kNotFound) {
    return FieldError("submit_bill.cashier_session_id",
                      "names no cashier session: sign a cashier in first");
  }
  if (!session.ok()) return session.status();
  if (!(session->till == till)) {
    return FieldError("submit_bill.cashier_session_id",
                      "is a cashier session of another till");
  }
  if (billing_time < session->started_at - kClockSkew ||
      (session->ended_at && billing_time > *session->ended_at + kClockSkew)) {
    return absl::FailedPreconditionError(
        absl::StrCat("the bill's time is outside cashier ", session->cashier_id,
                     "'s session at this till; sign the cashier in again"));
  }
  return session;
}

absl::StatusOr<SupervisorApproval> CashierAccess::ApprovalOfBill(
    const TillIdentity& till, const std::string& approval_id,
    const std::string& bill_id) {
  if (auto s = CheckUuid("submit_bill.approval_id", approval_id); !s.ok()) return s;
  auto approval = repo_->FindApproval(approval_id);
  if (approval.status().code() == absl::StatusCode::kNotFound) {
    return FieldError("submit_bill.approval_id", "names no supervisor approval");
  }
  if (!approval.ok()) return approval.status();
  if (!(approval->till == till) || approval->bill_id != bill_id) {
    return FieldError("submit_bill.approval_id",
                      "approves another bill: a supervisor approves each bill itself");
  }
  return approval;
}

}  // namespace tillstream
