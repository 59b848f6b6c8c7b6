#include "handbook_writer.h"

#include <hoso/context.h>
#include <hoso/record.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>

#include "record_store.h"
#include "schema.h"
#include "side_tables.h"

namespace hoso_handbook {
namespace {

bool IsDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "1975", "1975-09" or "1975-09-14": the partial ISO dates the SDK promises.
// Checked here because SQL's CHECK only sees the length.
bool IsPartialIsoDate(std::string_view date) {
  switch (date.size()) {
    case 4:
      return IsDigits(date);
    case 7:
      return IsDigits(date.substr(0, 4)) && date[4] == '-' && IsDigits(date.substr(5, 2));
    case 10:
      return IsDigits(date.substr(0, 4)) && date[4] == '-' && IsDigits(date.substr(5, 2)) &&
             date[7] == '-' && IsDigits(date.substr(8, 2));
    default:
      return false;
  }
}

// A record has no provenance of its own: it comes from where its values were
// read, or failing that from the dossier's first input unit.
const hoso::Provenance* OriginOf(const hoso::Dossier& dossier, const hoso::MemberRecord& record) {
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    const hoso::Field& field = record.*(core.member);
    if (!field.empty() && !field.provenance.file.empty()) return &field.provenance;
  }
  for (const auto& [name, field] : record.extra) {
    if (!field.empty() && !field.provenance.file.empty()) return &field.provenance;
  }
  return dossier.units.empty() ? nullptr : &dossier.units.front();
}

// Names where a refused record came from without quoting any of its values.
std::string Where(const hoso::Dossier& dossier, const hoso::MemberRecord& record) {
  const hoso::Provenance* origin = OriginOf(dossier, record);
  std::string where = "record from source '" + record.source + "'";
  if (origin != nullptr) where += " at " + origin->Describe();
  return where;
}

void CheckRecord(const hoso::Dossier& dossier, const hoso::MemberRecord& record) {
  if (record.id.empty()) throw hoso::Rejection(Where(dossier, record) + " has no record id");
}

// The typed date columns hold partial ISO dates only. A date no stage has
// normalized ("14/09/1975") leaves its column empty rather than keep the
// member out of the handbook: field_provenance still has it, and this
// finding says why the column is empty.
bool FitsColumn(const hoso::CoreField& core, const hoso::Field& field) {
  return !core.is_date || field.empty() || IsPartialIsoDate(field.value);
}

hoso::Finding DateNotIsoFinding(std::string_view field_name) {
  hoso::Finding finding;
  finding.rule_id = "handbook.date_not_iso";
  finding.severity = hoso::Severity::kWarning;
  finding.field = std::string(field_name);
  finding.message = finding.field +
                    " is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD; the members "
                    "column is empty and field_provenance keeps the value";
  finding.suggested_fix = "normalize dates before the handbook_sqlite stage";
  return finding;
}

// The writer thread's statements, by their index in RowStatements().
enum RowStatementIndex : size_t {
  kInsertMember,
  kInsertSourceRecord,
  kInsertProvenance,
  kInsertFinding,
  kReplaceMember,
  kClearProvenance,
  kClearMemberFindings,
  kCountRecords,
};

std::string InsertMemberSql() {
  std::string columns = "member_id";
  std::string values = "?";
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    columns += ", ";
    columns += core.name;
    values += ", ?";
  }
  // The rowid is the one SQLite would choose (one past the largest), given
  // so the record counts can be written by rowid at the end. Plain INSERT:
  // the writer knows the member is new, and a row that fails a constraint
  // fails the run instead of leaving its records without a member.
  return "INSERT INTO members (rowid, " + columns + ", record_count) VALUES (?, " + values +
         ", 1)";
}

std::string ReplaceMemberSql() {
  std::string sql = "UPDATE members SET ";
  for (size_t i = 0; i < hoso::kCoreFields.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += hoso::kCoreFields[i].name;
    sql += " = ?";
  }
  return sql + " WHERE member_id = ?";
}

