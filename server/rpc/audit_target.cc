#include "server/rpc/audit_target.h"

#include <google/protobuf/descriptor.h>

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/rpc/fingerprint.h"

namespace tillstream {
namespace {

using google::protobuf::FieldDescriptor;

constexpr size_t kMaxTarget = 200;

void Collect(const google::protobuf::Message& m, const std::string& prefix, int depth,
             std::string* out) {
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) continue;
    if (f->type() == FieldDescriptor::TYPE_STRING && absl::EndsWith(f->name(), "_id") &&
        f->name() != "org_id" && f->name() != "request_id") {
      const std::string v = r->GetString(m, f);
      if (!v.empty()) {
        absl::StrAppend(out, out->empty() ? "" : " ", prefix, f->name(), "=", v);
      }
    } else if (f->type() == FieldDescriptor::TYPE_MESSAGE && depth == 0 &&
               r->HasField(m, f)) {
      Collect(r->GetMessage(m, f), prefix + f->name() + ".", depth + 1, out);
    }
  }
}

}  // namespace

std::string AuditTarget(const google::protobuf::Message& request) {
  std::string out;
  Collect(request, "", 0, &out);
  if (out.size() > kMaxTarget) out = out.substr(0, kMaxTarget) + "...";
  return out;
}

std::string AuditDigest(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const auto* pin = copy->GetDescriptor()->FindFieldByName("pin");
  if (pin != nullptr) copy->GetReflection()->ClearField(copy.get(), pin);
  return ContentFingerprint(*copy);
}

}  // namespace tillstream
