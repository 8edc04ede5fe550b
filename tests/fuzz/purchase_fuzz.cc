// A purchase from another system as its JSON arrives (posctl record-purchase
// reads the vendor's JSON into the proto): conversion and validation refuse
// it with INVALID_ARGUMENT naming a field, or accept it; nothing else.
#include <google/protobuf/util/json_util.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "server/domain/purchases/purchases.h"
#include "server/rpc/convert/purchases.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tillstream;
  const std::string json(reinterpret_cast<const char*>(data), size);
  pos::v1::Purchase wire;
  if (!google::protobuf::util::JsonStringToMessage(json, &wire).ok()) return 0;
  auto purchase = FromProtoPurchase(wire);
  if (!purchase.ok()) {
    FUZZ_CHECK(purchase.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  const absl::Status valid =
      ValidatePurchase(*purchase, absl::FromUnixSeconds(1763800100));
  FUZZ_CHECK(valid.ok() || valid.code() == absl::StatusCode::kInvalidArgument ||
             valid.code() == absl::StatusCode::kFailedPrecondition);
  return 0;
}
