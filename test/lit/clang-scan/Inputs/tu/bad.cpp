// A TU the scan's clang cannot parse (tu-manifest.test).
struct Fine { int x; };
int broken() { return not_declared; }
