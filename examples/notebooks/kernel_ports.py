"""A Jupyter kernel manager whose kernels listen on free ports below the ephemeral range (execute-notebooks.sh).

jupyter_client picks a kernel's five ports by binding port 0, lets go of them, and the kernel binds them a few seconds
later, once Node has started. Meanwhile anything else that binds port 0 (tests start servers that way all the time)
can be given one of them; tslab then cannot bind it and never answers, and nbconvert waits out its start-up timeout.
Ports below the ephemeral range are never handed out for port 0. KERNEL_PORT_SLOT (0-7) gives each notebook run side
by side its own slice of them.
"""
import os
import random
import socket

from jupyter_client.manager import AsyncKernelManager
from traitlets import default


def free_ports(slot, count=5):
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", encoding="ascii") as handle:
            low = int(handle.read().split()[0])
    except OSError:
        low = 32768
    start = max(1024, low - 12000)
    width = (low - start) // 8
    first = start + (slot % 8) * width
    ports = []
    for port in random.sample(range(first, first + width), width):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError(f"no {count} free ports in {first}-{first + width - 1}")


class OwnPortsKernelManager(AsyncKernelManager):
    # Port caching would replace the ports chosen here with ones from the ephemeral range.
    @default("cache_ports")
    def _default_cache_ports(self):
        return False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        ports = free_ports(int(os.environ.get("KERNEL_PORT_SLOT", "0")))
        self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port = ports
