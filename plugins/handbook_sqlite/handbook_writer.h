// Writes one complete handbook: members, their source records, the
// provenance of every member value, findings and side tables, in a single
// transaction on a staged file that only Commit() puts in place.
#pragma once

#include <hoso/dossier.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "row_writer.h"
#include "sqlite_statement.h"
#include "staged_file.h"

namespace hoso_handbook {

// Every member has an initializer so designated initializers may leave any
// out without -Wmissing-field-initializers.
struct HandbookSettings {
  std::filesystem::path path{};  // where the handbook ends up
  bool replace = true;           // overwrite an existing handbook
  std::string hoso_version{};    // recorded in runs
  // Add this run's records to the handbook already at `path` (link mode)
  // instead of writing a new one; the file must exist.
  bool update = false;
};

class HandbookWriter {
 public:
  explicit HandbookWriter(HandbookSettings settings);
  // Without Commit(), throws the staged file away: an existing handbook at
  // the destination stays as it was.
  ~HandbookWriter();
  HandbookWriter(const HandbookWriter&) = delete;
  HandbookWriter& operator=(const HandbookWriter&) = delete;

  // Stages the file, creates the schema and starts the run. Does nothing
  // when already open.
  void Open();

  // Writes every record of the dossier, or none of them: a refused record
  // (no record id, a record id already written for its source) throws
  // hoso::Rejection before any row of the dossier is written, and the run
  // may go on. A date that is not a partial ISO date stays out of its
  // members column and gets a "handbook.date_not_iso" finding instead.
  // The rows go to the writer thread: an SQLite error there is thrown by the
  // next Write(), WriteTable() or Commit().
  void Write(const hoso::Dossier& dossier);

  // Throws std::invalid_argument naming the table when it is malformed.
  void WriteTable(const hoso::SideTable& table);

  // Commits the transaction and moves the handbook into place. Opens first
  // if nothing was written, so an empty run still yields a valid handbook.
  void Commit();

  int64_t records_written() const { return records_written_; }
  int64_t members_written() const { return members_written_; }
  // Members already in the handbook whose golden record this run replaced.
  int64_t members_updated() const { return members_updated_; }
  // Member dates left out of their column for not being partial ISO dates.
  int64_t dates_not_iso() const { return dates_not_iso_; }
  const std::filesystem::path& path() const { return settings_.path; }

 private:
  struct Statements;

  // A member this run wrote or, updating, found in the handbook.
  struct MemberSlot {
    int64_t rowid = 0;
    // Records this run added beyond the one the row was written with; the
    // counts are written at Commit(), once per member, by rowid.
    int64_t added = 0;
  };
  // Heterogeneous lookup, so a string_view finds a key without a copy.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  using IdSet = std::unordered_set<std::string, Hash, std::equal_to<>>;

  // Throws hoso::Rejection for a record id already written for its source,
  // in this dossier or before it; remembers the dossier's ids otherwise.
  void CheckRecordIds(const hoso::Dossier& dossier);
  void WriteRecord(const hoso::Dossier& dossier, const hoso::MemberRecord& record);
  // Returns true when the record created its member, false when it joined an
  // existing one.
  bool UpsertMember(const hoso::MemberRecord& record);
  // The member's slot, nullptr when neither this run nor (updating) the
  // handbook has it.
  MemberSlot* FindMember(std::string_view member_id);
  void InsertSourceRecord(const hoso::Dossier& dossier, const hoso::MemberRecord& record);
  // `origin` for a golden record's value: the record it came from and the rule.
  void InsertProvenance(const hoso::MemberRecord& record, std::string_view field_name,
                        const hoso::Field& field, const hoso::FieldOrigin* origin = nullptr);
  // The member row and field_provenance (chosen values and the alternatives).
  void WriteGolden(const hoso::MemberRecord& golden);
  // Update mode: a member already in the handbook gets the golden record
  // rebuilt from all its records, old and new. Its row takes the new values
  // and what explained the old ones (provenance, the golden record's own
  // findings) goes; findings about its source records stay.
  void ReplaceMember(const hoso::MemberRecord& golden);
  // Copies the handbook at the destination into the staged file.
  void CopyExisting();
  // dedup's link side table names the handbook the batch was linked against:
  // only an update of that handbook may take the batch. Throws otherwise,
  // before anything is published.
  void CheckLinkedHandbook(const hoso::SideTable& table) const;
  void InsertGoldenProvenance(const hoso::MemberRecord& golden, const std::string& field_name,
                              const hoso::Field& field);
  void InsertFinding(const hoso::MemberRecord& record, const hoso::Finding& finding);
  // The members' record counts, to the writer thread in rowid order.
  void SendRecordCounts();

  HandbookSettings settings_;
  // Declaration order is teardown order in reverse: statements go before
  // the connection, the connection before the staged file is removed.
  std::unique_ptr<StagedFile> file_;
  Connection db_;
  std::unique_ptr<Statements> statements_;
  // Update mode: the handbook as copied, read-only, so this thread can tell
  // which members and record ids it has while the writer thread owns db_.
  // Never changed in place (runs replace it whole), so it stays the copy.
  Connection original_;
  Statement original_member_;
  Statement original_record_;
  // Owns db_ between Open() and Commit(); goes first, so its thread has
  // stopped before the statements and the connection go.
  std::unique_ptr<RowWriter> rows_;
  // CREATE INDEX statements of the secondary indexes, dropped while loading
  // and built at Commit() from sorted data: one pass instead of a random
  // B-tree insert per row.
  std::vector<std::string> deferred_indexes_;
  // Members whose golden record is written and whose first source record,
  // which follows it, is not yet: that record must not count twice.
  std::unordered_set<std::string, Hash, std::equal_to<>> golden_members_;
  // What SQLite would otherwise look up per row, kept here so that no
  // decision waits for the writer thread: the members by id, and the record
  // ids written so far by source (the primary key of source_records).
  std::unordered_map<std::string, MemberSlot, Hash, std::equal_to<>> members_;
  std::unordered_map<std::string, IdSet, Hash, std::equal_to<>> record_ids_;
  // The rowid SQLite would give the next new member: one past the largest.
  int64_t next_member_rowid_ = 1;
  int64_t run_id_ = 0;
  int64_t records_written_ = 0;
  int dossiers_since_writeback_ = 0;  // see StagedFile::StartWriteback
  int64_t members_written_ = 0;
  int64_t members_updated_ = 0;
  // Update mode: the destination as it was when copied, so Commit() notices
  // another run having replaced it meanwhile instead of silently dropping
  // that run's records.
  struct FileIdentity {
    uint64_t device = 0;
    uint64_t inode = 0;
    int64_t size = 0;
    int64_t modified_ns = 0;
    bool operator==(const FileIdentity&) const = default;
  };
  FileIdentity copied_from_;
  int64_t dates_not_iso_ = 0;
  bool committed_ = false;
};

}  // namespace hoso_handbook
