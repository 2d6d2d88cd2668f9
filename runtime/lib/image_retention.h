// When an old image must stay mapped after a full reload.
//
// A full reload tears the old version down, but the host may still hold an
// object the old code made: a `std::unique_ptr<Interface>` the cog's setup
// handed over, whose vtable lives in the old image. Closing that image would
// make the host's next virtual call jump into unmapped memory. The layout
// manifests say when this can happen: the old image defines a dynamic class
// that is, or derives from, a record the host's manifest also has (a type
// the host can name, so it can hold such an object). Then the image is kept
// mapped (and its static destructors do not run) until the Host goes away.
//
// Function pointers a cog hands the host are not covered: the runtime cannot
// see them. Register them through CogContext::on_unload, as the cog contract
// asks, so they are withdrawn before the image goes.
#pragma once

#include <string>

#include "layout_manifest.h"

namespace hotcog::rt {

// The first dynamic class of `image` that is, or derives (through bases the
// image's manifest lists) from, a record `host` has; "" if there is none.
// Conservative: an abstract interface the cog never instantiates counts too
// (the manifest does not say what is abstract); it only costs memory.
// hotcog's own types (CogContext) are skipped: only the runtime makes them.
std::string host_reachable_class(const LayoutManifest& image, const LayoutManifest& host);

}  // namespace hotcog::rt
