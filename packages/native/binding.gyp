{
  "targets": [
    {
      "target_name": "ts6_native",
      "sources": ["csrc/addon.c"],
      "cflags": ["-Wall", "-Wextra", "-O2"],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8"]
    }
  ]
}
