// Every static-storage variable here is defined, used and emitted by both
// GCC 12 and clang 14 at -O0: vars-symbols.test checks that the manifest's
// `var` symbols are exactly the data symbols nm finds in each compiler's
// object file (guard variables aside).
#include <string>

static int counter;                                  // namespace-scope static
namespace { int total = 3; }                         // anonymous namespace
namespace game {
struct Registry { static int count; static const char* names[4]; };
int Registry::count = 1;                             // static data members
const char* Registry::names[4];
long score;                                          // external linkage, in a namespace
static double ratio = 1.5;
}  // namespace game
int global_value = 5;                                // external linkage, global namespace
extern "C" { int c_value = 1; }

int tick() { static int calls; return ++calls; }     // function-local static
struct Widget { Widget(); ~Widget(); int x; };
Widget& widget() { static Widget instance; return instance; }  // with a guard variable
int twice() { { static int x = 1; x++; } { static int x = 2; return x++; } }  // discriminator

// std::string carries the ABI tag cxx11: GCC leaves it off internal names.
static std::string motd = "hi";
namespace { std::string banner = "b"; }
std::string title = "t";
int motd_size() { static std::string cached = motd; return cached.size(); }
struct Config { static std::string path; static int get() { static std::string shared; return shared.size(); } };
std::string Config::path = "/etc";

// Statics of constructors and destructors (GCC names them after C4/D4).
struct Counted { Counted() { static int made; ++made; } ~Counted() { static int gone; ++gone; } };
Counted counted;

template <class T> struct Pool { static int live; static int next() { static int id; return ++id; } };
template <class T> int Pool<T>::live = 0;
inline int inline_value = 7;

int use() {
  return counter++ + total++ + game::ratio + tick() + widget().x + twice() + motd_size() +
         Config::get() + Pool<int>::live + Pool<char>::next() + inline_value + banner.size();
}
