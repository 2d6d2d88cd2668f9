"""exit_code.py EXPECTED CMD...: runs CMD, passes its output through, and
fails unless CMD exited with EXPECTED (lit's `not` only knows zero/non-zero)."""
import subprocess
import sys

expected = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:])
if proc.returncode != expected:
    sys.stderr.write(f"exit_code.py: expected exit code {expected}, got {proc.returncode}\n")
    sys.exit(1)
