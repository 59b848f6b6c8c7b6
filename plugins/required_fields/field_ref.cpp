#include "field_ref.h"

#include <stdexcept>
#include <string_view>
#include <utility>

namespace hoso::required_fields {
namespace {

constexpr std::string_view kExtraPrefix = "extra.";

}  // namespace

FieldRef::FieldRef(std::string name) : name_(std::move(name)) {
  if (name_.starts_with(kExtraPrefix)) {
    extra_ = name_.substr(kExtraPrefix.size());
    if (extra_.empty()) throw std::invalid_argument("fields: 'extra.' needs a field name after it");
    // An extra under a core name can never exist: MemberRecord::Set puts it
    // in the core field, so the check would always fail.
    if (FindCoreField(extra_) != nullptr) {
      throw std::invalid_argument("fields: '" + name_ + "' names a core field; write '" + extra_ +
                                  "'");
    }
    return;
  }
  core_ = FindCoreField(name_);
  if (core_ == nullptr) {
    std::string known;
    for (const CoreField& core : kCoreFields) {
      if (!known.empty()) known += ", ";
      known += core.name;
    }
    throw std::invalid_argument("fields: unknown field '" + name_ + "'; use one of " + known +
                                ", or extra.<name>");
  }
}

const Field* FieldRef::In(const MemberRecord& record) const {
  if (core_ != nullptr) return &(record.*(core_->member));
  auto it = record.extra.find(extra_);
  return it == record.extra.end() ? nullptr : &it->second;
}

}  // namespace hoso::required_fields
