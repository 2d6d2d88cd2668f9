// Same tokens as v1, other comments and spacing.
inline int helper(int x)
{
  return x + 1;  // add one
}
