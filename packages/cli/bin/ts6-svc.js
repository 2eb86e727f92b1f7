#!/usr/bin/env node
"use strict";
require("../dist/bundle/ts6-svc.cjs");
