// --refs lists, per TU, the USRs of the user declarations it uses: here
// Foo, Foo::bar, the member Foo::field and the macro FOO_SCALE, but not
// Foo::baz or FOO_UNUSED. "decls" lists every user declaration with a hash.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/refs|g' %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --refs > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json --check-prefix=DECLS
// RUN: FileCheck %s --input-file=%t/scan.json --check-prefix=REFS

#include "foo.h"

int use(Foo& foo) { return foo.bar() * FOO_SCALE + foo.field; }

// DECLS:      "decls": [
// DECLS:        "usr": "c:@F@use#&$@S@Foo#",
// DECLS-NEXT:   "kind": "function",
// DECLS-NEXT:   "name": "use",
// DECLS-NEXT:   "file": "{{/.*}}/refs-member.cpp",
// DECLS-NEXT:   "line": 14,
// DECLS-NEXT:   "hash": "{{[0-9a-f]+}}"
// DECLS:        "usr": "c:@S@Foo",
// DECLS-NEXT:   "kind": "record",
// DECLS:        "usr": "c:@S@Foo@F@bar#",
// DECLS:        "usr": "c:@S@Foo@F@baz#",
// DECLS-NEXT:   "kind": "function",
// DECLS-NEXT:   "name": "Foo::baz",
// DECLS-NEXT:   "file": "{{/.*}}/Inputs/refs/foo.h",
// DECLS-NEXT:   "line": 4,
// DECLS:        "usr": "c:@macro@FOO_SCALE",
// DECLS-NEXT:   "kind": "macro",
// DECLS:        "usr": "c:@macro@FOO_UNUSED",

// REFS:      "refs": [
// REFS-NEXT:   "c:@S@Foo",
// REFS-NEXT:   "c:@S@Foo@F@bar#",
// REFS-NEXT:   "c:@S@Foo@FI@field",
// REFS-NEXT:   "c:@macro@FOO_SCALE"
// REFS-NEXT: ]
