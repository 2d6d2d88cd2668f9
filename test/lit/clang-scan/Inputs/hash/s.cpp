// One struct S whose layout values (size 4, align 4, x at 0) are the same in
// every variant; only the attributes that say how it must be laid out differ.
#if defined(ALIGNAS)
struct alignas(4) S { int x; };
#elif defined(PACK)
#pragma pack(4)
struct S { int x; };
#else
struct S { int x; };  // PLAIN, and RENAMED_MACRO (a change outside S)
#endif
#ifdef RENAMED_MACRO
int unrelated;
#endif
int use() { return sizeof(S); }
