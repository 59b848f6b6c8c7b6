#include "plugin_library.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include <boost/dll/library_info.hpp>
#include <yaml-cpp/yaml.h>

#include "option_parsing.h"
#include "sha256.h"
#include "text.h"

namespace hoso::internal {
namespace {

constexpr size_t kMaxName = 64;
constexpr size_t kMaxVersion = 32;
constexpr size_t kMaxDescription = 200;
constexpr size_t kMaxHelp = 1000;
constexpr size_t kMaxOptions = 256;
constexpr size_t kMaxCommands = 64;

std::string Where(const std::filesystem::path& file) { return file.string() + ": "; }

// Descriptor strings come from foreign code: never read more than `limit`
// bytes, so an absurd string is refused instead of printed.
bool BoundedString(const char* s, size_t limit, std::string* out) {
  if (s == nullptr) return false;
  const size_t n = strnlen(s, limit + 1);
  if (n > limit) return false;
  out->assign(s, n);
  return true;
}

// Finds the exported entry point and its ABI version without loading the
// library, so a mismatched plugin never runs any code in this process.
std::string FindEntrySymbol(const std::filesystem::path& file, long* abi) {
  std::vector<std::string> symbols;
  try {
    boost::dll::library_info info(file, /*throw_if_not_native=*/true);
    symbols = info.symbols();
  } catch (const std::exception&) {
    throw LoadError(Where(file) +
                    "not a shared library; remove it from the plugin path");
  }
  const std::string prefix = HOSO_ENTRY_PREFIX;
  for (const std::string& s : symbols) {
    if (s.rfind(prefix, 0) != 0) continue;
    const std::string digits = s.substr(prefix.size());
    if (digits.empty() || digits.size() > 6 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    *abi = std::stol(digits);
    return s;
  }
  throw LoadError(Where(file) + "not a hoso plugin (no " + prefix +
                  "N entry point); remove it from the plugin path");
}

// Closes a descriptor however Open ends.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Same inode, same size and times: nothing replaced or rewrote the file
// between the two looks.
bool SameFile(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
         a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
}

void CheckOption(const std::filesystem::path& file, const OptionSpec& spec,
                 std::set<std::string>* seen) {
  std::string name, help;
  if (!BoundedString(spec.name, kMaxName, &name) || !IsIdentifier(name, kMaxName)) {
    throw LoadError(Where(file) + "descriptor has an option with an invalid name; fix the plugin");
  }
  if (!seen->insert(name).second) {
    throw LoadError(Where(file) + "descriptor declares option '" + name + "' twice; fix the plugin");
  }
  if (!BoundedString(spec.help == nullptr ? "" : spec.help, kMaxHelp, &help)) {
    throw LoadError(Where(file) + "help of option '" + name + "' is longer than " +
                    std::to_string(kMaxHelp) + " bytes; fix the plugin");
  }
  const auto type = static_cast<uint32_t>(spec.type);
  if (type < 1 || type > 8) {
    throw LoadError(Where(file) + "option '" + name + "' has an unknown type; rebuild the plugin");
  }
  if (spec.type == OptionType::kEnum) {
    std::string choices;
    if (spec.choices != nullptr && !BoundedString(spec.choices, kMaxHelp, &choices)) {
      throw LoadError(Where(file) + "choices of option '" + name + "' are longer than " +
                      std::to_string(kMaxHelp) + " bytes; fix the plugin");
    }
    if (choices.empty()) {
      throw LoadError(Where(file) + "enum option '" + name + "' lists no choices; fix the plugin");
    }
  }
  if (spec.min > spec.max) {
    throw LoadError(Where(file) + "option '" + name + "' has min > max; fix the plugin");
  }
  if (spec.default_value != nullptr) {
    std::string text;
    if (!BoundedString(spec.default_value, kMaxHelp, &text)) {
      throw LoadError(Where(file) + "default of option '" + name + "' is too long; fix the plugin");
    }
    std::string error;
    try {
      ParseOptionValue(spec, YAML::Load(text), std::filesystem::path("/"), &error);
    } catch (const YAML::Exception& e) {
      error = "not valid YAML";
    }
    if (!error.empty()) {
      throw LoadError(Where(file) + "default of option '" + name + "' is invalid (" + error +
                      "); fix the plugin");
    }
  }
}

void CheckDescriptor(const std::filesystem::path& file, const PluginDescriptor& d) {
  if (d.abi_version != kAbiVersion) {
    throw LoadError(Where(file) + "descriptor says plugin ABI " + std::to_string(d.abi_version) +
                    ", this hoso speaks ABI " + std::to_string(kAbiVersion) +
                    "; rebuild the plugin against this hoso SDK");
  }
  std::string text;
  if (!BoundedString(d.name, kMaxName, &text) || !IsIdentifier(text, kMaxName)) {
    throw LoadError(Where(file) + "plugin name must match [a-z][a-z0-9_]* and have at most " +
                    std::to_string(kMaxName) + " characters; fix the plugin");
  }
  if (!BoundedString(d.version, kMaxVersion, &text) || text.empty()) {
    throw LoadError(Where(file) + "plugin version is missing or longer than " +
                    std::to_string(kMaxVersion) + " characters; fix the plugin");
  }
  if (!BoundedString(d.description, kMaxDescription, &text) ||
      text.find('\n') != std::string::npos) {
    throw LoadError(Where(file) + "plugin description must be one line of at most " +
                    std::to_string(kMaxDescription) + " characters; fix the plugin");
  }
  const auto kind = static_cast<uint32_t>(d.kind);
  if (kind < 1 || kind > 5) {
    throw LoadError(Where(file) + "plugin kind " + std::to_string(kind) +
                    " is unknown; rebuild the plugin against this hoso SDK");
  }
  if (d.create == nullptr) throw LoadError(Where(file) + "descriptor has no factory; fix the plugin");
  if (d.option_count > kMaxOptions || (d.option_count > 0 && d.options == nullptr)) {
    throw LoadError(Where(file) + "descriptor option table is invalid; fix the plugin");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < d.option_count; ++i) CheckOption(file, d.options[i], &seen);
  if (d.command_count > kMaxCommands || (d.command_count > 0 && d.commands == nullptr)) {
    throw LoadError(Where(file) + "descriptor command table is invalid; fix the plugin");
  }
  for (size_t i = 0; i < d.command_count; ++i) {
    // A command is one word ("explain") or two ("eval fields": `hoso eval
    // fields`), each an identifier.
    const auto is_command_name = [](const std::string& name) {
      const size_t space = name.find(' ');
      if (space == std::string::npos) return IsIdentifier(name);
      return IsIdentifier(name.substr(0, space)) && IsIdentifier(name.substr(space + 1));
    };
    if (!BoundedString(d.commands[i].name, kMaxName, &text) || !is_command_name(text) ||
        d.commands[i].run == nullptr || !BoundedString(d.commands[i].summary, kMaxDescription, &text)) {
      throw LoadError(Where(file) + "descriptor command table is invalid; fix the plugin");
    }
  }
}

}  // namespace

std::string UntrustedBecause(const std::filesystem::path& path, const struct stat& status,
                             bool folder) {
  const std::string what = folder ? "plugin folder" : "plugin file";
  const std::string refused = folder ? "so none of its plugins is loaded" : "so it is not loaded";
  // World-writable is refused even with the sticky bit (/tmp): anyone could
  // still add a library of their own.
  if ((status.st_mode & S_IWOTH) != 0) {
    return Where(path) + what + " is writable by every user, " + refused + "; run `chmod o-w " +
           path.string() + "`";
  }
  if (status.st_uid != ::geteuid() && status.st_uid != 0) {
    return Where(path) + what + " belongs to another user (uid " + std::to_string(status.st_uid) +
           "), " + refused + "; use one owned by you or root" +
           (folder ? "" : ", or remove it from the plugin path");
  }
  return "";
}

std::shared_ptr<const PluginLibrary> PluginLibrary::Open(const std::filesystem::path& file,
                                                         const OpenOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw LoadError(Where(file) + "no such plugin file");
  }
  // Ownership, mode and hash are all read through this one descriptor, so
  // they describe one file even if the path changes while we look.
  const FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  struct stat checked {};
  if (fd.get() < 0 || ::fstat(fd.get(), &checked) != 0) {
    throw LoadError(Where(file) + "cannot be read (" + std::strerror(errno) +
                    "); check its permissions");
  }
  if (std::string why = UntrustedBecause(file, checked, /*folder=*/false); !why.empty()) {
    throw LoadError(why);
  }
  std::string sha256;
  if (options.pin != nullptr || options.hash) {
    if (!Sha256OfFile(fd.get(), &sha256)) {
      throw LoadError(Where(file) + "cannot be read (" + std::strerror(errno) +
                      "); check the file and the disk");
    }
  }
  if (options.pin != nullptr && sha256 != options.pin->sha256) {
    throw LoadError(Where(file) + "plugin '" + options.pin->name + "' is pinned to sha256 " +
                    options.pin->sha256 + " (" + options.pin->where +
                    ") but this file has sha256 " + sha256 +
                    "; not loaded. If the plugin was changed on purpose, pin the new " +
                    "hash; otherwise reinstall the plugin that was pinned");
  }
  long abi = 0;
  const std::string symbol = FindEntrySymbol(file, &abi);
  if (abi != static_cast<long>(kAbiVersion)) {
    throw LoadError(Where(file) + "built for plugin ABI " + std::to_string(abi) +
                    ", this hoso speaks ABI " + std::to_string(kAbiVersion) +
                    "; rebuild the plugin against this hoso SDK");
  }