std::vector<RowStatement> RowStatements() {
  std::vector<RowStatement> statements(kCountRecords + 1);
  statements[kInsertMember] = {.table = "members", .sql = InsertMemberSql()};
  statements[kInsertSourceRecord] = {
      .table = "source_records",
      .sql = "INSERT INTO source_records "
             "(record_id, source, member_id, file, page, \"row\", contents) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)"};
  statements[kInsertProvenance] = {
      .table = "field_provenance",
      .sql = "INSERT INTO field_provenance (member_id, field, value, raw, "
             "confidence, record_id, source, file, page, \"row\", \"column\", "
             "box_x, box_y, box_w, box_h, chosen, rule, records) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  statements[kInsertFinding] = {
      .table = "findings",
      .sql = "INSERT INTO findings (member_id, record_id, source, rule_id, severity, "
             "field, message, suggested_fix) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"};
  statements[kReplaceMember] = {
      .table = "members", .sql = ReplaceMemberSql(), .changes_one_row = true};
  statements[kClearProvenance] = {.table = "field_provenance",
                                  .sql = "DELETE FROM field_provenance WHERE member_id = ?"};
  // The golden record's own findings (record_id NULL) and the date
  // warnings about the member row, which the new row brings anew.
  statements[kClearMemberFindings] = {
      .table = "findings",
      .sql = "DELETE FROM findings WHERE member_id = ? AND "
             "(record_id IS NULL OR rule_id = 'handbook.date_not_iso')"};
  statements[kCountRecords] = {
      .table = "members",
      .sql = "UPDATE members SET record_count = record_count + ? WHERE rowid = ?",
      .changes_one_row = true};
  return statements;
}

// File, page, row and, with `with_cell`, column and box. The SDK's "absent"
// markers (-1, "", an empty box) become NULL.
void AddProvenance(RowBatch& rows, const hoso::Provenance* provenance, bool with_cell) {
  if (provenance == nullptr) {
    const int count = with_cell ? 8 : 3;
    for (int n = 0; n < count; ++n) rows.Null();
    return;
  }
  rows.TextOrNull(provenance->file);
  if (provenance->page >= 0) {
    rows.Int(provenance->page);
  } else {
    rows.Null();
  }
  if (provenance->row >= 0) {
    rows.Int(provenance->row);
  } else {
    rows.Null();
  }
  if (!with_cell) return;
  rows.TextOrNull(provenance->column);
  const hoso::Box& box = provenance->box;
  const bool has_box = box.w > 0 || box.h > 0;
  for (int value : {box.x, box.y, box.w, box.h}) {
    if (has_box) {
      rows.Int(value);
    } else {
      rows.Null();
    }
  }
}

}  // namespace

