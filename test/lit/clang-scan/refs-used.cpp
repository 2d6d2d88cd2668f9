// "used": the refs the TU's own code reaches. Through an inline function's
// default argument and callee, a template instantiation's member, a typedef
// chain, a field's type and a macro; a record through its member; header
// variable definitions (emitted by every includer) are roots. OnlyInUnused
// and only_in_never_called are in "refs" (unused header code names them) but
// not in "used". #pragma lines (not #pragma once) and using-directives make
// a "scope" declaration of their file, used by every includer.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/used|g' %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --refs --no-cache > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json --check-prefix=REFS
// RUN: FileCheck %s --input-file=%t/scan.json --check-prefix=USED

#include "api.h"

int run(api::Holder& h) {
  api::Box<int> box{1};
  return h.leaf.v + api::via_inline() + box.get() * API_SCALE + int(api::Mode::Slow);
}

// REFS:      "kind": "scope",
// REFS-NEXT: "name": "<using-directives and pragmas of {{.*}}api.h>",
// REFS:      "refs": [
// REFS:        "c:@N@api@F@only_in_never_called#",
// REFS:        "c:@N@api@S@OnlyInUnused",
// REFS:      ],

// USED:      "used": [
// USED-NEXT:   "c:@F@run#&$@N@api@S@Holder#",
// USED-NEXT:   "c:@N@api@E@Mode",
// USED-NEXT:   "c:@N@api@E@Mode@Slow",
// USED-NEXT:   "c:@N@api@F@helper#I#",
// USED-NEXT:   "c:@N@api@F@via_inline#I#",
// USED-NEXT:   "c:@N@api@LeafAlias",
// USED-NEXT:   "c:@N@api@S@Holder",
// USED-NEXT:   "c:@N@api@S@Holder@FI@leaf",
// USED-NEXT:   "c:@N@api@S@Leaf",
// USED-NEXT:   "c:@N@api@S@Leaf@FI@v",
// USED-NEXT:   "c:@N@api@ST>1#T@Box",
// USED-NEXT:   "c:@N@api@ST>1#T@Box@F@get#1",
// USED-NEXT:   "c:@N@api@emitted_everywhere",
// USED-NEXT:   "c:@macro@API_SCALE",
// USED-NEXT:   "c:@scope@{{.*}}/api.h",
// USED-NEXT:   "c:api.h@N@api@T@LeafT",
// USED-NEXT:   "c:api.h@N@api@kDefault"
// USED-NEXT: ]
