// How `hotcog watch` prints for people: colours and a build status line
// rewritten in place, only where a person reads a terminal. Colours are off
// when stdout is not a TTY, when NO_COLOR is set to anything non-empty
// (no-color.org) or TERM is "dumb"; the status line is off when stdout is
// not a TTY or TERM is "dumb" (a terminal that cannot erase a line).
#pragma once

#include <string>
#include <string_view>

namespace hotcog::cli {

enum class Paint { Bold, Red, Green, Yellow };

struct TerminalStyle {
  bool color = false;
  bool status_line = false;
  int width = 80;  // columns; a status line longer than this would wrap

  // From the file descriptor (isatty, TIOCGWINSZ) and the environment.
  static TerminalStyle detect(int fd);
  // `text` wrapped in the colour's escape codes, or as is without colours.
  std::string paint(std::string_view text, Paint paint) const;
};

}  // namespace hotcog::cli
