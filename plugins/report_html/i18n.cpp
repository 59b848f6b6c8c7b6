#include "i18n.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace hoso::report {
namespace {

constexpr Strings kVietnamese{
    .title = "Báo cáo lô xử lý hồ sơ đảng viên",
    .generated_at = "Lập lúc",
    .report_inputs = "Dữ liệu của báo cáo",
    .summary_file = "Tóm tắt lần chạy",
    .quarantine_file = "Tệp cách ly",
    .handbook_file = "Sổ tay (SQLite)",
    .not_given = "không có",
    .personal_data =
        "Báo cáo có họ tên lấy từ sổ tay đảng viên: chỉ chia sẻ với người có thẩm quyền.",
    .made_by = "Lập bằng hoso {version}",
    .yes = "có",
    .no = "không",

    .sec_run = "Đầu vào và thông lượng",
    .no_summary =
        "Không có tóm tắt lần chạy (summary.json): không có số liệu đầu vào và thông lượng.",
    .units_in = "Đơn vị đầu vào (tệp, trang, dòng)",
    .units_out = "Đơn vị đã ghi ra",
    .units_quarantined = "Đơn vị bị cách ly",
    .accounted = "Mọi đơn vị đều có kết quả",
    .dossiers_out = "Hồ sơ đã ghi",
    .records_out = "Bản ghi đã ghi",
    .golden_records_out = "Bản ghi hợp nhất (golden) đã ghi",
    .records_with_errors = "Bản ghi có lỗi",
    .workers = "Luồng xử lý",
    .run_time = "Thời gian chạy",
    .seconds_unit = "giây",
    .stage = "Giai đoạn",
    .kind = "Loại",
    .items = "Số mục",
    .stage_seconds = "Thời gian (giây)",
    .items_per_second = "Mục/giây",
    .chart_stage_time = "Thời gian theo giai đoạn (giây)",

    .sec_quarantine = "Lý do cách ly",
    .no_quarantine = "Không có tệp cách ly: không có lý do để liệt kê.",
    .quarantine_empty = "Không có đơn vị nào bị cách ly.",
    .quarantine_total =
        "{units} đơn vị bị cách ly, {groups} nhóm lý do (các con số riêng của từng "
        "đơn vị được thay bằng #).",
    .plugin = "Plugin",
    .reason_pattern = "Lý do",
    .reason_example = "Ví dụ",
    .units = "Số đơn vị",
    .chart_quarantine_stage = "Đơn vị bị cách ly theo giai đoạn",

    .sec_findings = "Phát hiện theo quy tắc và mức độ",
    .no_findings_data = "Không có tóm tắt lần chạy và sổ tay: không có phát hiện để liệt kê.",
    .findings_empty = "Không có phát hiện nào.",
    .findings_from_summary = "Theo tóm tắt lần chạy, sau chính sách mức độ của tệp pipeline.",
    .findings_from_handbook = "Theo bảng findings của sổ tay.",
    .rule = "Quy tắc",
    .total = "Tổng",
    .chart_severity = "Phát hiện theo mức độ",

    .sec_dedup = "Khử trùng lặp",
    .no_handbook = "Không có sổ tay: không có số liệu khử trùng lặp.",
    .not_deduplicated =
        "Lần chạy này không khử trùng lặp: sổ tay không có bảng match_weight_histogram "
        "hay pair_scores.",
    .members = "Đảng viên",
    .source_records = "Bản ghi nguồn",
    .multi_record_members = "Đảng viên ghép từ nhiều bản ghi",
    .pairs_compared = "Cặp đã so sánh",
    .pairs_scored = "Cặp từ ngưỡng xem xét trở lên (pair_scores)",
    .thresholds = "Ngưỡng: ghép từ {match} bit, xem xét từ {review} bit",
    .thresholds_inferred =
        "Sổ tay không ghi ngưỡng của mô hình; ước lượng từ pair_scores: ghép từ "
        "khoảng {match} bit trở xuống, xem xét từ khoảng {review} bit trở xuống. "
        "Cho ngưỡng đúng bằng --match-threshold và --review-threshold.",
    .chart_histogram = "Phân bố trọng số khớp của các cặp đã so sánh",
    .histogram_x = "Trọng số khớp (bit, log₂ hệ số Bayes)",
    .histogram_y = "Số cặp (thang log)",
    .histogram_empty = "Bảng match_weight_histogram trống.",
    .bin_tooltip = "{from} đến {to} bit: {pairs} cặp",
    .match_marker = "ghép",
    .review_marker = "xem xét",
    .chart_clusters = "Số bản ghi trên mỗi đảng viên",
    .clusters_x = "Số bản ghi",
    .clusters_y = "Số đảng viên",
    .cluster_tooltip = "{records} bản ghi: {members} đảng viên",

    .sec_review = "{n} cặp cần xem trước",
    .review_intro =
        "Cặp được để lại cho người xem xét đứng trước, rồi cặp đã ghép; trong mỗi nhóm, cặp "
        "có trọng số gần ngưỡng nhất đứng trước (cặp do quy tắc cùng số định danh và ngày "
        "sinh ghép nằm đúng ngưỡng ghép). Trọng số dương nghiêng về cùng một người, âm "
        "nghiêng về hai người khác nhau.",
    .no_pair_table = "Sổ tay không có bảng pair_scores: không có cặp để xem xét.",
    .review_empty = "Bảng pair_scores trống: không có cặp nào cần xem.",
    .review_shown = "Hiện {shown} trên {total} cặp.",
    .record_a = "Bản ghi A",
    .record_b = "Bản ghi B",
    .weight = "Trọng số",
    .probability = "Xác suất",
    .decision = "Quyết định",
    .pair_rule = "Quy tắc",
    .distance = "Cách ngưỡng (bit)",
    .member = "đảng viên",
    .not_in_handbook = "không có trong sổ tay",
};

constexpr Strings kEnglish{
    .title = "Batch report: party-member dossiers",
    .generated_at = "Generated",
    .report_inputs = "Report inputs",
    .summary_file = "Run summary",
    .quarantine_file = "Quarantine",
    .handbook_file = "Handbook (SQLite)",
    .not_given = "not given",
    .personal_data =
        "This report holds names from the member handbook: share it only with those "
        "entitled to see them.",
    .made_by = "Made by hoso {version}",
    .yes = "yes",
    .no = "no",

    .sec_run = "Inputs and throughput",
    .no_summary = "No run summary (summary.json): no input or throughput figures.",
    .units_in = "Input units (files, pages, rows)",
    .units_out = "Units written",
    .units_quarantined = "Units quarantined",
    .accounted = "Every unit accounted for",
    .dossiers_out = "Dossiers written",
    .records_out = "Records written",
    .golden_records_out = "Golden records written",
    .records_with_errors = "Records with errors",
    .workers = "Workers",
    .run_time = "Run time",
    .seconds_unit = "s",
    .stage = "Stage",
    .kind = "Kind",
    .items = "Items",
    .stage_seconds = "Time (s)",
    .items_per_second = "Items/s",
    .chart_stage_time = "Time per stage (seconds)",

    .sec_quarantine = "Quarantine reasons",
    .no_quarantine = "No quarantine file: no reasons to list.",
    .quarantine_empty = "No unit was quarantined.",
    .quarantine_total =
        "{units} units quarantined, {groups} groups of reasons (numbers particular to "
        "one unit shown as #).",
    .plugin = "Plugin",
    .reason_pattern = "Reason",
    .reason_example = "Example",
    .units = "Units",
    .chart_quarantine_stage = "Units quarantined per stage",

    .sec_findings = "Findings by rule and severity",
    .no_findings_data = "Neither a run summary nor a handbook: no findings to list.",
    .findings_empty = "No findings.",
    .findings_from_summary = "From the run summary, after the pipeline file's severity policy.",
    .findings_from_handbook = "From the handbook's findings table.",
    .rule = "Rule",
    .total = "Total",
    .chart_severity = "Findings by severity",

    .sec_dedup = "Deduplication",
    .no_handbook = "No handbook: no deduplication figures.",
    .not_deduplicated =
        "This run did not deduplicate: the handbook has neither match_weight_histogram "
        "nor pair_scores.",
    .members = "Members",
    .source_records = "Source records",
    .multi_record_members = "Members built from several records",
    .pairs_compared = "Pairs compared",
    .pairs_scored = "Pairs at or above the review threshold (pair_scores)",
    .thresholds = "Thresholds: match from {match} bits, review from {review} bits",
    .thresholds_inferred =
        "The handbook does not record the model's thresholds; estimated from "
        "pair_scores: match at or below about {match} bits, review at or below "
        "about {review} bits. Give the exact ones with --match-threshold and "
        "--review-threshold.",
    .chart_histogram = "Match weight of the compared pairs",
    .histogram_x = "Match weight (bits, log₂ Bayes factor)",
    .histogram_y = "Pairs (log scale)",
    .histogram_empty = "match_weight_histogram is empty.",
    .bin_tooltip = "{from} to {to} bits: {pairs} pairs",
    .match_marker = "match",
    .review_marker = "review",
    .chart_clusters = "Records per member",
    .clusters_x = "Records",
    .clusters_y = "Members",
    .cluster_tooltip = "{records} records: {members} members",

    .sec_review = "The {n} pairs to review first",
    .review_intro =
        "Pairs left for review come first, then matched pairs; within each group the pair "
        "whose weight lies nearest a threshold comes first (a pair the same-ID-and-birth-"
        "date rule matched sits on the match threshold). Positive weights point to one "
        "person, negative to two different people.",
    .no_pair_table = "The handbook has no pair_scores table: no pairs to review.",
    .review_empty = "pair_scores is empty: no pair to review.",
    .review_shown = "Showing {shown} of {total} pairs.",
    .record_a = "Record A",
    .record_b = "Record B",
    .weight = "Weight",
    .probability = "Probability",
    .decision = "Decision",
    .pair_rule = "Rule",
    .distance = "From threshold (bits)",
    .member = "member",
    .not_in_handbook = "not in the handbook",
};

struct Name {
  const char* key;
  const char* vi;
  const char* en;
};

constexpr Name kKinds[] = {{"source", "nguồn", "source"},
                           {"transform", "biến đổi", "transform"},
                           {"validator", "kiểm tra", "validator"},
                           {"batch", "lô", "batch"},
                           {"sink", "ghi ra", "sink"}};
constexpr Name kSeverities[] = {
    {"error", "lỗi", "error"}, {"warning", "cảnh báo", "warning"}, {"info", "thông tin", "info"}};
constexpr Name kDecisions[] = {{"match", "ghép", "match"},
                               {"review", "xem xét", "review"},
                               {"non_match", "không ghép", "non-match"}};

template <size_t N>
std::string Lookup(const Name (&names)[N], const std::string& key, Lang lang) {
  for (const Name& n : names) {
    if (key == n.key) return lang == Lang::kVi ? n.vi : n.en;
  }
  return key;
}

// Groups of three digits joined by the language's separator.
std::string Group(uint64_t n, char separator) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

}  // namespace

