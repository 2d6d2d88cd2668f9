#pragma once
struct Local { int id; };
