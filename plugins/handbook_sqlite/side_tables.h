// Side tables from batch plugins (clusters, pair scores, histograms) become
// tables of their own in the handbook, listed in the side_tables registry.
#pragma once

#include <hoso/dossier.h>
#include <sqlite3.h>

namespace hoso_handbook {

// Throws std::invalid_argument naming the table when its name or a column
// name is not [a-z][a-z0-9_]*, collides with the handbook's own tables, when
// a column repeats or a row's width differs from the columns.
void CheckSideTable(const hoso::SideTable& table);

// Checks, creates, fills and registers the table inside the caller's
// transaction. A column's type follows its cells: INTEGER, REAL (integers
// and reals mixed), TEXT, or no declared type when it holds nothing but NULL
// or mixes text with numbers, so every cell keeps the type it was given.
// With `append` (a run updating a handbook), a table of that name already in
// the handbook gets the rows added, provided its columns are the same ones in
// the same order: each run's rows of pair_scores or a histogram stay, and
// nothing written by an earlier run is rewritten.
void WriteSideTable(sqlite3* db, const hoso::SideTable& table, bool append = false);

}  // namespace hoso_handbook
