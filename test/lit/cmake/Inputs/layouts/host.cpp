#include "player.h"

game::Player players[4];

int main() { return players[0].hp; }
