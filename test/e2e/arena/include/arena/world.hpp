// Types the host and its cogs share. The host owns objects of all of them.
#pragma once

#include <memory>
#include <string>

namespace arena {

struct Player {
  int hp;
  int level;
};

struct Ticker {
  virtual ~Ticker() = default;
  virtual int tick() = 0;
};

struct World {
  static constexpr const char* kServiceName = "arena.world";
  Player players[4] = {};
  long canary = 0x5eed;                    // right after the players: must never change
  std::unique_ptr<Ticker> ticker;          // made by mover's first setup, kept by the host
  int (*score)(const Player&) = nullptr;   // function pointers the host stores
  int (*step)(World&) = nullptr;
  std::string (*report)() = nullptr;       // keeper
  std::string (*alpha)() = nullptr;
  std::string (*beta)() = nullptr;
};

}  // namespace arena
