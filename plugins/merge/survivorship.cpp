#include "survivorship.h"

#include "value_equivalence.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace hoso::merge {
namespace {

int SourceRank(const SurvivorshipSettings& settings, const std::string& source) {
  const auto& list = settings.source_priority;
  const auto it = std::find(list.begin(), list.end(), source);
  return it == list.end() ? static_cast<int>(list.size()) : static_cast<int>(it - list.begin());
}

std::string SourceDate(const SurvivorshipSettings& settings, const std::string& source) {
  const auto it = settings.source_dates.find(source);
  return it == settings.source_dates.end() ? std::string() : it->second;
}

// Bigger is better for every component.
struct GroupScore {
  double rule_score = 0;  // the rule's own measure
  std::string recency;    // most_recent: latest source date in the group
  int records = 0;
  double confidence = 0;
  int source_rank = 0;  // negated rank: earlier in the priority list is bigger
  long first = 0;       // negated input order

  auto Key() const { return std::tie(rule_score, recency, records, confidence, source_rank, first); }
};

// The representative of a group: the fullest value, then the most
// confident record, then the earliest.
const Candidate* BestOf(const std::vector<const Candidate*>& members, ValueKind kind,
                        std::string_view field_name) {
  const Candidate* best = nullptr;
  auto key = [&](const Candidate* x) {
    return std::make_tuple(Fullness(kind, *x, field_name), x->field->confidence,
                           -static_cast<long>(x->order));
  };
  for (const Candidate* c : members) {
    if (best == nullptr || key(c) > key(best)) best = c;
  }
  return best;
}

GroupScore Score(const Decision::Group& group, Rule rule, const SurvivorshipSettings& settings) {
  GroupScore s;
  s.records = static_cast<int>(group.members.size());
  s.source_rank = -static_cast<int>(settings.source_priority.size()) - 1;
  s.first = -static_cast<long>(group.members.front()->order);
  for (const Candidate* c : group.members) {
    s.confidence = std::max(s.confidence, c->field->confidence);
    s.source_rank = std::max(s.source_rank, -SourceRank(settings, c->record->source));
  }
  switch (rule) {
    case Rule::kHighestConfidence:
      s.rule_score = s.confidence;
      break;
    case Rule::kMostRecent:
      for (const Candidate* c : group.members) {
        s.recency = std::max(s.recency, SourceDate(settings, c->record->source));
      }
      break;
    case Rule::kSourcePriority:
      s.rule_score = s.source_rank;
      break;
    case Rule::kMostComplete:
      s.rule_score = static_cast<double>(group.best->field->value.size());
      break;
    case Rule::kMostCommon:
      s.rule_score = s.records;
      break;
  }
  return s;
}

}  // namespace

std::optional<Rule> ParseRule(std::string_view name) {
  if (name == "highest_confidence") return Rule::kHighestConfidence;
  if (name == "most_recent") return Rule::kMostRecent;
  if (name == "source_priority") return Rule::kSourcePriority;
  if (name == "most_complete") return Rule::kMostComplete;
  if (name == "most_common") return Rule::kMostCommon;
  return std::nullopt;
}

std::string_view RuleName(Rule rule) {
  switch (rule) {
    case Rule::kHighestConfidence:
      return "highest_confidence";
    case Rule::kMostRecent:
      return "most_recent";
    case Rule::kSourcePriority:
      return "source_priority";
    case Rule::kMostComplete:
      return "most_complete";
    case Rule::kMostCommon:
      return "most_common";
  }
  return "?";
}

Decision Choose(const std::string& field_name, const std::vector<Candidate>& candidates,
                const SurvivorshipSettings& settings) {
  Decision decision;
  const auto it = settings.field_rules.find(field_name);
  decision.rule = it == settings.field_rules.end() ? settings.default_rule : it->second;
  const ValueKind kind = KindOfField(field_name);

  // Fullest values first, so a coarser one finds the group it fits in.
  std::vector<const Candidate*> ordered;
  for (const Candidate& c : candidates) ordered.push_back(&c);
  std::stable_sort(ordered.begin(), ordered.end(), [&](const Candidate* a, const Candidate* b) {
    return Fullness(kind, *a, field_name) > Fullness(kind, *b, field_name);
  });
  for (const Candidate* c : ordered) {
    Decision::Group* home = nullptr;
    for (Decision::Group& g : decision.groups) {
      // A coarse value that fits two groups ("1975" in two full dates)
      // belongs to neither for sure; it joins the first, the fullest.
      if (Compatible(kind, *c, *g.members.front(), field_name)) {
        home = &g;
        break;
      }
    }
    if (home == nullptr) home = &decision.groups.emplace_back();
    home->members.push_back(c);
  }
  for (Decision::Group& g : decision.groups) {
    std::sort(g.members.begin(), g.members.end(),
              [](const Candidate* a, const Candidate* b) { return a->order < b->order; });
    g.best = BestOf(g.members, kind, field_name);
  }
  // Input order for the alternatives, then the winner moved to the front.
  std::sort(decision.groups.begin(), decision.groups.end(),
            [](const Decision::Group& a, const Decision::Group& b) {
              return a.members.front()->order < b.members.front()->order;
            });
  size_t winner = 0;
  GroupScore best = Score(decision.groups[0], decision.rule, settings);
  for (size_t i = 1; i < decision.groups.size(); ++i) {
    GroupScore score = Score(decision.groups[i], decision.rule, settings);
    if (score.Key() > best.Key()) {
      winner = i;
      best = std::move(score);
    }
  }
  std::rotate(decision.groups.begin(), decision.groups.begin() + static_cast<long>(winner),
              decision.groups.begin() + static_cast<long>(winner) + 1);
  return decision;
}

}  // namespace hoso::merge
