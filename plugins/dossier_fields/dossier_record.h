// The member record of one dossier: every page read, each field taken from
// the page that read it best, and findings for what could not be read.
#pragma once

#include <string>
#include <vector>

#include "family_names.h"
#include "form_template.h"
#include "hoso/dossier.h"
#include "page_reading.h"

namespace hoso::dossier_fields {

struct RecordSettings {
  ReadingSettings reading;
  std::string source_name = "scans";
  const FamilyNamePrior* family_names = nullptr;  // capitalised family names; none: as read
};

// Reads every page of `dossier` and appends one record to it. Pages whose
// form is not recognised add a finding; the record is made even then, so
// the dossier is accounted for and a clerk sees why it is empty.
void ExtractRecord(Dossier& dossier, const std::vector<FormTemplate>& forms,
                   const RecordSettings& settings);

}  // namespace hoso::dossier_fields