  std::shared_ptr<PluginLibrary> library(new PluginLibrary());
  library->file_ = file;
  try {
    library->library_ = std::make_shared<boost::dll::shared_library>(
        file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    throw LoadError(Where(file) + "cannot be loaded (" + e.what() +
                    "); install what it links against or rebuild it");
  }
  // dlopen goes by path (through /proc/self/fd it would hide the file's real
  // location from the plugin, which finds its models next to itself), so make
  // sure the path still names the file that was checked and hashed above.
  struct stat loaded {};
  if (::stat(file.c_str(), &loaded) != 0 || !SameFile(checked, loaded)) {
    library->library_.reset();
    throw LoadError(Where(file) + "changed on disk while it was being loaded, so what was " +
                    "checked is not what was loaded; not used. Find what writes to the plugin " +
                    "folder, then run again");
  }
  library->sha256_ = std::move(sha256);
  using Entry = const PluginDescriptor*();
  const PluginDescriptor* descriptor = nullptr;
  try {
    descriptor = library->library_->get_alias<Entry>(symbol)();
  } catch (const std::exception& e) {
    throw LoadError(Where(file) + "entry point failed (" + e.what() + "); fix the plugin");
  }
  if (descriptor == nullptr) throw LoadError(Where(file) + "entry point returned no descriptor; fix the plugin");
  CheckDescriptor(file, *descriptor);
  if (options.pin != nullptr && options.pin->name != descriptor->name) {
    throw LoadError(Where(file) + "is pinned as plugin '" + options.pin->name + "' (" +
                    options.pin->where + ") but is the plugin '" + descriptor->name +
                    "'; pin it under its own name");
  }
  library->descriptor_ = descriptor;
  return library;
}

std::vector<const OptionSpec*> PluginLibrary::options() const {
  std::vector<const OptionSpec*> out;
  for (size_t i = 0; i < descriptor_->option_count; ++i) out.push_back(&descriptor_->options[i]);
  return out;
}

std::shared_ptr<Plugin> PluginLibrary::Create(const Options& options) const {
  Plugin* raw = nullptr;
  try {
    raw = descriptor_->create(options);
  } catch (const std::exception& e) {
    throw LoadError(name() + ": " + e.what());
  } catch (...) {
    throw LoadError(name() + ": the plugin's factory failed with an unknown exception");
  }
  if (raw == nullptr) throw LoadError(name() + ": the plugin's factory returned nothing");
  std::shared_ptr<boost::dll::shared_library> keep = library_;
  return std::shared_ptr<Plugin>(raw, [keep](Plugin* p) { delete p; });
}

}  // namespace hoso::internal
