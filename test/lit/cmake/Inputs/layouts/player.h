#pragma once
namespace game {
struct Player {
  int hp;
  float x, y;
};
}  // namespace game
