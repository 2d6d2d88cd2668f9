// tu-manifest-pch.test: the leading #include <...> lines are precompiled.
#include <string>
#include <engine.h>

#include "local.h"

struct Ship { engine::Body body; std::string name; Local local; };
Ship ship;
