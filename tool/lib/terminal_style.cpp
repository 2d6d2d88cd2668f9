#include "lib/terminal_style.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace hotcog::cli {

TerminalStyle TerminalStyle::detect(int fd) {
  TerminalStyle style;
  if (!::isatty(fd)) return style;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return style;
  const char* no_color = std::getenv("NO_COLOR");
  style.color = !(no_color && *no_color);
  style.status_line = true;
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) style.width = size.ws_col;
  return style;
}

std::string TerminalStyle::paint(std::string_view text, Paint paint) const {
  if (!color) return std::string(text);
  const char* code = "";
  switch (paint) {
    case Paint::Bold: code = "\x1b[1m"; break;
    case Paint::Red: code = "\x1b[1;31m"; break;
    case Paint::Green: code = "\x1b[32m"; break;
    case Paint::Yellow: code = "\x1b[33m"; break;
  }
  return code + std::string(text) + "\x1b[0m";
}

}  // namespace hotcog::cli
