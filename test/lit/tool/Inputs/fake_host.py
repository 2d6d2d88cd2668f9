"""fake_host.py SOCKET REPLY CMD...: listens on SOCKET like a host's control
server, answers every request line with REPLY (one JSON line), runs CMD and
prints each request it got, CMD's output and CMD's exit code."""
import os
import socket
import subprocess
import sys
import threading

path, reply, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(4)
requests = []


def serve():
    while True:
        conn, _ = server.accept()
        for line in conn.makefile():
            requests.append(line.rstrip("\n"))
            conn.sendall((reply + "\n").encode())


threading.Thread(target=serve, daemon=True).start()
proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
for r in requests:
    print(f"request: {r}")
print(proc.stdout, end="")
print(f"exit code {proc.returncode}")
