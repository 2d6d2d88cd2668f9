"""watch_driver.py HOTCOG PROJECT SCENARIO: runs a real `hotcog watch` on a
project made by make_project.py, edits files the way editors do, plays the
host on the control socket (a fake that answers per the protocol), and
echoes every line the watcher prints, so FileCheck can check them.

Nothing sleeps: each step waits for the watcher's line that ends it (with a
deadline), so the test is as fast as the builds."""
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

hotcog, root, scenario = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
src, build = os.path.join(root, "src"), os.path.join(root, "build")


class FakeHost:
    """Answers `hotcog/1 reload` on <build>/hotcog/control.sock. mode: ok
    (every cog reloads), fail:<cog> (that cog's setup throws), silent."""

    def __init__(self):
        self.mode = "ok"
        self.timed = False  # reply with the host's timings (docs/control-protocol.md)
        self.requests = []
        # What a host answers to `hotcog/1 manifest` (docs/control-protocol.md).
        self.manifest_reply = '{"ok":true,"added":[],"moved":[],"removed":[],"results":[]}'
        self.path = os.path.join(build, "hotcog", "control.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.path)
        self.sock.listen(4)
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            conn, _ = self.sock.accept()
            line = conn.makefile().readline().strip()
            self.requests.append(line)
            print(f"host got: {line}", flush=True)
            if self.mode == "silent":
                self.silent = conn  # keep it open, never answer
                continue
            if line.split()[1:2] == ["manifest"]:
                conn.sendall((self.manifest_reply + "\n").encode())
                conn.close()
                continue
            cogs = [t for t in line.split()[2:] if not t.startswith("--")]  # --no-patch
            results = []
            # CLOCK_MONOTONIC, as the runtime's steady_clock; the "host"
            # prepared and applied right before this reply.
            now_us = time.monotonic_ns() // 1000
            for cog in cogs:
                ok = self.mode != f"fail:{cog}"
                message = "" if ok else f"{cog}: setup threw std::runtime_error: boom (kept version 1)"
                timings = (',"prepare_start_us":%d,"prepare_us":100,"apply_start_us":%d'
                           % (now_us - 300, now_us - 150)) if self.timed else ""
                results.append('{"cog":"%s","ok":%s,"kind":"%s","version":2,"pause_us":10%s,"message":"%s"}'
                               % (cog, "true" if ok else "false", "none" if ok else "setup_failed",
                                  timings, message))
            conn.sendall(('{"ok":true,"results":[%s]}\n' % ",".join(results)).encode())
            conn.close()


def start_watch(*extra, debounce="50"):
    proc = subprocess.Popen([hotcog, "watch", "-C", build, "--debounce-ms", debounce, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout] and lines.put(None),
                     daemon=True).start()
    return proc, lines


def expect(lines, pattern, seconds=60):
    """Echoes watcher lines until one matches `pattern`."""
    while True:
        try:
            line = lines.get(timeout=seconds)
        except queue.Empty:
            sys.exit(f"watch_driver: no line matching /{pattern}/ within {seconds}s")
        if line is None:
            sys.exit(f"watch_driver: hotcog exited before /{pattern}/")
        print(line, end="", flush=True)
        if re.search(pattern, line):
            return line


def settle(proc, seconds=60):
    """Waits until watch runs no child process (the background rescan of the
    TUs it just rebuilt is one): the next edit then meets a settled before
    state instead of a rescan that may have read it (decided conservatively,
    which is right, but not what a scenario about the decision itself shows)."""
    # The rescan starts right after the line the caller waited for: give it
    # a moment to appear, then wait for it (and any other child) to end.
    time.sleep(1.0)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        children = ""
        for task in os.listdir(f"/proc/{proc.pid}/task"):
            try:
                with open(f"/proc/{proc.pid}/task/{task}/children") as f:
                    children += f.read().strip()
            except OSError:
                pass
        if not children:
            return
        time.sleep(0.02)
    sys.exit(f"watch_driver: watch still ran child processes after {seconds}s")


def write_in_place(name, text):
    with open(os.path.join(src, name), "w") as f:
        f.write(text)


def write_by_rename(name, text):
    """The way vim (backupcopy=no), sed -i and many IDEs save."""
    tmp = os.path.join(src, f".{name}.hotcog-test~")
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, os.path.join(src, name))


