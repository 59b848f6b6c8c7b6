#include <optional>
#include <string>

#include "finding.h"
#include "rules.h"

namespace hoso::party_rules {
namespace {

// The Party's founding: no one was admitted before it.
constexpr PartialDate kFounding{1930, 2, 3};

std::optional<PartialDate> DateOf(const Field& field) {
  if (field.empty()) return std::nullopt;
  return ParsePartialDate(field.value);
}

}  // namespace

void CheckDates(const MemberRecord& record, const RuleSettings& settings,
                std::vector<Finding>& findings) {
  const std::optional<PartialDate> birth = DateOf(record.birth_date);
  const std::optional<PartialDate> admission = DateOf(record.admission_date);
  const std::optional<PartialDate> official = DateOf(record.official_date);

  const std::pair<const char*, const std::optional<PartialDate>*> dates[] = {
      {"birth_date", &birth}, {"admission_date", &admission}, {"official_date", &official}};
  for (const auto& [name, date] : dates) {
    if (*date && CompareKnown(**date, settings.today) > 0) {
      Report(settings, findings, "vn.dates.future", name,
             std::string(name) + " is after the day of the run",
             "check the date in the dossier; a typo in the year is the usual cause");
    }
  }
  if (birth && birth->year < 1900) {
    Report(settings, findings, "vn.dates.birth_range", "birth_date", "birth year is before 1900",
           "check the birth date in the dossier");
  }
  if (birth && admission && CompareKnown(*birth, *admission) >= 0) {
    Report(settings, findings, "vn.dates.order", "admission_date",
           "admission date is not after the birth date",
           "check both dates in the dossier; day and month may be swapped");
  }
  if (admission && official && CompareKnown(*admission, *official) > 0) {
    Report(settings, findings, "vn.dates.order", "official_date",
           "official date is before the admission date",
           "check both dates in the dossier; the two may be swapped");
  }
  if (admission && CompareKnown(*admission, kFounding) < 0) {
    Report(settings, findings, "vn.party.admission_before_founding", "admission_date",
           "admission date is before the Party was founded (1930-02-03)",
           "check the admission year in the dossier");
  }
  if (birth && admission) {
    // With year-only dates the age is one of two values: report only when
    // both are too young.
    const std::optional<int> age = AgeOn(*birth, *admission);
    const int at_most = admission->year - birth->year;
    if ((age && *age < settings.admission_min_age) ||
        (!age && at_most < settings.admission_min_age)) {
      Report(settings, findings, "vn.party.admission_age", "admission_date",
             "member was younger than " + std::to_string(settings.admission_min_age) +
                 " on the admission date",
             "check the birth and admission dates in the dossier");
    }
  }
  if (official && record.admission_date.empty() && record.admission_date.raw.empty()) {
    Report(settings, findings, "vn.party.official_without_admission", "admission_date",
           "official date given but no admission date",
           "fill the admission date from the dossier");
  }
  if (admission && official && admission->month != 0 && official->month != 0 &&
      CompareKnown(*admission, *official) <= 0) {
    int months = official->MonthIndex() - admission->MonthIndex();
    if (admission->day != 0 && official->day != 0 && official->day < admission->day) --months;
    if (months < settings.probation_months - settings.probation_tolerance_months ||
        months > settings.probation_months + settings.probation_tolerance_months) {
      Report(settings, findings, "vn.party.probation_length", "official_date",
             "official date is " + std::to_string(months) + " months after admission; expected " +
                 std::to_string(settings.probation_months) + " ± " +
                 std::to_string(settings.probation_tolerance_months),
             "check the official date in the dossier, or the decision that extended probation");
    }
  }
}

}  // namespace hoso::party_rules
