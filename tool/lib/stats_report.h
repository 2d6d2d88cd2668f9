// How `hotcog stats` prints BatchStats: a table for people (like
// `ccache -s`), or one JSON object (--json).
//
// JSON (schema 1; latencies in integer microseconds, times Unix seconds):
//   {"schema":1,"history":{"path":P,"batches":N,"unreadable_lines":N,"keeps":1000,
//                          "first_time":T,"last_time":T},
//    "total":{"count":N,"p50_us":N,"p90_us":N,"p99_us":N,"max_us":N},
//    "phases":{"build":{..same..},..},
//    "cogs":{"greeter":{"batches":N,"reloaded":N,"results":{"patched":N,..},
//                       "latency":{..same..}}}}
// "total" is save -> reload reply (or the batch's end) over every batch; a
// cog's latency counts the batches that reloaded it.
#pragma once

#include "lib/batch_stats.h"

#include <string>

namespace hotcog::cli {

std::string stats_text(const BatchStats& stats, const std::string& history_path);
std::string stats_json(const BatchStats& stats, const std::string& history_path);

// "85us", "12.3ms", "1.25s"
std::string format_duration_us(int64_t us);

}  // namespace hotcog::cli