def read(name):
    with open(os.path.join(src, name)) as f:
        return f.read()


def stop(proc, lines, signo):
    proc.send_signal(signo)
    expect(lines, r"^stopped|\"phase\":\"stop\"")
    print(f"exit code {proc.wait(timeout=30)}", flush=True)


def human():
    proc, lines = start_watch("--reply-timeout-ms", "2000")
    expect(lines, r"^watching ")
    print("## unchanged echo.cpp and a real change of greeter.cpp, one burst", flush=True)
    write_by_rename("echo.cpp", read("echo.cpp"))
    write_in_place("greeter.cpp", read("greeter.cpp") + "int v2;\n")
    expect(lines, r"^Built |^Reloaded ")
    print("## shared header, host up", flush=True)
    host = FakeHost()
    write_by_rename("style.h", read("style.h").replace("plain", "fancy"))
    expect(lines, r"^Reloaded ")
    print("## a cog's setup fails in the host", flush=True)
    host.mode = "fail:echo"
    write_by_rename("style.h", read("style.h").replace("fancy", "bold"))
    expect(lines, r"^  echo: failed")
    print("## syntax error, then the fix", flush=True)
    host.mode = "ok"
    good = read("greeter.cpp")
    write_in_place("greeter.cpp", good + "int broken = ;\n")
    expect(lines, r"^Build failed ")
    write_in_place("greeter.cpp", good + "int fixed;\n")
    expect(lines, r"^Reloaded ")
    print("## a new #include of a header that does not exist yet, then the header", flush=True)
    write_in_place("greeter.cpp", good + '#include "extra.h"\nint extra_v = extra();\n')
    expect(lines, r"^Build failed ")
    write_by_rename("extra.h", "inline int extra() { return 1; }\n")
    expect(lines, r"^Reloaded ")
    write_in_place("extra.h", "inline int extra() { return 2; }\n")
    expect(lines, r"^Reloaded ")
    print("## the host does not answer", flush=True)
    host.mode = "silent"
    write_in_place("echo.cpp", read("echo.cpp") + "int v3;\n")
    expect(lines, r"^reload failed: ")
    print("## host source; editor swap files are ignored", flush=True)
    write_in_place(".greeter.cpp.swp", "swap")
    write_in_place("main.cpp", read("main.cpp") + "int v2;\n")
    expect(lines, r"^host source changed")
    print("## a deleted cog source", flush=True)
    os.unlink(os.path.join(src, "echo.cpp"))
    expect(lines, r"^deleted: ")
    stop(proc, lines, signal.SIGINT)


def trace():
    """--trace: a reload (the host's timings in the reply) and a failed build."""
    host = FakeHost()
    host.timed = True
    path = os.path.join(root, "trace.json")
    proc, lines = start_watch("--trace", path)
    expect(lines, r"^watching ")
    write_in_place("greeter.cpp", read("greeter.cpp") + "int traced;\n")
    expect(lines, r"^Reloaded ")
    write_in_place("greeter.cpp", read("greeter.cpp") + "int broken = ;\n")
    expect(lines, r"^Build failed ")
    with open(path) as f:
        running = f.read()
    print(f"while watching, the trace ends with: {running[-2:]!r}", flush=True)
    stop(proc, lines, signal.SIGINT)


