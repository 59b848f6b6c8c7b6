#include "option_parsing.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "text.h"

namespace hoso::internal {
namespace {

std::vector<std::string> Choices(const OptionSpec& spec) {
  std::vector<std::string> out;
  std::string all = spec.choices == nullptr ? "" : spec.choices;
  size_t start = 0;
  while (start <= all.size()) {
    const size_t bar = all.find('|', start);
    out.push_back(all.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

std::string FormatNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e16) return std::to_string(static_cast<long long>(v));
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string RangeText(const OptionSpec& spec) {
  const bool has_min = std::isfinite(spec.min);
  const bool has_max = std::isfinite(spec.max);
  if (has_min && has_max) return FormatNumber(spec.min) + ".." + FormatNumber(spec.max);
  if (has_min) return ">= " + FormatNumber(spec.min);
  if (has_max) return "<= " + FormatNumber(spec.max);
  return "";
}

bool InRange(const OptionSpec& spec, double v, std::string* error) {
  if (v < spec.min || v > spec.max) {
    *error = "must be " + RangeText(spec);
    return false;
  }
  return true;
}

int LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

}  // namespace

OptionValue ParseOptionValue(const OptionSpec& spec, const YAML::Node& node,
                             const std::filesystem::path& base_dir, std::string* error) {
  error->clear();
  const std::string type = OptionTypeName(spec.type);
  try {
    switch (spec.type) {
      case OptionType::kString:
      case OptionType::kPath:
      case OptionType::kEnum: {
        if (!node.IsScalar()) {
          *error = "expected a " + type + ", got a " + (node.IsSequence() ? "list" : "mapping");
          return {};
        }
        std::string value = node.Scalar();
        if (spec.type == OptionType::kEnum) {
          const std::vector<std::string> choices = Choices(spec);
          if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
            *error = "must be one of " + std::string(spec.choices);
            const std::string near = ClosestMatch(value, choices);
            if (!near.empty()) *error += " (did you mean '" + near + "'?)";
            return {};
          }
        }
        if (spec.type == OptionType::kPath && !value.empty()) {
          std::filesystem::path p(value);
          if (p.is_relative()) p = base_dir / p;
          value = p.lexically_normal().string();
        }
        return value;
      }
      case OptionType::kInt: {
        int64_t v = 0;
        if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, v)) {
          *error = "expected an integer";
          return {};
        }
        if (!InRange(spec, static_cast<double>(v), error)) return {};
        return v;
      }
      case OptionType::kDouble: {
        double v = 0;
        if (!node.IsScalar() || !YAML::convert<double>::decode(node, v) || !std::isfinite(v)) {
          *error = "expected a number";
          return {};
        }
        if (!InRange(spec, v, error)) return {};
        return v;
      }
      case OptionType::kBool: {
        bool v = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v)) {
          *error = "expected true or false";
          return {};
        }
        return v;
      }
      case OptionType::kStringList: {
        std::vector<std::string> v;
        if (node.IsScalar()) {
          v.push_back(node.Scalar());
        } else if (node.IsSequence()) {
          for (const YAML::Node& item : node) {
            if (!item.IsScalar()) {
              *error = "expected a list of strings";
              return {};
            }
            v.push_back(item.Scalar());
          }
        } else {
          *error = "expected a list";
          return {};
        }
        return v;
      }
      case OptionType::kStringMap: {
        if (!node.IsMap()) {
          *error = "expected a mapping";
          return {};
        }
        StringMap v;
        for (const auto& item : node) {
          if (!item.first.IsScalar() || !item.second.IsScalar()) {
            *error = "expected a mapping of strings to strings";
            return {};
          }
          v.emplace_back(item.first.Scalar(), item.second.Scalar());
        }
        return v;
      }
    }
  } catch (const YAML::Exception& e) {
    *error = e.msg;
    return {};
  }
  *error = "unknown option type";
  return {};
}

bool ParseOptions(const PluginDescriptor& descriptor, const YAML::Node& with,
                  const std::filesystem::path& base_dir, Options* out,
                  std::vector<OptionError>* errors) {
  const size_t errors_before = errors->size();
  std::vector<std::string> known;
  for (size_t i = 0; i < descriptor.option_count; ++i) known.push_back(descriptor.options[i].name);

  if (with && !with.IsNull() && !with.IsMap()) {
    errors->push_back({LineOf(with), "'with' must be a mapping of option names to values"});
    return false;
  }
  if (with && with.IsMap()) {
    for (const auto& item : with) {
      const std::string key = item.first.Scalar();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string message = "unknown option '" + key + "' for plugin " + descriptor.name;
      const std::string near = ClosestMatch(key, known);
      if (!near.empty()) {
        message += " (did you mean '" + near + "'?)";
      } else {
        message += "; see `hoso plugins " + std::string(descriptor.name) + "`";
      }
      errors->push_back({LineOf(item.first), message});
    }
  }

  for (size_t i = 0; i < descriptor.option_count; ++i) {
    const OptionSpec& spec = descriptor.options[i];
    const YAML::Node given = (with && with.IsMap()) ? with[spec.name] : YAML::Node();
    std::string error;
    if (given && !given.IsNull()) {
      OptionValue value = ParseOptionValue(spec, given, base_dir, &error);
      if (!error.empty()) {
        errors->push_back({LineOf(given), "option '" + std::string(spec.name) + "': " + error});
      } else {
        out->Set(spec.name, std::move(value));
      }
    } else if (spec.default_value != nullptr) {
      out->Set(spec.name, ParseOptionValue(spec, YAML::Load(spec.default_value), base_dir, &error));
    } else if (spec.required) {
      errors->push_back({with ? LineOf(with) : 0, "missing required option '" +
                                                      std::string(spec.name) + "' for plugin " +
                                                      descriptor.name});
    }
  }
  return errors->size() == errors_before;
}

std::string DescribeOption(const OptionSpec& spec) {
  std::string out = spec.name;
  out += " (";
  out += spec.type == OptionType::kEnum ? std::string(spec.choices) : OptionTypeName(spec.type);
  if (spec.required) out += ", required";
  if (spec.default_value != nullptr) out += ", default " + std::string(spec.default_value);
  const std::string range = RangeText(spec);
  if (!range.empty()) out += ", " + range;
  out += ")";
  if (spec.help != nullptr && *spec.help != '\0') out += ": " + std::string(spec.help);
  return out;
}

}  // namespace hoso::internal
