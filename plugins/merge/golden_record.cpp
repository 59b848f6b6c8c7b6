#include "golden_record.h"

#include <set>
#include <string>

namespace hoso::merge {
namespace {

std::string RecordName(const MemberRecord& record) { return record.source + "/" + record.id; }

// The golden field and its origin from a decision; a disagreement finding
// when the records held more than one value.
void Apply(MemberRecord& golden, const std::string& name, Field& target, const Decision& decision,
           size_t record_count, Severity severity) {
  const Decision::Group& chosen = decision.groups.front();
  target = *chosen.best->field;
  FieldOrigin& origin = golden.origins[name];
  origin.source = chosen.best->record->source;
  origin.record_id = chosen.best->record->id;
  origin.rule = std::string(RuleName(decision.rule));
  origin.records_agreeing = static_cast<int>(chosen.members.size());
  if (decision.groups.size() == 1) return;
  std::string others;
  for (size_t i = 1; i < decision.groups.size(); ++i) {
    const Decision::Group& g = decision.groups[i];
    const MemberRecord& first = *g.members.front()->record;
    origin.alternatives.push_back({g.best->field->value, first.source, first.id,
                                   static_cast<int>(g.members.size())});
    others += (i == 1 ? "" : ", ") + RecordName(first) + " (" + std::to_string(g.members.size()) +
              (g.members.size() == 1 ? " record)" : " records)");
  }
  golden.findings.push_back(Finding{
      .rule_id = "merge.disagreement",
      .severity = severity,
      .field = name,
      .message = "the member's records hold " + std::to_string(decision.groups.size()) +
                 " different values; kept the one from " + RecordName(*chosen.best->record) + " (" +
                 origin.rule + ", " + std::to_string(chosen.members.size()) + " of " +
                 std::to_string(record_count) + " records agree); the others from " + others,
      .suggested_fix = "check the dossiers; field_provenance lists every value",
  });
}

std::vector<Candidate> CandidatesFor(const std::vector<SourceRecord>& records,
                                     const std::string& name) {
  std::vector<Candidate> out;
  for (const SourceRecord& r : records) {
    const Field* field = r.record->Find(name);
    if (field != nullptr && !field->empty()) out.push_back({r.record, field, r.order});
  }
  return out;
}

bool IsNamePart(std::string_view name) {
  return name == "family_name" || name == "middle_name" || name == "given_name";
}

}  // namespace

MemberRecord BuildGoldenRecord(const std::vector<SourceRecord>& records,
                               const SurvivorshipSettings& settings, Severity severity) {
  MemberRecord golden;
  const MemberRecord& first = *records.front().record;
  golden.id = std::string(first.MemberId());
  golden.member_id = golden.id;
  golden.source = "merge";
  golden.golden = true;

  const MemberRecord* name_record = nullptr;
  const MemberRecord* hometown_record = nullptr;
  const MemberRecord* birth_place_record = nullptr;
  for (const CoreField& core : kCoreFields) {
    const std::string name(core.name);
    if (IsNamePart(name)) continue;  // follow the chosen full name, below
    const std::vector<Candidate> candidates = CandidatesFor(records, name);
    if (candidates.empty()) continue;
    const Decision decision = Choose(name, candidates, settings);
    Apply(golden, name, golden.*(core.member), decision, records.size(), severity);
    const MemberRecord* from = decision.groups.front().best->record;
    if (name == "full_name") name_record = from;
    if (name == "hometown") hometown_record = from;
    if (name == "birth_place") birth_place_record = from;
  }
  // Family, middle and given name come from the record whose full name won,
  // so the parts always spell the full name.
  for (const char* part : {"family_name", "middle_name", "given_name"}) {
    const Field* field = name_record == nullptr ? nullptr : name_record->Find(part);
    Field& target = *golden.Find(part);
    if (field != nullptr && !field->empty()) {
      target = *field;
      FieldOrigin& origin = golden.origins[part];
      origin.source = name_record->source;
      origin.record_id = name_record->id;
      origin.rule = "with full_name";
      continue;
    }
    const std::vector<Candidate> candidates = CandidatesFor(records, part);
    if (!candidates.empty()) {
      Apply(golden, part, target, Choose(part, candidates, settings), records.size(),
            severity);
    }
  }
  if (name_record != nullptr) golden.name_keys = name_record->name_keys;

  std::set<std::string> extras;
  for (const SourceRecord& r : records) {
    for (const auto& [name, field] : r.record->extra) extras.insert(name);
  }
  for (const std::string& extra : extras) {
    const std::string name = "extra." + extra;
    const std::vector<Candidate> candidates = CandidatesFor(records, extra);
    if (candidates.empty()) continue;
    Apply(golden, name, golden.extra[extra], Choose(name, candidates, settings),
          records.size(), severity);
  }

  // Unit codes follow the place they were resolved from.
  for (const auto& [key, code] : first.unit_codes) golden.unit_codes[key] = code;
  auto take_codes = [&](const MemberRecord* from, const std::string& prefix) {
    if (from == nullptr) return;
    for (auto it = golden.unit_codes.begin(); it != golden.unit_codes.end();) {
      it = it->first.rfind(prefix, 0) == 0 ? golden.unit_codes.erase(it) : std::next(it);
    }
    for (const auto& [key, code] : from->unit_codes) {
      if (key.rfind(prefix, 0) == 0) golden.unit_codes[key] = code;
    }
  };
  take_codes(hometown_record, "hometown.");
  take_codes(birth_place_record, "birth_place.");
  return golden;
}

}  // namespace hoso::merge
