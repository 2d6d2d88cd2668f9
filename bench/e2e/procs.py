"""procs.py: the processes of the bench: the host, `hotcog watch`, and waits
for the machine to settle between samples."""
import json
import os
import queue
import signal
import subprocess
import threading
import time


class LineProcess:
    """A child whose stdout lines are read by a thread into a queue."""

    def __init__(self, name, argv, cwd=None, env=None, stdin=subprocess.PIPE):
        self.name = name
        self.log = []
        self.lines = queue.Queue()
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, deadline):
        """The next line, or an error naming the process and its last lines."""
        try:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise RuntimeError("%s: no output in time; last lines:\n  %s"
                               % (self.name, "\n  ".join(self.log[-15:])))
        if line is None:
            raise RuntimeError("%s exited (status %s); last lines:\n  %s"
                               % (self.name, self.proc.wait(), "\n  ".join(self.log[-15:])))
        self.log.append(line)
        return line

    def drain(self):
        """Lines already printed, without waiting."""
        out = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return out
            if line is None:
                self.lines.put(None)
                return out
            self.log.append(line)
            out.append(line)

    def stop(self, sig=signal.SIGINT, timeout=20):
        if self.proc.poll() is None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()
                self.proc.send_signal(sig)
                self.proc.wait(timeout=timeout)
            except (subprocess.TimeoutExpired, BrokenPipeError):
                self.proc.kill()
                self.proc.wait()


class Host(LineProcess):
    """The corpus host (corpus.py): `ran <cog> <marker> <ns> <pause_ns> <action>`."""

    def __init__(self, exe, timeout):
        super().__init__("host", [exe])
        deadline = time.monotonic() + timeout
        line = self.next_line(deadline)
        if not line.startswith("ready "):
            raise RuntimeError("host: expected 'ready', got: " + line)
        fields = [int(x) for x in line.split()[1:]]
        self.cogs, self.load_ns = fields[0], fields[1]
        self.construct_load_ns = fields[2] if len(fields) > 2 else None  # Host() + load_all()

    def wait_markers(self, wanted, timeout):
        """wanted: {cog: marker}. Returns {cog: (ns, pause_ns, action)} once
        every cog ran its new marker."""
        deadline = time.monotonic() + timeout
        seen = {}
        while len(seen) < len(wanted):
            parts = self.next_line(deadline).split()
            if parts and parts[0] == "failed":
                raise RuntimeError("host: reload failed: " + " ".join(parts[1:]))
            if len(parts) == 6 and parts[0] == "ran" and wanted.get(parts[1]) == parts[2]:
                seen[parts[1]] = (int(parts[3]), int(parts[4]), parts[5])
        return seen


class Watch(LineProcess):
    """`hotcog watch --json`; events are the JSON lines."""

    def __init__(self, argv, env, timeout):
        super().__init__("hotcog watch", argv, env=env, stdin=subprocess.DEVNULL)
        self.until({"ready"}, timeout)

    def event(self, deadline):
        while True:
            line = self.next_line(deadline)
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue  # not an event (a warning printed by a child)

    def until(self, phases, timeout):
        deadline = time.monotonic() + timeout
        while True:
            event = self.event(deadline)
            if event.get("phase") in phases:
                return event
            if event.get("phase") == "stopped":
                raise RuntimeError("hotcog watch stopped: %s" % event)


def descendants(pid):
    """Every live process under pid (via /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for task in tasks:
            try:
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    kids = [int(x) for x in f.read().split()]
            except OSError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def wait_settled(pids, timeout=60.0):
    """Waits until none of pids has children (watch's background rescan, a
    ninja run), so no sample starts while another one's work still runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(descendants(p) for p in pids):
            return True
        time.sleep(0.02)
    return False


def memory_kib(pid):
    """VmRSS and RssAnon (the process's own memory: RSS minus mapped files
    such as libLLVM-14.so, which hotcog shares with every LLVM tool)."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key = line.split(":")[0]
            if key in ("VmRSS", "RssAnon"):
                out[key] = int(line.split()[1])
    return out.get("VmRSS", 0), out.get("RssAnon", 0)
