{
  "targets": [
    {
      "target_name": "ts6_native",
      "sources": [
        "csrc/addon.c",
        "csrc/args.c",
        "csrc/bind_fd.c",
        "csrc/bind_lock.c",
        "csrc/bind_pidfd.c",
        "csrc/bind_smallfile.c",
        "csrc/bind_process.c",
        "csrc/bind_spawn.c",
        "csrc/bind_tty.c",
        "csrc/cloexec.c",
        "csrc/exec.c",
        "csrc/procfd.c",
        "csrc/smallfile.c",
        "csrc/spawn.c"
      ],
      "cflags": ["-Wall", "-Wextra", "-O2"],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8"]
    }
  ]
}