def start_watch_on_tty(*extra):
    """Watch on a pseudo-terminal (script(1)), as a person runs it. Lines
    are echoed with the terminal codes spelled out: <CR> for a carriage
    return, <ESC> for an escape."""
    cmd = " ".join(["exec", hotcog, "watch", "-C", build, "--debounce-ms", "50", *extra])
    # Binary: text mode would turn each "\r" into a line break.
    proc = subprocess.Popen(["script", "-qfec", cmd, "/dev/null"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = queue.Queue()

    def pump():
        for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip("\n").rstrip("\r")
            lines.put(line.replace("\r", "<CR>").replace("\x1b", "<ESC>") + "\n")
        lines.put(None)
    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def stop_tty(proc, lines):
    """SIGINT to hotcog itself (script's child), as Ctrl-C would."""
    with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
        child = int(f.read().split()[0])
    os.kill(child, signal.SIGINT)
    expect(lines, r"stopped")
    print(f"exit code {proc.wait(timeout=30)}", flush=True)


def tty():
    """On a terminal: colours, the build status line, the first error early."""
    proc, lines = start_watch_on_tty()
    expect(lines, r"watching ")
    good = read("greeter.cpp")
    write_in_place("greeter.cpp", good + "int broken = ;\n")
    expect(lines, r"Build failed ")
    write_in_place("greeter.cpp", good + "int fixed;\n")
    expect(lines, r"Built ")
    stop_tty(proc, lines)


def broken_start():
    """A cog that does not compile when watch starts: watching goes on, and
    the fix rebuilds every cog the failed initial build left behind."""
    good = read("greeter.cpp")
    write_in_place("greeter.cpp", good + "int broken = ;\n")
    proc, lines = start_watch()
    expect(lines, r"^watching ")
    write_in_place("greeter.cpp", good)
    expect(lines, r"^Built ")
    stop(proc, lines, signal.SIGTERM)


def json_events():
    proc, lines = start_watch("--json")
    expect(lines, r'"phase":"ready"')
    write_by_rename("greeter.cpp", read("greeter.cpp") + "int json;\n")
    expect(lines, r'"phase":"reload"')
    stop(proc, lines, signal.SIGTERM)


def relink():
    """Only the cogs ninja relinked are reloaded: an edit of CMakeLists.txt
    plans every cog, re-runs the generator and relinks none."""
    host = FakeHost()
    proc, lines = start_watch()
    expect(lines, r"^watching ")
    print("## CMakeLists.txt: a comment", flush=True)
    write_in_place("CMakeLists.txt", read("CMakeLists.txt") + "# a comment\n")
    expect(lines, r"^Built |^Reloaded ")
    print("## a cog source: that cog only", flush=True)
    write_in_place("greeter.cpp", read("greeter.cpp") + "int v2;\n")
    expect(lines, r"^Reloaded ")
    print(f"requests: {host.requests}", flush=True)
    stop(proc, lines, signal.SIGTERM)


def semantic():
    """Header edits decided per declaration; the host (built before watch
    starts, so ninja knows its headers) restarts only for what it uses."""
    subprocess.run(["ninja", "-C", build, "bot"], check=True, stdout=subprocess.DEVNULL)
    proc, lines = start_watch()
    expect(lines, r"^declaration-level decisions on")
    print("## a function only greeter uses", flush=True)
    write_by_rename("style.h", read("style.h").replace('"hello"', '"hi"'))
    expect(lines, r"^Built |^Reloaded ")
    settle(proc)
    print("## a struct nobody uses", flush=True)
    write_in_place("style.h", read("style.h").replace("int u;", "int u; int v;"))
    expect(lines, r"^skipped ")
    settle(proc)
    print("## a function the host uses", flush=True)
    write_in_place("style.h", read("style.h").replace("return 1;", "return 2;"))
    expect(lines, r"^host source changed")
    print("## a cog source: ninja's answer, no decision", flush=True)
    write_in_place("echo.cpp", read("echo.cpp") + "int v2;\n")
    expect(lines, r"^Built |^Reloaded ")
    print("## a header edit right after: the source's rescan is waited for", flush=True)
    write_in_place("style.h", read("style.h").replace('">"', '">>"'))
    expect(lines, r"^Built |^Reloaded ")
    stop(proc, lines, signal.SIGTERM)
    why = subprocess.run([hotcog, "why", "-C", build, "echo"], capture_output=True, text=True)
    print(why.stdout.splitlines()[-1], flush=True)
    why = subprocess.run([hotcog, "why", "-C", build, "greeter"], capture_output=True, text=True)
    print(why.stdout.splitlines()[-1], flush=True)


def one_includer(*extra):
    """A header with one includer TU, of one cog, is built without a decision
    (tool/lib/decision_shortcut.h); that TU is rescanned after the build, so
    the next decision has its before state. A header only the host includes
    is still decided."""
    subprocess.run(["ninja", "-C", build, "bot"], check=True, stdout=subprocess.DEVNULL)
    proc, lines = start_watch(*extra)
    expect(lines, r"^declaration-level decisions on|\"phase\":\"semantic\"")
    print("## a header only greeter.cpp includes", flush=True)
    write_in_place("tone.h", read("tone.h").replace('"warm"', '"cool"'))
    expect(lines, r"^Built |^Reloaded |\"phase\":\"reload\"")
    if extra:
        stop(proc, lines, signal.SIGTERM)
        return print_last_header_edits("greeter")
    settle(proc)
    print("## a function only echo uses: greeter's rescan after its build is the before state", flush=True)
    write_in_place("style.h", read("style.h").replace('">"', '">>"'))
    expect(lines, r"^Built |^Reloaded ")
    settle(proc)
    print("## a header only the host includes", flush=True)
    write_in_place("banner.h", read("banner.h").replace("80;", "81;"))
    expect(lines, r"^host source changed")
    stop(proc, lines, signal.SIGTERM)
    print_last_header_edits("greeter")


def print_last_header_edits(cog):
    why = subprocess.run([hotcog, "why", "-C", build, cog], capture_output=True, text=True)
    print("\n".join(l for l in why.stdout.splitlines() if "last header edit" in l), flush=True)


def settle_window():
    """tool/lib/debouncer.h: with a long quiet window (3 s), a save of one
    file still builds after the settle window; two files saved together are
    a burst and wait the quiet window; at --debounce-ms 0, saves already
    queued when watch wakes (it was stopped while they landed) are one batch."""
    os.environ["HOTCOG_SEMANTIC_DEPS"] = "0"  # no scan line at a random moment
    proc, lines = start_watch(debounce="3000")
    expect(lines, r"^watching ")
    print("## one file", flush=True)
    start = time.monotonic()
    write_in_place("greeter.cpp", read("greeter.cpp") + "int one_file;\n")
    expect(lines, r"^change: ")
    print("left before the quiet window:", time.monotonic() - start < 1.5, flush=True)
    expect(lines, r"^Built |^Reloaded ")
    print("## two files", flush=True)
    start = time.monotonic()
    write_in_place("greeter.cpp", read("greeter.cpp") + "int two_files;\n")
    write_in_place("echo.cpp", read("echo.cpp") + "int two_files;\n")
    expect(lines, r"^change: ")
    print("waited the quiet window:", time.monotonic() - start >= 3.0, flush=True)
    expect(lines, r"^Built |^Reloaded ")
    stop(proc, lines, signal.SIGTERM)
    print("## debounce 0: two saves queued while watch is stopped", flush=True)
    proc, lines = start_watch(debounce="0")
    expect(lines, r"^watching ")
    os.kill(proc.pid, signal.SIGSTOP)
    write_in_place("greeter.cpp", read("greeter.cpp") + "int queued;\n")
    write_in_place("echo.cpp", read("echo.cpp") + "int queued;\n")
    os.kill(proc.pid, signal.SIGCONT)
    expect(lines, r"^Built |^Reloaded ")
    stop(proc, lines, signal.SIGTERM)


def shadow():
    """A header created next to greeter.cpp shadows the util.h it includes
    from src/inc: greeter is rebuilt (its object now has the new string),
    echo is not; editing the shadowed one afterwards changes nothing."""
    proc, lines = start_watch()
    expect(lines, r"^declaration-level decisions on")
    print("## util.h created next to greeter.cpp", flush=True)
    write_by_rename("util.h", 'inline const char* util() { return "from-src"; }\n')
    expect(lines, r"^Built |^Reloaded ")
    with open(os.path.join(build, "greeter.o"), "rb") as f:
        print("greeter.o has from-src:", b"from-src" in f.read(), flush=True)
    print("## a file created elsewhere shadows nothing", flush=True)
    write_by_rename("notes.txt", "util.h\n")
    write_in_place("echo.cpp", read("echo.cpp") + "int v2;\n")
    expect(lines, r"^Built |^Reloaded ")
    stop(proc, lines, signal.SIGTERM)


def wait_for(what, done, seconds=30):
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            sys.exit(f"watch_driver: {what} did not happen within {seconds}s")
        time.sleep(0.02)


def background_threads(proc):
    """Watch's threads at nice 19: a background rescan (background_priority.h)."""
    niced = 0
    for task in os.listdir(f"/proc/{proc.pid}/task"):
        try:
            with open(f"/proc/{proc.pid}/task/{task}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # ended meanwhile
        niced += stat[stat.rindex(")") + 2:].split()[16] == "19"  # field 19: nice
    return niced


def racing_save(*extra):
    """A header saved while ninja builds its cogs, in this order (make_project.py
    racing_save holds the compile, a scanner wrapper the background rescan):
    the decision of the first edit rescans greeter.cpp in the background; the
    compiler reads the first edit; the second edit is saved; the background
    rescan reads it and ends; then the build ends and watch sees the save. The
    decision of that save must not compare it with that rescan (which saw it
    already, "nothing changed") while greeter.o holds the first edit."""
    subprocess.run(["ninja", "-C", build, "bot"], check=True, stdout=subprocess.DEVNULL)
    hold = os.path.join(root, "hold")
    scanner = os.path.join(hold, "hotcog-scan")
    real = os.path.join(os.path.dirname(hotcog), "hotcog-scan")
    with open(scanner, "w") as f:
        f.write(f"""#!/bin/sh
case "$*" in *background-scan.json*)
  i=0
  while [ -e "{hold}/scan-waits" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done;;
esac
exec "{real}" "$@"
""")
    os.chmod(scanner, 0o755)
    json = "--json" in extra
    ready, change, built = ((r'"phase":"semantic"', r'"phase":"change"', r'"phase":"reload"') if json else
                            (r"^declaration-level decisions on", r"^change: ", r"^Built |^Reloaded "))
    os.environ["HOTCOG_SCAN"] = scanner
    proc, lines = start_watch(*extra)
    expect(lines, ready)
    open(os.path.join(hold, "on"), "w").close()
    open(os.path.join(hold, "scan-waits"), "w").close()
    print("## a function only greeter uses, then the racing save", flush=True)
    write_in_place("style.h", read("style.h").replace('"hello"', '"hi"'))
    expect(lines, change)
    wait_for("the compile of greeter.cpp", lambda: os.path.exists(os.path.join(hold, "compiled")))
    write_in_place("style.h", read("style.h").replace('"hi"', '"hey there"'))
    # The rescan decide() left for greeter.cpp reads the racing save and
    # ends before the build does (its end is the rescan's time stamp).
    os.unlink(os.path.join(hold, "scan-waits"))
    wait_for("the end of the background rescan", lambda: background_threads(proc) == 0)
    os.unlink(os.path.join(hold, "on"))
    expect(lines, built)
    print("## the racing save's batch", flush=True)
    expect(lines, built if json else r"^Built |^Reloaded |^skipped ")
    settle(proc)
    stop(proc, lines, signal.SIGTERM)
    with open(os.path.join(build, "greeter.o"), "rb") as f:
        print("greeter.o has the racing save:", b"hey there" in f.read(), flush=True)


def semantic_json():
    proc, lines = start_watch("--json")
    expect(lines, r'"phase":"semantic"')
    write_in_place("style.h", read("style.h").replace('"hello"', '"hi"'))
    expect(lines, r'"phase":"reload"')
    stop(proc, lines, signal.SIGTERM)


def file_level():
    """HOTCOG_SEMANTIC_DEPS=0: ninja's view, every cog that includes the header."""
    os.environ["HOTCOG_SEMANTIC_DEPS"] = "0"
    proc, lines = start_watch()
    expect(lines, r"^watching ")
    write_in_place("style.h", read("style.h").replace("int u;", "int u; int v;"))
    expect(lines, r"^Built |^Reloaded ")
    stop(proc, lines, signal.SIGTERM)


def broken_scanner():
    """A scanner that cannot run: every cog ninja ties to the header is rebuilt."""
    os.environ["HOTCOG_SCAN"] = os.path.join(root, "no-such-hotcog-scan")
    proc, lines = start_watch()
    expect(lines, r"^declaration scan failed")
    write_in_place("style.h", read("style.h").replace("int u;", "int u; int v;"))
    expect(lines, r"^Built |^Reloaded ")
    stop(proc, lines, signal.SIGTERM)


def slow_scanner():
    """A decision whose rescan outlives HOTCOG_SCAN_TIMEOUT_MS: the scanner is
    stopped and every cog ninja ties to the header is rebuilt. The wrapper
    runs the real scanner for the start-up scan and hangs once the marker
    file exists (the decision's rescan)."""
    wrapper = os.path.join(root, "slow-hotcog-scan")
    marker = os.path.join(root, "scanner-hangs")
    real = os.path.join(os.path.dirname(hotcog), "hotcog-scan")
    with open(wrapper, "w") as f:
        f.write(f'#!/bin/sh\n[ -e "{marker}" ] && exec sleep 30\nexec "{real}" "$@"\n')
    os.chmod(wrapper, 0o755)
    os.environ["HOTCOG_SCAN"] = wrapper
    os.environ["HOTCOG_SCAN_TIMEOUT_MS"] = "500"
    proc, lines = start_watch()
    expect(lines, r"^declaration-level decisions on")
    open(marker, "w").close()
    write_in_place("style.h", read("style.h").replace("int u;", "int u; int v;"))
    expect(lines, r"^Built |^Reloaded ")
    stop(proc, lines, signal.SIGTERM)


def settings():
    """hotcog.toml in the build dir: hot_patching off (the request says
    --no-patch) and an ignore pattern that names a real source, saved in the
    same burst as another: only the other is a change."""
    with open(os.path.join(build, "hotcog.toml"), "w") as f:
        f.write('hot_patching = false\nignore = ["echo.cpp"]\n')
    FakeHost()
    proc, lines = start_watch()
    expect(lines, r"^watching ")
    write_in_place("echo.cpp", read("echo.cpp") + "int ignored;\n")
    write_in_place("greeter.cpp", read("greeter.cpp") + "int v2;\n")
    expect(lines, r"^Reloaded ")
    stop(proc, lines, signal.SIGTERM)


def manifest(*extra):
    """CMake rewrote the cog manifest (written here the way it would be):
    watch follows it, tells the host, and builds and loads a cog that came."""
    tsv = os.path.join(build, "hotcog", "cogs.tsv")
    full = open(tsv).read()

    def rewrite(text):  # as CMake's file(GENERATE) does: a temp file renamed over it
        with open(tsv + ".tmp", "w") as f:
            f.write(text)
        os.rename(tsv + ".tmp", tsv)

    without_echo = "".join(l for l in full.splitlines(True) if l.split("\t")[1:2] != ["echo"])
    proc, lines = start_watch(*extra)
    expect(lines, r"^watching |\"phase\":\"ready\"")
    print("## echo leaves the manifest, no host running", flush=True)
    rewrite(without_echo)
    expect(lines, r"^cog manifest changed|\"phase\":\"manifest\"")
    print("## echo comes back, the host is up", flush=True)
    host = FakeHost()
    host.manifest_reply = '{"ok":true,"added":["echo"],"moved":[],"removed":[],"results":[]}'
    rewrite(full)
    expect(lines, r"^  echo: |\"phase\":\"batch\"")
    print("## greeter leaves, the host unloads it", flush=True)
    host.manifest_reply = ('{"ok":true,"added":[],"moved":[],"removed":["greeter"],"results":[{"cog":"greeter",'
                           '"ok":true,"kind":"none","action":"unloaded","reason":"removed from the cog manifest",'
                           '"version":0,"pause_us":7,"message":""}]}')
    rewrite("".join(l for l in full.splitlines(True) if l.split("\t")[1:2] != ["greeter"]))
    expect(lines, r"^  greeter: unloaded|\"phase\":\"manifest\"")
    stop(proc, lines, signal.SIGTERM)


{"manifest": manifest, "manifest_json": lambda: manifest("--json"),
 "human": human, "relink": relink, "settings": settings, "semantic": semantic, "broken_scanner": broken_scanner,
 "slow_scanner": slow_scanner, "racing_save": racing_save, "racing_save_json": lambda: racing_save("--json"), "semantic_json": semantic_json, "shadow": shadow,
 "settle": settle_window, "one_includer": one_includer, "one_includer_json": lambda: one_includer("--json"),
 "file_level": file_level, "json": json_events, "broken_start": broken_start,
 "trace": trace, "tty": tty}[scenario]()