// What this thread runs itself: the side tables and the end of the run,
// while the writer thread is idle or gone.
struct HandbookWriter::Statements {
  explicit Statements(sqlite3* db)
      : savepoint(db, "SAVEPOINT side_table"),
        release(db, "RELEASE side_table"),
        rollback(db, "ROLLBACK TO side_table"),
        finish_run(db,
                   "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                   "records = ? WHERE run_id = ?") {}

  // A side table that fails half-way takes none of its rows with it.
  Statement savepoint;
  Statement release;
  Statement rollback;
  Statement finish_run;
};

HandbookWriter::HandbookWriter(HandbookSettings settings) : settings_(std::move(settings)) {}

HandbookWriter::~HandbookWriter() = default;

void HandbookWriter::Open() {
  if (file_ != nullptr) return;
  try {
    if (settings_.update && !std::filesystem::is_regular_file(settings_.path)) {
      throw std::runtime_error(settings_.path.string() +
                               ": no handbook to update (option 'update' is on)");
    }
    file_ = std::make_unique<StagedFile>(settings_.path, settings_.replace || settings_.update);
    db_ = Connection(file_->temp_path().string());
    if (settings_.update) CopyExisting();
    sqlite3* db = db_.get();
    // A new handbook gets SQLite's largest pages: it is written once in bulk
    // and read by member, and at 4 KB the writer thread spent a third of
    // its time in page writes and splits (100 k records: the sink 2.9 ->
    // 2.1 s, the file 8 % smaller). An updated handbook keeps its own.
    if (!settings_.update) Exec(db, "PRAGMA page_size = 65536");
    // The staged file is thrown away on any failure, so durability and
    // crash safety inside the transaction buy nothing: the journal stays in
    // memory (still needed for a side table's savepoint), nothing is synced
    // until Publish() flushes the finished file once, and nobody else may
    // lock it. Pages of a new database are not journaled, and a bounded
    // cache spills to the file, so memory stays flat however many records
    // come (a 256 MB cache was no faster at a million records).
    // Foreign keys are off: checked per row they were two index look-ups for
    // every provenance and finding row, and the writer inserts a member and
    // its source record before anything that refers to them (the tests run
    // PRAGMA foreign_key_check on what it wrote).
    Exec(db,
         "PRAGMA foreign_keys = OFF;"
         "PRAGMA journal_mode = MEMORY;"
         "PRAGMA synchronous = OFF;"
         "PRAGMA locking_mode = EXCLUSIVE;"
         "PRAGMA temp_store = MEMORY;"
         "PRAGMA cache_size = -65536;");
    Exec(db, "BEGIN");
    Migrate(db);
    // A new staged file starts empty, so every secondary index can be
    // built at the end. sqlite_schema keeps each index's own SQL, so the
    // finished schema is exactly what the migrations made. An updated
    // handbook keeps its indexes: rebuilding them would cost as much as the
    // whole handbook, not the batch.
    if (!settings_.update) {
      Statement indexes(db,
                        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                        "AND sql IS NOT NULL ORDER BY name");
      std::vector<std::string> names;
      while (indexes.Step()) {
        names.push_back(indexes.ColumnText(0));
        deferred_indexes_.push_back(indexes.ColumnText(1));
      }
      for (const std::string& name : names) Exec(db, "DROP INDEX \"" + name + "\"");
    }
    Statement start_run(db,
                        "INSERT INTO runs (hoso_version, started_at) "
                        "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    start_run.BindTextOrNull(1, settings_.hoso_version).Run();
    run_id_ = sqlite3_last_insert_rowid(db);
    {
      Statement last(db, "SELECT coalesce(max(rowid), 0) + 1 FROM members");
      last.Step();
      next_member_rowid_ = last.ColumnInt(0);
    }
    if (settings_.update) {
      // Prepared once the copy has proved to be a handbook, so a file that
      // is not one gets the migration's message.
      original_member_ = Statement(original_.get(), "SELECT rowid FROM members WHERE member_id = ?");
      original_record_ = Statement(original_.get(),
                                   "SELECT 1 FROM source_records WHERE source = ? AND record_id = ?");
    }
    statements_ = std::make_unique<Statements>(db);
    rows_ = std::make_unique<RowWriter>(db, RowStatements());
  } catch (...) {
    rows_.reset();
    statements_.reset();
    original_member_.Finalize();
    original_record_.Finalize();
    original_ = Connection();
    db_ = Connection();
    file_.reset();
    throw;
  }
}

void HandbookWriter::Write(const hoso::Dossier& dossier) {
  Open();
  // The writer thread's error fails the run before this dossier counts.
  rows_->ThrowIfFailed();
  // Every refusal is found before the first row is made: a refused dossier
  // leaves nothing behind, with no savepoint to roll back.
  for (const hoso::MemberRecord& record : dossier.records) CheckRecord(dossier, record);
  CheckRecordIds(dossier);
  for (const hoso::MemberRecord& record : dossier.records) WriteRecord(dossier, record);
  for (const hoso::MemberRecord& record : dossier.records) records_written_ += record.golden ? 0 : 1;
  rows_->Send();
  // A look at the file's size every so many dossiers is enough: the hint
  // only needs to come once per 64 MiB written.
  if (++dossiers_since_writeback_ == 4096) {
    dossiers_since_writeback_ = 0;
    file_->StartWriteback(int64_t{64} << 20);
  }
}

void HandbookWriter::CheckRecordIds(const hoso::Dossier& dossier) {
  // The ids this dossier has taken so far, given back when it is refused.
  std::vector<std::pair<IdSet*, const std::string*>> taken;
  for (const hoso::MemberRecord& record : dossier.records) {
    // A golden record is the member, not a source record.
    if (record.golden) continue;
    auto source = record_ids_.find(std::string_view(record.source));
    if (source == record_ids_.end()) source = record_ids_.emplace(record.source, IdSet()).first;
    IdSet& ids = source->second;
    bool repeated = !ids.insert(record.id).second;
    if (!repeated && settings_.update) {
      Statement& query = original_record_;
      query.BindText(1, record.source).BindText(2, record.id);
      repeated = query.Step();
      query.Reset();
      if (repeated) ids.erase(record.id);
    }
    if (!repeated) {
      taken.emplace_back(&ids, &record.id);
      continue;
    }
    for (const auto& [set, id] : taken) set->erase(*id);
    throw hoso::Rejection(Where(dossier, record) +
                          ": another record with the same record id is already in the handbook");
  }
}

void HandbookWriter::WriteGolden(const hoso::MemberRecord& golden) {
  // The member row holds the golden values; its source records, which come
  // right after it, only add themselves to source_records.
  if (settings_.update && FindMember(golden.id) != nullptr) {
    // Every new record of the member counts itself, so none is skipped.
    ReplaceMember(golden);
  } else {
    if (UpsertMember(golden)) ++members_written_;
    golden_members_.insert(golden.id);
  }
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    const hoso::Field& field = golden.*(core.member);
    if (field.empty()) continue;
    InsertGoldenProvenance(golden, std::string(core.name), field);
    if (!FitsColumn(core, field)) {
      InsertFinding(golden, DateNotIsoFinding(core.name));
      ++dates_not_iso_;
    }
  }
  for (const auto& [name, field] : golden.extra) {
    if (!field.empty()) InsertGoldenProvenance(golden, "extra." + name, field);
  }
  for (const hoso::Finding& finding : golden.findings) InsertFinding(golden, finding);
}

HandbookWriter::MemberSlot* HandbookWriter::FindMember(std::string_view member_id) {
  if (auto it = members_.find(member_id); it != members_.end()) return &it->second;
  if (!settings_.update) return nullptr;
  Statement& query = original_member_;
  query.BindText(1, member_id);
  const bool found = query.Step();
  const int64_t rowid = found ? query.ColumnInt(0) : 0;
  query.Reset();
  if (!found) return nullptr;
  return &members_.emplace(std::string(member_id), MemberSlot{.rowid = rowid}).first->second;
}

void HandbookWriter::ReplaceMember(const hoso::MemberRecord& golden) {
  RowBatch& rows = rows_->batch();
  rows.Row(kReplaceMember);
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    const hoso::Field& field = golden.*(core.member);
    if (FitsColumn(core, field)) {
      rows.TextOrNull(field.value);
    } else {
      rows.Null();
    }
  }
  rows.Text(golden.id);
  rows.Row(kClearProvenance).Text(golden.id);
  rows.Row(kClearMemberFindings).Text(golden.id);
  ++members_updated_;
}

