#include "server/storage/pg_audit_context.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tillstream::pg {
namespace {

// A JSON string literal (RFC 8259 escapes; the text is UTF-8 already).
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

}  // namespace

std::string AuditContextJson(const AuditRecord& r) {
  return absl::StrCat("{\"principal\":", Quoted(r.principal),
                      ",\"principal_name\":", Quoted(r.principal_name),
                      ",\"role\":", Quoted(r.role), ",\"rpc\":", Quoted(r.rpc),
                      ",\"org_id\":", Quoted(r.org_id), ",\"target\":", Quoted(r.target),
                      ",\"request_sha256\":", Quoted(r.request_sha256), "}");
}

}  // namespace tillstream::pg
