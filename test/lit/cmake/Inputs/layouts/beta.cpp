#include "player.h"

namespace {
struct Beta {
  virtual ~Beta() = default;
  virtual int score(const game::Player& p) const { return p.hp * 2; }
};
}  // namespace

int beta_score(const game::Player& p) {
  static Beta beta;
  return beta.score(p);
}