void HandbookWriter::CopyExisting() {
  struct stat before {};
  if (::stat(settings_.path.c_str(), &before) != 0) {
    throw std::runtime_error("cannot read " + settings_.path.string());
  }
  copied_from_ = {
      static_cast<uint64_t>(before.st_dev), static_cast<uint64_t>(before.st_ino),
      static_cast<int64_t>(before.st_size),
      static_cast<int64_t>(before.st_mtim.tv_sec) * 1'000'000'000 + before.st_mtim.tv_nsec};
  // Why a copy and not one transaction on the handbook itself: a failed or
  // interrupted run then leaves the old file byte for byte as it was (no hot
  // journal to roll back, no lock held on it while the batch is matched and
  // written), readers never wait, and the copy runs with the same unjournaled
  // settings as a new handbook. The price is reading the handbook once more,
  // as linking has just done.
  // SQLite's backup copies a consistent snapshot page by page, whatever
  // another reader is doing, into the staged file that already has the
  // private mode; the original is only read.
  original_ = Connection(settings_.path.string(), /*read_only=*/true);
  sqlite3_backup* backup = sqlite3_backup_init(db_.get(), "main", original_.get(), "main");
  if (backup == nullptr) Check(db_.get(), sqlite3_errcode(db_.get()), "copying the handbook");
  const int step = sqlite3_backup_step(backup, -1);
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE) {
    throw SqliteError("copying " + settings_.path.string() + ": " + sqlite3_errstr(step), step);
  }
  Check(db_.get(), finish, "copying " + settings_.path.string());
}

