#pragma once
namespace engine {
struct Body { float x, y; };
}  // namespace engine
