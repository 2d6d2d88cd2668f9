// One TU of tu-manifest.test, compiled with -DNAME=hud: the scan sees the
// command's macros.
namespace NAME {
struct Panel { int w, h; };
Panel panel;
}  // namespace NAME
