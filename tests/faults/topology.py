"""The processes the fault suite breaks: a private PostgreSQL, posd
instances, the LAN proxy (fault_proxy) and real pos-terminal tills, all on
loopback. Shell helpers in deploy/ make the cluster and the certificates,
so the suite starts things the way the demo and the e2e tests do."""
import os
import re
import signal
import socket
import subprocess
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, seconds, pause=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(pause)
    return predicate()


class Topology:
    def __init__(self, root, build, work):
        self.root, self.build, self.work = root, build, work
        self.posds = {}
        self.env = dict(os.environ)
        self.env.pop("POS_DATABASE_URL", None)

    # --- PostgreSQL -------------------------------------------------------
    def start_pg(self):
        self.pg_dir = os.path.join(self.work, "pg")
        self.url = self._sh("pg-local.sh", "start", self.pg_dir).strip()
        subprocess.run(["bash", self._deploy("make-certs.sh"), os.path.join(self.work, "certs")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.env["POS_CA_CERT"] = self.cert("ca.crt")
        key = subprocess.run([self._bin("posd"), "--database_url", self.url,
                              "--bootstrap_platform_key", "fault suite"],
                             check=True, capture_output=True, text=True)
        self.env["POS_API_KEY"] = key.stdout.strip()

    def crash_pg(self):
        self._sh("pg-local.sh", "crash", self.pg_dir)

    def resume_pg(self):
        self._sh("pg-local.sh", "resume", self.pg_dir)

    def sql(self, query):
        out = subprocess.run(["psql", self.url, "-Atq", "-v", "ON_ERROR_STOP=1", "-F", "\t",
                              "-c", query], check=True, capture_output=True, text=True)
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def hold_lock(self, table):
        """A session holding an exclusive lock on `table` until release():
        database work behind it blocks, as behind a stuck migration."""
        p = subprocess.Popen(["psql", self.url, "-Atq", "-v", "ON_ERROR_STOP=1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        p.stdin.write(f"BEGIN;\nLOCK TABLE {table} IN ACCESS EXCLUSIVE MODE;\n"
                      "SELECT 'locked';\n")
        p.stdin.flush()
        assert p.stdout.readline().strip() == "locked"
        return p

    @staticmethod
    def release(lock):
        lock.stdin.write("ROLLBACK;\n")
        lock.stdin.close()
        lock.wait(30)

    def stop_pg(self):
        if getattr(self, "pg_dir", None):
            subprocess.run(["bash", self._deploy("pg-local.sh"), "stop", self.pg_dir],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # --- posd -------------------------------------------------------------
    def start_posd(self, name, port=None, drain_seconds=None):
        """Starts posd `name`; a restart keeps its port and drain limit."""
        before = self.posds.get(name, {})
        port = port or before.get("port") or free_port()
        drain_seconds = drain_seconds or before.get("drain") or 10
        log = open(os.path.join(self.work, f"{name}.log"), "a")
        args = [self._bin("posd"), "--listen", f"127.0.0.1:{port}", "--database_url", self.url,
                "--tls_cert", self.cert("server.crt"), "--tls_key", self.cert("server.key"),
                "--till_ca_cert", self.cert("till-ca.crt"), "--till_ca_key", self.cert("till-ca.key"),
                "--drain_seconds", str(drain_seconds)]
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                stdin=subprocess.DEVNULL)
        self.posds[name] = {"port": port, "proc": proc, "drain": drain_seconds}
        if not wait_until(lambda: self._port_open(port) or proc.poll() is not None, 60):
            raise RuntimeError(f"{name} did not start")
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited at start: see {log.name}")
        return port

    def kill_posd(self, name, sig=signal.SIGKILL):
        """Sends `sig`; answers how long the process took to exit."""
        proc = self.posds[name]["proc"]
        began = time.monotonic()
        proc.send_signal(sig)
        proc.wait(120)
        return time.monotonic() - began

    def address(self, name):
        return f"127.0.0.1:{self.posds[name]['port']}"

    def stop_all(self):
        for entry in self.posds.values():
            if entry["proc"].poll() is None:
                entry["proc"].terminate()
                try:
                    entry["proc"].wait(30)
                except subprocess.TimeoutExpired:
                    entry["proc"].kill()
        self.stop_pg()

    # --- administration -----------------------------------------------------
    def posctl(self, *args, stdin=None):
        server = self.address(next(iter(self.posds)))
        out = subprocess.run([self._bin("posctl"), "--server", server, *args], input=stdin,
                             capture_output=True, text=True, env=self.env)
        if out.returncode != 0:
            raise RuntimeError(f"posctl {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def enrol(self, org, store, till, state_dir):
        code = re.search(r"^code (\S+)", self.posctl("enrol-till", org, store, till), re.M)
        subprocess.run([self._bin("pos-terminal"), "--server", self.address(next(iter(self.posds))),
                        "--state_dir", state_dir, "--enrol", code.group(1)],
                       check=True, capture_output=True, env=self.env)

    # --- helpers ------------------------------------------------------------
    def cert(self, name):
        return os.path.join(self.work, "certs", name)

    def _bin(self, name):
        return os.path.join(self.build, name)

    def _deploy(self, name):
        return os.path.join(self.root, "deploy", name)

    def _sh(self, script, *args):
        return subprocess.run(["bash", self._deploy(script), *args], check=True,
                              capture_output=True, text=True).stdout

    @staticmethod
    def _port_open(port):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            return False


class Proxy:
    """fault_proxy in front of a posd port: forward, silent or refuse."""

    def __init__(self, build, target_port):
        self.proc = subprocess.Popen([os.path.join(build, "tests", "fault_proxy"), str(target_port)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline().split()[1])

    def set(self, mode):
        self.proc.stdin.write(mode + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == f"ok {mode}"

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(10)


class Till:
    """A pos-terminal process fed scans and payments at a cashier's pace;
    every line it prints is kept with the time it arrived."""

    def __init__(self, build, env, server, state_dir, wrapper=()):
        args = [*wrapper, os.path.join(build, "pos-terminal"), "--server", server,
                "--state_dir", state_dir, "--input=-", "--timeout_ms", "2000",
                "--max_attempts", "2", "--outbox_retry_max_ms", "1000"]
        self.state_dir = state_dir
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, env=env, bufsize=1)
        self.lines = []  # (monotonic time, text)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def ring(self, barcodes, until, pace):
        """One bill after another (scan each barcode, pay cash) until `until`."""
        while time.monotonic() < until:
            try:
                self.proc.stdin.write("".join(b + "\n" for b in barcodes) + "pay cash\n")
                self.proc.stdin.flush()
            except BrokenPipeError:
                return
            time.sleep(pace)

    def outbox_empty(self):
        try:
            return not os.listdir(os.path.join(self.state_dir, "outbox"))
        except OSError:
            return False

    def finish(self, seconds=120):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "killed"
        self.reader.join(10)
        return rc
