// Every way a TU can reach a declaration, and declarations it does not reach.
#pragma once
namespace api {
struct Leaf { int v; };
using LeafAlias = Leaf;              // typedef chain: Alias -> Leaf
typedef LeafAlias LeafT;
constexpr int kDefault = 7;
struct Holder { LeafT leaf; };       // a field's type
inline int helper(int x) { return x + 1; }
inline int via_inline(int x = kDefault) { return helper(x); }  // default argument, callee
template <class T> struct Box { T value; int get() const { return helper(1); } };
enum class Mode { Fast, Slow };
struct OnlyInUnused { int q; };
struct NeverUsed { OnlyInUnused o; };  // names OnlyInUnused, but nobody names it
inline int only_in_never_called() { return 1; }
inline int never_called() { return only_in_never_called(); }
int emitted_everywhere = helper(2);  // a variable definition: every includer emits it
}  // namespace api
#pragma pack(push, 1)
struct Packed { char c; int i; };    // the pragma is in the file's scope declaration
#pragma pack(pop)
#define API_SCALE 3
#define API_UNUSED 4
