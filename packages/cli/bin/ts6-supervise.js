#!/usr/bin/env node
"use strict";
require("../dist/bundle/ts6-supervise.cjs");
