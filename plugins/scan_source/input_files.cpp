#include "input_files.h"

#include <algorithm>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "path_glob.h"

namespace hoso::scan_source {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

class Enumerator {
 public:
  Enumerator(const fs::path& base_dir, const std::vector<std::string>& extensions)
      : base_dir_(base_dir.empty() ? fs::current_path() : fs::absolute(base_dir)) {
    for (const std::string& extension : extensions) {
      std::string e = Lower(extension);
      if (!e.empty() && e[0] == '.') e.erase(0, 1);
      if (!e.empty()) extensions_.insert(e);
    }
  }

  void Add(const std::string& entry) {
    if (entry.empty()) {
      inputs_.warnings.push_back("path has an empty entry");
      return;
    }
    // Only the entry's own components can be wildcards: the pipeline
    // folder's path is taken literally even if it holds "[2019]".
    const fs::path written = fs::path(entry).lexically_normal();
    std::vector<std::string> components;
    for (const fs::path& component : written) {
      if (!component.empty() && component != ".") components.push_back(component.string());
    }
    const auto wildcard = std::find_if(components.begin(), components.end(),
                                       [](const std::string& c) { return HasWildcard(c); });
    fs::path root = written.is_absolute() ? fs::path() : base_dir_;
    for (auto it = components.begin(); it != wildcard; ++it) root /= *it;
    root = root.lexically_normal();
    if (!root.has_filename() && root != root.root_path()) root = root.parent_path();
    const size_t matched_before = matched_;
    if (wildcard == components.end()) {
      AddNamed(root);
      return;
    }
    const std::vector<std::string> pattern(wildcard, components.end());
    std::error_code error;
    if (fs::is_directory(root, error)) WalkPattern(root, {}, pattern, root);
    if (matched_ == matched_before) {
      inputs_.warnings.push_back("path entry '" + entry + "' matches no file");
    }
  }

  Inputs Finish(DossierMode mode) {
    if (mode == DossierMode::kFile) {
      for (Found& f : found_) {
        inputs_.dossiers.push_back({UniqueId(RelativeId(f.file, f.root)), {std::move(f.file)}});
      }
    } else {
      std::unordered_map<std::string, size_t> by_folder;
      for (Found& f : found_) {
        const fs::path folder = f.file.parent_path();
        auto [it, inserted] = by_folder.try_emplace(folder.native(), inputs_.dossiers.size());
        if (inserted) inputs_.dossiers.push_back({UniqueId(RelativeId(folder, f.root)), {}});
        inputs_.dossiers[it->second].files.push_back(std::move(f.file));
      }
      for (DossierPlan& plan : inputs_.dossiers) {
        std::stable_sort(plan.files.begin(), plan.files.end(),
                         [](const fs::path& a, const fs::path& b) {
                           return NaturalLess(a.filename().string(), b.filename().string());
                         });
      }
    }
    found_.clear();
    return std::move(inputs_);
  }

 private:
  struct Found {
    fs::path file;
    fs::path root;  // ids are relative to it
  };

  void AddNamed(const fs::path& path) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      const bool missing = !error || error == std::errc::no_such_file_or_directory ||
                           error == std::errc::not_a_directory;
      inputs_.problems.push_back({path, missing ? "not found" : "cannot read: " + error.message()});
    } else if (fs::is_regular_file(status)) {
      AddFile(path, path.parent_path());
    } else if (fs::is_directory(status)) {
      WalkAll(path, path);
    } else {
      inputs_.problems.push_back({path, "not a file or folder"});
    }
  }

  void AddFile(const fs::path& file, const fs::path& root) {
    ++matched_;
    if (seen_.insert(file.native()).second) found_.push_back({file, root});
  }

  bool WantedExtension(const fs::path& file) const {
    std::string extension = Lower(file.extension().string());
    if (!extension.empty()) extension.erase(0, 1);
    return extensions_.count(extension) > 0;
  }

  // The entries of `dir` in NaturalLess order of their names; a listing
  // error becomes a problem and an empty list.
  std::vector<fs::directory_entry> List(const fs::path& dir) {
    std::vector<fs::directory_entry> entries;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
      entries.push_back(*it);
    }
    if (error) {
      inputs_.problems.push_back({dir, "cannot list folder: " + error.message()});
      return {};
    }
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) {
                return NaturalLess(a.path().filename().string(), b.path().filename().string());
              });
    return entries;
  }

  // A real folder, not a symlink to one: following those could loop.
  static bool IsRealFolder(const fs::directory_entry& entry) {
    std::error_code error;
    return entry.is_directory(error) && !entry.is_symlink(error);
  }

  void WalkAll(const fs::path& dir, const fs::path& root) {
    for (const fs::directory_entry& entry : List(dir)) {
      if (IsHidden(entry.path())) continue;
      std::error_code error;
      if (IsRealFolder(entry)) {
        WalkAll(entry.path(), root);
      } else if (entry.is_regular_file(error) && WantedExtension(entry.path())) {
        AddFile(entry.path(), root);
      }
    }
  }

  void WalkPattern(const fs::path& dir, const std::vector<std::string>& parts,
                   const std::vector<std::string>& pattern, const fs::path& root) {
    for (const fs::directory_entry& entry : List(dir)) {
      std::vector<std::string> next = parts;
      next.push_back(entry.path().filename().string());
      const PathMatch match = MatchPath(pattern, next);
      if (!match.full && !match.deeper) continue;
      std::error_code error;
      if (IsRealFolder(entry)) {
        if (match.full) {
          WalkAll(entry.path(), root);
        } else {
          WalkPattern(entry.path(), next, pattern, root);
        }
      } else if (match.full && entry.is_regular_file(error) && WantedExtension(entry.path())) {
        AddFile(entry.path(), root);
      }
    }
  }

  static std::string RelativeId(const fs::path& path, const fs::path& root) {
    const fs::path relative = path.lexically_relative(root);
    if (relative.empty() || relative == ".") {
      const std::string name = path.filename().string();
      return name.empty() ? path.generic_string() : name;
    }
    return relative.generic_string();
  }

  // Two roots may hold the same relative name; ids must still differ.
  std::string UniqueId(const std::string& id) {
    if (ids_.insert(id).second) return id;
    for (int n = 2;; ++n) {
      std::string candidate = id + " (" + std::to_string(n) + ")";
      if (ids_.insert(candidate).second) return candidate;
    }
  }

  fs::path base_dir_;
  std::unordered_set<std::string> extensions_;
  std::unordered_set<std::string> seen_;
  std::unordered_set<std::string> ids_;
  std::vector<Found> found_;
  size_t matched_ = 0;  // files matched, including ones found before
  Inputs inputs_;
};

}  // namespace

Inputs EnumerateInputs(const std::vector<std::string>& entries, const fs::path& base_dir,
                       DossierMode mode, const std::vector<std::string>& extensions) {
  Enumerator enumerator(base_dir, extensions);
  for (const std::string& entry : entries) enumerator.Add(entry);
  return enumerator.Finish(mode);
}

}  // namespace hoso::scan_source
