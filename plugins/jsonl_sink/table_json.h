// Side tables as JSON lines, written next to the member file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "hoso/dossier.h"

namespace hoso::jsonl_sink {

// `<dir>/<stem>.<table>.jsonl` for members written to `<dir>/<stem>.jsonl`.
// Throws std::invalid_argument when the table name is not [a-z][a-z0-9_]*:
// it becomes part of a path, so "../x" must never get through.
std::filesystem::path TablePath(const std::filesystem::path& members_path, const SideTable& table);

// Appends row `index` of `table` as one JSON object keyed by column names, in
// column order (no newline). Missing trailing cells are null; surplus cells
// throw std::invalid_argument, text that is not UTF-8 InvalidUtf8.
void AppendTableRowJson(const SideTable& table, size_t index, std::string& out);

}  // namespace hoso::jsonl_sink
