"""Varnish of a test's or benchmark's own: varnishd in the foreground on a free
loopback port with `deploy/varnish/default.vcl` in front of given app servers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
VCL_DIR = ROOT / "deploy" / "varnish"

SITE_VCL = """
import directors;

{backends}

sub vcl_init {{
    new app = directors.round_robin();
{adds}
}}

sub newsroom_backend {{
    set req.backend_hint = app.backend();
}}

acl purgers {{ "127.0.0.1"; "::1"; }}
acl tls_terminators {{ "127.0.0.1"; "::1"; }}
"""


def varnishd() -> str | None:
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.access("/usr/sbin/varnishd", os.X_OK) else None
    )


def site_vcl(backends: list[tuple[str, int]]) -> str:
    """site.vcl for default.vcl: the given app servers in a round robin, loopback may purge."""
    definitions = "\n".join(
        f'backend app{n} {{ .host = "{host}"; .port = "{port}"; .first_byte_timeout = 60s; }}'
        for n, (host, port) in enumerate(backends)
    )
    adds = "\n".join(f"    app.add_backend(app{n});" for n in range(len(backends)))
    return SITE_VCL.format(backends=definitions, adds=adds)


class Varnish:
    """varnishd in the foreground on 127.0.0.1:<free port>, its own work
    directory, stopped (and the directory removed) on exit."""

    def __init__(self, backends: list[tuple[str, int]], *, memory: str = "256m", params: dict[str, str] | None = None):
        self.backends, self.memory, self.params = backends, memory, params or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Varnish:
        binary = varnishd()
        if binary is None:
            raise RuntimeError("varnishd not found: apt-get install varnish varnish-modules")
        self.workdir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
        (self.workdir / "site.vcl").write_text(site_vcl(self.backends))
        command = [
            binary, "-F", "-j", "none", "-a", f"127.0.0.1:{self.port}", "-n", str(self.workdir / "n"),
            "-f", str(VCL_DIR / "default.vcl"), "-p", f"vcl_path={self.workdir}:{VCL_DIR}",
            "-s", f"malloc,{self.memory}", "-T", "none",
        ]  # fmt: skip
        for name, value in self.params.items():
            command += ["-p", f"{name}={value}"]
        self.log = open(self.workdir / "varnishd.log", "w+b")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(command, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                urllib.request.urlopen(urllib.request.Request(self.url, method="PURGE"), timeout=2)
            except urllib.error.HTTPError:
                return self  # it answers (400: a PURGE without keys)
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"varnishd did not answer within 30 s:\n{self.log_text()}")

    def __exit__(self, *exc_info) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def counters(self) -> dict[str, int]:
        """varnishstat's MAIN counters, by name without the prefix."""
        result = subprocess.run(["varnishstat", "-n", str(self.workdir / "n"), "-1", "-j"], capture_output=True,
                                text=True, check=True, timeout=30)  # fmt: skip
        data = json.loads(result.stdout)
        fields = data.get("counters", data)
        return {k.removeprefix("MAIN."): v["value"] for k, v in fields.items() if k.startswith("MAIN.")}

    def log_text(self) -> str:
        self.log.flush()
        return (self.workdir / "varnishd.log").read_text(errors="replace")[-3000:]
