// When an old image must stay mapped after a full reload.
//
// A full reload tears the old version down, but the host may still hold an
// object the old code made: a `std::unique_ptr<Interface>` the cog's setup
// handed over, whose vtable lives in the old image. Closing that image would
// make the host's next virtual call jump into unmapped memory. The layout
// manifests say when this can happen: the old image defines a dynamic class
// that is, or derives from, a record the host's manifest also has (a type
// the host can name, so it can hold such an object) AND the image defines
// that class's vtable (a `_ZTV` symbol: an object of the class made by this
// image points there; an interface the image only includes, or an abstract
// one it never instantiates, has none in it). Then the image is kept mapped
// (and its static destructors do not run) until the Host goes away. When the
// image's symbol table cannot be read (or it is stripped: hidden vtables are
// only in .symtab), every such class counts, to be safe.
//
// Function pointers a cog hands the host are not covered: the runtime cannot
// see them. Register them through CogContext::on_unload, as the cog contract
// asks, so they are withdrawn before the image goes.
#pragma once

#include <set>
#include <string>

#include "layout_manifest.h"

namespace hotcog::rt {

// The classes whose vtables the shared object at `path` defines: its `_ZTV`
// symbols, demangled ("(anonymous namespace)::Clock"). false, with *error
// saying why, when they cannot be known: the file cannot be read, or it has
// no .symtab (stripped).
bool read_vtable_classes(const std::string& path, std::set<std::string>* classes,
                         std::string* error);

// The first dynamic class of `image` that is, or derives (through bases the
// image's manifest lists) from, a record `host` has, and whose vtable is in
// `vtables` (read_vtable_classes of the image); "" if there is none.
// vtables == nullptr (unknown): every such class counts. A name the
// demangler may spell differently from the manifest (a template
// specialization, a class local to a function) is never ruled out.
// hotcog's own types (CogContext) are skipped: only the runtime makes them.
std::string host_reachable_class(const LayoutManifest& image, const LayoutManifest& host,
                                 const std::set<std::string>* vtables = nullptr);

}  // namespace hotcog::rt
