"""coursekit.sandbox.cgroups and slots: a cgroup and a user id per kernel.

The cgroup file writes are checked on a fake cgroup v2 root (a folder); the
real cgroups (v1 or v2) of this machine, where the tests run as root, in
tests/test_nothing_lost.py and below.
"""
import os
import pwd
import subprocess
import sys

import pytest

from coursekit.sandbox.cgroups import GROUP, KernelCgroup, own_path
from coursekit.sandbox.slots import KernelSlot, NoFreeSlot

AS_ROOT = os.geteuid() == 0


@pytest.mark.skipif(not AS_ROOT, reason="cgroups are used as root only")
def test_a_v2_group_gets_the_limits_for_the_whole_tree(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / GROUP).mkdir()
    (tmp_path / GROUP / "cgroup.subtree_control").write_text("")
    group = KernelCgroup.create("k1", memory_bytes=2 * 1024**3, processes=256, cpus=1.0, root=tmp_path)
    folder = tmp_path / GROUP / "k1"
    assert group.version == 2 and group.folders == [folder]
    assert (folder / "memory.max").read_text() == str(2 * 1024**3)
    assert (folder / "pids.max").read_text() == "256"
    assert (folder / "cpu.max").read_text() == "100000 100000"
    assert (tmp_path / GROUP / "cgroup.subtree_control").read_text() == "+memory +pids +cpu"
    assert group.procs_files() == [str(folder / "cgroup.procs")]


def test_without_cgroup_controllers_there_is_no_group(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset io\n")
    assert KernelCgroup.create("k1", memory_bytes=1, root=tmp_path) is None


def test_own_path_reads_the_v1_hierarchy(tmp_path):
    cgroup = tmp_path / "cgroup"
    cgroup.write_text("9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu,cpuacct:/x\n0::/\n")
    assert own_path("memory", cgroup) == "process_api/abc"
    assert own_path("cpu", cgroup) == "x"
    assert own_path("pids", cgroup) == ""


@pytest.mark.skipif(not AS_ROOT or KernelCgroup.available() is None, reason="needs writable cgroups (root)")
def test_a_real_group_holds_the_tree_and_kills_what_is_left():
    """A process and its child join the group; the memory limit holds for them; remove() kills the rest."""
    group = KernelCgroup.create(f"test-{os.getpid()}", memory_bytes=300 * 1024**2, processes=50, cpus=0.5)
    try:
        if group.version == 1:
            cpu = next(f for f in group.folders if "/cpu/" in str(f))
            assert (cpu / "cpu.cfs_quota_us").read_text().strip() == "50000"
        else:
            assert (group.folders[0] / "cpu.max").read_text().split() == ["50000", "100000"]
        code = (f"import os, time\nfor f in {group.procs_files()!r}:\n    open(f, 'w').write(str(os.getpid()))\n"
                "if os.fork() == 0:\n    os.closerange(0, 3)\n    time.sleep(600)\n"
                "print('JOINED', flush=True)\nb = bytearray(600 * 1024**2)\n"
                "for i in range(0, len(b), 4096):\n    b[i] = 1\nprint('SURVIVED')")
        hog = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert "JOINED" in hog.stdout and "SURVIVED" not in hog.stdout  # ended past 300 MB
        assert group.pids(), "the sleeping child is still in the group"
    finally:
        group.remove()
    assert not group.pids() and not any(folder.exists() for folder in group.folders)


def test_kernels_at_the_same_time_get_different_user_ids(tmp_path):
    first = KernelSlot.take(64200, 3, folder=str(tmp_path))
    second = KernelSlot.take(64200, 3, folder=str(tmp_path))
    assert first.uid != second.uid
    first.release()
    third = KernelSlot.take(64200, 3, folder=str(tmp_path))
    assert third.uid == first.uid  # free again
    fourth = KernelSlot.take(64200, 3, folder=str(tmp_path))
    with pytest.raises(NoFreeSlot):
        KernelSlot.take(64200, 3, folder=str(tmp_path))
    for slot in (second, third, fourth):
        slot.release()


def test_a_user_id_that_belongs_to_a_user_is_skipped(tmp_path):
    nobody = pwd.getpwnam("nobody").pw_uid
    slot = KernelSlot.take(nobody, 2, folder=str(tmp_path))
    assert slot.uid == nobody + 1
    slot.release()
