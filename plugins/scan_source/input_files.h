// The scanned files the `path` option names, grouped into dossiers, in a
// fixed order. Only names and directory listings are read here.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hoso::scan_source {

enum class DossierMode {
  kFile,    // each file is a dossier
  kFolder,  // the files directly inside one folder are a dossier
};

struct DossierPlan {
  // The file's path relative to the input root it was found under (or the
  // folder's, in folder mode; the folder's name when it is the root).
  std::string id;
  std::vector<std::filesystem::path> files;  // absolute, in page order
};

// A named input that cannot be read at all: a missing file, a folder that
// cannot be listed.
struct InputProblem {
  std::filesystem::path path;  // absolute
  std::string reason;
};

struct Inputs {
  std::vector<DossierPlan> dossiers;
  std::vector<InputProblem> problems;
  std::vector<std::string> warnings;  // entries that match nothing
};

// Resolves each entry of `entries` (a file, a folder, or a pattern such as
// "scans/**/*.tif") against `base_dir` when relative. Folders are searched
// recursively; hidden files and folders, and folder symlinks met while
// searching, are skipped. Found files must have one of `extensions`
// (lower case, no dot; compared case-insensitively); a file named
// explicitly is taken whatever its name. A file found twice counts once,
// under the first entry that found it.
//
// Order: entries as listed; within an entry, a depth-first walk in
// NaturalLess order of names. In folder mode a dossier's pages are sorted
// by file name with NaturalLess.
Inputs EnumerateInputs(const std::vector<std::string>& entries,
                       const std::filesystem::path& base_dir, DossierMode mode,
                       const std::vector<std::string>& extensions);

}  // namespace hoso::scan_source
