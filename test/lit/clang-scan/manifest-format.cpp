// --format=manifest writes the layout manifest (version 2) the runtime reads
// without a JSON parser: a version line, then per record a "record" line, its
// bases, fields and vtable slots, and "end"; then one "var" line per static
// variable the TU defines (symbol, size, trivially copyable, name, file,
// line). Fields are separated by tabs (the CHECK lines below contain literal
// tabs; --strict-whitespace keeps them exact).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --format=manifest -o %t/layouts.txt
// RUN: FileCheck %s --strict-whitespace --input-file=%t/layouts.txt

struct Base { virtual ~Base(); virtual int answer() const; long id; };
struct Cog : Base {
  int answer() const override;
  unsigned flags : 4;
  union { int i; float f; };
};
int use() { return sizeof(Cog); }
static Cog* current;
namespace game { long ticks; }
Cog* now() { return current; }  // an unused internal variable is in no object file

// CHECK:{{^}}hotcog-layouts	2{{$}}
// CHECK-NEXT:{{^}}record	Base	16	8	1	{{[0-9a-f]+}}	{{/.*}}/manifest-format.cpp	14{{$}}
// CHECK-NEXT:{{^}}field	64	-	d	id	long{{$}}
// CHECK-NEXT:{{^}}vslot	Base::~Base() [complete]{{$}}
// CHECK-NEXT:{{^}}vslot	Base::~Base() [deleting]{{$}}
// CHECK-NEXT:{{^}}vslot	Base::answer() const{{$}}
// CHECK-NEXT:{{^}}end{{$}}
// CHECK-NEXT:{{^}}record	Cog	24	8	1	{{[0-9a-f]+}}	{{/.*}}/manifest-format.cpp	15{{$}}
// CHECK-NEXT:{{^}}base	0	n	Base{{$}}
// CHECK-NEXT:{{^}}field	128	4	d	flags	unsigned int{{$}}
// CHECK-NEXT:{{^}}field	160	-	d		Cog::(anonymous){{$}}
// CHECK-NEXT:{{^}}field	160	-	i	i	int{{$}}
// CHECK-NEXT:{{^}}field	160	-	i	f	float{{$}}
// CHECK-NEXT:{{^}}vslot	Cog::~Cog() [complete]{{$}}
// CHECK-NEXT:{{^}}vslot	Cog::~Cog() [deleting]{{$}}
// CHECK-NEXT:{{^}}vslot	Cog::answer() const{{$}}
// CHECK-NEXT:{{^}}end{{$}}
// CHECK-NEXT:{{^}}var	_ZL7current	8	1	current	{{/.*}}/manifest-format.cpp	21{{$}}
// CHECK-NEXT:{{^}}var	_ZN4game5ticksE	8	1	game::ticks	{{/.*}}/manifest-format.cpp	22{{$}}
// CHECK-NOT:{{.}}
