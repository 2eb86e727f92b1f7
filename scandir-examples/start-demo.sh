#!/bin/sh
# npm start: ts6-svscan in the foreground on the demo, from the repository's root.
if [ -t 1 ]; then
  echo "ts6-svscan is supervising hello, logged, ready and later in scandir-examples/demo; Ctrl-C stops them all."
fi
exec node packages/cli/bin/ts6-svscan.js scandir-examples/demo