void HandbookWriter::InsertGoldenProvenance(const hoso::MemberRecord& golden,
                                            const std::string& field_name,
                                            const hoso::Field& field) {
  const auto it = golden.origins.find(field_name);
  if (it == golden.origins.end()) {
    InsertProvenance(golden, field_name, field);
    return;
  }
  const hoso::FieldOrigin& origin = it->second;
  InsertProvenance(golden, field_name, field, &origin);
  // The values the member's other records held: no box or row of their own
  // here (their records are in source_records), only who held them.
  for (const hoso::FieldOrigin::Alternative& other : origin.alternatives) {
    RowBatch& rows = rows_->batch();
    rows.Row(kInsertProvenance)
        .Text(golden.id)
        .Text(field_name)
        .Text(other.value)
        .Null()
        .Null()
        .Text(other.record_id)
        .Text(other.source);
    AddProvenance(rows, nullptr, /*with_cell=*/true);
    rows.Int(0).Text(origin.rule).Int(other.records);
  }
}

void HandbookWriter::WriteRecord(const hoso::Dossier& dossier, const hoso::MemberRecord& record) {
  if (record.golden) {
    WriteGolden(record);
    return;
  }
  if (!golden_members_.empty()) {
    // The first source record of a member with a golden record: the member
    // row exists and already counts this record.
    if (auto it = golden_members_.find(record.MemberId()); it != golden_members_.end()) {
      golden_members_.erase(it);
      InsertSourceRecord(dossier, record);
      for (const hoso::Finding& finding : record.findings) InsertFinding(record, finding);
      return;
    }
  }
  const bool new_member = UpsertMember(record);
  if (new_member) ++members_written_;
  InsertSourceRecord(dossier, record);
  // Only the member row's values need explaining; a later record of the
  // same member is kept in source_records and its findings below.
  if (new_member) {
    for (const hoso::CoreField& core : hoso::kCoreFields) {
      const hoso::Field& field = record.*(core.member);
      if (field.empty()) continue;
      InsertProvenance(record, core.name, field);
      if (!FitsColumn(core, field)) {
        InsertFinding(record, DateNotIsoFinding(core.name));
        ++dates_not_iso_;
      }
    }
    for (const auto& [name, field] : record.extra) {
      if (!field.empty()) InsertProvenance(record, "extra." + name, field);
    }
  }
  for (const hoso::Finding& finding : record.findings) InsertFinding(record, finding);
}

bool HandbookWriter::UpsertMember(const hoso::MemberRecord& record) {
  if (MemberSlot* slot = FindMember(record.MemberId())) {
    ++slot->added;
    return false;
  }
  const int64_t rowid = next_member_rowid_++;
  members_.emplace(std::string(record.MemberId()), MemberSlot{.rowid = rowid});
  RowBatch& rows = rows_->batch();
  rows.Row(kInsertMember).Int(rowid).Text(record.MemberId());
  for (const hoso::CoreField& core : hoso::kCoreFields) {
    const hoso::Field& field = record.*(core.member);
    if (FitsColumn(core, field)) {
      rows.TextOrNull(field.value);
    } else {
      rows.Null();
    }
  }
  return true;
}

void HandbookWriter::InsertSourceRecord(const hoso::Dossier& dossier,
                                        const hoso::MemberRecord& record) {
  RowBatch& rows = rows_->batch();
  rows.Row(kInsertSourceRecord).Text(record.id).Text(record.source).Text(record.MemberId());
  AddProvenance(rows, OriginOf(dossier, record), /*with_cell=*/false);
  // Built in the batch's own buffer: no string per record to copy over.
  const size_t start = rows.buffer().size();
  AppendRecordContents(rows.buffer(), record);
  rows.TextSince(start);
}

void HandbookWriter::InsertProvenance(const hoso::MemberRecord& record, std::string_view field_name,
                                      const hoso::Field& field, const hoso::FieldOrigin* origin) {
  RowBatch& rows = rows_->batch();
  rows.Row(kInsertProvenance)
      .Text(record.MemberId())
      .Text(field_name)
      .Text(field.value)
      .TextOrNull(field.raw)
      .Double(field.confidence)
      .Text(origin != nullptr ? origin->record_id : record.id)
      .Text(origin != nullptr ? origin->source : record.source);
  AddProvenance(rows, &field.provenance, /*with_cell=*/true);
  rows.Int(1);
  if (origin != nullptr) {
    rows.Text(origin->rule).Int(origin->records_agreeing);
  } else {
    rows.Null().Null();
  }
}

