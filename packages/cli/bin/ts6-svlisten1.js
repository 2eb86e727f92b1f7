#!/usr/bin/env node
"use strict";
require("../dist/bundle/ts6-svlisten1.cjs");
