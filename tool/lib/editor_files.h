// Files that editors and tools create next to the real ones while saving:
// swap files, backups, lock files, temp files renamed over the target. Their
// events never mean "a source changed" (the rename onto the real name does).
#pragma once

#include <string_view>

namespace hotcog::cli {

// True for vim (.x.swx, .x.swo), emacs (#x#, .#x), kate (x.kate-swp),
// gedit/GIO (.goutputstream-*), JetBrains (x___jb_tmp___, x___jb_old___),
// sed -i (sedXXXXXX), and .orig/.part files. The generic ones a user may want
// to change (*.tmp, *.bak, *.swp, *~, vim's 4913 probe) are the defaults of
// the `ignore` setting instead (ignore_rules.h).
bool is_editor_temp_file(std::string_view basename);

}  // namespace hotcog::cli
