#include "server/rpc/request_parser.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/reflection.h>

#include <memory>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/validation.h"

namespace tillstream {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::DynamicMessageFactory;
using google::protobuf::FieldDescriptor;
using google::protobuf::FieldDescriptorProto;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorProto;
using google::protobuf::Message;

// Adds `file` and what it imports to `pool`, every string field turned into
// bytes.
void AddLenient(const FileDescriptor* file, DescriptorPool* pool,
                std::set<std::string>* added) {
  if (!added->insert(file->name()).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddLenient(file->dependency(i), pool, added);
  }
  FileDescriptorProto proto;
  file->CopyTo(&proto);
  std::vector<google::protobuf::DescriptorProto*> todo;
  for (auto& m : *proto.mutable_message_type()) todo.push_back(&m);
  while (!todo.empty()) {
    auto* m = todo.back();
    todo.pop_back();
    for (auto& f : *m->mutable_field()) {
      if (f.type() == FieldDescriptorProto::TYPE_STRING) {
        f.set_type(FieldDescriptorProto::TYPE_BYTES);
      }
    }
    for (auto& nested : *m->mutable_nested_type()) todo.push_back(&nested);
  }
  pool->BuildFile(proto);
}

// pos.v1.TillRequest as read from the contract's own descriptors, with every
// string as bytes: protobuf refuses a string holding malformed UTF-8
// without saying which, so a refused request is read again this way to
// name the field. Derived at start from the compiled contract, so it cannot
// drift from it.
class LenientTillRequest {
 public:
  LenientTillRequest() {
    std::set<std::string> added;
    AddLenient(pos::v1::TillRequest::descriptor()->file(), &pool_, &added);
    const Descriptor* d = pool_.FindMessageTypeByName("pos.v1.TillRequest");
    prototype_ = d ? factory_.GetPrototype(d) : nullptr;
  }
  std::unique_ptr<Message> New() const {
    return std::unique_ptr<Message>(prototype_ ? prototype_->New() : nullptr);
  }

 private:
  DescriptorPool pool_;
  DynamicMessageFactory factory_{&pool_};
  const Message* prototype_ = nullptr;
};

const LenientTillRequest& Lenient() {
  static const auto* lenient = new LenientTillRequest();
  return *lenient;
}

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
  std::unique_ptr<Message> lenient = Lenient().New();
  if (!lenient || !lenient->ParseFromString(bytes)) {
    out.fatal = true;
    out.status = absl::InvalidArgumentError("the message is not a pos.v1.TillRequest");
    return out;
  }
  const FieldDescriptor* id = lenient->GetDescriptor()->FindFieldByName("correlation_id");
  const std::string correlation_id =
      id ? lenient->GetReflection()->GetString(*lenient, id) : "";
  if (IsValidUtf8(correlation_id)) out.correlation_id = correlation_id;
  const std::string bad = FindBadUtf8(*lenient, "");
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