std::optional<Lang> ParseLang(const std::string& code) {
  if (code == "vi") return Lang::kVi;
  if (code == "en") return Lang::kEn;
  return std::nullopt;
}

const char* LangCode(Lang lang) { return lang == Lang::kVi ? "vi" : "en"; }

const Strings& StringsFor(Lang lang) { return lang == Lang::kVi ? kVietnamese : kEnglish; }

std::string KindName(const std::string& kind, Lang lang) { return Lookup(kKinds, kind, lang); }
std::string SeverityName(const std::string& severity, Lang lang) {
  return Lookup(kSeverities, severity, lang);
}
std::string DecisionName(const std::string& decision, Lang lang) {
  return Lookup(kDecisions, decision, lang);
}

std::string Fill(const char* text,
                 std::initializer_list<std::pair<const char*, std::string>> values) {
  std::string out = text;
  for (const auto& [key, value] : values) {
    const std::string placeholder = std::string("{") + key + "}";
    for (size_t at = out.find(placeholder); at != std::string::npos;
         at = out.find(placeholder, at + value.size())) {
      out.replace(at, placeholder.size(), value);
    }
  }
  return out;
}

std::string FormatCount(int64_t n, Lang lang) {
  const std::string digits =
      Group(static_cast<uint64_t>(n < 0 ? -n : n), lang == Lang::kVi ? '.' : ',');
  return n < 0 ? "−" + digits : digits;
}

std::string FormatDecimal(double x, int digits, Lang lang) {
  if (!std::isfinite(x)) return "–";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, std::fabs(x));
  std::string text = buffer;
  const size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string out = Group(std::strtoull(whole.c_str(), nullptr, 10), lang == Lang::kVi ? '.' : ',');
  if (dot != std::string::npos) out += (lang == Lang::kVi ? ',' : '.') + text.substr(dot + 1);
  // "−0,0" helps nobody: a value that rounds to zero has no sign.
  const bool zero = out.find_first_not_of("0.,") == std::string::npos;
  return x < 0 && !zero ? "−" + out : out;
}

}  // namespace hoso::report
