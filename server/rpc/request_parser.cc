#include "server/rpc/request_parser.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/lenient_request.pb.h"

namespace tillstream {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Depth-first search for the first bytes field that is not valid UTF-8;
// returns its path like "submit_bill.tenders[1].reference", or "".
std::string FindBadUtf8(const Message& m, const std::string& prefix) {
  const auto* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const std::string path =
        prefix.empty() ? f->name() : absl::StrCat(prefix, ".", f->name());
    if (f->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(m, f); ++i) {
        const std::string item = absl::StrCat(path, "[", i, "]");
        if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
          std::string bad = FindBadUtf8(reflection->GetRepeatedMessage(m, f, i), item);
          if (!bad.empty()) return bad;
        } else if (f->type() == FieldDescriptor::TYPE_BYTES &&
                   !IsValidUtf8(reflection->GetRepeatedString(m, f, i))) {
          return item;
        }
      }
    } else if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
      std::string bad = FindBadUtf8(reflection->GetMessage(m, f), path);
      if (!bad.empty()) return bad;
    } else if (f->type() == FieldDescriptor::TYPE_BYTES &&
               !IsValidUtf8(reflection->GetString(m, f))) {
      return path;
    }
  }
  return "";
}

}  // namespace

ParsedRequest ParseTillRequest(const std::string& bytes) {
  ParsedRequest out;
  if (out.request.ParseFromString(bytes)) {
    out.correlation_id = out.request.correlation_id();
    return out;
  }
  lenient::TillRequest lenient;
  if (!lenient.ParseFromString(bytes)) {
    out.fatal = true;
    out.status = absl::InvalidArgumentError("the message is not a pos.v1.TillRequest");
    return out;
  }
  if (IsValidUtf8(lenient.correlation_id()))
    out.correlation_id = lenient.correlation_id();
  const std::string bad = FindBadUtf8(lenient, "");
  out.status = bad.empty() ? absl::InvalidArgumentError("the request could not be parsed")
                           : FieldError(bad, "is not valid UTF-8");
  return out;
}

ParsedRequest ParseTillRequest(grpc::ByteBuffer* buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (buffer->Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  return ParseTillRequest(bytes);
}

}  // namespace tillstream
