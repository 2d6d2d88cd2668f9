// Variables the manifest leaves out, and why (vars-symbols.test).
const int limit = 3;                      // const with a constant initializer: .rodata
constexpr double pi = 3.14;               // constexpr: .rodata
thread_local int per_thread;              // one copy per thread, nothing to carry
extern int declared_only;                 // not defined here
static int never_used;                    // internal and unused: in no object file
inline int unused_inline = 1;             // discardable and unused: in no object file
template <class T> struct Box { static T value; };
template <class T> T Box<T>::value;       // a pattern, not a variable
int& alias = *new int(0);                 // kept: a reference with a dynamic initializer
const int* use() { per_thread++; return &limit + declared_only + int(pi); }
int lambda_in_function() { auto f = [] { static int in_lambda; return ++in_lambda; }; return f(); }
