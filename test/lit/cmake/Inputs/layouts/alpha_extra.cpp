#include "player.h"

namespace alpha {
struct Config {
  double rate;
  game::Player* target;
};
Config config;
}  // namespace alpha
