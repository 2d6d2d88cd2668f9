#ifndef GUARDED_H
#define GUARDED_H
struct Guarded {};
#endif
