// A field named in options: a core field or `extra.<name>`.
#pragma once

#include <string>

#include "hoso/record.h"

namespace hoso::required_fields {

class FieldRef {
 public:
  // Throws std::invalid_argument for a name that is neither a core field
  // nor `extra.<name>`.
  explicit FieldRef(std::string name);

  // The field in `record`, or nullptr when the record has no such extra.
  const Field* In(const MemberRecord& record) const;

  // As written in the options; findings use it so they point back there.
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  const CoreField* core_ = nullptr;
  std::string extra_;
};

}  // namespace hoso::required_fields