void HandbookWriter::InsertFinding(const hoso::MemberRecord& record, const hoso::Finding& finding) {
  RowBatch& rows = rows_->batch();
  // A golden record's findings are about the member, not one source record.
  rows.Row(kInsertFinding).Text(record.MemberId());
  if (record.golden) {
    rows.Null().Null();
  } else {
    rows.Text(record.id).Text(record.source);
  }
  rows.Text(finding.rule_id)
      .Text(hoso::SeverityName(finding.severity))
      .TextOrNull(finding.field)
      .Text(finding.message)
      .TextOrNull(finding.suggested_fix);
}

void HandbookWriter::SendRecordCounts() {
  std::vector<std::pair<int64_t, int64_t>> counts;  // rowid, records added
  for (const auto& [member_id, slot] : members_) {
    if (slot.added > 0) counts.emplace_back(slot.rowid, slot.added);
  }
  // In rowid order the updates walk the table once, page after page.
  std::sort(counts.begin(), counts.end());
  for (const auto& [rowid, added] : counts) {
    rows_->batch().Row(kCountRecords).Int(added).Int(rowid);
    rows_->Send();
  }
}

void HandbookWriter::WriteTable(const hoso::SideTable& table) {
  Open();
  // Checked before the savepoint so a refusal costs nothing.
  CheckSideTable(table);
  if (table.name == "dedup_link") CheckLinkedHandbook(table);
  // Side tables come after the dossiers and are few: written on this
  // thread, once the writer thread has written everything before them.
  rows_->Drain();
  statements_->savepoint.Run();
  try {
    WriteSideTable(db_.get(), table, /*append=*/settings_.update);
  } catch (...) {
    statements_->rollback.Run();
    statements_->release.Run();
    throw;
  }
  statements_->release.Run();
}

void HandbookWriter::CheckLinkedHandbook(const hoso::SideTable& table) const {
  for (const std::vector<hoso::Cell>& row : table.rows) {
    const auto* handbook = row.empty() ? nullptr : std::get_if<std::string>(&row[0]);
    if (handbook == nullptr) continue;
    std::error_code ec;
    const bool same =
        settings_.update && std::filesystem::equivalent(*handbook, settings_.path, ec);
    if (!same) {
      throw std::runtime_error("dedup linked this batch against " + *handbook +
                               "; write it into that handbook with update: true (as a new "
                               "handbook at " +
                               settings_.path.string() +
                               " it would lose the members it was linked to)");
    }
  }
}

void HandbookWriter::Commit() {
  if (committed_)
    throw std::logic_error("handbook " + settings_.path.string() + " committed twice");
  Open();
  SendRecordCounts();
  // Throws what failed on the writer thread; the file is then never
  // published.
  rows_->Finish();
  rows_.reset();
  statements_->finish_run.BindInt(1, records_written_).BindInt(2, run_id_).Run();
  // The disk writes out the rows while the indexes are built, and each
  // index while the next is.
  file_->StartWriteback(0);
  for (const std::string& sql : deferred_indexes_) {
    Exec(db_.get(), sql);
    file_->StartWriteback(0);
  }
  deferred_indexes_.clear();
  Exec(db_.get(), "COMMIT");
  statements_.reset();
  db_.Close();
  original_member_.Finalize();
  original_record_.Finalize();
  original_.Close();
  if (settings_.update) {
    // The update is a copy of the handbook as it was at Open(); publishing it
    // over a handbook another run has replaced since would lose that run's
    // records. (A run publishing between this check and the rename is not
    // caught: runs updating one handbook must not overlap.)
    struct stat now {};
    const bool same =
        ::stat(settings_.path.c_str(), &now) == 0 &&
        copied_from_ ==
            FileIdentity{
                static_cast<uint64_t>(now.st_dev), static_cast<uint64_t>(now.st_ino),
                static_cast<int64_t>(now.st_size),
                static_cast<int64_t>(now.st_mtim.tv_sec) * 1'000'000'000 + now.st_mtim.tv_nsec};
    if (!same) {
      throw std::runtime_error(settings_.path.string() +
                               " changed while this run updated it; the update is not applied, "
                               "run it again");
    }
  }
  file_->Publish();
  committed_ = true;
}

}  // namespace hoso_handbook
