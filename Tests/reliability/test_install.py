"""make install / make uninstall (issue #10, item 4): the tools land in PREFIX/bin, run from there, make's
targets work with them (BIN=PREFIX/bin, no swift build), and uninstall removes exactly what install put."""
import os
import subprocess

from conftest import DAY, ROOT, Env, assert_same, bin_dir, clean_build, testkit


def make(*words, **env_extra):
    cmd = ["make", "--no-print-directory", "-C", ROOT] + list(words)
    return subprocess.run(cmd, env=testkit.clean_environment(**env_extra), capture_output=True, text=True,
                          timeout=testkit.HANG_LIMIT)


def tools_of_the_package():
    # The package's executables, from the source tree (one folder per tool), not from mk/install.mk.
    return sorted(n for n in os.listdir(os.path.join(ROOT, "Sources")) if n.startswith("ohlcv-"))


def test_install_puts_every_tool_in_prefix_bin_and_uninstall_removes_them(tmp_path):
    prefix = tmp_path / "prefix"
    bindir = prefix / "bin"
    (bindir).mkdir(parents=True)
    mine = bindir / "someone-elses-tool"
    mine.write_text("#!/bin/sh\n")
    r = make("install", "PREFIX=%s" % prefix, "BIN=%s" % bin_dir(), PATH="/usr/bin:/bin")
    assert r.returncode == 0, r.stderr
    tools = tools_of_the_package()
    assert len(tools) >= 6
    for t in tools:
        path = bindir / t
        assert os.access(path, os.X_OK), t
        v = subprocess.run([str(path), "--version"], capture_output=True, text=True)
        assert v.returncode == 0 and t in v.stdout, (t, v.stdout, v.stderr)
    assert not [n for n in os.listdir(bindir) if n.endswith(".tmp")]
    assert "%d tools in %s/bin" % (len(tools), prefix) in r.stdout
    assert "is not on your PATH" in r.stdout            # PATH above lacks it

    r = make("uninstall", "PREFIX=%s" % prefix)
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(bindir)) == ["someone-elses-tool"]
    assert "removed %d tools" % len(tools) in r.stdout


def test_uninstall_removes_an_emptied_bin_folder(tmp_path):
    prefix = tmp_path / "p"
    assert make("install", "PREFIX=%s" % prefix, "BIN=%s" % bin_dir()).returncode == 0
    r = make("uninstall", "PREFIX=%s" % prefix)
    assert r.returncode == 0, r.stderr
    assert not (prefix / "bin").exists()


def test_install_into_a_place_it_cannot_write_says_so(tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    r = make("install", "PREFIX=%s" % blocked, "BIN=%s" % bin_dir())
    assert r.returncode != 0
    line = r.stderr.strip().splitlines()[0]
    assert line.startswith("ABORT! Critical error in install: %s/bin" % blocked) and "PREFIX=" in line, r.stderr


def test_default_prefix_is_dot_local_for_a_user_and_usr_local_for_root(tmp_path):
    r = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "--eval", "show-prefix: ; @echo $(PREFIX)",
                        "show-prefix"], env=testkit.clean_environment(HOME=str(tmp_path)), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    expected = "/usr/local" if os.geteuid() == 0 else "%s/.local" % tmp_path
    assert r.stdout.strip() == expected


def test_make_targets_work_with_the_installed_tools(server, tmp_path):
    prefix = tmp_path / "prefix"
    assert make("install", "PREFIX=%s" % prefix, "BIN=%s" % bin_dir()).returncode == 0
    env = Env(str(tmp_path / "w"), server)
    server.at(DAY + "T09:00:00Z")
    # BIN is the installed folder; PATH holds no build directory, so only the installed tools can run.
    r = subprocess.run(env.cmd("all", BIN=str(prefix / "bin")), capture_output=True, text=True,
                       env=testkit.clean_environment(OHLCV_TODAY=DAY, PATH="/usr/bin:/bin"), timeout=testkit.HANG_LIMIT)
    assert r.returncode == 0, r.stderr
    assert os.path.getsize(os.path.join(env.data, "resample", "1h", "EUR-USD.csv")) > 100
    assert_same(env.outputs(), clean_build(env, str(tmp_path)), "installed tools vs the built ones")


def test_a_bin_without_the_tools_is_named(tmp_path):
    r = make("check-config", "BIN=%s" % tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("ABORT! Critical error in build: %s/ohlcv-config: no such tool (BIN=%s; make install" % (tmp_path, tmp_path)), r.stderr
