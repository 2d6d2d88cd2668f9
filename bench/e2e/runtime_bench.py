"""runtime_bench.py: pause inside Host::poll() and the soak figures, from
`hotcog-bench-runtime` (bench/runtime; its output parsed, nothing re-measured
here). One run per mode: reloads of a small cog, patches of a small cog,
patches of the 1,000-function cog."""
import re
import subprocess

MODES = [("reload, small cog", []), ("patch, small cog", ["--patch"]),
         ("patch, 1,000-function cog", ["--patch-1000"])]

PAUSE = re.compile(r"pause inside poll\(\) (for a patch )?\((?:ReloadResult::)?pause_ns\)\s+"
                   r"median\s+([\d.]+) us\s+p99\s+([\d.]+) us")
FULL = re.compile(r"pause inside poll\(\) for those full reloads\s+median\s+([\d.]+) us\s+"
                  r"p99\s+([\d.]+) us")
RSS = re.compile(r"RSS over (\d+) reloads or patches: (\d+) KiB -> (\d+) KiB")
PREPARE = re.compile(r"request_reload -> wait_fd readable\s+median\s+([\d.]+) us")
FDS = re.compile(r"fds: (\d+) before the Host, (\d+) after warm-up, (\d+) after (\d+) reloads")


def run_mode(exe, count, extra, timeout):
    done = subprocess.run([exe, str(count)] + extra, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError("%s failed (status %d):\n%s" % (exe, done.returncode, done.stdout[-2000:]))
    text = done.stdout
    pause, rss, fds = PAUSE.search(text), RSS.search(text), FDS.search(text)
    if not (pause and rss and fds):
        raise RuntimeError("unexpected output of %s %s:\n%s" % (exe, " ".join(extra), text[-2000:]))
    out = {"count": count, "pause_median_us": float(pause.group(2)),
           "pause_p99_us": float(pause.group(3)),
           "rss_warm_kib": int(rss.group(2)), "rss_end_kib": int(rss.group(3)),
           "fds_warm": int(fds.group(2)), "fds_end": int(fds.group(3)), "output": text}
    prepare = PREPARE.search(text)
    if prepare:  # the host's background work before poll(): copy, dlopen, checks, plan
        out["prepare_median_us"] = float(prepare.group(1))
    full = FULL.search(text)
    if full:
        out["full_reload_median_us"] = float(full.group(1))
        out["full_reload_p99_us"] = float(full.group(2))
    return out


def run_all(exe, count, timeout):
    return {name: run_mode(exe, count, extra, timeout) for name, extra in MODES}
